// matplotlib.pyplot: the state-machine module (figure, subplots, savefig, show, close, ...) and the
// Figure class over runtime/plot. The calls on one Axes (plot, title, legend, ...) are in
// pyplot_axes.ts, the argument conversions in pyplot_args.ts.

import { argInt, type Args, argStr, builtin, nativeClass, pyError, PyTuple } from "../runtime/binding.ts";
import { SYS } from "../runtime/sys_state.ts";
import { Figure } from "../../runtime/plot/figure.ts";
import { saveFigure, UnsupportedFormat } from "../../runtime/plot/export.ts";
import { PyplotState } from "../../runtime/plot/pyplot_state.ts";
import { figsizeArg, scalar, subplotArgs } from "./pyplot_args.ts";
import { currentAxesFunctions, T_Axes } from "./pyplot_axes.ts";

const state = new PyplotState();

function savefigOf(fig: Figure, a: Args): void {
  const path = argStr(a.fname, "savefig", "fname");
  try {
    saveFigure(
      fig,
      path,
      a.dpi === null ? null : scalar(a.dpi, "savefig"),
      a.format === null ? null : String(a.format),
    );
  } catch (e) {
    if (e instanceof UnsupportedFormat) throw pyError("ValueError", e.message);
    if (e instanceof Deno.errors.NotFound) {
      throw pyError("FileNotFoundError", `[Errno 2] No such file or directory: '${path}'`);
    }
    throw e;
  }
}

const T_Figure = nativeClass({
  name: "Figure",
  module: "matplotlib.figure",
  jsClass: Figure,
  methods: {
    savefig: ["savefig(fname, dpi=None, format=None, **kwargs)", (fig: Figure, a) => savefigOf(fig, a)],
    add_subplot: ["add_subplot(*args, **kwargs)", (fig: Figure, a) => state.subplot(...subplotArgs(a.args), fig)],
    gca: ["gca()", (fig: Figure) => fig.axes.at(-1) ?? fig.subplot(1, 1, 1)],
    __repr__: [
      "__repr__()",
      (fig: Figure) => `<Figure size ${fig.pixelWidth}x${fig.pixelHeight} with ${fig.axes.length} Axes>`,
    ],
  },
  properties: { number: { get: (fig: Figure) => fig.number }, axes: { get: (fig: Figure) => [...fig.axes] } },
});

const gca = () => state.gca();

export function pyplotAttributes(): Record<string, unknown> {
  return {
    Figure: T_Figure,
    Axes: T_Axes,
    figure: builtin(
      "figure(num=None, figsize=None, dpi=None, facecolor=None, edgecolor=None, frameon=True, clear=False, **kwargs)",
      (a) => {
        const fig = state.figure(
          a.num === null ? null : argInt(a.num, "figure", "num"),
          figsizeArg(a.figsize),
          a.dpi === null ? null : scalar(a.dpi, "figure"),
        );
        if (a.clear) fig.clear();
        return fig;
      },
    ),
    subplot: builtin("subplot(*args, **kwargs)", (a) => state.subplot(...subplotArgs(a.args))),
    subplots: builtin(
      "subplots(nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True, figsize=None, dpi=None, **kwargs)",
      (a) => {
        const rows = argInt(a.nrows, "subplots", "nrows"), cols = argInt(a.ncols, "subplots", "ncols");
        const fig = state.figure(null, figsizeArg(a.figsize), a.dpi === null ? null : scalar(a.dpi, "subplots"));
        const grid = Array.from(
          { length: rows },
          (_, r) => Array.from({ length: cols }, (_, c) => state.subplot(rows, cols, r * cols + c + 1)),
        );
        state.subplot(rows, cols, 1);
        const axes = !a.squeeze
          ? grid
          : rows === 1 && cols === 1
          ? grid[0][0]
          : rows === 1
          ? grid[0]
          : cols === 1
          ? grid.map((r) => r[0])
          : grid;
        return new PyTuple([fig, axes]);
      },
    ),
    ...currentAxesFunctions(gca),
    savefig: builtin("savefig(fname, dpi=None, format=None, **kwargs)", (a) => savefigOf(state.gcf(), a)),
    // On stderr: with no window to open, stdout stays what PyTorch + matplotlib (Agg) would print.
    show: builtin("show(*args, **kwargs)", () => {
      for (const path of state.show()) SYS.stderr(`Figure saved to ${path}\n`);
    }),
    close: builtin("close(fig=None)", (a) => {
      if (a.fig === null) return state.close(null);
      if (a.fig === "all") return state.close("all");
      if (a.fig instanceof Figure) return state.close(a.fig.number);
      state.close(argInt(a.fig, "close", "fig"));
    }),
    clf: builtin("clf()", () => state.clf()),
    cla: builtin("cla()", () => gca().clear()),
    gcf: builtin("gcf()", () => state.gcf()),
    gca: builtin("gca()", () => gca()),
    tight_layout: builtin("tight_layout(*args, **kwargs)", () => null),
    pause: builtin("pause(interval)", () => null),
    ion: builtin("ion()", () => null),
    ioff: builtin("ioff()", () => null),
  };
}

/** The top-level `matplotlib` functions headless scripts call before importing pyplot. */
export function matplotlibAttributes(): Record<string, unknown> {
  return {
    // Every backend here is a file writer, so matplotlib.use("Agg") and friends are accepted and ignored.
    use: builtin("use(backend, *, force=True)", () => null),
    get_backend: builtin("get_backend()", () => "agg"),
  };
}

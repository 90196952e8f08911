// matplotlib.pyplot: the state-machine functions (plot, imshow, title, legend, savefig, show, ...) and
// small Figure / Axes / Line2D classes over runtime/plot. This file only converts arguments.

import {
  argFloat,
  argInt,
  type Args,
  argStr,
  builtin,
  nativeClass,
  pyError,
  PyFloat,
  PyTuple,
  str,
  toArray,
  typeOf,
} from "../runtime/binding.ts";
import { SYS } from "../runtime/sys_state.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { VisionImage } from "../../runtime/vision/image.ts";
import { isFloating } from "../../runtime/dtype.ts";
import { Axes, Figure, type LineSeries } from "../../runtime/plot/figure.ts";
import { type LineStyle, parseFormat, parseLineStyle, resolveColor } from "../../runtime/plot/colors.ts";
import { BadImageShape, imageSeries } from "../../runtime/plot/image_data.ts";
import { saveFigure, UnsupportedFormat } from "../../runtime/plot/export.ts";
import { PyplotState } from "../../runtime/plot/pyplot_state.ts";
import { viewLimits } from "../../runtime/plot/scene.ts";

const state = new PyplotState();

/** Numeric data from a tensor, list/tuple (nested), range or other iterable. */
interface ArrayData {
  values: number[];
  shape: number[];
  integer: boolean;
}

async function arrayData(x: any, fname: string): Promise<ArrayData> {
  if (x instanceof Tensor) {
    return { values: Array.from(await x.data()), shape: [...x.shape], integer: !isFloating(x.dtype) };
  }
  if (x instanceof VisionImage) {
    // A PIL-style image from torchvision's datasets: 8-bit pixels, HW for "L", HWC otherwise.
    const shape = x.mode === "L" ? [x.height, x.width] : [x.height, x.width, x.channels];
    return { values: Array.from(x.data), shape, integer: true };
  }
  if (typeof x === "number" || typeof x === "boolean" || x instanceof PyFloat) {
    return { values: [scalar(x, fname)], shape: [], integer: !(x instanceof PyFloat) };
  }
  if (typeof x === "string" || x === null) {
    throw pyError("TypeError", `${fname}(): data must be numbers, not ${typeOf(x).name}`);
  }
  const items = await toArray(x);
  const parts = [];
  for (const item of items) parts.push(await arrayData(item, fname));
  if (parts.length === 0) return { values: [], shape: [0], integer: true };
  const inner = parts[0].shape;
  if (parts.some((p) => p.shape.join() !== inner.join())) {
    throw pyError(
      "ValueError",
      "setting an array element with a sequence. The requested array has an inhomogeneous shape",
    );
  }
  return {
    values: parts.flatMap((p) => p.values),
    shape: [parts.length, ...inner],
    integer: parts.every((p) => p.integer),
  };
}

function scalar(x: any, fname: string): number {
  return typeof x === "number" ? x : argFloat(x, fname, "value");
}

async function vector(x: any, fname: string): Promise<number[]> {
  const d = await arrayData(x, fname);
  if (d.shape.length > 1 && d.shape.slice(1).some((n) => n !== 1)) {
    throw pyError("ValueError", `${fname}(): only 1-D data is supported, got shape (${d.shape.join(", ")})`);
  }
  return d.values;
}

const kw = (a: Args, ...names: string[]) => {
  for (const n of names) if (a.kwargs.has(n)) return a.kwargs.get(n);
  return undefined;
};

function colorArg(x: any): string {
  const c = typeof x === "string" ? resolveColor(x) : null;
  if (c === null) {
    throw pyError("ValueError", `${typeof x === "string" ? `'${x}'` : "value"} is not a valid color value.`);
  }
  return c;
}

function lineStyleArg(x: any): LineStyle {
  const style = parseLineStyle(x === null ? "None" : String(x));
  if (style === null) throw pyError("ValueError", `'${x}' is not a valid value for ls`);
  return style;
}

/** plot(*args): groups of [x], y, [fmt], as matplotlib splits them. */
async function plotLines(ax: Axes, a: Args): Promise<LineSeries[]> {
  const args: any[] = [...a.args];
  const groups: { x: any; y: any; fmt: string | null }[] = [];
  while (args.length) {
    let x = null, y = args.shift();
    let fmt: string | null = null;
    if (args.length && typeof args[0] !== "string") [x, y] = [y, args.shift()];
    if (args.length && typeof args[0] === "string") fmt = args.shift();
    groups.push({ x, y, fmt });
  }
  const label = kw(a, "label");
  const lines: LineSeries[] = [];
  for (const g of groups) {
    const y = await vector(g.y, "plot");
    const x = g.x === null ? y.map((_, i) => i) : await vector(g.x, "plot");
    if (x.length !== y.length) {
      throw pyError(
        "ValueError",
        `x and y must have same first dimension, but have shapes (${x.length},) and (${y.length},)`,
      );
    }
    const spec = g.fmt === null ? { color: null, lineStyle: null, marker: null } : parseFormat(g.fmt);
    if (spec === null) throw pyError("ValueError", `'${g.fmt}' is not a valid format string`);
    const color = kw(a, "color", "c");
    const style = kw(a, "linestyle", "ls");
    const marker = kw(a, "marker");
    lines.push(ax.plot({
      x,
      y,
      color: color !== undefined && color !== null ? colorArg(color) : spec.color,
      lineStyle: style !== undefined ? lineStyleArg(style) : spec.lineStyle ?? "-",
      lineWidth: numberKw(kw(a, "linewidth", "lw"), 1.5),
      marker: marker !== undefined && marker !== null ? String(marker) : spec.marker,
      markerSize: numberKw(kw(a, "markersize", "ms"), 6),
      label: label === undefined || label === null ? null : await str(label),
    }));
  }
  return lines;
}

const numberKw = (x: any, fallback: number) => x === undefined || x === null ? fallback : scalar(x, "plot");

async function imshowOn(ax: Axes, a: Args): Promise<void> {
  let d = await arrayData(a.X, "imshow");
  // A (1, H, W) or (3, H, W) tensor is a common slip; matplotlib rejects it too, but squeeze a leading 1.
  if (d.shape.length === 3 && d.shape[0] === 1 && d.shape[2] !== 3) d = { ...d, shape: d.shape.slice(1) };
  try {
    ax.imshow(imageSeries({
      values: d.values,
      shape: d.shape,
      integer: d.integer,
      cmap: a.cmap === null ? null : await str(a.cmap),
      vmin: a.vmin === null ? null : scalar(a.vmin, "imshow"),
      vmax: a.vmax === null ? null : scalar(a.vmax, "imshow"),
    }));
  } catch (e) {
    if (e instanceof BadImageShape) throw pyError("TypeError", e.message);
    throw e;
  }
}

/** xlim()/ylim() getter and setter: (left, right) as a tuple, two numbers, or keywords. */
function limits(ax: Axes, which: "x" | "y", a: Args): PyTuple {
  let [lo, hi] = viewLimits(ax)[which];
  const args: any[] = a.args.length === 1 && (a.args[0] instanceof PyTuple || Array.isArray(a.args[0]))
    ? (a.args[0] instanceof PyTuple ? a.args[0].items : a.args[0])
    : a.args;
  const lowKey = which === "x" ? "left" : "bottom", highKey = which === "x" ? "right" : "top";
  const low = args[0] ?? kw(a, lowKey, `${which}min`);
  const high = args[1] ?? kw(a, highKey, `${which}max`);
  if (low !== undefined && low !== null) lo = scalar(low, `${which}lim`);
  if (high !== undefined && high !== null) hi = scalar(high, `${which}lim`);
  if (args.length || a.kwargs.size) ax[which === "x" ? "xlim" : "ylim"] = [lo, hi];
  return new PyTuple([new PyFloat(lo), new PyFloat(hi)]);
}

async function legendOn(ax: Axes, a: Args): Promise<void> {
  if (a.args.length >= 1) {
    const labels = await toArray(a.args[a.args.length - 1]);
    for (let i = 0; i < Math.min(labels.length, ax.lines.length); i++) ax.lines[i].label = await str(labels[i]);
  }
  const loc = kw(a, "loc");
  ax.legend = { loc: loc === undefined || loc === null ? "best" : String(loc) };
}

function gridOn(ax: Axes, a: Args): void {
  ax.grid = a.visible === null ? (a.kwargs.size > 0 ? true : !ax.grid) : !!a.visible;
}

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

function axisOf(ax: Axes, a: Args): void {
  if (a.arg === false || a.arg === "off") ax.axisOff = true;
  else if (a.arg === true || a.arg === "on") ax.axisOff = false;
}

/** subplot(2, 1, 1) or subplot(211). */
function subplotArgs(args: any[]): [number, number, number] {
  if (args.length === 0) return [1, 1, 1];
  if (args.length === 1) {
    const n = argInt(args[0], "subplot", "pos");
    return [Math.floor(n / 100), Math.floor(n / 10) % 10, n % 10];
  }
  if (args.length !== 3) {
    throw pyError("TypeError", `subplot() takes 1 or 3 positional arguments but ${args.length} were given`);
  }
  return args.map((v) => argInt(v, "subplot", "pos")) as [number, number, number];
}

function figsizeArg(x: any): [number, number] | null {
  if (x === null) return null;
  const items = x instanceof PyTuple ? x.items : Array.isArray(x) ? x : null;
  if (!items || items.length !== 2) throw pyError("ValueError", "figsize must be a (width, height) tuple");
  return [scalar(items[0], "figure"), scalar(items[1], "figure")];
}

// ---------------------------------------------------------------- classes

const T_Line2D = nativeClass({
  name: "Line2D",
  module: "matplotlib.lines",
  methods: {
    get_label: ["get_label()", (s: { line: LineSeries }) => s.line.label ?? "_child0"],
    set_label: ["set_label(s)", async (s: { line: LineSeries }, a) => void (s.line.label = await str(a.s))],
    get_color: ["get_color()", (s: { line: LineSeries }) => s.line.color],
    __repr__: ["__repr__()", (s: { line: LineSeries }) => `Line2D(${s.line.label ?? "_child0"})`],
  },
});

function line2d(line: LineSeries): any {
  const o = Object.create(null);
  o.line = line;
  o.$cls = T_Line2D;
  return o;
}

const T_Axes = nativeClass({
  name: "AxesSubplot",
  module: "matplotlib.axes._subplots",
  jsClass: Axes,
  methods: {
    plot: ["plot(*args, **kwargs)", async (ax: Axes, a) => (await plotLines(ax, a)).map(line2d)],
    scatter: ["scatter(x, y, s=None, c=None, marker='o', label=None)", (ax: Axes, a) => scatterOn(ax, a)],
    imshow: [
      "imshow(X, cmap=None, norm=None, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None, **kwargs)",
      (
        ax: Axes,
        a,
      ) => imshowOn(ax, a),
    ],
    set_title: ["set_title(label, **kwargs)", async (ax: Axes, a) => void (ax.title = await str(a.label))],
    set_xlabel: ["set_xlabel(xlabel, **kwargs)", async (ax: Axes, a) => void (ax.xlabel = await str(a.xlabel))],
    set_ylabel: ["set_ylabel(ylabel, **kwargs)", async (ax: Axes, a) => void (ax.ylabel = await str(a.ylabel))],
    legend: ["legend(*args, **kwargs)", (ax: Axes, a) => legendOn(ax, a)],
    grid: ["grid(visible=None, which='major', axis='both', **kwargs)", (ax: Axes, a) => gridOn(ax, a)],
    set_xlim: ["set_xlim(*args, **kwargs)", (ax: Axes, a) => limits(ax, "x", a)],
    set_ylim: ["set_ylim(*args, **kwargs)", (ax: Axes, a) => limits(ax, "y", a)],
    axis: ["axis(arg=None, **kwargs)", (ax: Axes, a) => axisOf(ax, a)],
  },
});

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

async function scatterOn(ax: Axes, a: Args): Promise<any> {
  const x = await vector(a.x, "scatter"), y = await vector(a.y, "scatter");
  const size = a.s === null ? 6 : Math.sqrt(scalar(a.s, "scatter"));
  const line = ax.plot({
    x,
    y,
    color: a.c === null ? null : colorArg(a.c),
    lineStyle: "none",
    lineWidth: 1.5,
    marker: a.marker === null ? "o" : String(a.marker),
    markerSize: size,
    label: a.label === null ? null : await str(a.label),
  });
  return line2d(line);
}

// ---------------------------------------------------------------- module functions

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
    plot: builtin("plot(*args, **kwargs)", async (a) => (await plotLines(gca(), a)).map(line2d)),
    scatter: builtin("scatter(x, y, s=None, c=None, marker='o', label=None)", (a) => scatterOn(gca(), a)),
    imshow: builtin(
      "imshow(X, cmap=None, norm=None, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None, **kwargs)",
      (a) => imshowOn(gca(), a),
    ),
    title: builtin("title(label, **kwargs)", async (a) => void (gca().title = await str(a.label))),
    xlabel: builtin("xlabel(xlabel, **kwargs)", async (a) => void (gca().xlabel = await str(a.xlabel))),
    ylabel: builtin("ylabel(ylabel, **kwargs)", async (a) => void (gca().ylabel = await str(a.ylabel))),
    legend: builtin("legend(*args, **kwargs)", (a) => legendOn(gca(), a)),
    grid: builtin("grid(visible=None, which='major', axis='both', **kwargs)", (a) => gridOn(gca(), a)),
    xlim: builtin("xlim(*args, **kwargs)", (a) => limits(gca(), "x", a)),
    ylim: builtin("ylim(*args, **kwargs)", (a) => limits(gca(), "y", a)),
    axis: builtin("axis(arg=None, **kwargs)", (a) => axisOf(gca(), a)),
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

// matplotlib's Axes and Line2D, and the calls that act on one Axes (plot, scatter, imshow, labels,
// legend, grid, limits, axis): each is written once and is both an Axes method (`ax.set_title`) and a
// pyplot function on the current Axes (`plt.title`).

import { type Args, builtin, nativeClass, pyError, PyFloat, PyTuple, str, toArray } from "../runtime/binding.ts";
import { Axes, type LineSeries } from "../../runtime/plot/figure.ts";
import { parseFormat } from "../../runtime/plot/colors.ts";
import { BadImageShape, imageSeries } from "../../runtime/plot/image_data.ts";
import { viewLimits } from "../../runtime/plot/scene.ts";
import { arrayData, colorArg, kw, lineStyleArg, scalar, vector } from "./pyplot_args.ts";

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

function axisOf(ax: Axes, a: Args): void {
  if (a.arg === false || a.arg === "off") ax.axisOff = true;
  else if (a.arg === true || a.arg === "on") ax.axisOff = false;
}

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

/** A call on one Axes: its pyplot name, its Axes method name, its parameters and what it does. */
type AxesCall = [pyplotName: string, methodName: string, params: string, run: (ax: Axes, a: Args) => unknown];

const AXES_CALLS: AxesCall[] = [
  ["plot", "plot", "*args, **kwargs", async (ax, a) => (await plotLines(ax, a)).map(line2d)],
  ["scatter", "scatter", "x, y, s=None, c=None, marker='o', label=None", scatterOn],
  [
    "imshow",
    "imshow",
    "X, cmap=None, norm=None, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None, **kwargs",
    imshowOn,
  ],
  ["title", "set_title", "label, **kwargs", async (ax, a) => void (ax.title = await str(a.label))],
  ["xlabel", "set_xlabel", "xlabel, **kwargs", async (ax, a) => void (ax.xlabel = await str(a.xlabel))],
  ["ylabel", "set_ylabel", "ylabel, **kwargs", async (ax, a) => void (ax.ylabel = await str(a.ylabel))],
  ["legend", "legend", "*args, **kwargs", legendOn],
  ["grid", "grid", "visible=None, which='major', axis='both', **kwargs", gridOn],
  ["xlim", "set_xlim", "*args, **kwargs", (ax, a) => limits(ax, "x", a)],
  ["ylim", "set_ylim", "*args, **kwargs", (ax, a) => limits(ax, "y", a)],
  ["axis", "axis", "arg=None, **kwargs", axisOf],
];

export const T_Axes = nativeClass({
  name: "AxesSubplot",
  module: "matplotlib.axes._subplots",
  jsClass: Axes,
  methods: Object.fromEntries(
    AXES_CALLS.map(([, method, params, run]) => [method, [`${method}(${params})`, run]]),
  ),
});

/** pyplot's functions on the current Axes (`plt.title(...)` is `plt.gca().set_title(...)`). */
export function currentAxesFunctions(gca: () => Axes): Record<string, unknown> {
  return Object.fromEntries(
    AXES_CALLS.map(([name, , params, run]) => [name, builtin(`${name}(${params})`, (a) => run(gca(), a))]),
  );
}

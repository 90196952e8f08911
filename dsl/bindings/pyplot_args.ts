// Python arguments as matplotlib.pyplot reads them: numeric data from tensors, images, nested lists
// and iterables, numbers, colors, line styles, keyword aliases (lw/linewidth) and subplot positions.

import { argFloat, argInt, type Args, pyError, PyFloat, PyTuple, toArray, typeOf } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { VisionImage } from "../../runtime/vision/image.ts";
import { isFloating } from "../../runtime/dtype.ts";
import { type LineStyle, parseLineStyle, resolveColor } from "../../runtime/plot/colors.ts";

/** Numeric data from a tensor, list/tuple (nested), range or other iterable. */
export interface ArrayData {
  values: number[];
  shape: number[];
  integer: boolean;
}

export async function arrayData(x: any, fname: string): Promise<ArrayData> {
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

export function scalar(x: any, fname: string): number {
  return typeof x === "number" ? x : argFloat(x, fname, "value");
}

export async function vector(x: any, fname: string): Promise<number[]> {
  const d = await arrayData(x, fname);
  if (d.shape.length > 1 && d.shape.slice(1).some((n) => n !== 1)) {
    throw pyError("ValueError", `${fname}(): only 1-D data is supported, got shape (${d.shape.join(", ")})`);
  }
  return d.values;
}

export const kw = (a: Args, ...names: string[]) => {
  for (const n of names) if (a.kwargs.has(n)) return a.kwargs.get(n);
  return undefined;
};

export function colorArg(x: any): string {
  const c = typeof x === "string" ? resolveColor(x) : null;
  if (c === null) {
    throw pyError("ValueError", `${typeof x === "string" ? `'${x}'` : "value"} is not a valid color value.`);
  }
  return c;
}

export function lineStyleArg(x: any): LineStyle {
  const style = parseLineStyle(x === null ? "None" : String(x));
  if (style === null) throw pyError("ValueError", `'${x}' is not a valid value for ls`);
  return style;
}

/** subplot(2, 1, 1) or subplot(211). */
export function subplotArgs(args: any[]): [number, number, number] {
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

export function figsizeArg(x: any): [number, number] | null {
  if (x === null) return null;
  const items = x instanceof PyTuple ? x.items : Array.isArray(x) ? x : null;
  if (!items || items.length !== 2) throw pyError("ValueError", "figsize must be a (width, height) tuple");
  return [scalar(items[0], "figure"), scalar(items[1], "figure")];
}

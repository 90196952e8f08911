// Argument parsing shared by torchvision.transforms and torchvision.transforms.functional: sizes,
// paddings, fills, mean/std sequences, InterpolationMode, and how images reach the runtime (a
// tensor on a device read asynchronously is read first, so the host-side kernels can see it).

import {
  argBool,
  argFloat,
  argInt,
  argOptional,
  nativeClass,
  pyError,
  PyFloat,
  PyTuple,
  str,
  typeOf,
} from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { withHostReads } from "../../runtime/ops/host_read.ts";
import type { Interpolation, PadMode } from "../../runtime/vision/transforms/functional.ts";

/** An InterpolationMode enum member: `InterpolationMode.BILINEAR`, value 'bilinear'. */
export class InterpolationModeValue {
  constructor(readonly name: string, readonly value: Interpolation) {}
}

export const T_InterpolationMode = nativeClass({
  name: "InterpolationMode",
  module: "torchvision.transforms.functional",
  jsClass: InterpolationModeValue,
  methods: {
    __repr__: ["__repr__()", (s: InterpolationModeValue) => `<InterpolationMode.${s.name}: '${s.value}'>`],
    __str__: ["__str__()", (s: InterpolationModeValue) => `InterpolationMode.${s.name}`],
  },
  properties: {
    value: { get: (s: InterpolationModeValue) => s.value },
    name: { get: (s: InterpolationModeValue) => s.name },
  },
});

const MODES = ["nearest", "bilinear", "bicubic", "box", "hamming", "lanczos"] as const;
const modeObjects = new Map(MODES.map((m) => [m, new InterpolationModeValue(m.toUpperCase(), m)]));
for (const [m, obj] of modeObjects) T_InterpolationMode.$d[m.toUpperCase()] = obj;

export const interpolationMode = (m: Interpolation): InterpolationModeValue => modeObjects.get(m)!;

/** PIL's integer constants, accepted (deprecated) in place of InterpolationMode. */
const FROM_INT: Interpolation[] = ["nearest", "lanczos", "bilinear", "bicubic", "box", "hamming"];

export function argInterpolation(x: unknown): InterpolationModeValue {
  if (x instanceof InterpolationModeValue) return x;
  if (typeof x === "number" && FROM_INT[x]) return interpolationMode(FROM_INT[x]);
  throw pyError("TypeError", "Argument interpolation should be a InterpolationMode");
}

/** An `interpolation=None` argument: the mode given, else `fallback` (the transform's default). */
export function argInterpolationOr(x: unknown, fallback: Interpolation): InterpolationModeValue {
  return x === null ? interpolationMode(fallback) : argInterpolation(x);
}

/** An `antialias=None` argument: None or a bool. */
export const argAntialias = (x: unknown, fname: string): boolean | null =>
  argOptional(x, (v) => argBool(v, fname, "antialias"));

/** A `max_size=None` argument: None or an int. */
export const argMaxSize = (x: unknown, fname: string): number | null =>
  argOptional(x, (v) => argInt(v, fname, "max_size"));

const isSeq = (x: unknown): x is unknown[] | PyTuple => Array.isArray(x) || x instanceof PyTuple;
export const items = (x: unknown[] | PyTuple): unknown[] => (Array.isArray(x) ? x : x.items);
const isNumber = (x: unknown) => typeof x === "number" || x instanceof PyFloat || typeof x === "boolean";
const pyType = (x: unknown) => `<class '${typeOf(x).name}'>`;

/** Resize's size: an int or a 1- or 2-element sequence, as [edge] or [h, w]. */
export function argResizeSize(x: unknown): number[] {
  if (typeof x === "number") return [x];
  if (!isSeq(x)) throw pyError("TypeError", `Size should be int or sequence. Got ${pyType(x)}`);
  const s = items(x);
  if (s.length !== 1 && s.length !== 2) {
    throw pyError("ValueError", "If size is a sequence, it should have 1 or 2 values");
  }
  return s.map((v) => argInt(v, "Resize", "size"));
}

/** torchvision's _setup_size: [h, w] from an int or a 1- or 2-element sequence. */
export function argCropSize(x: unknown, msg = "Please provide only two dimensions (h, w) for size."): [number, number] {
  if (isNumber(x)) {
    const v = Math.trunc(argFloat(x, "size", "size"));
    return [v, v];
  }
  const s = isSeq(x) ? items(x) : [];
  if (s.length === 1) return [argInt(s[0], "size", "size"), argInt(s[0], "size", "size")];
  if (s.length !== 2) throw pyError("ValueError", msg);
  return [argInt(s[0], "size", "size"), argInt(s[1], "size", "size")];
}

/** The Python value _setup_size keeps (an int becomes a tuple; a 2-sequence stays as given). */
export function setupSizeValue(x: unknown, [h, w]: [number, number]): unknown {
  return isSeq(x) && items(x).length === 2 ? x : new PyTuple([h, w]);
}

export function argPadding(x: unknown): number | number[] {
  if (typeof x === "number") return x;
  if (!isSeq(x)) throw pyError("TypeError", "Got inappropriate padding arg");
  return items(x).map((v) => argInt(v, "pad", "padding"));
}

export function argFill(x: unknown): number | number[] {
  if (x === null) return 0;
  if (isNumber(x)) return argFloat(x, "pad", "fill");
  if (!isSeq(x)) throw pyError("TypeError", "Got inappropriate fill arg");
  return items(x).map((v) => argFloat(v, "pad", "fill"));
}

export function argPadMode(x: unknown): PadMode {
  if (x === "constant" || x === "edge" || x === "reflect" || x === "symmetric") return x;
  throw pyError("ValueError", "Padding mode should be either constant, edge, reflect or symmetric");
}

/** Normalize's mean or std: a sequence of numbers, one number, or a 1-d tensor. */
export function argChannelValues(x: unknown, name: string): number[] {
  if (isNumber(x)) return [argFloat(x, "normalize", name)];
  if (isSeq(x)) return items(x).map((v) => argFloat(v, "normalize", name));
  if (x instanceof Tensor) return Array.from(x.dataSync());
  throw pyError("TypeError", `normalize(): argument '${name}' must be a sequence of numbers, not ${typeOf(x).name}`);
}

/** A float or sequence of two floats (RandomResizedCrop's scale and ratio). */
export function argFloatPair(x: unknown, what: string): number[] {
  if (!isSeq(x)) throw pyError("TypeError", `${what} should be a sequence`);
  return items(x).map((v) => argFloat(v, "RandomResizedCrop", what.toLowerCase()));
}

/** Runs a host-side transform on `img`, first reading it when it is a tensor on an async device. */
export function onHost<T>(img: unknown, fn: () => T): T | Promise<T> {
  return img instanceof Tensor ? withHostReads([img], fn) : fn();
}

/** f-string formatting with Python's str() of each value (awaiting any that print asynchronously). */
export function pyFormat(strings: TemplateStringsArray, ...values: unknown[]): string | Promise<string> {
  const parts = values.map((v) => (typeof v === "string" ? v : str(v)));
  const join = (ps: string[]) => strings.reduce((acc, s, i) => acc + s + (i < ps.length ? ps[i] : ""), "");
  return parts.some((p) => p instanceof Promise) ? Promise.all(parts).then(join) : join(parts as string[]);
}

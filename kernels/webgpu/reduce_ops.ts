// What each reduction computes, under the CPU kernels' names and params (kernels/cpu/reduce.ts):
// an accumulator type, how an input element becomes an accumulator value, how two accumulators
// combine (also used to fold an element in), and the final value. var, std and logsumexp first
// reduce to a "center" (mean, max) that the second pass reads as `c`. The CPU accumulates in
// doubles; the GPU in f32 (integers in i32), so float results agree to f32 rounding of partial sums.

import type { DType } from "../../runtime/dtype.ts";
import { computeType, loadAs, loadConverted, nonzero, type WgslComputeType } from "./dtypes.ts";

export interface Fold {
  readonly t: WgslComputeType;
  /** WGSL for stored element `v` as an accumulator value (may use `c`, the center). */
  readonly load: (v: string) => string;
  readonly init: string;
  /** Two accumulators combined (an element is folded in as one). */
  readonly combine: (a: string, b: string) => string;
  /** The result from `acc`; `N` is the element count as f32, P0... the params. */
  readonly fin: string;
}

export interface FoldSpec extends Fold {
  readonly kind: "fold";
  readonly center?: Fold;
  readonly numbers?: readonly number[];
}

/** argmax-like: (value, index) pairs, the first extreme winning and NaN counting as extreme. */
export interface ArgSpec {
  readonly kind: "arg";
  readonly t: WgslComputeType;
  readonly load: (v: string) => string;
  readonly max: boolean;
  /** What the outputs receive: the index, the value, or both (values then indices). */
  readonly outputs: "index" | "value" | "both";
}

export type ReduceSpec = FoldSpec | ArgSpec;

type SpecFn = (input: DType, out: DType, p: any) => ReduceSpec;

const raw = (d: DType) => (v: string) => loadAs(v, d, computeType(d));
const add = (a: string, b: string) => `(${a} + ${b})`;
const nanMax = (a: string, b: string) => `f_nanmax(${a}, ${b})`;
const nanMin = (a: string, b: string) => `f_nanmin(${a}, ${b})`;

/** A sum in the output's type (ints and bool sum into int64 → i32). */
function sum(input: DType, out: DType, fin = "acc"): FoldSpec {
  const t = computeType(out);
  return { kind: "fold", t, load: (v) => loadConverted(v, input, out), init: `${t}(0)`, combine: add, fin };
}

const meanCenter = (input: DType): Fold => ({
  t: "f32",
  load: (v) => loadAs(v, input, "f32"),
  init: "0.0",
  combine: add,
  fin: "acc / N",
});

function variance(input: DType, sqrt: boolean, correction: number): FoldSpec {
  const fin = "acc / max(0.0, N - P0)";
  return {
    kind: "fold",
    t: "f32",
    center: meanCenter(input),
    load: (v) => `f_sq(${loadAs(v, input, "f32")} - c)`,
    init: "0.0",
    combine: add,
    fin: sqrt ? `sqrt(${fin})` : fin,
    numbers: [correction],
  };
}

function norm(input: DType, p: number): FoldSpec {
  const a = (v: string) => `abs(${loadAs(v, input, "f32")})`;
  const base = { kind: "fold" as const, t: "f32" as const, init: "0.0", combine: add, fin: "acc" };
  if (p === 2) return { ...base, load: (v) => `f_sq(${a(v)})`, fin: "sqrt(acc)" };
  if (p === 1) return { ...base, load: a };
  // P0 carries infinity: WGSL constants cannot be infinite.
  if (p === Infinity) return { ...base, load: a, combine: nanMax };
  if (p === -Infinity) return { ...base, load: a, init: "P0", combine: nanMin, numbers: [Infinity] };
  if (p === 0) return { ...base, load: (v) => `select(0.0, 1.0, ${nonzero(a(v), "f32")})` };
  return { ...base, load: (v) => `f_pow(${a(v)}, P0)`, fin: "f_pow(acc, 1.0 / P0)", numbers: [p] };
}

function logsumexp(input: DType): FoldSpec {
  return {
    kind: "fold",
    t: "f32",
    center: {
      t: "f32",
      load: (v) => loadAs(v, input, "f32"),
      init: "P0",
      combine: nanMax,
      // An infinite max shifts by 0, so the sum itself gives ±inf.
      fin: "select(acc, 0.0, f_isposinf(acc) || f_isneginf(acc))",
    },
    load: (v) => `f_exp(${loadAs(v, input, "f32")} - c)`,
    init: "0.0",
    combine: add,
    fin: "f_log(acc) + c",
    numbers: [-Infinity],
  };
}

const logic = (input: DType, all: boolean): FoldSpec => ({
  kind: "fold",
  t: "i32",
  load: (v) => `select(0, 1, ${nonzero(raw(input)(v), computeType(input))})`,
  init: all ? "1" : "0",
  combine: (a, b) => `(${a} ${all ? "&" : "|"} ${b})`,
  fin: "acc",
});

const arg = (input: DType, max: boolean, outputs: ArgSpec["outputs"]): ArgSpec => ({
  kind: "arg",
  t: computeType(input),
  load: raw(input),
  max,
  outputs,
});

export const REDUCTIONS: Readonly<Record<string, SpecFn>> = {
  sum: (i, o) => sum(i, o),
  sum_dim: (i, o) => sum(i, o),
  mean: (i, o) => sum(i, o, "acc / N"),
  mean_dim: (i, o) => sum(i, o, "acc / N"),
  prod: (i, o) => ({ ...sum(i, o), init: `${computeType(o)}(1)`, combine: (a, b) => `(${a} * ${b})` }),
  prod_dim: (i, o) => ({ ...sum(i, o), init: `${computeType(o)}(1)`, combine: (a, b) => `(${a} * ${b})` }),
  all: (i) => logic(i, true),
  any: (i) => logic(i, false),
  var: (i, _, p: { correction: number }) => variance(i, false, p.correction),
  std: (i, _, p: { correction: number }) => variance(i, true, p.correction),
  norm: (i, _, p: { p: number }) => norm(i, p.p),
  logsumexp: (i) => logsumexp(i),
  argmax: (i) => arg(i, true, "index"),
  argmin: (i) => arg(i, false, "index"),
  max: (i) => arg(i, true, "value"),
  min: (i) => arg(i, false, "value"),
  max_dim: (i) => arg(i, true, "both"),
  min_dim: (i) => arg(i, false, "both"),
};

/** Helpers the reduction shaders use beyond elementwise_ops.ts's. */
export const REDUCE_HELPERS: Readonly<Record<string, string>> = {
  f_sq: `fn f_sq(x: f32) -> f32 { return x * x; }`,
  // NaN-propagating max/min (a NaN accumulator stays).
  f_nanmax: `fn f_nanmax(a: f32, b: f32) -> f32 { return select(a, b, !f_isnan(a) && (b > a || f_isnan(b))); }`,
  f_nanmin: `fn f_nanmin(a: f32, b: f32) -> f32 { return select(a, b, !f_isnan(a) && (b < a || f_isnan(b))); }`,
};

// CPU reduction kernels. Each reducer folds one strided run of the input into a number,
// accumulating in doubles (PyTorch sums float32 pairwise in float32; doubles are at least as
// accurate), and the store into the output rounds it to the output dtype.

import type { View } from "../backend.ts";
import type { TypedArray } from "../../runtime/dtype.ts";
import type { ReduceParams } from "../../runtime/ops/reduce.ts";
import type { NormParams, VarParams } from "../../runtime/ops/stats.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { forEachReduction } from "./reduce_plan.ts";

type Reducer<P> = (src: TypedArray, off: number, n: number, stride: number, p: P) => number;

/** `fast`, when given, handles the cases it can and returns whether it did. */
type FastPath<P> = (input: View, out: View, p: P) => boolean;

function registerReduction<P extends ReduceParams>(names: string[], reducer: Reducer<P>, fast?: FastPath<P>): void {
  const kernel = ([input]: readonly View[], [out]: readonly View[], p: P) => {
    if (fast?.(input, out, p)) return;
    const o = arrayOf(out);
    forEachReduction(input, p.dims, [out], p.keepdim, (src, off, n, stride, [oo]) => {
      o[oo] = reducer(src, off, n, stride, p);
    });
  };
  for (const name of names) cpuKernels.register<P>(name, kernel);
}

export function sumRun(src: TypedArray, off: number, n: number, stride: number): number {
  let s = 0;
  if (stride === 1) { for (let i = off, end = off + n; i < end; i++) s += src[i]; }
  else for (let i = 0, q = off; i < n; i++, q += stride) s += src[q];
  return s;
}

registerReduction(["sum", "sum_dim"], sumRun, leadingSum(false));
registerReduction(["mean", "mean_dim"], (src, off, n, stride) => sumRun(src, off, n, stride) / n, leadingSum(true));

/**
 * Summing the leading dims of a contiguous tensor (`grad.sum(0)` for a bias) as strided runs
 * would jump a row per element; adding whole rows into a row of accumulators reads memory in order.
 */
function leadingSum(mean: boolean) {
  return (input: View, out: View, { dims }: ReduceParams): boolean => {
    if (dims.length === 0 || dims.some((d, i) => d !== i)) return false;
    if (!isContiguous(input.shape, input.strides) || !isContiguous(out.shape, out.strides)) return false;
    const rows = numelOf(input.shape.slice(0, dims.length)), width = numelOf(input.shape) / rows;
    if (width <= 1 || rows === 0) return false;
    const src = arrayOf(input), acc = new Float64Array(width);
    for (let r = 0, p = input.offset; r < rows; r++, p += width) for (let j = 0; j < width; j++) acc[j] += src[p + j];
    const o = arrayOf(out);
    for (let j = 0; j < width; j++) o[out.offset + j] = mean ? acc[j] / rows : acc[j];
    return true;
  };
}

registerReduction(["prod", "prod_dim"], (src, off, n, stride) => {
  let s = 1;
  for (let i = 0, q = off; i < n; i++, q += stride) s *= src[q];
  return s;
});

registerReduction(["all"], (src, off, n, stride) => {
  for (let i = 0, q = off; i < n; i++, q += stride) if (src[q] === 0) return 0;
  return 1;
});

registerReduction(["any"], (src, off, n, stride) => {
  for (let i = 0, q = off; i < n; i++, q += stride) if (src[q] !== 0) return 1;
  return 0;
});

/** Two-pass variance: the mean first, then squared deviations from it. */
function variance(src: TypedArray, off: number, n: number, stride: number, correction: number): number {
  const m = sumRun(src, off, n, stride) / n;
  let ss = 0;
  for (let i = 0, q = off; i < n; i++, q += stride) {
    const d = src[q] - m;
    ss += d * d;
  }
  return ss / Math.max(0, n - correction);
}

registerReduction<VarParams>(["var"], (src, off, n, stride, p) => variance(src, off, n, stride, p.correction));
registerReduction<VarParams>(
  ["std"],
  (src, off, n, stride, p) => Math.sqrt(variance(src, off, n, stride, p.correction)),
);

registerReduction<NormParams>(["norm"], (src, off, n, stride, { p }) => {
  let acc = p === -Infinity ? Infinity : 0;
  for (let i = 0, q = off; i < n; i++, q += stride) {
    const a = Math.abs(src[q]);
    if (p === 2) acc += a * a;
    else if (p === 1) acc += a;
    else if (p === Infinity) acc = a > acc || a !== a ? a : acc;
    else if (p === -Infinity) acc = a < acc || a !== a ? a : acc;
    else if (p === 0) acc += a !== 0 ? 1 : 0;
    else acc += Math.pow(a, p);
  }
  if (p === 2) return Math.sqrt(acc);
  if (p === 1 || p === 0 || p === Infinity || p === -Infinity) return acc;
  return Math.pow(acc, 1 / p);
});

// at::logsumexp: shift by the max unless it is infinite (then the sum itself gives ±inf).
registerReduction(["logsumexp"], (src, off, n, stride) => {
  let m = -Infinity;
  for (let i = 0, q = off; i < n; i++, q += stride) {
    const v = src[q];
    if (v > m || v !== v) m = v;
    if (v !== v) break;
  }
  const shift = m === Infinity || m === -Infinity ? 0 : m;
  let s = 0;
  for (let i = 0, q = off; i < n; i++, q += stride) s += Math.exp(src[q] - shift);
  return Math.log(s) + shift;
});

/** Index of the first maximum; the first NaN counts as the maximum. */
export function argmaxRun(src: TypedArray, off: number, n: number, stride: number): number {
  let best = src[off], at = 0;
  if (best !== best) return 0;
  for (let i = 1, q = off + stride; i < n; i++, q += stride) {
    const v = src[q];
    if (v !== v) return i;
    if (v > best) {
      best = v;
      at = i;
    }
  }
  return at;
}

export function argminRun(src: TypedArray, off: number, n: number, stride: number): number {
  let best = src[off], at = 0;
  if (best !== best) return 0;
  for (let i = 1, q = off + stride; i < n; i++, q += stride) {
    const v = src[q];
    if (v !== v) return i;
    if (v < best) {
      best = v;
      at = i;
    }
  }
  return at;
}

registerReduction(["argmax"], argmaxRun);
registerReduction(["argmin"], argminRun);
registerReduction(["max"], (src, off, n, stride) => src[off + argmaxRun(src, off, n, stride) * stride]);
registerReduction(["min"], (src, off, n, stride) => src[off + argminRun(src, off, n, stride) * stride]);

function registerValuesIndices(name: string, arg: typeof argmaxRun): void {
  cpuKernels.register<ReduceParams>(name, ([input], [values, indices], p) => {
    const v = arrayOf(values), ix = arrayOf(indices);
    forEachReduction(input, p.dims, [values, indices], p.keepdim, (src, off, n, stride, [vo, io]) => {
      const i = arg(src, off, n, stride);
      v[vo] = src[off + i * stride];
      ix[io] = i;
    });
  });
}

registerValuesIndices("max_dim", argmaxRun);
registerValuesIndices("min_dim", argminRun);

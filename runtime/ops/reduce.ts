// Sum-like reductions: sum, mean, prod, all, any. Each takes `dim` (an int, a list of ints, or
// none for every dim) and `keepdim`. Full reductions and reductions over a dim are separate ops
// because PyTorch names their autograd nodes apart (SumBackward0 / SumBackward1).

import { type DType, isFloating } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { normalizeDim } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { clone } from "./copy.ts";
import { defineOp, dispatch1, type OpDef, type OutSpec } from "./registry.ts";
import { SCALAR_TYPE_NAME } from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesInputAndOutput } from "../autograd/grad_rule.ts";
import { div, mul } from "./binary.ts";
import { where } from "./clamp.ts";
import { eq } from "./compare.ts";
import { expand, unsqueeze } from "./views.ts";

export type Dims = number | readonly number[] | null | undefined;

export interface ReduceParams {
  /** Normalized, sorted, distinct dims to reduce (empty for a 0-d input). */
  dims: number[];
  keepdim: boolean;
}

export interface ReduceOptions {
  dim?: Dims;
  keepdim?: boolean;
}

const isFull = (dim: Dims): boolean => dim === null || dim === undefined || (Array.isArray(dim) && dim.length === 0);

/** The dims a reduction covers: all of them when `dim` is none or empty, as PyTorch does. */
export function reduceDims(dim: Dims, ndim: number): number[] {
  if (isFull(dim)) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dim === "number" ? [dim] : dim as readonly number[];
  const seen = new Set<number>();
  for (const d of list) {
    const n = normalizeDim(d, ndim);
    if (seen.has(n)) throw runtimeError(`dim ${n} appears multiple times in the list of dims`);
    seen.add(n);
  }
  // A 0-d tensor accepts dim 0 / -1 but has no dim to reduce.
  return ndim === 0 ? [] : [...seen].sort((a, b) => a - b);
}

/** The shape a reduction leaves: reduced dims dropped, or kept as size 1. */
export function reducedShape(shape: readonly number[], { dims, keepdim }: ReduceParams): number[] {
  const out: number[] = [];
  shape.forEach((n, d) => {
    if (!dims.includes(d)) out.push(n);
    else if (keepdim) out.push(1);
  });
  return out;
}

export const reduceParams = (t: Tensor, opts: ReduceOptions): ReduceParams => ({
  dims: reduceDims(opts.dim, t.ndim),
  keepdim: opts.keepdim ?? false,
});

/** Declares a reduction op with one output whose dtype `dtype` derives from the input's. */
export function defineReduction<P extends ReduceParams>(
  name: string,
  gradName: string | undefined,
  dtype: (input: DType, p: P) => DType,
  check?: (input: Tensor, p: P) => void,
): OpDef<P> {
  return defineOp<P>({
    name,
    gradName,
    infer([t], p): OutSpec[] {
      check?.(t, p);
      return [{ shape: reducedShape(t.shape, p), dtype: dtype(t.dtype, p) }];
    },
  });
}

/** Integer and bool sums and products accumulate in int64, as in PyTorch. */
const widenInts = (d: DType): DType => (isFloating(d) ? d : "int64");
const same = (d: DType): DType => d;

export const sumOp = defineReduction("sum", "SumBackward0", widenInts);
export const sumDimOp = defineReduction("sum_dim", "SumBackward1", widenInts);
export const meanOp = defineReduction("mean", "MeanBackward0", same);
export const meanDimOp = defineReduction("mean_dim", "MeanBackward1", same);
export const prodOp = defineReduction("prod", "ProdBackward0", widenInts);
export const prodDimOp = defineReduction("prod_dim", "ProdBackward1", widenInts);
/** all/any give bool, except that PyTorch 1.13 keeps uint8 for uint8 input. */
export const allOp = defineReduction("all", undefined, (d) => (d === "uint8" ? "uint8" : "bool"));
export const anyOp = defineReduction("any", undefined, (d) => (d === "uint8" ? "uint8" : "bool"));

// ---- gradients

/** A reduction's output (or its gradient) broadcast back over the reduced dims of `t`. */
export function unreduce(g: Tensor, t: Tensor, { dims, keepdim }: ReduceParams): Tensor {
  let r = g;
  if (!keepdim) { for (const d of dims) r = unsqueeze(r, d); }
  return expand(r, t.shape);
}

/** How many elements a reduction over `dims` combines. */
export const countOf = (t: Tensor, dims: readonly number[]): number => dims.reduce((n, d) => n * t.shape[d], 1);

for (const op of [sumOp, sumDimOp]) {
  setBackward(op, rule((g, { inputs: [a], params }) => [unreduce(g, a, params)]));
}
for (const op of [meanOp, meanDimOp]) {
  setBackward(op, rule((g, { inputs: [a], params }) => [div(unreduce(g, a, params), countOf(a, params.dims))]));
}

// prod: d out / d a_i is the product of the other elements. Without zeros that is out / a_i; with
// one zero only the zero's position gets a gradient (the product of the rest); with several zeros
// every gradient is 0, as in PyTorch.
for (const op of [prodOp, prodDimOp]) {
  setBackward(
    op,
    rule((g, { inputs: [a], outputs: [o], params }) => {
      const isZero = eq(a, 0);
      const safe = where(isZero, 1, a);
      const over = (t: Tensor, f: (t: Tensor, o?: ProdOptions) => Tensor) =>
        unreduce(op === prodOp ? f(t) : f(t, { dim: params.dims[0] ?? 0, keepdim: params.keepdim }), a, params);
      const zeros = over(isZero, sum);
      const others = where(isZero, where(eq(zeros, 1), over(safe, prod), 0), div(unreduce(o, a, params), safe));
      return [mul(unreduce(g, a, params), others)];
    }),
    savesInputAndOutput,
  );
}

export interface DtypeReduceOptions extends ReduceOptions {
  /** Cast the input to this dtype before reducing. */
  dtype?: DType;
}

const castTo = (t: Tensor, dtype?: DType): Tensor => (dtype && dtype !== t.dtype ? clone(t, dtype) : t);

export function sum(t: Tensor, opts: DtypeReduceOptions = {}): Tensor {
  const params = reduceParams(t, opts);
  return dispatch1(isFull(opts.dim) ? sumOp : sumDimOp, [castTo(t, opts.dtype)], params);
}

/** mean: floating inputs only (or an explicit floating `dtype`), as in PyTorch. */
export function mean(t: Tensor, opts: DtypeReduceOptions = {}): Tensor {
  const params = reduceParams(t, opts);
  const dtype = opts.dtype ?? t.dtype;
  if (!isFloating(dtype)) {
    const which = opts.dtype ? "Optional" : "Input";
    throw runtimeError(
      `mean(): could not infer output dtype. ${which} dtype must be either a floating point or complex dtype. Got: ${
        SCALAR_TYPE_NAME[dtype]
      }`,
    );
  }
  return dispatch1(isFull(opts.dim) ? meanOp : meanDimOp, [castTo(t, opts.dtype)], params);
}

export interface ProdOptions {
  dim?: number | null;
  keepdim?: boolean;
  dtype?: DType;
}

export function prod(t: Tensor, opts: ProdOptions = {}): Tensor {
  const params = reduceParams(t, opts);
  return dispatch1(isFull(opts.dim) ? prodOp : prodDimOp, [castTo(t, opts.dtype)], params);
}

/** Whether every element is nonzero (over `dim` when given). */
export const all = (t: Tensor, opts: ReduceOptions = {}): Tensor => dispatch1(allOp, [t], reduceParams(t, opts));
/** Whether any element is nonzero. */
export const any = (t: Tensor, opts: ReduceOptions = {}): Tensor => dispatch1(anyOp, [t], reduceParams(t, opts));

// max/min (over everything, or along a dim with indices), argmax/argmin. NaN wins (the first NaN
// is the max and the min); among equal values the first occurrence wins, as in PyTorch.

import type { DType } from "../dtype.ts";
import { indexError, runtimeError } from "../errors.ts";
import { normalizeDim } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { maximum, minimum } from "./binary.ts";
import { defineOp, dispatch, dispatch1 } from "./registry.ts";
import { defineReduction, reducedShape, type ReduceParams } from "./reduce.ts";
import { notImplementedFor } from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesInputAndOutput } from "../autograd/grad_rule.ts";
import { div } from "./binary.ts";
import { where } from "./clamp.ts";
import { eq } from "./compare.ts";
import { sum } from "./reduce.ts";
import { reshape, unsqueeze } from "./views.ts";
import { arange } from "./ranges.ts";

/** What max/min along a dim return (torch.return_types.max). */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

function checkFull(name: string, error: (m: string) => Error, suffix: string) {
  return (t: Tensor) => {
    if (t.numel === 0) {
      throw error(`${name}(): Expected reduction dim to be specified for input.numel() == 0.${suffix}`);
    }
  };
}

function checkDimNonEmpty(name: string, t: Tensor, dims: readonly number[]) {
  for (const d of dims) {
    if (t.shape[d] === 0) throw indexError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  }
}

const SPECIFY = " Specify the reduction dim with the 'dim' argument.";
const same = (d: DType) => d;

export const maxOp = defineReduction("max", "MaxBackward1", same, checkFull("max", runtimeError, SPECIFY));
export const minOp = defineReduction("min", "MinBackward1", same, checkFull("min", runtimeError, SPECIFY));

const defineDimOp = (name: string, gradName: string) =>
  defineOp<ReduceParams>({
    name: `${name}_dim`,
    gradName,
    infer([t], p) {
      checkDimNonEmpty(name, t, p.dims);
      const shape = reducedShape(t.shape, p);
      return [{ shape, dtype: t.dtype }, { shape: [...shape], dtype: "int64" }];
    },
  });

export const maxDimOp = defineDimOp("max", "MaxBackward0");
export const minDimOp = defineDimOp("min", "MinBackward0");

// max/min over everything: the gradient is shared evenly among the elements equal to the result.
for (const op of [maxOp, minOp]) {
  setBackward(
    op,
    rule((g, { inputs: [a], outputs: [o] }) => {
      const hit = eq(a, o);
      return [where(hit, div(g, sum(hit)), 0)];
    }),
    savesInputAndOutput,
  );
}
// max/min along a dim: the gradient goes to the selected element (the first of equal ones).
for (const op of [maxDimOp, minDimOp]) {
  setBackward(
    op,
    rule((g, { inputs: [a], outputs: [, idx], params }) => {
      if (params.dims.length === 0) return [g];
      const d = params.dims[0];
      const gi = params.keepdim ? g : unsqueeze(g, d);
      const ii = params.keepdim ? idx : unsqueeze(idx, d);
      // A mask of the selected positions (arange along d == index), built without a scatter kernel.
      const shape = a.shape.map((n, i) => (i === d ? n : 1));
      const pos = reshape(arange(a.shape[d], null, 1, { dtype: "int64", device: a.device }), shape);
      return [where(eq(pos, ii), gi, 0)];
    }),
  );
}
const defineArgOp = (name: string) =>
  defineReduction<ReduceParams>(name, undefined, () => "int64", (t, p) => {
    if (t.dtype === "bool") throw notImplementedFor(`${name}_cpu`, t.dtype);
    checkDimNonEmpty(name, t, p.dims);
  });

export const argmaxOp = defineArgOp("argmax");
export const argminOp = defineArgOp("argmin");

export interface DimOptions {
  dim: number;
  keepdim?: boolean;
}

const dimParams = (t: Tensor, dim: number, keepdim = false): ReduceParams => ({
  dims: t.ndim === 0 ? (normalizeDim(dim, 0), []) : [normalizeDim(dim, t.ndim)],
  keepdim,
});

function minmax(full: typeof maxOp, dimOp: typeof maxDimOp, t: Tensor, arg?: DimOptions) {
  if (arg === undefined) return dispatch1(full, [t], { dims: allDims(t), keepdim: false });
  const [values, indices] = dispatch(dimOp, [t], dimParams(t, arg.dim, arg.keepdim));
  return { values, indices };
}

const allDims = (t: Tensor) => Array.from({ length: t.ndim }, (_, i) => i);

/** `max(t)`: the largest element (0-d); `max(t, { dim })`: values and indices; `max(a, b)`: maximum. */
export function max(t: Tensor): Tensor;
export function max(t: Tensor, opts: DimOptions): ValuesIndices;
export function max(t: Tensor, other: Tensor): Tensor;
export function max(t: Tensor, arg?: DimOptions | Tensor): Tensor | ValuesIndices {
  if (arg instanceof Tensor) return maximum(t, arg);
  return minmax(maxOp, maxDimOp, t, arg);
}

export function min(t: Tensor): Tensor;
export function min(t: Tensor, opts: DimOptions): ValuesIndices;
export function min(t: Tensor, other: Tensor): Tensor;
export function min(t: Tensor, arg?: DimOptions | Tensor): Tensor | ValuesIndices {
  if (arg instanceof Tensor) return minimum(t, arg);
  return minmax(minOp, minDimOp, t, arg);
}

export interface ArgOptions {
  /** None: the index into the flattened tensor. */
  dim?: number | null;
  keepdim?: boolean;
}

function argReduce(op: typeof argmaxOp, t: Tensor, opts: ArgOptions): Tensor {
  const keepdim = opts.keepdim ?? false;
  if (opts.dim === null || opts.dim === undefined) {
    checkFull(op.name, indexError, "")(t);
    return dispatch1(op, [t], { dims: allDims(t), keepdim });
  }
  return dispatch1(op, [t], dimParams(t, opts.dim, keepdim));
}

export const argmax = (t: Tensor, opts: ArgOptions = {}): Tensor => argReduce(argmaxOp, t, opts);
export const argmin = (t: Tensor, opts: ArgOptions = {}): Tensor => argReduce(argminOp, t, opts);

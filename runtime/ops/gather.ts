// Index-tensor ops along one dim: index_select, gather, scatter(_) and scatter_add(_).

import { indexError, runtimeError } from "../errors.ts";
import { formatShape, normalizeDim } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { index_put_ } from "./advanced_index.ts";
import { clone } from "./copy.ts";
import { zeros } from "./creation.ts";
import { defineOp, dispatch1, type OpDef } from "./registry.ts";
import { type Scalar, scalarValue } from "./scalar.ts";

export const indexSelectOp = defineOp<{ dim: number }>({
  name: "index_select",
  gradName: "IndexSelectBackward0",
  infer: ([self, index], { dim }) => {
    const shape = [...self.shape];
    if (shape.length > 0) shape[dim] = index.numel;
    return [{ shape, dtype: self.dtype }];
  },
  backward: ([g], { inputs: [self, index], params: { dim } }) => {
    if (!g) return [null, null];
    const z = zeros(self.shape, { dtype: g.dtype, device: g.device });
    const ix = index.dtype === "int64" ? index : clone(index, "int64");
    const at = [...new Array<null>(dim).fill(null), ix.ndim === 0 ? ix.view([1], [1], ix.offset) : ix];
    index_put_(self.ndim === 0 ? z.view([1], [1], 0) : z, at, g.ndim === 0 ? g.view([1], [1], g.offset) : g, true);
    return [z, null];
  },
});

/** `self.index_select(dim, index)`: the slices of `dim` at the (non-negative) indices. */
export function index_select(self: Tensor, dim: number, index: Tensor): Tensor {
  if (index.ndim > 1) throw indexError("index_select(): Index is supposed to be a vector");
  if (index.dtype !== "int64" && index.dtype !== "int32") {
    throw runtimeError("index_select(): Expected dtype int32 or int64 for index");
  }
  const d = normalizeDim(dim, self.ndim);
  if (self.ndim === 0 && index.numel !== 1) {
    throw indexError("index_select(): Index to scalar can have only 1 value, got " + index.numel + " value(s)");
  }
  return dispatch1(indexSelectOp, [self, index], { dim: d });
}

export const gatherOp = defineOp<{ dim: number }>({
  name: "gather",
  gradName: "GatherBackward0",
  infer: ([self, index]) => [{ shape: [...index.shape], dtype: self.dtype }],
  backward: ([g], { inputs: [self, index], params: { dim } }) => {
    if (!g) return [null, null];
    return [scatter_add_(zeros(self.shape, { dtype: g.dtype, device: g.device }), dim, index, g), null];
  },
});

/** `self.gather(dim, index)`: out[i][j] = self[index[i][j]][j] (for dim 0), shaped like index. */
export function gather(self: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, self.ndim);
  if (index.dtype !== "int64") throw runtimeError("gather(): Expected dtype int64 for index");
  if (Math.max(index.ndim, 1) !== Math.max(self.ndim, 1)) {
    throw runtimeError("Index tensor must have the same number of dimensions as input tensor");
  }
  for (let i = 0; i < self.ndim; i++) {
    if (i !== d && index.shape[i] > self.shape[i]) {
      throw runtimeError(
        `Size does not match at dimension ${i} expected index ${formatShape(index.shape)} to be smaller than self ${
          formatShape(self.shape)
        } apart from dimension ${d}`,
      );
    }
  }
  return dispatch1(gatherOp, [self, index], { dim: d });
}

export type ScatterReduce = "none" | "add" | "multiply";

interface ScatterParams {
  dim: number;
  /** The fill value when there is no src tensor. */
  value: number | null;
  reduce: ScatterReduce;
}

const scatterInfer: OpDef<ScatterParams>["infer"] = ([self]) => [{ shape: [...self.shape], dtype: self.dtype }];
// Gradients: self's flows except where src (or the value) overwrote it; src's is gathered back.
const scatterSrcOp = defineOp<ScatterParams>({
  name: "scatter",
  gradName: "ScatterBackward0",
  infer: scatterInfer,
  backward: ([g], { inputs: [, index], params: { dim } }) =>
    g ? [scatter(g, dim, index, 0), null, gather(g, dim, index)] : [null, null, null],
});
const scatterValueOp = defineOp<ScatterParams>({
  name: "scatter.value",
  gradName: "ScatterBackward1",
  infer: scatterInfer,
  backward: ([g], { inputs: [, index], params: { dim } }) => [g && scatter(g, dim, index, 0), null],
});
const scatterAddOp = defineOp<ScatterParams>({
  name: "scatter_add",
  gradName: "ScatterAddBackward0",
  infer: scatterInfer,
  backward: (
    [g],
    { inputs: [, index], params: { dim } },
  ) => (g ? [g, null, gather(g, dim, index)] : [null, null, null]),
});

function checkScatter(self: Tensor, dim: number, index: Tensor, src: Tensor | null, method: string): number {
  const d = normalizeDim(dim, self.ndim);
  if (index.dtype !== "int64") throw runtimeError(`${method}(): Expected dtype int64 for index`);
  if (src && src.dtype !== self.dtype) throw runtimeError(`${method}(): Expected self.dtype to be equal to src.dtype`);
  if (Math.max(index.ndim, 1) !== Math.max(self.ndim, 1)) {
    throw runtimeError("Index tensor must have the same number of dimensions as self tensor");
  }
  if (src && Math.max(src.ndim, 1) !== Math.max(self.ndim, 1)) {
    throw runtimeError("Index tensor must have the same number of dimensions as src tensor");
  }
  const bad = index.shape.some((n, i) => (i !== d && n > self.shape[i]) || (src !== null && n > src.shape[i]));
  if (bad) {
    throw runtimeError(
      `Expected index ${formatShape(index.shape)} to be smaller than self ${
        formatShape(self.shape)
      } apart from dimension ${d}${src ? ` and to be smaller size than src ${formatShape(src.shape)}` : ""}`,
    );
  }
  return d;
}

function runScatter(
  self: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | Scalar,
  reduce: ScatterReduce,
  inPlace: boolean,
  method: string,
): Tensor {
  const srcT = src instanceof Tensor ? src : null;
  const d = checkScatter(self, dim, index, srcT, method);
  const op = reduce === "add" && srcT ? scatterAddOp : srcT ? scatterSrcOp : scatterValueOp;
  const params = { dim: d, value: srcT ? null : scalarValue(src as Scalar), reduce };
  const inputs = srcT ? [self, index, srcT] : [self, index];
  return dispatch1(op, inputs, params, inPlace ? self : undefined);
}

/** `self.scatter_(dim, index, src_or_value, reduce=None)`: self[index[i][j]][j] = src[i][j] (dim 0). */
export const scatter_ = (
  self: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | Scalar,
  reduce: ScatterReduce = "none",
): Tensor => runScatter(self, dim, index, src, reduce, true, "scatter");

export const scatter = (
  self: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | Scalar,
  reduce: ScatterReduce = "none",
): Tensor => runScatter(self, dim, index, src, reduce, false, "scatter");

/** `self.scatter_add_(dim, index, src)`: accumulates instead of overwriting. */
export const scatter_add_ = (self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor =>
  runScatter(self, dim, index, src, "add", true, "scatter_add");

export const scatter_add = (self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor =>
  runScatter(self, dim, index, src, "add", false, "scatter_add");

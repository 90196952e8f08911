// copy: writes one tensor's values into another (broadcasting the source, converting the dtype).
// It backs contiguous(), .to(dtype), clone() and copy_().

import { type DType, isFloating } from "../dtype.ts";
import { broadcastShapes, shapeEquals } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { defineOp, dispatch1 } from "./registry.ts";
import { expand } from "./views.ts";

export interface CopyParams {
  dtype: DType;
  /** The autograd node name of an in-place copy (copy_ is CopyBackwards; fill_(tensor) is FillBackward3). */
  inPlaceGradName?: string;
}

export const copyOp = defineOp<CopyParams>({
  name: "copy",
  gradName: "CloneBackward0",
  gradNameFor: (p, inPlace) => (inPlace ? p.inPlaceGradName ?? "CopyBackwards" : "CloneBackward0"),
  infer([src], { dtype }) {
    return [{ shape: [...src.shape], dtype }];
  },
  // The gradient flows back unchanged, converted to the source's dtype.
  backward: ([g], { inputs: [src] }) => [g && g.dtype !== src.dtype ? clone(g, src.dtype) : g],
});

/** A new contiguous tensor with the values of `src` converted to `dtype`. */
export const clone = (src: Tensor, dtype: DType = src.dtype): Tensor => dispatch1(copyOp, [src], { dtype });

export const contiguous = (t: Tensor): Tensor => (t.isContiguous() ? t : clone(t));

/** `dst.copy_(src)`: src broadcasts to dst's shape; dst may be any strided view. */
export function copyInto(dst: Tensor, src: Tensor, inPlaceGradName?: string): Tensor {
  const shape = broadcastShapes(dst.shape, src.shape);
  if (!shapeEquals(shape, dst.shape)) broadcastShapes(dst.shape, shape); // PyTorch's message
  // expand() records the broadcast for autograd (a gradient for src sums back over it).
  const expanded = shapeEquals(src.shape, dst.shape) ? src : expand(src, dst.shape);
  dispatch1(copyOp, [expanded], { dtype: dst.dtype, inPlaceGradName }, dst);
  return dst;
}

/** How a value of one dtype becomes another: floats truncate toward zero into ints, as in PyTorch. */
export const castsTruncate = (from: DType, to: DType): boolean => isFloating(from) && !isFloating(to);

// copy: writes one tensor's values into another (broadcasting the source, converting the dtype).
// It backs contiguous(), .to(dtype), clone() and copy_().

import { type DType, isFloating } from "../dtype.ts";
import { broadcastShapes, shapeEquals } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { defineOp, dispatch1 } from "./registry.ts";

export interface CopyParams {
  dtype: DType;
}

export const copyOp = defineOp<CopyParams>({
  name: "copy",
  gradName: "CloneBackward0",
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
export function copyInto(dst: Tensor, src: Tensor): Tensor {
  const shape = broadcastShapes(dst.shape, src.shape);
  if (!shapeEquals(shape, dst.shape)) broadcastShapes(dst.shape, shape); // PyTorch's message
  const expanded = src.view(dst.shape, broadcastStridesFor(src, dst.shape), src.offset);
  dispatch1(copyOp, [expanded], { dtype: dst.dtype }, dst);
  return dst;
}

function broadcastStridesFor(src: Tensor, shape: readonly number[]): number[] {
  const lead = shape.length - src.ndim;
  return shape.map((d, i) => (i < lead || src.shape[i - lead] === 1 && d !== 1 ? 0 : src.strides[i - lead]));
}

/** How a value of one dtype becomes another: floats truncate toward zero into ints, as in PyTorch. */
export const castsTruncate = (from: DType, to: DType): boolean => isFloating(from) && !isFloating(to);

// Boolean-mask ops: masked_fill(_) (also what `x[mask] = scalar` runs) and masked_select.

import { runtimeError } from "../errors.ts";
import { broadcastShapes, broadcastStrides, formatShape, shapeEquals } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { broadcastView, index_put_ } from "./advanced_index.ts";
import { zeros } from "./creation.ts";
import { countNonzero } from "./nonzero_count.ts";
import { sumToShape } from "./sum_to.ts";
import { defineOp, dispatch1 } from "./registry.ts";
import { type Scalar, scalarValue } from "./scalar.ts";

/** Kernel: out = mask ? value : self, with self and mask broadcast to out's shape. */
export const maskedFillOp = defineOp<{ value: number }>({
  name: "masked_fill",
  gradName: "MaskedFillBackward0",
  infer: ([self, mask]) => [{ shape: broadcastShapes(self.shape, mask.shape), dtype: self.dtype }],
  backward: ([g], { inputs: [self, mask] }) => [g && sumToShape(masked_fill(g, mask, 0), self.shape), null],
});

/** Kernel: the elements of self (broadcast with mask) where mask is set, in row-major order. */
export const maskedSelectOp = defineOp<{ count: number; shape: number[] }>({
  name: "masked_select",
  gradName: "MaskedSelectBackward0",
  infer: ([self], { count }) => [{ shape: [count], dtype: self.dtype }],
  backward: ([g], { inputs: [self, mask], params: { shape } }) => {
    if (!g) return [null, null];
    const z = zeros(shape, { dtype: g.dtype, device: g.device });
    index_put_(z, [broadcastView(mask, shape)], g);
    return [sumToShape(z, self.shape), null];
  },
});

function checkMask(mask: Tensor, op: string): void {
  if (mask.dtype !== "bool" && mask.dtype !== "uint8") {
    throw runtimeError(`${op} only supports boolean masks, but got mask with dtype ${mask.dtype}`);
  }
}

function fillValue(value: Scalar | Tensor): number {
  if (!(value instanceof Tensor)) return scalarValue(value);
  if (value.ndim !== 0) {
    throw runtimeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  }
  return value.dataSync()[0];
}

/** `self.masked_fill_(mask, value)`: mask broadcasts to self's shape. */
export function masked_fill_(self: Tensor, mask: Tensor, value: Scalar | Tensor): Tensor {
  checkMask(mask, "masked_fill_");
  const v = fillValue(value);
  const shape = broadcastShapes(self.shape, mask.shape);
  if (!shapeEquals(shape, self.shape)) {
    throw runtimeError(
      `output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  dispatch1(maskedFillOp, [self, mask], { value: v }, self);
  return self;
}

/** `self.masked_fill(mask, value)`: a new tensor of the broadcast shape. */
export function masked_fill(self: Tensor, mask: Tensor, value: Scalar | Tensor): Tensor {
  checkMask(mask, "masked_fill_");
  return dispatch1(maskedFillOp, [self, mask], { value: fillValue(value) });
}

/** `self.masked_select(mask)`: a 1-D tensor of the selected elements (the mask is read on the host). */
export function masked_select(self: Tensor, mask: Tensor): Tensor {
  checkMask(mask, "masked_select");
  const shape = broadcastShapes(self.shape, mask.shape);
  const count = shapeEquals(mask.shape, shape)
    ? countNonzero(mask)
    : countNonzero(mask.view(shape, broadcastStrides(mask.shape, mask.strides, shape), mask.offset));
  return dispatch1(maskedSelectOp, [self, mask], { count, shape });
}

// Boolean-mask ops: masked_fill(_) (also what `x[mask] = scalar` runs) and masked_select.

import { runtimeError } from "../errors.ts";
import { broadcastShapes, broadcastStrides, formatShape, numelOf, shapeEquals } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { broadcastView, index } from "./advanced_index.ts";
import { cumsum } from "./scan.ts";
import { clamp, where } from "./clamp.ts";
import { sub } from "./binary.ts";
import { index_select } from "./gather.ts";
import { reshape } from "./views.ts";
import { zeros } from "./creation.ts";
import { countNonzero } from "./nonzero_count.ts";
import { hostData, withHostReads } from "./host_read.ts";
import { sumToShape } from "./sum_to.ts";
import { defineOp, dispatch1, recordView } from "./registry.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { contiguous } from "./copy.ts";
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
  backward: ([g], { inputs: [self, mask], params: { shape, count } }) => {
    if (!g) return [null, null];
    if (count === 0) return [zeros(self.shape, { dtype: g.dtype, device: g.device }), null];
    // Each set element's position in g is the running count of set elements before it: computed on
    // the device, so the backward never reads the mask on the host (WebGPU cannot do that here).
    const flat = reshape(contiguous(broadcastView(mask, shape)), [numelOf(shape)]);
    const positions = clamp(sub(cumsum(flat, 0), 1), { min: 0 });
    const spread = where(flat, index_select(g, 0, positions), 0);
    return [sumToShape(reshape(spread, shape), self.shape), null];
  },
});

function checkMask(mask: Tensor, op: string): void {
  if (mask.dtype !== "bool" && mask.dtype !== "uint8") {
    if (op === "masked_select") throw runtimeError("masked_select: expected BoolTensor or ByteTensor for mask");
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
  return hostData(value)[0];
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
  // PyTorch expands the mask against self, so a mismatch names the mask as tensor a.
  broadcastShapes(mask.shape, self.shape);
  return dispatch1(maskedFillOp, [self, mask], { value: fillValue(value) });
}

/** `self.masked_select(mask)`: a 1-D tensor of the selected elements (the mask is read on the host). */
export function masked_select(self: Tensor, mask: Tensor): Tensor {
  checkMask(mask, "masked_select");
  const shape = broadcastShapes(self.shape, mask.shape);
  const full = shapeEquals(mask.shape, shape)
    ? mask
    : mask.view(shape, broadcastStrides(mask.shape, mask.strides, shape), mask.offset);
  const count = countNonzero(full);
  if (self.device.backend.kernel(maskedSelectOp.name)) return dispatch1(maskedSelectOp, [self, mask], { count, shape });
  // No masked_select kernel on this backend: the mask is on the host already, so select by the
  // positions of its set elements with the index kernel, and record the op as masked_select.
  const out = withGradMode(false, () => {
    const positions = Tensor.fromArray(setPositions(full, count), [count], "int64", self.device);
    const flat = contiguous(broadcastView(self, shape)).view([numelOf(shape)], [1], 0);
    return index(flat, [positions]);
  });
  recordView(maskedSelectOp, [self, mask], [out], { count, shape });
  return out;
}

/** masked_select for a mask on any device: one asynchronous read where the device needs it. */
export const masked_selectAsync = (self: Tensor, mask: Tensor): Tensor | Promise<Tensor> =>
  withHostReads([mask], () => masked_select(self, mask));

/** The row-major positions of the set elements of `mask`. */
function setPositions(mask: Tensor, count: number): Float64Array {
  const data = hostData(mask);
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) out[k++] = i;
  return out;
}

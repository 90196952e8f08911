// Factories: empty, zeros, ones, full, eye and their *_like / new_* forms, plus fill_ and zero_
// (the kernel every factory that is not all zeros runs). Keyword arguments use PyTorch's names.

import { type Device, getDevice } from "../device.ts";
import { type DType, isFloating } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { copyInto } from "./copy.ts";
import { defineOp, dispatch1 } from "./registry.ts";
import { type Scalar, scalarDType, scalarValue } from "./scalar.ts";
import { checkSizeNonNegative, checkStorageSize } from "./view_shape.ts";

export interface TensorOptions {
  dtype?: DType;
  device?: Device | string;
  requires_grad?: boolean;
}

export const fillOp = defineOp<{ value: number; zero?: boolean }>({
  name: "fill",
  gradName: "FillBackward2",
  gradNameFor: ({ zero }) => (zero ? "ZeroBackward0" : "FillBackward2"),
  infer: ([self]) => [{ shape: [...self.shape], dtype: self.dtype }],
  // The filled values no longer depend on what self held.
  backward: ([g]) => [g && Tensor.empty(g.shape, g.dtype, g.device)],
});

/** `t.fill_(value)`: a scalar, or a 0-d tensor. */
export function fill_(t: Tensor, value: Scalar | Tensor): Tensor {
  if (value instanceof Tensor) {
    if (value.ndim !== 0) {
      throw runtimeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
    }
    return copyInto(t, value, "FillBackward3");
  }
  dispatch1(fillOp, [t], { value: scalarValue(value) }, t);
  return t;
}

export function zero_(t: Tensor): Tensor {
  dispatch1(fillOp, [t], { value: 0, zero: true }, t);
  return t;
}

/** Applies requires_grad, which PyTorch allows on floating tensors only. */
export function finishFactory(t: Tensor, opts: TensorOptions = {}): Tensor {
  t.version = 0;
  if (opts.requires_grad) {
    if (!isFloating(t.dtype)) {
      throw runtimeError("Only Tensors of floating point and complex dtype can require gradients");
    }
    t.requiresGrad = true;
  }
  return t;
}

/** A fresh tensor (zero-filled: every backend allocates zeroed storage). */
export function empty(size: readonly number[], opts: TensorOptions = {}): Tensor {
  checkSizeNonNegative(size);
  checkStorageSize(size, opts.dtype ?? "float32");
  return finishFactory(Tensor.empty(size, opts.dtype ?? "float32", getDevice(opts.device)), opts);
}

export const zeros = empty;

export function ones(size: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(size, 1, { dtype: "float32", ...opts });
}

/** `torch.full(size, fill_value)`: the dtype follows the value (bool, int64 or float32) unless given. */
export function full(size: readonly number[], fill_value: Scalar, opts: TensorOptions = {}): Tensor {
  checkSizeNonNegative(size);
  checkStorageSize(size, opts.dtype ?? scalarDType(fill_value));
  const t = Tensor.empty(size, opts.dtype ?? scalarDType(fill_value), getDevice(opts.device));
  if (scalarValue(fill_value) !== 0) fill_(t, fill_value);
  return finishFactory(t, opts);
}

/** `torch.eye(n, m=n)`: ones on the main diagonal. */
export function eye(n: number, m: number = n, opts: TensorOptions = {}): Tensor {
  if (n < 0) throw runtimeError(`n must be greater or equal to 0, got ${n}`);
  if (m < 0) throw runtimeError(`m must be greater or equal to 0, got ${m}`);
  const t = Tensor.empty([n, m], opts.dtype ?? "float32", getDevice(opts.device));
  const k = Math.min(n, m);
  if (k > 0) fill_(t.view([k], [m + 1], 0), 1);
  return finishFactory(t, opts);
}

const likeOptions = (t: Tensor, opts: TensorOptions): TensorOptions => ({
  ...opts,
  dtype: opts.dtype ?? t.dtype,
  device: opts.device ?? t.device,
});

export const empty_like = (t: Tensor, opts: TensorOptions = {}): Tensor => empty(t.shape, likeOptions(t, opts));
export const zeros_like = (t: Tensor, opts: TensorOptions = {}): Tensor => zeros(t.shape, likeOptions(t, opts));
export const ones_like = (t: Tensor, opts: TensorOptions = {}): Tensor => ones(t.shape, likeOptions(t, opts));
export const full_like = (t: Tensor, fill_value: Scalar, opts: TensorOptions = {}): Tensor =>
  full(t.shape, fill_value, likeOptions(t, opts));

export const new_empty = (t: Tensor, size: readonly number[], opts: TensorOptions = {}): Tensor =>
  empty(size, likeOptions(t, opts));
export const new_zeros = (t: Tensor, size: readonly number[], opts: TensorOptions = {}): Tensor =>
  zeros(size, likeOptions(t, opts));
export const new_ones = (t: Tensor, size: readonly number[], opts: TensorOptions = {}): Tensor =>
  ones(size, likeOptions(t, opts));
export const new_full = (t: Tensor, size: readonly number[], fill_value: Scalar, opts: TensorOptions = {}): Tensor =>
  full(size, fill_value, likeOptions(t, opts));

// Random factories and in-place samplers: rand, randn, randint, randperm, the *_like forms, and
// uniform_, normal_, bernoulli_, bernoulli, random_. Values are drawn on the host by sampling.ts
// (PyTorch's CPU algorithms) and uploaded, so every device sees PyTorch's CPU numbers.

import { getDevice } from "../device.ts";
import { type DType, DTYPES, isFloating } from "../dtype.ts";
import { cpuOutOfMemory, runtimeError } from "../errors.ts";
import { isContiguous, numelOf } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { copyInto } from "../ops/copy.ts";
import { finishFactory, type TensorOptions } from "../ops/creation.ts";
import { checkSizeNonNegative, checkStorageSize } from "../ops/view_shape.ts";
import { defaultGenerator, type Generator } from "./generator.ts";
import {
  bernoulliScalarValues,
  bernoulliTensorValues,
  normalValues,
  randintValues,
  randomFullValues,
  randpermValues,
  uniformValues,
} from "./sampling.ts";

export interface RandomOptions extends TensorOptions {
  generator?: Generator | null;
}

const genOf = (opts: { generator?: Generator | null }): Generator => opts.generator ?? defaultGenerator();

/** The scalar-type name PyTorch's dispatch errors print ('Long', 'Float', ...). */
const SCALAR_NAME: Record<DType, string> = {
  float32: "Float",
  float64: "Double",
  int64: "Long",
  int32: "Int",
  uint8: "Byte",
  bool: "Bool",
};

function requireFloating(dtype: DType, kernel: string): void {
  if (!isFloating(dtype)) throw runtimeError(`"${kernel}" not implemented for '${SCALAR_NAME[dtype]}'`);
}

/**
 * A new tensor of `size` holding `draw()`'s values. The size is checked before drawing, and a draw
 * too big for memory (the samplers' arrays are where V8 refuses) is PyTorch's allocation error.
 */
function fresh(size: readonly number[], draw: () => ArrayLike<number>, dtype: DType, opts: TensorOptions): Tensor {
  checkSizeNonNegative(size);
  checkStorageSize(size, dtype);
  let values: ArrayLike<number>;
  try {
    values = draw();
  } catch (e) {
    if (e instanceof RangeError) throw cpuOutOfMemory(numelOf(size) * DTYPES[dtype].itemsize);
    throw e;
  }
  return finishFactory(Tensor.fromArray(values, size, dtype, getDevice(opts.device)), opts);
}

/**
 * Writes `values` (in the order PyTorch's TensorIterator visits `t`: memory order, outermost
 * stride first) into `t`, which may be a strided view.
 */
function writeInIterationOrder(t: Tensor, values: ArrayLike<number>): Tensor {
  const order = [...t.shape.keys()].sort((a, b) => t.strides[b] - t.strides[a]);
  const shape = order.map((d) => t.shape[d]);
  const src = Tensor.fromArray(values, shape, t.dtype, t.device);
  const inverse = new Array<number>(order.length);
  order.forEach((d, i) => (inverse[d] = i));
  // src permuted back to t's dim order: a strided view of src with t's shape.
  const srcStrides = src.strides;
  const view = src.view(t.shape, inverse.map((i) => srcStrides[i]), 0);
  copyInto(t, view);
  return t;
}

/** `torch.rand(*size)`: uniform on [0, 1). */
export function rand(size: readonly number[], opts: RandomOptions = {}): Tensor {
  checkSizeNonNegative(size);
  const dtype = opts.dtype ?? "float32";
  requireFloating(dtype, "check_uniform_bounds");
  return fresh(size, () => uniformValues(genOf(opts), numelOf(size), dtype, 0, 1), dtype, opts);
}

/** `torch.randn(*size)`: standard normal. */
export function randn(size: readonly number[], opts: RandomOptions = {}): Tensor {
  checkSizeNonNegative(size);
  const dtype = opts.dtype ?? "float32";
  requireFloating(dtype, "normal_kernel_cpu");
  return fresh(size, () => normalValues(genOf(opts), numelOf(size), dtype, 0, 1, true), dtype, opts);
}

/** `torch.randint(low, high, size)` (the binding maps `randint(high, size)` to low = 0): int64. */
export function randint(low: number, high: number, size: readonly number[], opts: RandomOptions = {}): Tensor {
  checkSizeNonNegative(size);
  if (low >= high) {
    throw runtimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  }
  const dtype = opts.dtype ?? "int64";
  return fresh(size, () => randintValues(genOf(opts), numelOf(size), dtype, low, high), dtype, opts);
}

/** `torch.randperm(n)`: a random permutation of 0..n-1, int64. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  checkSizeNonNegative([n]);
  return fresh([n], () => randpermValues(genOf(opts), n), opts.dtype ?? "int64", opts);
}

const likeOpts = (t: Tensor, opts: RandomOptions): RandomOptions => ({
  ...opts,
  dtype: opts.dtype ?? t.dtype,
  device: opts.device ?? t.device,
});

export const rand_like = (t: Tensor, opts: RandomOptions = {}): Tensor => rand(t.shape, likeOpts(t, opts));
export const randn_like = (t: Tensor, opts: RandomOptions = {}): Tensor => randn(t.shape, likeOpts(t, opts));
export const randint_like = (t: Tensor, low: number, high: number, opts: RandomOptions = {}): Tensor =>
  randint(low, high, t.shape, likeOpts(t, opts));

/** `t.uniform_(from=0, to=1)`. */
export function uniform_(t: Tensor, from = 0, to = 1, opts: RandomOptions = {}): Tensor {
  requireFloating(t.dtype, "check_uniform_bounds");
  if (from > to) {
    throw runtimeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  }
  return writeInIterationOrder(t, uniformValues(genOf(opts), t.numel, t.dtype, from, to));
}

/** `t.normal_(mean=0, std=1)`. */
export function normal_(t: Tensor, mean = 0, std = 1, opts: RandomOptions = {}): Tensor {
  requireFloating(t.dtype, "normal_kernel_cpu");
  if (std < 0) throw runtimeError(`normal expects std >= 0.0, but found std ${std}`);
  const contiguous = isContiguous(t.shape, t.strides);
  return writeInIterationOrder(t, normalValues(genOf(opts), t.numel, t.dtype, mean, std, contiguous));
}

/** `torch.normal(mean, std, size)` with float mean and std. */
export function normal(mean: number, std: number, size: readonly number[], opts: RandomOptions = {}): Tensor {
  checkSizeNonNegative(size);
  const dtype = opts.dtype ?? "float32";
  requireFloating(dtype, "normal_kernel_cpu");
  if (std < 0) throw runtimeError(`normal expects std >= 0.0, but found std ${std}`);
  return fresh(size, () => normalValues(genOf(opts), numelOf(size), dtype, mean, std, true), dtype, opts);
}

/** `t.bernoulli_(p=0.5)`: 1 with probability p (a number, or a tensor broadcast to t). */
export function bernoulli_(t: Tensor, p: number | Tensor = 0.5, opts: RandomOptions = {}): Tensor {
  if (typeof p === "number") {
    if (!(p >= 0 && p <= 1)) throw runtimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    return writeInIterationOrder(t, bernoulliScalarValues(genOf(opts), t.numel, p));
  }
  const probs = Tensor.empty(t.shape, p.dtype, t.device);
  copyInto(probs, p);
  const values = bernoulliTensorValues(genOf(opts), probs.dataSync(), p.dtype === "float64");
  return writeInIterationOrder(t, values);
}

/** `torch.bernoulli(probs)`: a tensor of 0/1 of probs' shape and dtype. */
export function bernoulli(probs: Tensor, opts: RandomOptions = {}): Tensor {
  const out = Tensor.empty(probs.shape, probs.dtype, probs.device);
  bernoulli_(out, probs, opts);
  return finishFactory(out);
}

/**
 * `t.random_()`, `t.random_(to)`, `t.random_(from, to)`: integers, uniform over [from, to) or over
 * the dtype's range. An int64 tensor's full-range draws exceed 2^53 and lose their low bits here;
 * sampling.randomInt64 gives the exact value where one is needed as a seed.
 */
export function random_(t: Tensor, from?: number, to?: number | null, opts: RandomOptions = {}): Tensor {
  const gen = genOf(opts);
  if (from === undefined) return writeInIterationOrder(t, randomFullValues(gen, t.numel, t.dtype));
  if (to === undefined || to === null) [from, to] = [0, from];
  if (from >= to) {
    throw runtimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  }
  return writeInIterationOrder(t, randintValues(gen, t.numel, t.dtype, from, to));
}

// arange and linspace, with PyTorch's dtype and length rules.

import { getDevice } from "../device.ts";
import { type DType, isFloating } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { finishFactory, type TensorOptions } from "./creation.ts";
import { defineOp, dispatch1 } from "./registry.ts";
import { type Scalar, scalarInfo, scalarValue } from "./scalar.ts";

const isFloatScalar = (s: Scalar): boolean => scalarInfo(s).dtype === "float64";

// Both ops have no inputs: they write into a tensor the factory allocated (dispatch's `out`).
const arangeOp = defineOp<{ start: number; step: number; size: number; dtype: DType }>({
  name: "arange",
  infer: (_, { size, dtype }) => [{ shape: [size], dtype }],
});

const linspaceOp = defineOp<{ start: number; end: number; steps: number; dtype: DType }>({
  name: "linspace",
  infer: (_, { steps, dtype }) => [{ shape: [steps], dtype }],
});

/**
 * `torch.arange(end)`, `torch.arange(start, end, step=1)`: int64 when every bound is an int,
 * else float32. The length is ceil((end - start) / step), computed in double.
 */
export function arange(start: Scalar, end?: Scalar | null, step: Scalar = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined || end === null) [start, end] = [0, start];
  const dtype = opts.dtype ?? ([start, end, step].some(isFloatScalar) ? "float32" : "int64");
  // An integer result takes integer bounds (Scalar.to<int64_t> truncates).
  const conv = isFloating(dtype) ? (x: number) => x : Math.trunc;
  const s = conv(scalarValue(start)), e = conv(scalarValue(end)), st = conv(scalarValue(step));
  if (st === 0) throw runtimeError("step must be nonzero");
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw runtimeError(`unsupported range: ${s} -> ${e}`);
  if (!((st > 0 && e >= s) || (st < 0 && e <= s))) {
    throw runtimeError("upper bound and larger bound inconsistent with step sign");
  }
  const size = Math.ceil((e - s) / st);
  if (!(size >= 0 && size <= Number.MAX_SAFE_INTEGER)) {
    throw runtimeError("invalid size, possible overflow?");
  }
  const t = Tensor.empty([size], dtype, getDevice(opts.device));
  if (size > 0) dispatch1(arangeOp, [], { start: s, step: st, size, dtype }, t);
  return finishFactory(t, opts);
}

/** `torch.linspace(start, end, steps)`: float32 unless a dtype is given. */
export function linspace(start: Scalar, end: Scalar, steps: number, opts: TensorOptions = {}): Tensor {
  if (steps < 0) throw runtimeError("number of steps must be non-negative");
  const dtype = opts.dtype ?? "float32";
  const t = Tensor.empty([steps], dtype, getDevice(opts.device));
  if (steps > 0) dispatch1(linspaceOp, [], { start: scalarValue(start), end: scalarValue(end), steps, dtype }, t);
  return finishFactory(t, opts);
}

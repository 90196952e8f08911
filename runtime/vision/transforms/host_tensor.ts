// Reading and making tensors on the host without extra copies: a per-image transform on a 28x28
// image is a few microseconds of arithmetic, so copying the input out of its storage and the result
// into a new one would cost as much as the transform itself.

import { arrayOf, CpuStorage } from "../../../kernels/cpu/backend.ts";
import { type Device, getDevice } from "../../device.ts";
import { type DType, DTYPES, type TypedArray } from "../../dtype.ts";
import { hostData } from "../../ops/host_read.ts";
import { Tensor } from "../../tensor.ts";

export const cpu = (): Device => getDevice("cpu");

/** Rounds an exact (double) result to a tensor's floating precision. */
export type Round = (x: number) => number;

/** float32 arithmetic is done in doubles rounded after each step; float64 needs no rounding. */
export const roundFor = (dtype: DType): Round => (dtype === "float64" ? (x) => x : Math.fround);

/**
 * `t`'s elements in row-major order, to read only: a window on a contiguous CPU tensor's own storage,
 * else a copy (a non-CPU tensor must be read inside withHostReads, see host_read.ts).
 */
export function readValues(t: Tensor): TypedArray {
  if (t.device.type !== "cpu" || !t.isContiguous()) return hostData(t);
  const all = arrayOf(t);
  return t.offset === 0 && all.length === t.numel ? all : all.subarray(t.offset, t.offset + t.numel);
}

/** A tensor over `values` (adopted, not copied, when it is already the CPU storage type of `dtype`). */
export function tensorOf(
  values: TypedArray | Float64Array,
  shape: readonly number[],
  dtype: DType,
  device = cpu(),
): Tensor {
  if (device.type === "cpu" && values instanceof DTYPES[dtype].array) {
    return new Tensor(new CpuStorage(device.backend, dtype, values), [...shape]);
  }
  return Tensor.fromArray(values, shape, dtype, device);
}

// Shared test helpers: building tensors, reading them back, comparing values with a tolerance,
// and checking that PyTorch's exact error (Python class and message) is raised.

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import type { DType } from "../runtime/dtype.ts";
import { TorchError } from "../runtime/errors.ts";
import { Tensor } from "../runtime/tensor.ts";

/** A CPU tensor from values (bools become 0/1), 1-d unless a shape is given. */
export function tensor(
  values: readonly (number | boolean)[],
  shape?: readonly number[],
  dtype: DType = "float32",
): Tensor {
  return Tensor.fromArray(values.map(Number), shape ?? [values.length], dtype);
}

/** 0, 1, 2, ... reshaped to `shape`. */
export const arange = (shape: readonly number[], dtype: DType = "float32"): Tensor =>
  tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape, dtype);

/** The tensor's elements in row-major order, as plain numbers. */
export const values = (t: Tensor): number[] => Array.from(t.dataSync());

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Elementwise |a - e| <= atol + rtol * |e|; NaN matches NaN, infinities must be equal. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}): void {
  const rtol = tol.rtol ?? 1.5e-4, atol = tol.atol ?? 1e-6;
  assert.equal(actual.length, expected.length, `length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : !Number.isFinite(e)
      ? a === e
      : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) {
      assert.fail(
        `element ${i}: got ${a}, expected ${e}\n  actual:   [${Array.from(actual)}]\n  expected: [${
          Array.from(expected)
        }]`,
      );
    }
  }
}

export interface TensorExpectation extends Tolerance {
  shape?: readonly number[];
  dtype?: DType;
  /** Compare with Object.is semantics (-0 differs from 0), no tolerance. */
  exact?: boolean;
}

/** Checks a tensor's values, and its shape and dtype when given. */
export function assertTensor(t: Tensor, expected: readonly (number | boolean)[], opts: TensorExpectation = {}): void {
  if (opts.dtype) assert.equal(t.dtype, opts.dtype, "dtype");
  if (opts.shape) assert.deepEqual([...t.shape], [...opts.shape], "shape");
  const want = expected.map(Number);
  if (opts.exact) assert.deepEqual(values(t), want);
  else assertClose(values(t), want, opts);
}

/** Asserts that `fn` raises a TorchError of the given Python type with exactly `message`. */
export function assertTorchError(fn: () => unknown, pyType: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TorchError, `expected a TorchError, got ${e}`);
    assert.equal(e.pyType, pyType);
    assert.equal(e.message, message);
    return true;
  });
}

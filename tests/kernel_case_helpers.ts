// Shared by the conv and pool tests: tensors from plain arrays, relative-tolerance comparison, and
// exact TorchError checks.

import assert from "node:assert/strict";
import type { DType } from "../runtime/dtype.ts";
import { TorchError } from "../runtime/errors.ts";
import { Tensor } from "../runtime/tensor.ts";

export const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
export const make = (data: ArrayLike<number>, shape: readonly number[], dtype: DType = "float32") =>
  Tensor.fromArray(data, shape, dtype);

export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tol: number, what = "") {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(err <= tol * (1 + Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} != ${expected[i]}`);
  }
}

export function assertTorchError(fn: () => unknown, message: string, pyType = "RuntimeError") {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TorchError, `not a TorchError: ${e}`);
    assert.equal(e.message, message);
    assert.equal(e.pyType, pyType);
    return true;
  });
}

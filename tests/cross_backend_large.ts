// Cross-backend cases at sizes the gradchecks' tiny shapes never reach: reductions and scans that
// span several workgroups, matmuls past one tile in every dimension, convolutions and pools of a
// LeNet-sized batch, and float64 operands (float32 on the GPU). Forward and backward, compared by
// tests/webgpu_cross_backend_test.ts.

import * as B from "../runtime/ops/binary.ts";
import { argmax, argmin, max, min } from "../runtime/ops/minmax.ts";
import { all, any, mean, prod, sum } from "../runtime/ops/reduce.ts";
import { logsumexp, norm, std, variance } from "../runtime/ops/stats.ts";
import { cumsum, log_softmax, softmax } from "../runtime/ops/scan.ts";
import { addmm, bmm, matmul, mm } from "../runtime/ops/linalg.ts";
import { conv2d } from "../runtime/ops/conv.ts";
import { avg_pool2d, max_pool2d } from "../runtime/ops/pool.ts";
import { t as transpose } from "../runtime/ops/views.ts";
import * as U from "../runtime/ops/unary.ts";
import type { DType } from "../runtime/dtype.ts";
import type { CaseFn, Operand } from "./cross_backend.ts";
import type { OpCase } from "./cross_backend_ops.ts";

export interface LargeCase extends OpCase {
  backward: boolean;
}

export function largeCases(rand: () => number): LargeCase[] {
  const cases: LargeCase[] = [];
  const of = (shape: number[], dtype: DType = "float32", positive = false): Operand => ({
    data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
      const r = rand();
      return positive ? 0.5 + r : (r * 2 - 1) * 2;
    }),
    shape,
    dtype,
    requiresGrad: true,
  });
  const add = (label: string, fn: CaseFn, operands: Operand[], ops?: string[]) =>
    cases.push({ label, fn, operands, ops, backward: true });

  const big = [300, 257];
  add("sum / mean of 77k elements, whole and per dim", (a) => [
    sum(a),
    mean(a),
    sum(a, { dim: 0 }),
    mean(a, { dim: 1, keepdim: true }),
  ], [of(big)]);
  add("max / min over long rows and columns", (a) => [
    max(a, { dim: 1 }).values,
    min(a, { dim: 0 }).values,
    max(a),
  ], [of(big)]);
  add("var / std / norm / logsumexp over long rows", (a) => [
    variance(a, { dim: 1 }),
    std(a, { dim: 0 }),
    norm(a),
    norm(a, { dim: 1, p: 1 }),
    logsumexp(a, { dim: 1 }),
  ], [of(big)]);
  add("prod over a 40-element row of values near 1", (a) => prod(B.add(B.mul(a, 0.05), 1), { dim: 1 }), [
    of([50, 40]),
  ]);
  add("sum over a transposed (strided) input", (a) => sum(transpose(a), { dim: 1 }), [of([129, 70])]);
  add("softmax / log_softmax over 1000-wide rows", (a) => [softmax(a, 1), log_softmax(a, 0)], [of([6, 1000])], [
    "softmax",
    "log_softmax",
  ]);
  add("cumsum over 3000-long rows", (a) => cumsum(a, 1), [of([3, 3000])], ["cumsum"]);
  add("elementwise chain on 100k elements", (a, b) => U.tanh(B.add(B.mul(a, b), U.exp(U.neg(U.abs(b))))), [
    of([100, 1000]),
    of([1000]),
  ]);
  add("mm past one tile in M, N and K", (a, b) => mm(a, b), [of([65, 130]), of([130, 67])]);
  add("mm of a transposed operand", (a, b) => mm(transpose(a), b), [of([70, 33]), of([70, 45])]);
  add("addmm (linear layer, batch 64)", (x, w, b) => addmm(b, x, transpose(w)), [
    of([64, 120]),
    of([84, 120]),
    of([84]),
  ]);
  add("bmm and broadcast matmul", (a, b, c) => [bmm(a, b), matmul(a, c)], [
    of([3, 17, 40]),
    of([3, 40, 19]),
    of([40, 9]),
  ]);
  add("conv2d, LeNet first layer (batch 8)", (x, w, b) => conv2d(x, w, b, { padding: 2 }), [
    of([8, 1, 28, 28]),
    of([6, 1, 5, 5]),
    of([6]),
  ], ["conv2d", "conv2d_input_grad", "conv2d_weight_grad", "conv2d_bias_grad"]);
  add("conv2d, LeNet second layer (batch 8)", (x, w, b) => conv2d(x, w, b), [
    of([8, 6, 14, 14]),
    of([16, 6, 5, 5]),
    of([16]),
  ], ["conv2d", "conv2d_input_grad", "conv2d_weight_grad", "conv2d_bias_grad"]);
  add("max_pool2d / avg_pool2d (batch 8)", (x) => [max_pool2d(x, 2), avg_pool2d(x, 3, { stride: 2, padding: 1 })], [
    of([8, 6, 28, 28]),
  ], ["max_pool2d", "max_pool2d_grad", "avg_pool2d", "avg_pool2d_grad"]);
  add("float64 operands (float32 on the GPU)", (a, b) => [B.div(B.mul(a, b), U.sqrt(b)), sum(U.log(b), { dim: 1 })], [
    of([40, 30], "float64"),
    of([40, 30], "float64", true),
  ]);
  // Integers from a small range: many ties, which must resolve to the first index across workgroups.
  const ints = (shape: number[], dtype: DType = "int64"): Operand => ({
    data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rand() * 7) - 3),
    shape,
    dtype,
  });
  const addInts = (label: string, fn: CaseFn, operands: Operand[]) =>
    cases.push({ label, fn, operands, backward: false });
  addInts("argmax / argmin / max over long int rows with ties", (a) => [
    argmax(a),
    argmin(a),
    argmax(a, { dim: 1 }),
    argmin(a, { dim: 0 }),
    max(a, { dim: 1 }).indices,
    min(a, { dim: 0 }).indices,
  ], [ints([5, 3000])]);
  addInts("argmax of a transposed input with ties", (a) => argmax(transpose(a), { dim: 1 }), [ints([2000, 4])]);
  addInts("int sum / prod / any / all over many elements", (a) => [
    sum(a),
    sum(a, { dim: 0 }),
    any(a, { dim: 1 }),
    all(a),
    prod(B.remainder(a, 2), { dim: 1 }),
  ], [ints([300, 257], "int32")]);
  addInts("int cumsum over long rows", (a) => cumsum(a, 1), [ints([3, 3000])]);
  addInts("int matmul past one tile", (a, b) => mm(a, b), [ints([40, 70], "int32"), ints([70, 33], "int32")]);
  return cases;
}

// Gradient rules of the elementwise ops, reductions, scans and matrix products: each is checked
// against a float64 central-difference gradient (broadcasting cases included), plus exact values
// from PyTorch 1.13.
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import * as B from "../runtime/ops/binary.ts";
import * as U from "../runtime/ops/unary.ts";
import { pow } from "../runtime/ops/pow.ts";
import { clamp, where } from "../runtime/ops/clamp.ts";
import { gt } from "../runtime/ops/compare.ts";
import { mean, prod, sum } from "../runtime/ops/reduce.ts";
import { max, min } from "../runtime/ops/minmax.ts";
import { logsumexp, norm, std, variance } from "../runtime/ops/stats.ts";
import { cumprod, cumsum, log_softmax, softmax } from "../runtime/ops/scan.ts";
import { addmm, bmm, dot, matmul, mm, mv, outer } from "../runtime/ops/linalg.ts";
import { Tensor } from "../runtime/tensor.ts";
import { assertClose, tensor, values } from "./helpers.ts";
import { gradcheck, type Init } from "./gradcheck.ts";

Deno.test("autograd: numerical gradient checks", async (t) => {
  const binaries: [string, (a: Tensor, b: Tensor) => Tensor, Init][] = [
    ["add", (a, b) => B.add(a, b), "any"],
    ["add alpha", (a, b) => B.add(a, b, { alpha: 2.5 }), "any"],
    ["sub", (a, b) => B.sub(a, b, { alpha: 0.5 }), "any"],
    ["rsub", (a, b) => B.rsub(a, b, { alpha: 3 }), "any"],
    ["mul", (a, b) => B.mul(a, b), "any"],
    ["div", (a, b) => B.div(a, b), "away"],
    ["remainder", (a, b) => B.remainder(a, b), "away"],
    ["maximum", (a, b) => B.maximum(a, b), "any"],
    ["minimum", (a, b) => B.minimum(a, b), "any"],
    ["atan2", (a, b) => B.atan2(a, b), "away"],
    ["pow tensor", (a, b) => pow(a, b), "pos"],
    ["clamp tensor", (a, b) => clamp(a, { min: b }), "any"],
  ];
  for (const [name, fn, init] of binaries) {
    await t.step(name, () => {
      gradcheck(fn, [[2, 3], [2, 3]], init);
      gradcheck(fn, [[2, 3], [3]], init); // broadcast
      gradcheck(fn, [[4, 1], [1, 3]], init);
    });
  }
  await t.step("python scalars", () => {
    gradcheck((a) => B.mul(B.sub(B.add(a, 2), 1.5), 3), [[2, 2]]);
    gradcheck((a) => B.div(B.rsub(a, 1), 4), [[3]]);
    gradcheck((a) => B.div(2, a), [[3]], "away");
    gradcheck((a) => pow(2, a), [[3]]);
  });
  const unaries: [string, (a: Tensor) => Tensor, Init][] = [
    ["neg", U.neg, "any"],
    ["abs", U.abs, "away"],
    ["relu", U.relu, "away"],
    ["frac", U.frac, "away"],
    ["exp", U.exp, "any"],
    ["expm1", U.expm1, "any"],
    ["log", U.log, "pos"],
    ["log2", U.log2, "pos"],
    ["log10", U.log10, "pos"],
    ["log1p", U.log1p, "pos"],
    ["sqrt", U.sqrt, "pos"],
    ["rsqrt", U.rsqrt, "pos"],
    ["sin", U.sin, "any"],
    ["cos", U.cos, "any"],
    ["tan", U.tan, "away"],
    ["tanh", U.tanh, "any"],
    ["sigmoid", U.sigmoid, "any"],
    ["erf", U.erf, "any"],
    ["reciprocal", U.reciprocal, "away"],
    ["nan_to_num", (a) => U.nan_to_num(a), "any"],
    ["floor (zero)", U.floor, "away"],
    ["pow 3", (a) => pow(a, 3), "any"],
    ["pow -1.5", (a) => pow(a, -1.5), "pos"],
    ["square", (a) => pow(a, 2), "any"],
    ["clamp", (a) => clamp(a, { min: -0.5, max: 0.7 }), "any"],
    ["clamp min", (a) => clamp(a, { min: 0.1 }), "any"],
    ["where", (a) => where(gt(a, 0), B.mul(a, a), U.neg(a)), "any"],
  ];
  for (const [name, fn, init] of unaries) await t.step(name, () => gradcheck(fn, [[2, 3]], init));
  await t.step("where broadcast", () => {
    gradcheck((a, b) => where(gt(tensor([1, -1, 1]), 0), a, b), [[2, 3], [2, 1]]);
  });
  const reductions: [string, (a: Tensor) => Tensor, Init][] = [
    ["sum", (a) => sum(a), "any"],
    ["sum dim", (a) => sum(a, { dim: 1 }), "any"],
    ["sum dims keepdim", (a) => sum(a, { dim: [0, 2], keepdim: true }), "any"],
    ["mean", (a) => mean(a), "any"],
    ["mean dim", (a) => mean(a, { dim: -1 }), "any"],
    ["prod", (a) => prod(a), "away"],
    ["prod dim", (a) => prod(a, { dim: 1 }), "away"],
    ["max", (a) => max(a), "any"],
    ["min", (a) => min(a), "any"],
    ["max dim", (a) => max(a, { dim: 1 }).values, "any"],
    ["min dim keepdim", (a) => min(a, { dim: 0, keepdim: true }).values, "any"],
    ["var", (a) => variance(a), "any"],
    ["var dim", (a) => variance(a, { dim: 1, unbiased: false }), "any"],
    ["std", (a) => std(a), "any"],
    ["std dim", (a) => std(a, { dim: [0, 1], keepdim: true }), "any"],
    ["norm", (a) => norm(a), "any"],
    ["norm 1", (a) => norm(a, { p: 1, dim: 1 }), "away"],
    ["norm 3", (a) => norm(a, { p: 3, dim: 2 }), "away"],
    ["norm inf", (a) => norm(a, { p: Infinity }), "any"],
    ["logsumexp", (a) => logsumexp(a, { dim: 1 }), "any"],
    ["softmax", (a) => softmax(a, 1), "any"],
    ["log_softmax", (a) => log_softmax(a, -1), "any"],
    ["cumsum", (a) => cumsum(a, 1), "any"],
    ["cumprod", (a) => cumprod(a, 2), "away"],
  ];
  for (const [name, fn, init] of reductions) await t.step(name, () => gradcheck(fn, [[2, 3, 2]], init));
  await t.step("mm, bmm, mv, dot, outer, addmm", () => {
    gradcheck(mm, [[2, 3], [3, 4]]);
    gradcheck(bmm, [[2, 2, 3], [2, 3, 2]]);
    gradcheck(mv, [[2, 3], [3]]);
    gradcheck(dot, [[4], [4]]);
    gradcheck(outer, [[2], [3]]);
    gradcheck((i, a, b) => addmm(i, a, b, { beta: 0.5, alpha: 2 }), [[3], [2, 4], [4, 3]]);
    gradcheck((i, a, b) => addmm(i, a, b), [[2, 3], [2, 4], [4, 3]]);
  });
  await t.step("matmul", () => {
    gradcheck(matmul, [[3], [3]]);
    gradcheck(matmul, [[2, 3], [3]]);
    gradcheck(matmul, [[3], [3, 2]]);
    gradcheck(matmul, [[2, 2, 3], [3, 2]]);
    gradcheck(matmul, [[3], [2, 3, 2]]);
    gradcheck(matmul, [[2, 1, 2, 3], [3, 3, 2]]);
    gradcheck(matmul, [[2, 2, 3], [3]]);
  });
});

Deno.test("autograd: exact values and no grad for integer outputs", () => {
  // torch 1.13: x = torch.tensor([[1., 5., 2.], [7., 3., 3.5]], requires_grad=True)
  const leaf = (v: number[], shape: number[]) => {
    const x = tensor(v, shape);
    x.requiresGrad = true;
    return x;
  };
  const x = leaf([1, 5, 2, 7, 3, 3.5], [2, 3]);
  const { values: mx, indices } = max(x, { dim: 1 });
  assert.equal(indices.requiresGrad, false);
  assert.equal(indices.gradFn, null);
  assert.equal(mx.requiresGrad, true);
  // (x.softmax(1) * torch.tensor([1., 2., 3.])).sum().backward(); x.grad
  runBackward([sum(B.mul(softmax(x, 1), tensor([1, 2, 3])))], [Tensor.fromArray([1], [], "float32")]);
  assertClose(values(x.grad!), [-0.0177, -0.0276, 0.0452, -0.0716, 0.0162, 0.0554], { atol: 1e-4 });
  // torch.tensor([2., 2., 1.], requires_grad=True).max() shares the gradient between the ties.
  const y = leaf([2, 2, 1], [3]);
  runBackward([max(y)], [Tensor.fromArray([1], [], "float32")]);
  assert.deepEqual(values(y.grad!), [0.5, 0.5, 0]);
  // Integer and wrapped-scalar operands take no gradient.
  const i = tensor([1, 2, 3], [3], "int64");
  const z = leaf([0.5, 1, 2], [3]);
  const out = B.mul(z, i);
  runBackward([sum(out)], [Tensor.fromArray([1], [], "float32")]);
  assert.deepEqual(values(z.grad!), [1, 2, 3]);
});

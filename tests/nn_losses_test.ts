// torch.nn losses from TypeScript against PyTorch 1.13 (values, gradients and grad_fn names taken
// from /usr/bin/python3) and PyTorch's errors for wrong shapes, dtypes and targets. The numerical
// gradient checks are in nn_losses_gradcheck_test.ts.

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { Tensor } from "../runtime/tensor.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { sum } from "../runtime/ops/reduce.ts";
import { log_softmax } from "../runtime/ops/scan.ts";
import * as F from "../runtime/nn/functional_losses.ts";
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
} from "../runtime/nn/losses.ts";
import { assertClose, assertTensor, assertTorchError, tensor, values } from "./helpers.ts";

const longs = (v: number[], shape = [v.length]) => tensor(v, shape, "int64");
const gradName = (t: Tensor) => (t.gradFn as { name: string } | null)?.name ?? null;
const nextNames = (t: Tensor) =>
  (t.gradFn as unknown as { nextFunctions: [{ name: string } | null, number][] }).nextFunctions.map(([n]) =>
    n?.name ?? null
  );
const leaf = (v: number[], shape: number[]) => {
  const t = tensor(v, shape);
  t.requiresGrad = true;
  return t;
};
/** Backpropagates loss.sum() and returns the leaf's gradient values. */
function gradOf(loss: Tensor, x: Tensor): number[] {
  x.grad = null;
  runBackward([sum(loss)], [tensor([1], [])]);
  return values(x.grad!);
}

const LOGITS = [2.0, -1.0, 0.5, 0.1, 0.2, 3.0, -1.0, 1.5, 0.0, 0.3, 0.3, 0.3];
const logits = () => leaf(LOGITS, [4, 3]);
const TARGET = longs([0, 2, 1, 1]);
const W = tensor([1.0, 2.0, 0.5]);
const PROBS = tensor([0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.6, 0.2, 0.2, 0.3, 0.3, 0.4], [4, 3]);

Deno.test("cross_entropy and nll_loss match PyTorch", async (t) => {
  await t.step("class indices, each reduction", () => {
    const x = logits();
    const mean = F.cross_entropy(x, TARGET);
    assertTensor(mean, [0.4289732575416565], { shape: [] });
    assert.equal(gradName(mean), "NllLossBackward0");
    assert.deepEqual(nextNames(mean), ["LogSoftmaxBackward0"]);
    assertClose(gradOf(mean, x), [
      -0.0536007434,
      0.0097781429,
      0.0438225977,
      0.0123278303,
      0.0136243608,
      -0.0259521902,
      0.0157225039,
      -0.0584606975,
      0.0427381955,
      0.0833333284,
      -0.1666666716,
      0.0833333284,
    ]);
    assertTensor(F.cross_entropy(x, TARGET, { reduction: "sum" }), [1.715893030166626]);
    const none = F.cross_entropy(x, TARGET, { reduction: "none" });
    assertTensor(none, [0.24131132662296295, 0.1096014678478241, 0.2663678824901581, 1.0986123085021973]);
    assert.equal(gradName(none), "NllLossBackward0");
  });

  await t.step("weight and ignore_index: the mean divides by the kept targets' weights", () => {
    const x = logits();
    assertTensor(F.cross_entropy(x, TARGET, { weight: W }), [0.5501949787139893]);
    const l = F.cross_entropy(x, TARGET, { weight: W, ignoreIndex: 2 });
    assertTensor(l, [0.5942543745040894]);
    assertClose(gradOf(l, x), [
      -0.0428805947,
      0.0078225145,
      0.0350580774,
      0,
      0,
      0,
      0.0251560062,
      -0.0935371146,
      0.0683811158,
      0.1333333254,
      -0.2666666806,
      0.1333333254,
    ]);
    // Ignored samples are +0, never -0.
    assertTensor(F.nll_loss(x, TARGET, { ignoreIndex: 1, reduction: "none" }), [-2, -3, 0, 0], { exact: true });
    assertTensor(F.nll_loss(x, longs([1, 1, 1, 1]), { ignoreIndex: 1 }), [NaN]);
  });

  await t.step("label smoothing builds AddBackward0 over two MulBackward1", () => {
    const x = logits();
    const l = F.cross_entropy(x, TARGET, { labelSmoothing: 0.2, weight: W, ignoreIndex: 1 });
    assertTensor(l, [0.8902906775474548]);
    assert.equal(gradName(l), "AddBackward0");
    assert.deepEqual(nextNames(l), ["MulBackward1", "MulBackward1"]);
    assertClose(gradOf(l, x), [
      -0.0365887247,
      -0.0619446747,
      0.0985333845,
      -0.0236241091,
      -0.0658788606,
      0.0895029828,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    assertTensor(F.cross_entropy(x, TARGET, { labelSmoothing: 0.1 }), [0.5473], { rtol: 1e-4 });
  });

  await t.step("class-probability targets", () => {
    const x = logits();
    const l = F.cross_entropy(x, PROBS, { weight: W, labelSmoothing: 0.1 });
    assertTensor(l, [1.6681932210922241]);
    assert.equal(gradName(l), "DivBackward1");
    assert.deepEqual(nextNames(l), ["NegBackward0"]);
    assertClose(gradOf(l, x), [
      0.1551772058,
      -0.1412855387,
      -0.0138916764,
      -0.021628553,
      -0.0514938124,
      0.0731223658,
      -0.1259337813,
      0.1053035036,
      0.0206302721,
      0.0163888820,
      -0.0594444536,
      0.0430555530,
    ]);
    const none = F.cross_entropy(x, PROBS, { reduction: "none" });
    assertTensor(none, [1.8913114070892334, 0.6796014904975891, 2.0663678646087646, 1.0986123085021973]);
    assert.equal(gradName(none), "NegBackward0");
  });

  await t.step("(N, C, d) inputs go through NllLoss2DBackward0, viewed back for 'none'", () => {
    const x3 = leaf(Array.from({ length: 24 }, (_, i) => Math.sin(i)), [2, 3, 4]);
    const t3 = longs([0, 1, 2, 1, 2, 2, 0, 1], [2, 4]);
    const l = F.cross_entropy(x3, t3, { reduction: "none", weight: W, ignoreIndex: 0 });
    assertTensor(l, [
      0,
      4.794243812561035,
      0.9420328140258789,
      1.1618571281433105,
      0.21446779370307922,
      0.30078426003456116,
      0,
      2.2096633911132812,
    ], { shape: [2, 4] });
    assert.equal(gradName(l), "ViewBackward0");
    assert.deepEqual(nextNames(l), ["NllLoss2DBackward0"]);
    assertClose(gradOf(l, x3), [
      0,
      1.1012221575,
      0.3250116706,
      0.6678792238,
      0,
      -1.8180410862,
      0.0990028083,
      -0.8812426329,
      0,
      0.7168190479,
      -0.4240145087,
      0.2133634239,
      0.0764131173,
      0.1806481034,
      0,
      1.0927813053,
      0.0979859382,
      0.0453761369,
      0,
      -1.3374667168,
      -0.1743990779,
      -0.2260242701,
      0,
      0.2446853817,
    ]);
    const x4 = leaf(Array.from({ length: 24 }, (_, i) => Math.cos(i)), [2, 3, 2, 2]);
    const mean4 = F.nll_loss(x4, longs([0, 1, 2, 1, 2, 2, 0, 1], [2, 2, 2]));
    assert.equal(gradName(mean4), "NllLoss2DBackward0");
    assert.deepEqual(nextNames(mean4), ["AccumulateGrad"]);
  });

  await t.step("a single sample: (C) input, 0-d target", () => {
    assertTensor(F.cross_entropy(tensor([1.0, 2.0, 0.5]), longs([1], [])), [0.4644], { rtol: 1e-4 });
    assertTensor(F.cross_entropy(tensor([1.0, 2.0, 0.5]), tensor([0.2, 0.3, 0.5])), [1.4144], { rtol: 1e-4 });
    assertTensor(F.nll_loss(tensor([1.0, 2.0, 0.5]), longs([2], []), { reduction: "none" }), [-0.5]);
  });
});

Deno.test("pointwise losses match PyTorch", async (t) => {
  const a = () => leaf([1.0, -2.0, 0.5, 3.0], [2, 2]);
  const b = tensor([0.0, -1.0, 2.0, 3.5], [2, 2]);
  await t.step("mse_loss records MseLossBackward0 with edges to input and target", () => {
    const x = a();
    const l = F.mse_loss(x, b);
    assertTensor(l, [1.125]);
    assert.equal(gradName(l), "MseLossBackward0");
    assert.deepEqual(nextNames(l), ["AccumulateGrad", null]);
    assert.deepEqual(gradOf(l, x), [0.5, -0.5, -0.75, -0.25]);
    assertTensor(F.mse_loss(x, b, "none"), [1, 1, 2.25, 0.25], { shape: [2, 2] });
  });
  await t.step("l1_loss is composite in 1.13: SumBackward0 over AbsBackward0", () => {
    const x = a();
    const l = F.l1_loss(x, b, "sum");
    assertTensor(l, [4]);
    assert.equal(gradName(l), "SumBackward0");
    assert.deepEqual(nextNames(l), ["AbsBackward0"]);
    assert.deepEqual(gradOf(l, x), [1, -1, -1, -1]);
    assert.equal(gradName(F.l1_loss(x, b, "none")), "AbsBackward0");
  });
  await t.step("smooth_l1_loss(beta) and huber_loss(delta)", () => {
    const x = a();
    const s = F.smooth_l1_loss(x, b, "mean", 0.7);
    assertTensor(s, [0.6571428179740906]);
    assert.equal(gradName(s), "SmoothL1LossBackward0");
    assertClose(gradOf(s, x), [0.25, -0.25, -0.25, -0.1785714328289032]);
    const h = F.huber_loss(x, b, "none", 0.6);
    assertTensor(h, [0.42, 0.42, 0.72, 0.125]);
    assert.equal(gradName(h), "HuberLossBackward0");
    assertClose(gradOf(h, x), [0.6, -0.6, -0.6, -0.5]);
  });
  await t.step("kl_div with 'batchmean'", () => {
    const x = logits();
    const l = F.kl_div(log_softmax(x, 1), PROBS, "batchmean");
    assertTensor(l, [0.5070094466209412]);
    assert.equal(gradName(l), "DivBackward0");
    assertClose(gradOf(l, x), [
      0.1463992596,
      -0.065221861,
      -0.0811773986,
      -0.0126721701,
      -0.0113756396,
      0.0240478069,
      -0.1342775077,
      0.1415393054,
      -0.0072618052,
      0.0083333254,
      0.0083333254,
      -0.0166666731,
    ]);
  });
});

Deno.test("binary cross-entropy matches PyTorch", async (t) => {
  await t.step("binary_cross_entropy clamps the logs at -100", () => {
    const p = leaf([0.9, 0.2, 0.6, 0.4, 0.0, 1.0], [6]);
    const y = tensor([1, 0, 1, 0, 1, 1]);
    const l = F.binary_cross_entropy(p, y, tensor([1, 2, 3, 1, 0.5, 1]), "none");
    assertTensor(l, [0.10536054521799088, 0.4462870657444, 1.5324766635894775, 0.5108255743980408, 50, 0]);
    assert.equal(gradName(l), "BinaryCrossEntropyBackward0");
    assert.deepEqual(nextNames(l), ["AccumulateGrad", null]);
    assertClose(gradOf(l, p), [-1.1111111640930176, 2.499999761581421, -5, 1.6666666269302368, -499999997952, 0]);
  });
  await t.step("binary_cross_entropy_with_logits with pos_weight stays finite for large logits", () => {
    const z = leaf([2.0, -1.0, 0.3, 0.0, 50.0, -80.0], [2, 3]);
    const y = tensor([1, 0, 1, 0.5, 0, 1], [2, 3]);
    const l = F.binary_cross_entropy_with_logits(z, y, null, "mean", tensor([3.0, 1.0, 0.5]));
    assertTensor(l, [15.392918586730957]);
    assert.equal(gradName(l), "BinaryCrossEntropyWithLogitsBackward0");
    assertClose(gradOf(l, z), [
      -0.05960146710276604,
      0.04482357203960419,
      -0.0354631245136261,
      -0.0833333358168602,
      0.1666666716337204,
      -0.0833333358168602,
    ]);
  });
});

Deno.test("loss modules", async (t) => {
  await t.step("print with an empty extra_repr and keep weights as buffers", () => {
    for (const m of [new L1Loss(), new MSELoss(), new SmoothL1Loss(), new HuberLoss(), new KLDivLoss()]) {
      assert.equal(m.repr("", () => ""), `${m.constructor.name}()`);
    }
    const ce = new CrossEntropyLoss(W, "sum", 2, 0.25);
    assert.equal(ce.repr("", () => ""), "CrossEntropyLoss()");
    assert.deepEqual([...ce.namedBuffers("", true)].map(([k]) => k), ["weight"]);
    assertTensor(ce.forward(logits(), TARGET), [3.5303], { rtol: 1e-4 });
    assert.deepEqual([...new BCEWithLogitsLoss(null, "mean", tensor([1, 1])).namedBuffers("", true)].map(([k]) => k), [
      "pos_weight",
    ]);
  });
  await t.step("forward uses the module's options", () => {
    assertTensor(new NLLLoss(W, "mean", 1).forward(logits(), TARGET), [-2.3333332538604736]);
    assertTensor(new BCELoss(null, "sum").forward(tensor([0.5, 0.5]), tensor([1, 0])), [1.3862943649291992]);
    assertTensor(new MSELoss("sum").forward(tensor([1, 2]), tensor([0, 0])), [5]);
  });
  await t.step("legacy size_average/reduce map to a reduction", () => {
    assert.equal(F.legacyReduction(false, null), "sum");
    assert.equal(F.legacyReduction(null, false), "none");
    assert.equal(F.legacyReduction(true, true), "mean");
  });
});

Deno.test("loss errors are PyTorch's", async (t) => {
  const x = tensor(LOGITS, [4, 3]);
  await t.step("class-index targets", () => {
    assertTorchError(() => F.cross_entropy(x, longs([0, 5, 1, 1])), "IndexError", "Target 5 is out of bounds.");
    assertTorchError(() => F.cross_entropy(x, longs([0, -1, 1, 1])), "IndexError", "Target -1 is out of bounds.");
    assertTorchError(
      () => F.cross_entropy(x, longs([0, 1, 1])),
      "ValueError",
      "Expected input batch_size (4) to match target batch_size (3).",
    );
    assertTorchError(
      () => F.cross_entropy(x, tensor([1, 1, 1, 1])),
      "RuntimeError",
      "expected scalar type Long but found Float",
    );
    assertTorchError(
      () => F.cross_entropy(x, tensor([1, 1, 1, 1, 1, 1, 1, 1], [4, 2])),
      "RuntimeError",
      "0D or 1D target tensor expected, multi-target not supported",
    );
    assertTorchError(
      () => F.cross_entropy(x, longs(new Array(12).fill(0), [4, 3])),
      "RuntimeError",
      "Expected floating point type for target with class probabilities, got Long",
    );
    assertTorchError(
      () => F.cross_entropy(x, TARGET, { weight: tensor([1, 1]) }),
      "RuntimeError",
      "weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]",
    );
    assertTorchError(
      () => F.cross_entropy(tensor(new Array(24).fill(0), [2, 3, 4]), longs(new Array(10).fill(0), [2, 5])),
      "RuntimeError",
      "Expected target size [2, 4], got [2, 5]",
    );
    assertTorchError(
      () => F.cross_entropy(tensor(new Array(96).fill(0), [2, 3, 4, 4]), longs(new Array(40).fill(0), [2, 5, 4])),
      "RuntimeError",
      "size mismatch (got input: [2, 3, 4, 4] , target: [2, 5, 4]",
    );
    assertTorchError(
      () => F.nll_loss(tensor([1], []), longs([0], [])),
      "ValueError",
      "Expected 1 or more dimensions (got 0)",
    );
    assertTorchError(
      () => F.cross_entropy(x, TARGET, { labelSmoothing: 1.5 }),
      "RuntimeError",
      "label_smoothing must be between 0.0 and 1.0. Got: 1.5",
    );
    assertTorchError(
      () => F.cross_entropy(x, PROBS, { ignoreIndex: 1 }),
      "RuntimeError",
      "ignore_index is not supported for floating point target",
    );
  });
  await t.step("reductions, shapes and dtypes", () => {
    const x64 = tensor(LOGITS, [4, 3], "float64");
    assertTorchError(
      () => F.nll_loss(x64, TARGET, { weight: W }),
      "RuntimeError",
      "expected scalar type Double but found Float",
    );
    assertTorchError(
      () => F.kl_div(x, longs(new Array(12).fill(1), [4, 3])),
      "RuntimeError",
      "kl_div: Integral inputs not supported.",
    );
    assertTorchError(() => F.mse_loss(x, x, "foo"), "ValueError", "foo is not a valid value for reduction");
    assertTorchError(
      () => F.mse_loss(x, tensor([1, 2])),
      "RuntimeError",
      "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
    );
    assertTorchError(
      () => F.mse_loss(longs([1]), longs([1])),
      "RuntimeError",
      `"mse_cpu" not implemented for 'Long'`,
    );
    assertTorchError(
      () => F.smooth_l1_loss(x, x, "mean", -1),
      "RuntimeError",
      "smooth_l1_loss does not support negative values for beta.",
    );
    assertTorchError(
      () => F.huber_loss(x, x, "mean", 0),
      "RuntimeError",
      "huber_loss does not support non-positive values for delta.",
    );
    assertTorchError(
      () => F.binary_cross_entropy(tensor([0.5, 0.5]), tensor([1])),
      "ValueError",
      "Using a target size (torch.Size([1])) that is different to the input size (torch.Size([2])) is deprecated. Please ensure they have the same size.",
    );
    assertTorchError(
      () => F.binary_cross_entropy(tensor([1.5]), tensor([1])),
      "RuntimeError",
      "all elements of input should be between 0 and 1",
    );
    assertTorchError(
      () => F.binary_cross_entropy(tensor([0.5]), longs([1])),
      "RuntimeError",
      "Found dtype Long but expected Float",
    );
    assertTorchError(
      () => F.binary_cross_entropy_with_logits(tensor([0.5, 0.5]), tensor([1])),
      "ValueError",
      "Target size (torch.Size([1])) must be the same as input size (torch.Size([2]))",
    );
  });
});

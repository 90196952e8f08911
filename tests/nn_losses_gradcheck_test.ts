// Numerical gradient checks of every loss: each reduction, with class weights, ignore_index,
// label smoothing, probability targets, (N, C, d...) inputs, pos_weight, and the target's gradient
// where PyTorch gives one.

import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { sigmoid } from "../runtime/ops/unary.ts";
import { log_softmax, softmax } from "../runtime/ops/scan.ts";
import * as F from "../runtime/nn/functional_losses.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { tensor } from "./helpers.ts";
import { gradcheck } from "./gradcheck.ts";

// Constants are made inside each case, on the default device and in the input's dtype, so the
// cross-backend test (tests/webgpu_cross_backend_test.ts) can run the cases on WebGPU in float32.
const longs = (v: number[], shape = [v.length]) => tensor(v, shape, "int64");

Deno.test("loss gradients agree with central differences", async (t) => {
  const reductions = ["mean", "sum", "none"];
  const t2 = () => longs([0, 2, 1, 1]);
  const wd = (x: Tensor) => tensor([0.7, 1.3, 0.4], [3], x.dtype); // nll_loss wants the weight in the input's dtype
  for (const red of reductions) {
    await t.step(`pointwise losses, reduction=${red}`, () => {
      gradcheck((x, y) => F.mse_loss(x, y, red), [[3, 4], [3, 4]]);
      gradcheck((x, y) => F.mse_loss(x, y, red), [[3, 4], [4]]);
      gradcheck((x, y) => F.l1_loss(x, y, red), [[3, 4], [3, 4]], "away");
      gradcheck((x, y) => F.smooth_l1_loss(x, y, red, 0.7), [[3, 4], [3, 4]]);
      gradcheck((x, y) => F.smooth_l1_loss(x, y, red, 0), [[3, 4], [3, 4]]);
      gradcheck((x, y) => F.huber_loss(x, y, red, 0.6), [[3, 4], [3, 4]]);
      gradcheck((x, y) => F.kl_div(log_softmax(x, 1), softmax(y, 1), red), [[3, 4], [3, 4]]);
      gradcheck((x, y) => F.kl_div(log_softmax(x, 1), log_softmax(y, 1), red, true), [[3, 4], [3, 4]]);
    });
    await t.step(`nll_loss and cross_entropy, reduction=${red}`, () => {
      gradcheck((x) => F.nll_loss(x, t2(), { reduction: red }), [[4, 3]]);
      gradcheck((x) => F.nll_loss(x, t2(), { reduction: red, weight: wd(x), ignoreIndex: 2 }), [[4, 3]]);
      gradcheck((x) => F.nll_loss(x, longs([1], []), { reduction: red, weight: wd(x) }), [[3]]);
      gradcheck((x) => F.cross_entropy(x, t2(), { reduction: red, weight: wd(x) }), [[4, 3]]);
      gradcheck((x) => F.cross_entropy(x, t2(), { reduction: red, ignoreIndex: 1 }), [[4, 3]]);
      gradcheck((x) => F.cross_entropy(x, t2(), { reduction: red, labelSmoothing: 0.2 }), [[4, 3]]);
      gradcheck(
        (x) => F.cross_entropy(x, t2(), { reduction: red, labelSmoothing: 0.3, weight: wd(x), ignoreIndex: 0 }),
        [[4, 3]],
      );
      gradcheck((x, p) => F.cross_entropy(x, softmax(p, 1), { reduction: red }), [[4, 3], [4, 3]]);
      gradcheck(
        (x, p) => F.cross_entropy(x, softmax(p, 1), { reduction: red, weight: wd(x), labelSmoothing: 0.1 }),
        [[4, 3], [4, 3]],
      );
      const t3 = () => longs([0, 1, 2, 1, 2, 2, 0, 1], [2, 4]);
      gradcheck((x) => F.cross_entropy(x, t3(), { reduction: red, weight: wd(x), ignoreIndex: 1 }), [[2, 3, 4]]);
      const t4 = () => longs([0, 1, 2, 1, 2, 2, 0, 1], [2, 2, 2]);
      gradcheck((x) => F.nll_loss(x, t4(), { reduction: red }), [[2, 3, 2, 2]]);
      gradcheck((x) => F.cross_entropy(x, t4(), { reduction: red, labelSmoothing: 0.1 }), [[2, 3, 2, 2]]);
    });
    await t.step(`binary cross-entropy, reduction=${red}`, () => {
      const w = () => tensor([0.5, 2.0, 1.5]);
      gradcheck((x, y) => F.binary_cross_entropy(sigmoid(x), sigmoid(y), null, red), [[2, 3], [2, 3]]);
      gradcheck((x, y) => F.binary_cross_entropy(sigmoid(x), sigmoid(y), w(), red), [[2, 3], [2, 3]]);
      gradcheck((x, y) => F.binary_cross_entropy_with_logits(x, sigmoid(y), null, red), [[2, 3], [2, 3]]);
      gradcheck((x, y) => F.binary_cross_entropy_with_logits(x, sigmoid(y), w(), red, tensor([3, 1, 0.5])), [
        [2, 3],
        [2, 3],
      ]);
    });
  }
});

// threshold_backward: relu's gradient as one op. Values from PyTorch 1.13
// (torch.autograd.grad of relu with create_graph=True, then its own gradient).
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import * as U from "../runtime/ops/unary.ts";
import { threshold_backward } from "../runtime/ops/threshold_backward.ts";
import { sum } from "../runtime/ops/reduce.ts";
import { mul } from "../runtime/ops/binary.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { Tensor } from "../runtime/tensor.ts";
import { tensor, values } from "./helpers.ts";
import { gradcheck } from "./gradcheck.ts";

Deno.test("threshold_backward", async (t) => {
  await t.step("gradcheck (grad input; the output's mask has zero gradient)", () => {
    gradcheck((g, o) => threshold_backward(g, o), [[2, 3], [2, 3]], "away");
    gradcheck((g, o) => threshold_backward(g, o), [[2, 3], [3]], "away"); // broadcast
  });
  await t.step("relu's gradient, NaN output passes grad through as in PyTorch", () => {
    const x = tensor([-1, 0, 2, 3, -0.5, NaN], [2, 3]);
    const g = tensor([1.5, 2, -3, 4, 5, 6], [2, 3]);
    assert.deepEqual(values(threshold_backward(g, U.relu(x))), [0, 0, -3, 4, 0, 6]);
  });
  await t.step("relu records ReluBackward0 whose gradient is ThresholdBackwardBackward0", () => {
    const x = tensor([-1, 2, 3], [3]);
    x.requiresGrad = true;
    const y = U.relu(x);
    assert.equal(y.gradFn?.name, "ReluBackward0");
    runBackward([sum(mul(y, tensor([2, 3, 4], [3])))], [Tensor.fromArray([1], [], "float32")]);
    assert.deepEqual(values(x.grad!), [0, 3, 4]);
    const g = tensor([1], [1]);
    g.requiresGrad = true;
    assert.equal(threshold_backward(g, tensor([1], [1])).gradFn?.name, "ThresholdBackwardBackward0");
  });
});

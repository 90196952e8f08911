// The value checks of the losses on WebGPU (kernels/webgpu/loss_checks.ts): nll_loss/cross_entropy
// targets outside [0, C) other than ignore_index, binary_cross_entropy inputs outside [0, 1] (NaN
// included). The CPU raises them at the call; WebGPU records them on the device and raises them at
// the next read, as PyTorch's CUDA backend does (device-side asserts), so a training step never
// waits for them. The script's expected output is /usr/bin/python3's (PyTorch 1.13 on the CPU,
// where the same reads raise the same errors); it runs on both devices.

import assert from "node:assert/strict";
import { createRuntime } from "../mod.ts";
import { initWebGPU, queueStats } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { getDevice, setDefaultDevice } from "../runtime/device.ts";
import { Tensor } from "../runtime/tensor.ts";
import { TorchError } from "../runtime/errors.ts";
import { cross_entropy } from "../runtime/nn/losses_cross_entropy.ts";
import { binary_cross_entropy } from "../runtime/nn/losses_binary.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { ones_like } from "../runtime/ops/creation.ts";
import { compareOutput } from "./compare_output.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter (webgpu loss value checks)");

const SCRIPT = `import torch
import torch.nn as nn
import torch.nn.functional as F
def attempt(f):
    try:
        print(f())
    except (IndexError, RuntimeError) as e:
        print(type(e).__name__, e)
x = torch.linspace(-2, 2, 12).reshape(3, 4)
attempt(lambda: F.cross_entropy(x, torch.tensor([1, 7, 5])).tolist())
attempt(lambda: F.nll_loss(x, torch.tensor([1, -100, 2])).tolist())
attempt(lambda: F.nll_loss(x, torch.tensor([1, 5, 2]), ignore_index=5).tolist())
attempt(lambda: F.nll_loss(x, torch.tensor([1, 5, 2]), ignore_index=-100).tolist())
attempt(lambda: nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0, 4.0]), reduction='sum')(x, torch.tensor([3, 0, 4])).tolist())
attempt(lambda: F.cross_entropy(x, torch.tensor([1, -2, 3]), label_smoothing=0.2).tolist())
attempt(lambda: F.nll_loss(torch.zeros(2, 4, 2, 2), torch.tensor([[[1, 9], [5, 0]], [[0, 0], [0, 0]]])).tolist())
attempt(lambda: F.cross_entropy(torch.zeros(2, 4, 3), torch.tensor([[1, 2, 0], [0, 4, 0]]), reduction='none').tolist())
t = torch.arange(1000) % 7
t[611] = -3
t[998] = 12
attempt(lambda: F.nll_loss(torch.zeros(1000, 7), t).tolist())
attempt(lambda: F.nll_loss(torch.zeros(5, 7), t.view(500, 2)[495:, 0]).tolist())
g = (torch.arange(24) % 4).reshape(2, 3, 4)
g[1, 2, 1] = 8
g[1, 0, 3] = 6
attempt(lambda: F.nll_loss(torch.zeros(2, 4, 4, 3), g.transpose(1, 2), reduction='sum').tolist())
attempt(lambda: F.cross_entropy(x, torch.tensor([3, 0, 2])).tolist())
p = torch.tensor([[0.25, 0.5], [1.25, 0.75]])
attempt(lambda: F.binary_cross_entropy(p.t(), torch.ones(2, 2)).tolist())
attempt(lambda: F.binary_cross_entropy(torch.tensor([0.5, float('nan')]), torch.ones(2)).tolist())
attempt(lambda: nn.BCELoss()(torch.tensor([0.5, -0.25]), torch.ones(2)).tolist())
attempt(lambda: F.binary_cross_entropy(torch.tensor([0.0, 1.0, 0.25, -0.0]), torch.tensor([0.0, 1.0, 1.0, 0.0]), reduction='none').tolist())
`;

/** /usr/bin/python3 (PyTorch 1.13) running SCRIPT. */
const EXPECTED = `IndexError Target 7 is out of bounds.
0.0
0.0
IndexError Target 5 is out of bounds.
IndexError Target 4 is out of bounds.
IndexError Target -2 is out of bounds.
IndexError Target 9 is out of bounds.
IndexError Target 4 is out of bounds.
IndexError Target -3 is out of bounds.
IndexError Target 12 is out of bounds.
IndexError Target 8 is out of bounds.
1.4068349599838257
RuntimeError all elements of input should be between 0 and 1
RuntimeError all elements of input should be between 0 and 1
RuntimeError all elements of input should be between 0 and 1
[0.0, -0.0, 1.3862943649291992, 0.0]
`;

for (const device of ["cpu", "webgpu"]) {
  Deno.test({ name: `loss value checks from Python on ${device}`, ignore: device === "webgpu" && !gpu }, async () => {
    let out = "";
    const it = await createRuntime({ stdout: (s) => (out += s), stderr: (s) => (out += s), device });
    try {
      const r = await it.run(SCRIPT, "loss_checks.tsl");
      assert.equal(r.exitCode, 0, out);
    } finally {
      setDefaultDevice("cpu");
    }
    const diff = compareOutput(out, EXPECTED);
    assert.equal(diff, undefined, diff);
  });
}

const logits = [-2, -1.6364, -1.2727, -0.9091, -0.5455, -0.1818, 0.1818, 0.5455, 0.9091, 1.2727, 1.6364, 2];

Deno.test({ name: "loss value checks on webgpu wait for nothing; the next read raises", ignore: !gpu }, async (t) => {
  const webgpu = getDevice("webgpu");
  const x = Tensor.fromArray(logits, [3, 4], "float32", webgpu);
  const targets = (v: number[]) => Tensor.fromArray(v, [v.length], "int64", webgpu);
  const raises = (type: string, message: string) => (e: unknown) => {
    assert.ok(e instanceof TorchError, String(e));
    assert.equal(`${e.pyType}: ${e.message}`, `${type}: ${message}`);
    return true;
  };

  await t.step("a bad target costs no wait; the loss's own read brings the error, in one wait", async () => {
    const before = { ...queueStats };
    const loss = cross_entropy(x, targets([1, 7, 5]));
    assert.equal(queueStats.waits, before.waits);
    await assert.rejects(() => loss.data(), raises("IndexError", "Target 7 is out of bounds."));
    assert.equal(queueStats.waits - before.waits, 1, "the fault flag rides along the read's wait");
  });

  await t.step("once raised, the fault is cleared: the next loss reads its value", async () => {
    const loss = cross_entropy(x, targets([3, 0, 2]));
    // PyTorch 1.13: F.cross_entropy(torch.linspace(-2, 2, 12).reshape(3, 4), torch.tensor([3, 0, 2])).
    assert.ok(Math.abs((await loss.data())[0] - 1.4068349599838257) < 1e-4);
  });

  await t.step("a training step with a bad target waits for nothing; its loss read raises", async () => {
    const w = Tensor.fromArray(logits, [3, 4], "float32", webgpu);
    w.requiresGrad = true;
    const before = { ...queueStats };
    const loss = cross_entropy(w, targets([0, 4, 1]));
    runBackward([loss], [ones_like(loss)]);
    const bce = binary_cross_entropy(
      Tensor.fromArray([0.5, 1.5], [2], "float32", webgpu),
      Tensor.fromArray([1, 1], [2], "float32", webgpu),
    );
    assert.equal(queueStats.waits, before.waits);
    assert.ok(w.grad, "backward ran");
    // The first fault recorded is the one raised (as a CUDA context keeps its first assert).
    await assert.rejects(() => bce.data(), raises("IndexError", "Target 4 is out of bounds."));
  });

  await t.step("an input outside [0, 1] to binary_cross_entropy", async () => {
    const loss = binary_cross_entropy(
      Tensor.fromArray([0.5, 1.5], [2], "float32", webgpu),
      Tensor.fromArray([1, 1], [2], "float32", webgpu),
    );
    await assert.rejects(() => loss.data(), raises("RuntimeError", "all elements of input should be between 0 and 1"));
  });
});

drainGpuAtEnd(gpu);

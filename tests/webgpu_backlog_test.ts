// The GPU backlog stays bounded (kernels/webgpu/backlog.ts): a loop that reads nothing must not
// run arbitrarily far ahead of the GPU, since wgpu panics (and kills the process) when a device is
// dropped with more than ~6 s of work queued. The values are PyTorch 1.13's on the CPU for the same
// seed (/usr/bin/python3), so the throttled loop still computes the right thing.

import assert from "node:assert/strict";
import { createRuntime } from "../mod.ts";
import {
  awaitBacklog,
  backlogStats,
  drainGpu,
  initWebGPU,
  MAX_IN_FLIGHT,
  queueStats,
  setMaxInFlight,
  submitsInFlight,
} from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");

// 1,500 forwards, nothing read until the end: 4,500 dispatches, five submits.
const INFERENCE = `
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
x = torch.randn(256, 64)
m, x = m.to('cuda'), x.to('cuda')
with torch.no_grad():
    for i in range(1500):
        y = m(x)
print('%.4f %.4f' % (y.sum().item(), y.abs().sum().item()))
`;
const TORCH_SUMS = [-92.5631, 454.7466];

// Plain tensor ops (no module call, hence no step boundary): 2,100 matmuls, two full submits that
// nothing waits for, and a third batch left open.
const MATMULS = `
import torch
a = torch.ones(128, 128, device='cuda')
for i in range(2100):
    c = a @ a
`;

/** Runs `source` on a fresh runtime, failing with its output if it raises; returns its stdout. */
async function run(source: string): Promise<string> {
  let out = "";
  const it = await createRuntime({ device: "cpu", stdout: (s) => (out += s), stderr: (s) => (out += s) });
  const r = await it.run(source, "<backlog_test>");
  assert.ok(r.ok, out);
  return out;
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test({ name: "webgpu backlog", ignore: !gpu }, async (t) => {
  await t.step("a forward loop that reads nothing stays a few submits ahead of the GPU", async () => {
    const before = { ...queueStats };
    let most = 0;
    // Sampled whenever the event loop turns, i.e. while a step boundary waits: never more than
    // MAX_IN_FLIGHT submits, plus the one a forward may have submitted since its boundary.
    const probe = setInterval(() => (most = Math.max(most, submitsInFlight())), 1);
    const out = await run(INFERENCE);
    clearInterval(probe);
    const sums = out.trim().split(" ").map(Number);
    sums.forEach((s, k) => assert.ok(Math.abs(s - TORCH_SUMS[k]) <= 1e-3 * Math.abs(TORCH_SUMS[k]), out));
    assert.ok(queueStats.submits - before.submits >= 4, "the loop submitted in batches");
    assert.ok(most <= MAX_IN_FLIGHT + 1, `in flight: ${most}`);
    // The only sync point is the final .item(): backpressure is counted apart from waits.
    assert.equal(queueStats.waits - before.waits, 1);
  });

  await t.step("a step boundary waits for the oldest submits until few enough are in flight", async () => {
    await run(MATMULS);
    const inFlight = submitsInFlight();
    assert.ok(inFlight >= 1 && inFlight <= MAX_IN_FLIGHT, `in flight: ${inFlight}`);
    assert.equal(awaitBacklog(), undefined, "within the limit nothing waits");
    const { throttles } = backlogStats, { waits } = queueStats;
    const previous = setMaxInFlight(0);
    try {
      const wait = awaitBacklog();
      assert.ok(wait instanceof Promise);
      await wait;
    } finally {
      setMaxInFlight(previous);
    }
    assert.equal(submitsInFlight(), 0);
    assert.ok(backlogStats.throttles > throttles);
    assert.equal(queueStats.waits, waits);
  });

  await t.step("drainGpu() waits for every submitted batch", async () => {
    await run(MATMULS);
    assert.ok(submitsInFlight() >= 1, "the loop left submitted work behind");
    await drainGpu();
    await turn(); // the markers' callbacks, delivered by now
    assert.equal(submitsInFlight(), 0);
  });
});

drainGpuAtEnd(gpu);

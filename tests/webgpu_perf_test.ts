// Measures (and prints) what the WebGPU backend's design rests on: the cost of one read (a wait
// on the GPU), the cost per dispatch when many share one batch, and matmul throughput. Asserts only
// what holds on any adapter: many dispatches cost far less than one wait each.

import assert from "node:assert/strict";
import type { View } from "../kernels/backend.ts";
import { deviceName, initWebGPU, queueStats, synchronize } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import type { GpuStorage } from "../kernels/webgpu/pool.ts";
import { randomData, rng } from "../kernels/webgpu/testing.ts";
import { contiguousStrides } from "../runtime/shape.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");

const view = (s: GpuStorage, shape: number[], strides = contiguousStrides(shape)): View => ({
  storage: s,
  dtype: s.dtype,
  shape,
  strides,
  offset: 0,
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The fastest of `reps` runs (throughput: the machine may be shared). */
async function best(f: () => Promise<unknown>, reps: number): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

async function time(f: () => Promise<unknown>, reps: number): Promise<number> {
  await f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

Deno.test({
  name: "webgpu performance figures",
  ignore: !gpu,
  async fn() {
    const lines = [`adapter: ${deviceName()}`];
    const one = gpu!.upload("float32", [1]) as GpuStorage;
    const readMs = await time(() => gpu!.read(one), 20);
    lines.push(`1-element read: ${readMs.toFixed(2)} ms`);

    const n = 256;
    const x = gpu!.upload("float32", randomData("float32", n, rng(1))) as GpuStorage;
    const y = gpu!.alloc("float32", n) as GpuStorage;
    const add = gpu!.kernel("add")!;
    const params = { dtype: "float32", alpha: 1 };
    const encode = () => {
      for (let i = 0; i < 1000; i++) add([view(x, [n]), view(y, [n])], [view(y, [n])], params);
    };
    const batchMs = await time(async () => {
      encode();
      await gpu!.read(one);
    }, 5);
    const t0 = performance.now();
    encode();
    const encodeMs = performance.now() - t0;
    await gpu!.read(one);
    const perDispatchUs = ((batchMs - readMs) / 1000) * 1000;
    lines.push(
      `1000 adds in one batch + read: ${batchMs.toFixed(1)} ms → ${perDispatchUs.toFixed(1)} µs per dispatch ` +
        `(JS encoding ${(encodeMs / 1000 * 1000).toFixed(1)} µs of it)`,
    );
    assert.ok(batchMs < 1000 * readMs / 10, "a dispatch in a batch costs far less than a wait");

    const mm = gpu!.kernel("mm")!;
    for (const size of [256, 512, 1024]) {
      const a = gpu!.upload("float32", randomData("float32", size * size, rng(size))) as GpuStorage;
      const b = gpu!.upload("float32", randomData("float32", size * size, rng(size + 1))) as GpuStorage;
      const c = gpu!.alloc("float32", size * size) as GpuStorage;
      const s = [size, size];
      const bt = view(b, s, [1, size]); // a transposed weight, as x @ W.T in nn.Linear
      for (const [label, bView] of [["A·B", view(b, s)], ["A·Bᵀ", bt]] as const) {
        // Enough products per timing that the wait for the GPU (~11 ms) does not dominate.
        const once = await time(async () => {
          mm([view(a, s), bView], [view(c, s)], {});
          await synchronize();
        }, 1);
        const reps = Math.min(200, Math.max(1, Math.ceil(300 / once)));
        const ms = await best(async () => {
          for (let r = 0; r < reps; r++) mm([view(a, s), bView], [view(c, s)], {});
          await synchronize();
        }, 3) / reps;
        lines.push(`matmul ${size}³ ${label}: ${ms.toFixed(2)} ms, ${(2 * size ** 3 / ms / 1e6).toFixed(1)} GFLOP/s`);
      }
      for (const t of [a, b, c]) t.release();
    }
    lines.push(
      `dispatches so far: ${queueStats.dispatches}, submits: ${queueStats.submits}, waits: ${queueStats.waits}`,
    );
    console.log(lines.join("\n"));
  },
});

drainGpuAtEnd(gpu);

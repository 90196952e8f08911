// The WebGPU backend's infrastructure: round trips for every dtype, lazy zeroing of pooled
// buffers, pool reuse and memory statistics, command batching (one wait per read), upload
// ordering against unsubmitted work, in-place aliasing, error reporting, and the copy, fill,
// arange and linspace kernels against the CPU backend's.

import assert from "node:assert/strict";
import type { View } from "../kernels/backend.ts";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import {
  deviceName,
  initWebGPU,
  isRealGpu,
  isWebGpuAvailable,
  maxMemoryAllocated,
  memoryAllocated,
  queueStats,
  resetPeakMemoryStats,
} from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { GpuStorage, storagePool } from "../kernels/webgpu/pool.ts";
import { pipelineCount } from "../kernels/webgpu/pipelines.ts";
import { dispatch } from "../kernels/webgpu/queue.ts";
import { firstMismatch, outputPair, pairOf, randomData, rng, viewOn } from "../kernels/webgpu/testing.ts";
import { type DType, DTYPES } from "../runtime/dtype.ts";
import { contiguousStrides } from "../runtime/shape.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");
const test = (name: string, fn: (t: Deno.TestContext) => Promise<void> | void) => Deno.test({ name, ignore: !gpu, fn });
const ALL: DType[] = ["float32", "float64", "int64", "int32", "uint8", "bool"];
const view = (storage: GpuStorage, shape: number[], strides = contiguousStrides(shape), offset = 0): View => ({
  storage,
  dtype: storage.dtype,
  shape,
  strides,
  offset,
});

test("webgpu device: adapter facts", () => {
  assert.ok(deviceName().length > 0);
  // A software adapter is not "CUDA" unless TSL_WEBGPU=1 asks for it.
  if (!isRealGpu()) assert.equal(isWebGpuAvailable(), Deno.env.get("TSL_WEBGPU") === "1");
});

test("webgpu upload/read round trips every dtype as the CPU backend stores it", async () => {
  const values = [0, 1, -1, 2.5, -2.5, 255, 256, 300, -7, 1e-3, 123456.789, 2 ** 31 - 1, -(2 ** 31)];
  for (const dtype of ALL) {
    const got = await gpu!.read(gpu!.upload(dtype, values));
    let want = cpuBackend.readSync(cpuBackend.upload(dtype, values))!;
    if (dtype === "float64") want = Float64Array.from(want, Math.fround); // f32 on the GPU
    assert.equal(got.constructor, DTYPES[dtype].array, dtype);
    assert.deepEqual(Array.from(got), Array.from(want), dtype);
  }
  assert.throws(() => gpu!.upload("int64", [2 ** 40]), /out of range/);
  assert.equal((await gpu!.read(gpu!.upload("float32", []))).length, 0);
});

test("webgpu fresh storages read as zeros, also on recycled buffers and after partial writes", async () => {
  const old = gpu!.upload("float32", Array(100).fill(7)) as GpuStorage;
  await gpu!.read(old);
  old.release();
  const waits = queueStats.waits;
  const fresh = gpu!.alloc("float32", 100) as GpuStorage;
  assert.deepEqual(Array.from(await gpu!.read(fresh)), Array(100).fill(0));
  assert.equal(queueStats.waits, waits, "a never-written storage reads without touching the GPU");
  gpu!.kernel("fill")!([], [view(fresh, [10], [2], 1)], { value: 3 });
  const got = await gpu!.read(fresh);
  assert.deepEqual(Array.from(got.slice(0, 4)), [0, 3, 0, 3]);
  assert.equal(got[99], 0);
});

test("webgpu pool: released buffers are reused, memory statistics track live storages", () => {
  const before = memoryAllocated();
  resetPeakMemoryStats();
  const step = () => {
    const s = [gpu!.alloc("float32", 1000), gpu!.alloc("int64", 1002), gpu!.alloc("bool", 50_000)] as GpuStorage[];
    for (const x of s) x.release();
  };
  step();
  const created = storagePool.created;
  for (let i = 0; i < 200; i++) step();
  assert.equal(storagePool.created - created, 0, "steady state creates no buffers");
  assert.equal(memoryAllocated(), before);
  const s = gpu!.alloc("float32", 4096) as GpuStorage;
  assert.equal(memoryAllocated(), before + 16384);
  assert.ok(maxMemoryAllocated() >= before + 16384);
  s.release();
  s.release(); // twice is harmless
  assert.equal(memoryAllocated(), before);
  assert.throws(() => s.pooled, /after release/);
});

test("webgpu batching: 100 elementwise ops then one read wait once", async () => {
  const x = gpu!.upload("float32", [1, 2, 3, 4]) as GpuStorage;
  const y = gpu!.alloc("float32", 4) as GpuStorage;
  const add = gpu!.kernel("add")!;
  const before = { ...queueStats };
  for (let i = 0; i < 100; i++) {
    add([view(i % 2 ? y : x, [4]), view(x, [4])], [view(i % 2 ? x : y, [4])], { dtype: "float32", alpha: 1 });
  }
  assert.equal(queueStats.waits, before.waits, "encoding waits for nothing");
  assert.equal(queueStats.submits, before.submits, "nothing is submitted per op");
  const got = await gpu!.read(x);
  assert.equal(queueStats.waits - before.waits, 1);
  assert.equal(queueStats.dispatches - before.dispatches, 100);
  // x doubles every two ops: x_{k+1} = (x_k + x_k) + x_k... computed on the CPU for comparison.
  let cx = [1, 2, 3, 4], cy = [0, 0, 0, 0];
  for (let i = 0; i < 100; i++) {
    if (i % 2) cx = cy.map((v, j) => Math.fround(v + cx[j]));
    else cy = cx.map((v) => Math.fround(v + v));
  }
  assert.deepEqual(Array.from(got), cx);
});

test("webgpu reads issued together share one wait", async () => {
  const xs = [1, 2, 3, 4].map((v) => gpu!.upload("int32", [v]));
  await gpu!.read(xs[0]);
  const t0 = performance.now();
  await gpu!.read(xs[0]);
  const one = performance.now() - t0;
  const t1 = performance.now();
  const all = await Promise.all(xs.map((s) => gpu!.read(s)));
  const four = performance.now() - t1;
  assert.deepEqual(all.map((a) => a[0]), [1, 2, 3, 4]);
  console.log(`one read ${one.toFixed(1)} ms, four reads together ${four.toFixed(1)} ms`);
});

test("webgpu upload into a buffer that unsubmitted work reads keeps that work's view of the data", async () => {
  const x = gpu!.upload("float32", [1, 2, 3]) as GpuStorage;
  const y = gpu!.alloc("float32", 3) as GpuStorage;
  gpu!.kernel("neg")!([view(x, [3])], [view(y, [3])], { dtype: "float32" });
  x.release();
  // Whichever buffer it gets (x's, or another one the batch does not use), the neg sees 1, 2, 3.
  const z = gpu!.upload("float32", [9, 9, 9]);
  assert.deepEqual(Array.from(await gpu!.read(y)), [-1, -2, -3]);
  assert.deepEqual(Array.from(await gpu!.read(z)), [9, 9, 9]);
});

test("webgpu pipelines are compiled once per kernel variant, not per shape", async () => {
  const x = gpu!.upload("float32", randomData("float32", 24, rng(9))) as GpuStorage;
  const out = gpu!.alloc("float32", 24) as GpuStorage;
  const sub = gpu!.kernel("sub")!;
  const run = (shape: number[], strides?: number[]) =>
    sub([view(x, shape, strides), view(x, shape, strides)], [view(out, shape)], { dtype: "float32", alpha: 1 });
  run([4]);
  const flat = pipelineCount();
  run([24]);
  run([3, 8]);
  run([2, 3, 4]);
  assert.equal(pipelineCount(), flat, "contiguous shapes share the flat pipeline");
  run([4, 6], [1, 4]); // two strided dims take a 2-d variant of their own
  run([2, 3, 4], [1, 2, 6]);
  const strided = pipelineCount();
  run([3, 2, 2, 2], [1, 3, 6, 12]);
  run([5, 4], [1, 5]);
  assert.equal(pipelineCount(), strided, "strided shapes share the strided pipeline");
  assert.deepEqual(Array.from(await gpu!.read(out)), Array(24).fill(0));
});

test("webgpu in-place ops bind one buffer as input and output", async () => {
  const x = gpu!.upload("float32", [1, 2, 3]) as GpuStorage;
  gpu!.kernel("mul")!([view(x, [3]), view(x, [3])], [view(x, [3])], { dtype: "float32" });
  assert.deepEqual(Array.from(await gpu!.read(x)), [1, 4, 9]);
});

test("webgpu errors surface as exceptions at the next GPU call, once", async () => {
  const x = gpu!.upload("float32", [1]) as GpuStorage;
  dispatch(
    { key: "broken", wgsl: (h) => `${h}\n@compute @workgroup_size(1) fn main() { undefined_name(); }` },
    [
      { storage: x, write: true },
    ],
    new Uint32Array(1),
    [1],
  );
  await assert.rejects(() => gpu!.read(x), /WebGPU error/);
  // The device stays usable.
  assert.deepEqual(Array.from(await gpu!.read(gpu!.upload("float32", [5]))), [5]);
});

test("webgpu copy matches the CPU kernel for every dtype pair, strided and broadcast", async () => {
  const rand = rng(7);
  for (const from of ALL) {
    for (const to of ALL) {
      const data = randomData(from, 24, rand, 300).map((v) => (from === "float64" ? Math.fround(v) : v));
      // src: a [2, 3, 4] permuted view broadcast along a new leading dim; dst: transposed.
      const src = pairOf(cpuBackend, gpu!, from, data, [2, 2, 3, 4], [0, 1, 8, 2]);
      const dst = outputPair(cpuBackend, gpu!, to, [2, 2, 3, 4], [1, 2, 4, 12], 48);
      cpuBackend.kernel("copy")!([src.cpu], [dst.cpu], { dtype: to });
      gpu!.kernel("copy")!([src.gpu], [dst.gpu], { dtype: to });
      const want = cpuBackend.readSync(dst.cpu.storage)!;
      const got = await gpu!.read(dst.gpu.storage);
      const i = firstMismatch(got, to === "float64" ? Float64Array.from(want, Math.fround) : want);
      assert.equal(i, -1, `copy ${from} → ${to}: element ${i}: got ${got[i]}, want ${want[i]}`);
    }
  }
  // Contiguous same-dtype copies with offsets take the buffer-copy path.
  const src = viewOn(gpu!, "int32", [1, 2, 3, 4, 5, 6], [4], [1], 2);
  const dst = gpu!.alloc("int32", 6) as GpuStorage;
  gpu!.kernel("copy")!([src], [view(dst, [4], [1], 1)], { dtype: "int32" });
  assert.deepEqual(Array.from(await gpu!.read(dst)), [0, 3, 4, 5, 6, 0]);
});

test("webgpu fill, arange and linspace match the CPU kernels", async () => {
  const runs: [string, DType, Record<string, number>][] = [
    ["fill", "float32", { value: 2.7 }],
    ["fill", "int64", { value: -3.9 }],
    ["fill", "uint8", { value: 300 }],
    ["fill", "bool", { value: NaN }],
    ["arange", "float32", { start: 0.1, step: 0.3 }],
    ["arange", "int64", { start: -5, step: 2 }],
    ["linspace", "float32", { start: -1, end: 1, steps: 24 }],
    ["linspace", "float64", { start: 0, end: 3, steps: 24 }],
  ];
  for (const [op, dtype, params] of runs) {
    const out = outputPair(cpuBackend, gpu!, dtype, [4, 6], [1, 4]);
    cpuBackend.kernel(op)!([], [out.cpu], params);
    gpu!.kernel(op)!([], [out.gpu], params);
    const want = cpuBackend.readSync(out.cpu.storage)!;
    const got = await gpu!.read(out.gpu.storage);
    const i = firstMismatch(got, dtype === "float64" ? Float64Array.from(want, Math.fround) : want);
    assert.equal(i, -1, `${op} ${dtype}: element ${i}: got ${got[i]}, want ${want[i]}`);
  }
});

drainGpuAtEnd(gpu);

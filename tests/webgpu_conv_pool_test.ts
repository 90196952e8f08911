// The WebGPU convolution and pooling kernels against the CPU kernels: each case runs on both
// devices from the same random values, forward and backward (sum(out * w) with random w), and
// outputs and input gradients must agree within 1e-4 relative. The cases cover strides, padding
// ('same' with uneven padding), dilation, groups, 1-d and unbatched inputs, the LeNet-5 shapes,
// ceil_mode, count_include_pad, divisor_override, NaN windows and non-dividing adaptive sizes.
// Stride-1 convolutions run both the row shaders and the general implicit GEMM. One kernel-level
// case checks that views starting at an offset are honoured.

import assert from "node:assert/strict";
import type { View } from "../kernels/backend.ts";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { initWebGPU, webgpuKernels } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { setRowConv, setRowConvVecSrc } from "../kernels/webgpu/conv_row.ts";
import { setRowWeightGrad } from "../kernels/webgpu/conv_wgrad_row.ts";
import { cpuKernels } from "../kernels/cpu/backend.ts";
import { firstMismatch, outputPair, pairOf, randomData, rng } from "../kernels/webgpu/testing.ts";
import { getDevice } from "../runtime/device.ts";
import { numelOf } from "../runtime/shape.ts";
import { conv1d, conv2d, type ConvOptions } from "../runtime/ops/conv.ts";
import { avg_pool1d, avg_pool2d, max_pool1d, max_pool2d } from "../runtime/ops/pool.ts";
import {
  adaptive_avg_pool1d,
  adaptive_avg_pool2d,
  adaptive_max_pool1d,
  adaptive_max_pool2d,
} from "../runtime/ops/adaptive_pool.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { type CaseFn, differences, type Operand, runOn } from "./cross_backend.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter (WebGPU conv/pool tests)");
const test = (name: string, fn: (t: Deno.TestContext) => Promise<void>) => Deno.test({ name, ignore: !gpu, fn });

const TOL = { rel: 1e-4, abs: 1e-5 };
const rand = rng(5);

/** A float32 operand of random values in [-1, 1), optionally with NaNs mixed in. */
function operand(shape: readonly number[], requiresGrad = true, nans = 0): Operand {
  const data = randomData("float32", numelOf(shape), rand, 1);
  for (let k = 0; k < nans; k++) data[Math.floor(rand() * data.length)] = NaN;
  return { data, shape, dtype: "float32", requiresGrad };
}

interface Case {
  name: string;
  fn: CaseFn;
  operands: Operand[];
  backward?: boolean;
}

/** Runs every case on both devices (reads awaited together), and reports every difference. */
async function compare(cases: readonly Case[]): Promise<void> {
  const cpu = getDevice("cpu"), webgpu = getDevice("webgpu");
  const runs = [];
  for (const c of cases) {
    const backward = c.backward ?? true;
    runs.push([await runOn(cpu, c.fn, c.operands, backward), await runOn(webgpu, c.fn, c.operands, backward)]);
  }
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i++) {
    const [want, got] = await Promise.all(runs[i].map((r) => r()));
    for (const d of differences(got, want, TOL)) failures.push(`${cases[i].name}: ${d}`);
  }
  assert.deepEqual(failures, []);
}

function convCase(name: string, x: number[], w: number[], bias: boolean, opts: ConvOptions = {}): Case {
  const conv = w.length === 3 ? conv1d : conv2d;
  const operands = [operand(x), operand(w)];
  if (bias) operands.push(operand([w[0]]));
  return { name, fn: (xs: Tensor, ws: Tensor, b?: Tensor) => conv(xs, ws, b ?? null, opts), operands };
}

const CONV_CASES = () => [
  convCase("plain", [2, 3, 9, 8], [4, 3, 3, 3], true),
  convCase("stride, padding per dim", [2, 3, 9, 8], [5, 3, 3, 2], true, { stride: [2, 1], padding: [1, 0] }),
  convCase("same, uneven, dilated", [1, 2, 7, 6], [3, 2, 4, 2], true, { padding: "same", dilation: [1, 2] }),
  convCase("groups, dilation", [2, 4, 10, 9], [6, 2, 3, 3], false, { dilation: 2, groups: 2, padding: 2 }),
  convCase("depthwise, stride 2", [2, 3, 11, 11], [3, 1, 3, 3], true, { groups: 3, stride: 2, padding: 1 }),
  convCase("stride 3 > kernel", [1, 2, 10, 10], [2, 2, 2, 2], true, { stride: 3 }),
  convCase("1x1", [2, 8, 5, 5], [4, 8, 1, 1], true),
  convCase("many channels", [2, 20, 6, 6], [24, 20, 3, 3], true, { padding: 1 }),
  convCase("unbatched", [3, 7, 7], [2, 3, 3, 3], true, { padding: 1 }),
  convCase("1-d", [3, 4, 20], [6, 4, 5], true, { stride: 3, padding: 2 }),
  convCase("1-d unbatched, same", [4, 9], [2, 4, 4], false, { padding: "same" }),
  convCase("LeNet conv1", [64, 1, 28, 28], [6, 1, 5, 5], true, { padding: 2 }),
  convCase("LeNet conv2", [64, 6, 14, 14], [16, 6, 5, 5], true),
  convCase("stride, dilation, padding, 9 channels", [3, 4, 11, 10], [9, 4, 3, 3], true, {
    stride: [2, 1],
    padding: [1, 2],
    dilation: [1, 2],
  }),
  // 23 weight-gradient chunks, spread over a workgroup of 32 (lavapipe): idle invocations.
  convCase("many positions, few channels", [16, 2, 12, 12], [3, 2, 3, 3], true),
  convCase("wide kernel (general shader)", [2, 3, 6, 30], [4, 3, 2, 11], true, { padding: [1, 4] }),
  // Rows of whole vec4s without width padding: lavapipe's sliding-window weight gradient.
  convCase("lenet.tsl conv1", [64, 1, 28, 28], [6, 1, 5, 5], true),
  convCase("lenet.tsl conv2", [64, 6, 12, 12], [16, 6, 5, 5], true),
  convCase("rows of 4k: groups, height padding, 2 channel tiles", [3, 4, 7, 12], [18, 2, 3, 5], true, {
    groups: 2,
    padding: [1, 0],
  }),
  convCase("rows of 4k: 1x1", [2, 3, 5, 8], [5, 3, 1, 1], false),
  convCase("rows of 4k: kernel width 9, one chunk", [1, 2, 4, 16], [3, 2, 2, 9], true),
];

test("webgpu conv2d/conv1d and their three gradients match the CPU kernels", async () => {
  await compare(CONV_CASES());
});

test("webgpu conv2d: the general implicit-GEMM shaders alone match the CPU kernels too", async () => {
  // Stride-1 convolutions normally take the row shaders; this runs them through the general one.
  setRowConv(false);
  setRowWeightGrad(false);
  try {
    await compare(CONV_CASES());
  } finally {
    setRowConv(true);
    setRowWeightGrad(true);
  }
});

test("webgpu conv2d: the row shader's scalar source loads match the CPU kernels too", async () => {
  // lavapipe loads rows of whole vec4s as vec4s; this runs them through the scalar loads.
  setRowConvVecSrc(false);
  try {
    await compare(CONV_CASES());
  } finally {
    setRowConvVecSrc(true);
  }
});

test("webgpu conv2d honours views that start at an offset", () => {
  const x = pairOf(
    cpuBackend,
    gpu!,
    "float32",
    randomData("float32", 7 + 2 * 3 * 6 * 5, rand, 1),
    [2, 3, 6, 5],
    undefined,
    7,
  );
  const w = pairOf(
    cpuBackend,
    gpu!,
    "float32",
    randomData("float32", 3 + 4 * 3 * 9, rand, 1),
    [4, 3, 3, 3],
    undefined,
    3,
  );
  const b = pairOf(cpuBackend, gpu!, "float32", randomData("float32", 5, rand, 1), [4], [1], 1);
  const shape = [2, 4, 4, 3];
  const out = outputPair(cpuBackend, gpu!, "float32", shape, [48, 12, 3, 1], 2 * 48 + 5);
  const at = (v: View): View => ({ ...v, offset: 5 });
  const params = { stride: [1], padding: [0], dilation: [1], groups: 1 };
  cpuKernels.get("conv2d")!([x.cpu, w.cpu, b.cpu], [at(out.cpu)], params);
  webgpuKernels.get("conv2d")!([x.gpu, w.gpu, b.gpu], [at(out.gpu)], params);
  return gpu!.read(out.gpu.storage).then((got) => {
    const want = cpuBackend.readSync(out.cpu.storage)!;
    assert.equal(firstMismatch(got, want, TOL.rel, TOL.abs), -1);
  });
});

const values = (f: (x: Tensor) => Tensor[] | Tensor) => (x: Tensor) => {
  const r = f(x);
  return Array.isArray(r) ? r[0] : r;
};

test("webgpu max_pool2d/max_pool1d (values, indices, gradient) match the CPU kernels", async () => {
  const x = [2, 3, 9, 9];
  await compare([
    { name: "k3 s2 p1", fn: (t) => max_pool2d(t, 3, { stride: 2, padding: 1 }), operands: [operand(x)] },
    { name: "k2 (LeNet)", fn: (t) => max_pool2d(t, 2), operands: [operand([64, 6, 28, 28])] },
    {
      name: "ceil_mode, dilation",
      fn: (t) => max_pool2d(t, [3, 2], { stride: [2, 3], dilation: [2, 1], ceil_mode: true }),
      operands: [operand(x)],
    },
    { name: "unbatched", fn: (t) => max_pool2d(t, 2, { stride: 1 }), operands: [operand([3, 5, 4])] },
    {
      name: "1-d",
      fn: (t) => max_pool1d(t, 4, { stride: 3, padding: 2, ceil_mode: true }),
      operands: [operand([2, 3, 17])],
    },
    {
      name: "indices",
      fn: (t) => max_pool2d(t, 3, { stride: 2, padding: 1, return_indices: true }),
      operands: [operand(x, false)],
      backward: false,
    },
    {
      name: "NaNs",
      fn: (t) => max_pool2d(t, 3, { stride: 2, padding: 1, return_indices: true }),
      operands: [operand(x, false, 12)],
      backward: false,
    },
    {
      name: "NaNs and indices, unpadded (the unrolled kernel)",
      fn: (t) => max_pool2d(t, 2, { return_indices: true }),
      operands: [operand([2, 3, 8, 6], false, 12)],
      backward: false,
    },
    {
      name: "NaNs and indices, 2x2 over rows of 4k (the vec4 pairs kernel)",
      fn: (t) => max_pool2d(t, 2, { return_indices: true }),
      operands: [operand([2, 3, 7, 12], false, 16)],
      backward: false,
    },
    { name: "overlapping windows", fn: values((t) => max_pool2d(t, 3, { stride: 1 })), operands: [operand(x)] },
  ]);
});

test("webgpu avg_pool2d/avg_pool1d and their gradient match the CPU kernels", async () => {
  const x = [2, 3, 9, 8];
  const avg = (k: number | number[], o: Parameters<typeof avg_pool2d>[2]) => (t: Tensor) => avg_pool2d(t, k, o);
  await compare([
    { name: "k2 (LeNet)", fn: avg(2, {}), operands: [operand([64, 6, 28, 28])] },
    { name: "k3 s2 p1", fn: avg(3, { stride: 2, padding: 1 }), operands: [operand(x)] },
    {
      name: "no pad count, ceil_mode",
      fn: avg([3, 2], { stride: 2, padding: 1, count_include_pad: false, ceil_mode: true }),
      operands: [operand(x)],
    },
    { name: "divisor_override", fn: avg(3, { stride: 2, padding: 1, divisor_override: 5 }), operands: [operand(x)] },
    { name: "overlapping, ceil_mode", fn: avg(4, { stride: 3, ceil_mode: true }), operands: [operand(x)] },
    { name: "unbatched", fn: avg(2, { stride: 1 }), operands: [operand([3, 5, 4])] },
    {
      name: "1-d",
      fn: (t) => avg_pool1d(t, 3, { stride: 2, padding: 1, ceil_mode: true, count_include_pad: false }),
      operands: [operand([2, 3, 16])],
    },
  ]);
});

test("webgpu adaptive pooling (avg, max, gradients) matches the CPU kernels", async () => {
  const x = [2, 3, 10, 7];
  await compare([
    { name: "avg 3x4", fn: (t) => adaptive_avg_pool2d(t, [3, 4]), operands: [operand(x)] },
    { name: "avg 4x4 (overlapping)", fn: (t) => adaptive_avg_pool2d(t, 4), operands: [operand(x)] },
    { name: "avg 1x1", fn: (t) => adaptive_avg_pool2d(t, 1), operands: [operand(x)] },
    { name: "avg upsampling", fn: (t) => adaptive_avg_pool2d(t, [13, 9]), operands: [operand([2, 2, 5, 4])] },
    { name: "avg 1-d", fn: (t) => adaptive_avg_pool1d(t, 6), operands: [operand([2, 3, 17])] },
    { name: "max 3x4", fn: values((t) => adaptive_max_pool2d(t, [3, 4])), operands: [operand(x)] },
    { name: "max 1-d unbatched", fn: values((t) => adaptive_max_pool1d(t, 5)), operands: [operand([3, 13])] },
    {
      name: "max indices, NaNs",
      fn: (t) => adaptive_max_pool2d(t, [4, 3], true),
      operands: [operand(x, false, 10)],
      backward: false,
    },
  ]);
});

drainGpuAtEnd(gpu);

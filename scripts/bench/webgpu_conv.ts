// GFLOP/s of the WebGPU convolution kernels at LeNet-5's shapes (batch 64) on the available
// adapter: `deno run -A scripts/bench/webgpu_conv.ts [iterations]`. Each kernel is encoded many
// times into the shared batch, then one read waits for all of them, so the figure includes the
// dispatch cost but only one wait per measurement. Stride-1 convolutions run the sliding-window
// row shaders (on lavapipe their weight gradients too, and rows of whole vec4s load as vec4s); the
// "scalar rows" lines run the row shader with scalar loads, the "general" lines run the same
// products through the implicit-GEMM shaders. Also times the pooling kernels.
//
// On lavapipe the GPU is the CPU, so the process's CPU time per call is printed too (Linux): it
// is steadier than wall time when other processes compete for the cores.

import type { View } from "../../kernels/backend.ts";
import { deviceName, initWebGPU, webgpuKernels } from "../../kernels/webgpu/mod.ts";
import type { GpuStorage } from "../../kernels/webgpu/pool.ts";
import { setRowConv, setRowConvVecSrc } from "../../kernels/webgpu/conv_row.ts";
import { setRowWeightGrad } from "../../kernels/webgpu/conv_wgrad_row.ts";
import { contiguousStrides, numelOf } from "../../runtime/shape.ts";

const gpu = await initWebGPU();
if (!gpu) {
  console.log("skipped: no WebGPU adapter");
  Deno.exit(0);
}
console.log(`adapter: ${deviceName()}`);
const iterations = Number(Deno.args[0] ?? 50);

function tensor(shape: number[], fill = true): View {
  const n = numelOf(shape);
  const storage = fill ? gpu!.upload("float32", Float32Array.from({ length: n }, () => Math.random() - 0.5)) : gpu!
    .alloc("float32", n);
  return { storage, dtype: "float32", shape, strides: contiguousStrides(shape), offset: 0 };
}

/** The process's CPU time in ms (user + system), or NaN off Linux. */
function cpuMs(): number {
  try {
    const fields = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 1000 / 100;
  } catch {
    return NaN;
  }
}

/** Wall and CPU milliseconds per call of `run`, over `iterations` calls and one wait. */
async function time(run: () => void, probe: View): Promise<{ ms: number; cpu: number }> {
  run();
  await gpu!.read(probe.storage); // warm-up: pipelines compiled, buffers allocated
  const start = performance.now(), cpu = cpuMs();
  for (let i = 0; i < iterations; i++) run();
  await gpu!.read(probe.storage);
  return { ms: (performance.now() - start) / iterations, cpu: (cpuMs() - cpu) / iterations };
}

const figures = (t: { ms: number; cpu: number }, flops?: number) =>
  `${t.ms.toFixed(2).padStart(8)} ms (cpu ${t.cpu.toFixed(1).padStart(5)} ms)${
    flops ? `  ${(flops / (t.ms * 1e6)).toFixed(2).padStart(6)} GFLOP/s` : ""
  }`;

interface Layer {
  name: string;
  x: number[];
  w: number[];
  y: number[];
  padding: number;
}

// scripts/bench/lenet.tsl's convolutions first (28x28 inputs, no padding), then the classic
// LeNet-5's padded conv1.
const layers: Layer[] = [
  { name: "conv1 1→6 5x5 28x28 (lenet.tsl)", x: [64, 1, 28, 28], w: [6, 1, 5, 5], y: [64, 6, 24, 24], padding: 0 },
  { name: "conv2 6→16 5x5 12x12 (lenet.tsl)", x: [64, 6, 12, 12], w: [16, 6, 5, 5], y: [64, 16, 8, 8], padding: 0 },
  { name: "conv1 1→6 5x5 28x28 pad 2", x: [64, 1, 28, 28], w: [6, 1, 5, 5], y: [64, 6, 28, 28], padding: 2 },
];

const pad = (s: string, n: number) => s.padEnd(n);
for (const l of layers) {
  const params = { stride: [1], padding: [l.padding], dilation: [1], groups: 1 };
  const x = tensor(l.x), w = tensor(l.w), b = tensor([l.w[0]]), gy = tensor(l.y);
  const y = tensor(l.y, false), gx = tensor(l.x, false), gw = tensor(l.w, false), gb = tensor([l.w[0]], false);
  const flops = 2 * numelOf(l.y) * numelOf(l.w.slice(1));
  const fwd = () => webgpuKernels.get("conv2d")!([x, w, b], [y], params);
  const dgrad = () => webgpuKernels.get("conv2d_input_grad")!([gy, w], [gx], params);
  const general = (run: () => void) => () => {
    setRowConv(false);
    setRowWeightGrad(false);
    run();
    setRowConv(true);
    setRowWeightGrad(true);
  };
  const scalarRows = (run: () => void) => () => {
    setRowConvVecSrc(false);
    run();
    setRowConvVecSrc(true);
  };
  const wgrad = () => webgpuKernels.get("conv2d_weight_grad")!([gy, x], [gw], params);
  const kernels: [string, () => void, View, number][] = [
    ["conv2d (+bias)", fwd, y, flops],
    ["  scalar rows", scalarRows(fwd), y, flops],
    ["  general", general(fwd), y, flops],
    ["conv2d_input_grad", dgrad, gx, flops],
    ["  scalar rows", scalarRows(dgrad), gx, flops],
    ["  general", general(dgrad), gx, flops],
    ["conv2d_weight_grad", wgrad, gw, flops],
    ["  general", general(wgrad), gw, flops],
    ["conv2d_bias_grad", () => webgpuKernels.get("conv2d_bias_grad")!([gy], [gb], { dims: 2 }), gb, numelOf(l.y)],
  ];
  console.log(`\n${l.name}, batch 64 (${(flops / 1e6).toFixed(1)} MFLOP per product)`);
  for (const [name, run, probe, f] of kernels) console.log(`  ${pad(name, 20)} ${figures(await time(run, probe), f)}`);
  for (const v of [x, w, b, gy, y, gx, gw, gb]) (v.storage as GpuStorage).release();
}

console.log("\npooling, batch 64");
const pools: [string, number[], number[]][] = [
  ["pool1 2x2 6x24x24", [64, 6, 24, 24], [64, 6, 12, 12]],
  ["pool2 2x2 16x8x8", [64, 16, 8, 8], [64, 16, 4, 4]],
];
for (const [name, xs, ys] of pools) {
  const x = tensor(xs), y = tensor(ys, false), gy = tensor(ys), gx = tensor(xs, false);
  const ind: View = { ...y, storage: gpu.alloc("int64", numelOf(ys)), dtype: "int64" };
  const maxP = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] };
  const avgP = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], count_include_pad: true, divisor_override: null };
  const runs: [string, () => void, View][] = [
    ["max_pool2d", () => webgpuKernels.get("max_pool2d")!([x], [y, ind], maxP), y],
    ["max_pool2d_grad", () => webgpuKernels.get("max_pool2d_grad")!([gy, ind], [gx], { dims: 2 }), gx],
    ["avg_pool2d", () => webgpuKernels.get("avg_pool2d")!([x], [y], avgP), y],
    ["avg_pool2d_grad", () => webgpuKernels.get("avg_pool2d_grad")!([gy], [gx], avgP), gx],
  ];
  console.log(`  ${name}`);
  for (const [kernel, run, probe] of runs) {
    console.log(`    ${pad(kernel, 18)} ${figures(await time(run, probe))}`);
  }
}

// Every WebGPU reduction kernel against the CPU kernel of the same name, over a permuted input,
// with one dim, two non-adjacent dims, all dims, keepdim, and runs long enough for the workgroup
// tree variant. Integer results and argmax/max must match exactly; float sums within f32 rounding
// of their partial sums (the CPU accumulates in doubles).

import assert from "node:assert/strict";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { initWebGPU } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { firstMismatch, outputPair, type Pair, pairOf, randomData, rng } from "../kernels/webgpu/testing.ts";
import type { DType } from "../runtime/dtype.ts";
import { contiguousStrides, numelOf } from "../runtime/shape.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");

interface Case {
  op: string;
  input: DType;
  out: DType[];
  extra?: Record<string, unknown>;
  exact: boolean;
}

const EXACT_ARG = ["argmax", "argmin", "max", "min", "max_dim", "min_dim"];

function cases(): Case[] {
  const all: Case[] = [];
  for (const input of ["float32", "int64", "bool"] as DType[]) {
    const sumOut: DType = input === "float32" ? "float32" : "int64";
    all.push({ op: "sum", input, out: [sumOut], exact: input !== "float32" });
    all.push({ op: "sum_dim", input, out: [sumOut], exact: input !== "float32" });
    all.push({ op: "all", input, out: ["bool"], exact: true }, { op: "any", input, out: ["bool"], exact: true });
  }
  all.push({ op: "prod", input: "int32", out: ["int64"], exact: true });
  for (const op of ["mean", "mean_dim", "prod_dim", "logsumexp"]) {
    all.push({ op, input: "float32", out: ["float32"], exact: false });
  }
  for (const correction of [0, 1]) {
    all.push({ op: "var", input: "float32", out: ["float32"], extra: { correction }, exact: false });
    all.push({ op: "std", input: "float64", out: ["float64"], extra: { correction }, exact: false });
  }
  for (const p of [2, 1, Infinity, -Infinity, 0, 3]) {
    all.push({
      op: "norm",
      input: "float32",
      out: ["float32"],
      extra: { p },
      exact: p === 1 ? false : !Number.isFinite(p) || p === 0,
    });
  }
  for (const input of ["float32", "int64", "uint8"] as DType[]) {
    for (const op of EXACT_ARG) {
      const out: DType[] = op.startsWith("arg") ? ["int64"] : op.endsWith("_dim") ? [input, "int64"] : [input];
      all.push({ op, input, out, exact: true });
    }
  }
  return all;
}

interface Layout {
  shape: number[];
  strides: number[];
  storage: number;
  dims: number[];
}

const LAYOUTS: Layout[] = [
  { shape: [4, 5, 6], strides: [1, 4, 20], storage: 120, dims: [1] },
  { shape: [4, 5, 6], strides: [1, 4, 20], storage: 120, dims: [0, 2] },
  { shape: [4, 5, 6], strides: [30, 6, 1], storage: 120, dims: [0, 1, 2] },
  { shape: [3, 700], strides: [700, 1], storage: 2100, dims: [1] },
  { shape: [600, 2], strides: [2, 1], storage: 1200, dims: [0] },
];

function outShape(shape: number[], dims: number[], keepdim: boolean): number[] {
  return shape.flatMap((n, d) => (dims.includes(d) ? (keepdim ? [1] : []) : [n]));
}

async function run(c: Case, lay: Layout, keepdim: boolean, rand: () => number): Promise<void> {
  let data = randomData(c.input, lay.storage, rand, c.op === "logsumexp" ? 30 : 10);
  if (c.op.startsWith("prod")) data = data.map((x) => (Math.abs(x) > 3 ? Math.sign(x) : x));
  if (c.input === "float32") {
    for (let i = 0; i < data.length; i += 37) {
      data[i] = [0, -0, NaN, Infinity][(i / 37) % 4];
    }
  }
  if (c.op === "norm" || c.op.startsWith("prod") || c.op === "var" || c.op === "std") {
    data = data.map((x) => (x !== x || !isFinite(x) ? 1 : x));
  }
  const input: Pair = pairOf(cpuBackend, gpu!, c.input, data, lay.shape, lay.strides);
  const shape = outShape(lay.shape, lay.dims, keepdim);
  // The first output is strided when it has two dims (written transposed).
  const outs = c.out.map((d, j) =>
    outputPair(cpuBackend, gpu!, d, shape, j === 0 && shape.length === 2 ? [1, shape[0]] : contiguousStrides(shape))
  );
  const params = { dims: lay.dims, keepdim, ...c.extra };
  cpuBackend.kernel(c.op)!([input.cpu], outs.map((o) => o.cpu), params);
  gpu!.kernel(c.op)!([input.gpu], outs.map((o) => o.gpu), params);
  for (const [j, o] of outs.entries()) {
    const want = cpuBackend.readSync(o.cpu.storage)!;
    const got = await gpu!.read(o.gpu.storage);
    const n = numelOf(lay.shape) / Math.max(1, numelOf(shape));
    const i = c.exact ? firstMismatch(got, want) : firstMismatch(got, want, 2e-5, 1e-6 * n);
    assert.equal(
      i,
      -1,
      `${c.op} ${c.input} dims ${lay.dims} keepdim ${keepdim} output ${j}: element ${i}: got ${got[i]}, want ${
        want[i]
      }`,
    );
  }
}

Deno.test({
  name: "webgpu reduction kernels match the CPU kernels",
  ignore: !gpu,
  async fn(t) {
    const rand = rng(3);
    for (const c of cases()) {
      await t.step(`${c.op} ${c.input} ${JSON.stringify(c.extra ?? {})}`, async () => {
        assert.ok(cpuBackend.kernel(c.op), `the CPU backend has no kernel '${c.op}'`);
        for (const lay of LAYOUTS) for (const keepdim of [false, true]) await run(c, lay, keepdim, rand);
      });
    }
  },
});

Deno.test({
  name: "webgpu reductions: a full sum of 300k elements",
  ignore: !gpu,
  async fn() {
    const n = 300_000;
    const data = randomData("float32", n, rng(4));
    const input = pairOf(cpuBackend, gpu!, "float32", data, [n]);
    const out = outputPair(cpuBackend, gpu!, "float32", []);
    for (const b of [cpuBackend, gpu!] as const) {
      b.kernel("sum")!([b === cpuBackend ? input.cpu : input.gpu], [b === cpuBackend ? out.cpu : out.gpu], {
        dims: [0],
        keepdim: false,
      });
    }
    const [want] = cpuBackend.readSync(out.cpu.storage)!;
    const [got] = await gpu!.read(out.gpu.storage);
    assert.ok(Math.abs(got - want) < 1e-3, `got ${got}, want ${want}`);
  },
});

drainGpuAtEnd(gpu);

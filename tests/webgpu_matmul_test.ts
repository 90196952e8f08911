// The WebGPU matrix-product kernels against the CPU kernels of the same names, through each
// layout: row-major (vec4 "nn"), a transposed B ("nt"), a transposed A ("tn", or copied), odd
// sizes (scalar "any"), integers, broadcast batches and 1-d operands.

import assert from "node:assert/strict";
import type { View } from "../kernels/backend.ts";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { initWebGPU } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { firstMismatch, outputPair, type Pair, pairOf, randomData, rng } from "../kernels/webgpu/testing.ts";
import type { DType } from "../runtime/dtype.ts";
import { contiguousStrides, numelOf } from "../runtime/shape.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");

const rand = rng(5);

/** An operand of `shape`, optionally stored transposed in its last two dims. */
function operand(dtype: DType, shape: number[], transposed = false): Pair {
  const data = randomData(dtype, numelOf(shape), rand, dtype === "float32" ? 1 : 4);
  if (!transposed || shape.length < 2) return pairOf(cpuBackend, gpu!, dtype, data, shape);
  const nd = shape.length;
  const stored = [...shape.slice(0, -2), shape[nd - 1], shape[nd - 2]];
  const s = contiguousStrides(stored);
  return pairOf(cpuBackend, gpu!, dtype, data, shape, [...s.slice(0, -2), s[nd - 1], s[nd - 2]]);
}

async function check(op: string, ins: Pair[], outShape: number[], dtype: DType, params = {}, k = 1): Promise<void> {
  const out = outputPair(cpuBackend, gpu!, dtype, outShape);
  cpuBackend.kernel(op)!(ins.map((p) => p.cpu), [out.cpu], params);
  gpu!.kernel(op)!(ins.map((p) => p.gpu), [out.gpu], params);
  const want = cpuBackend.readSync(out.cpu.storage)!;
  const got = await gpu!.read(out.gpu.storage);
  const i = dtype.startsWith("float") ? firstMismatch(got, want, 1e-5, 1e-6 * k) : firstMismatch(got, want);
  const shapes = ins.map((p: Pair) => `[${(p.cpu as View).shape}]`).join(" ");
  assert.equal(i, -1, `${op} ${shapes}: element ${i}: got ${got[i]}, want ${want[i]}`);
}

Deno.test({
  name: "webgpu matrix products match the CPU kernels",
  ignore: !gpu,
  async fn(t) {
    const mmCases: [number, number, number, boolean, boolean][] = [
      [5, 7, 3, false, false],
      [64, 32, 48, false, false],
      [33, 40, 20, false, false],
      [64, 32, 48, true, false],
      [256, 64, 120, true, false], // LeNet's fc1 weight gradient x.t() @ g ("tn")
      [36, 13, 20, true, false], // "tn" needs no K % 4
      [84, 64, 10, true, false], // N % 4 != 0: copied A, or "any"
      [64, 32, 48, false, true],
      [17, 36, 9, false, true],
      [1, 8, 8, false, false],
    ];
    for (const [M, K, N, ta, tb] of mmCases) {
      await t.step(`mm ${M}x${K}x${N}${ta ? " A^T" : ""}${tb ? " B^T" : ""}`, async () => {
        await check("mm", [operand("float32", [M, K], ta), operand("float32", [K, N], tb)], [M, N], "float32", {}, K);
      });
    }
    await t.step("mm int64 and float64", async () => {
      await check("mm", [operand("int64", [6, 5]), operand("int64", [5, 7])], [6, 7], "int64");
      await check("mm", [operand("float64", [8, 12]), operand("float64", [12, 8])], [8, 8], "float64", {}, 12);
    });
    await t.step("mv and dot", async () => {
      await check("mv", [operand("float32", [9, 16]), operand("float32", [16])], [9], "float32", {}, 16);
      await check("mv", [operand("float32", [9, 7], true), operand("float32", [7])], [9], "float32", {}, 7);
      await check("dot", [operand("float32", [100]), operand("float32", [100])], [], "float32", {}, 100);
    });
    await t.step("bmm", async () => {
      await check(
        "bmm",
        [operand("float32", [3, 16, 8]), operand("float32", [3, 8, 12])],
        [3, 16, 12],
        "float32",
        {},
        8,
      );
      await check(
        "bmm",
        [operand("float32", [2, 5, 3], true), operand("float32", [2, 3, 6])],
        [2, 5, 6],
        "float32",
        {},
        3,
      );
    });
    await t.step("addmm", async () => {
      const [a, b] = [operand("float32", [12, 8]), operand("float32", [8, 16], true)];
      await check("addmm", [operand("float32", [16]), a, b], [12, 16], "float32", { beta: 0.5, alpha: 2 }, 8);
      const nan = pairOf(cpuBackend, gpu!, "float32", [NaN], [1]);
      await check("addmm", [nan, a, b], [12, 16], "float32", { beta: 0, alpha: 1 }, 8);
    });
    await t.step("matmul with broadcast batches and 1-d operands", async () => {
      await check(
        "matmul",
        [operand("float32", [2, 1, 5, 8]), operand("float32", [3, 8, 4])],
        [2, 3, 5, 4],
        "float32",
        {},
        8,
      );
      await check("matmul", [operand("float32", [8]), operand("float32", [3, 8, 4])], [3, 4], "float32", {}, 8);
      await check("matmul", [operand("float32", [3, 5, 8]), operand("float32", [8])], [3, 5], "float32", {}, 8);
    });
    await t.step("outer", async () => {
      await check("outer", [operand("float32", [5]), operand("float32", [7])], [5, 7], "float32", { dtype: "float32" });
    });
  },
});

drainGpuAtEnd(gpu);

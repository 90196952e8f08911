// The CPU backend's fast paths must give the very bits of the general code they bypass: branch-free
// relu/threshold_backward and 2×2 max pooling (against PyTorch 1.13's bits for -0, NaN and ±inf),
// the flat elementwise loops (against the strided loops on the same values), and the WebAssembly
// col2im and patch packers (against the TypeScript versions on the same operands).

import assert from "node:assert/strict";
import { tensor } from "./helpers.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { relu } from "../runtime/ops/unary.ts";
import { threshold_backward } from "../runtime/ops/threshold_backward.ts";
import { max_pool2d } from "../runtime/ops/pool.ts";
import { add, mul } from "../runtime/ops/binary.ts";
import { transpose } from "../runtime/ops/views.ts";
import { contiguous } from "../runtime/ops/copy.ts";
import { col2im, type ConvGeometry } from "../kernels/cpu/conv_im2col.ts";
import { type GemmJob, sgemmRuntime } from "../kernels/cpu/wasm/sgemm_runtime.ts";
import { packA, packB, split, strided } from "../kernels/cpu/wasm/sgemm_pack.ts";

/** float32 elements as their int32 bit patterns (tells -0 from 0 and keeps NaN payloads). */
const bits = (t: Tensor): number[] => Array.from(new Int32Array(new Float32Array(t.dataSync()).buffer));

/** Deterministic float32 values in [-1, 1) with some exact zeros, -0 and repeats. */
function pattern(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const v = ((i * 7919 + seed * 104729) % 2003) / 1001.5 - 1;
    return i % 13 === 0 ? 0 : i % 17 === 0 ? -0 : Math.fround(v);
  });
}

Deno.test("relu and threshold_backward keep PyTorch's bits for -0, NaN and infinities", () => {
  // PyTorch 1.13: F.relu(x), then y.backward(g) gives x.grad = threshold_backward(g, y).
  const x = tensor([-0, 0, -1e-45, 1e-45, NaN, -Infinity, Infinity, -2.5, 2.5, -3.4e38]);
  const y = relu(x);
  assert.deepEqual(bits(y), [-2147483648, 0, 0, 1, 2143289344, 0, 2139095040, 0, 1075838976, 0]);
  const g = tensor([1.5, -2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(bits(threshold_backward(g, y)), [0, 0, 0, 1082130432, 1084227584, 0, 1088421888, 0, 1091567616, 0]);
});

Deno.test("relu's branch-free path agrees with the element loop on a strided view", () => {
  const x = tensor(pattern(6 * 35, 1), [6, 35]);
  const strided = transpose(x, 0, 1); // not contiguous: the general loop
  assert.deepEqual(bits(contiguous(relu(strided))), bits(contiguous(transpose(relu(x), 0, 1))));
});

Deno.test("2x2 max pooling: a later NaN wins, ties keep the first, all -inf keeps the first (PyTorch's indices)", () => {
  const v = tensor([NaN, 1, 2, NaN, 3, NaN, -0, 0, -Infinity, -Infinity, -1, -2, -Infinity, -Infinity, -2, -1], [
    1,
    1,
    4,
    4,
  ]);
  const [out, idx] = max_pool2d(v, 2, { return_indices: true });
  assert.deepEqual(bits(out), [2143289344, 2143289344, -8388608, -1082130432]);
  assert.deepEqual(Array.from(idx.dataSync()), [5, 3, 8, 10]);
});

Deno.test("flat elementwise loops give the strided loops' bits (tensor and scalar operands)", () => {
  const a = tensor(pattern(8 * 9, 2), [8, 9]), b = tensor(pattern(8 * 9, 3), [8, 9]);
  const at = transpose(contiguous(transpose(a, 0, 1)), 0, 1); // same values, column-major strides
  assert.deepEqual(bits(add(a, b, { alpha: 0.3 })), bits(contiguous(add(at, b, { alpha: 0.3 }))));
  assert.deepEqual(bits(mul(a, 0.9)), bits(contiguous(mul(at, 0.9))));
  assert.deepEqual(bits(mul(0.1, b)), bits(contiguous(mul(0.1, transpose(contiguous(transpose(b, 0, 1)), 0, 1)))));
});

const geometry = (g: Partial<ConvGeometry>): ConvGeometry => ({
  N: 1,
  C: 1,
  H: 1,
  W: 1,
  K: 1,
  kH: 1,
  kW: 1,
  OH: 1,
  OW: 1,
  sH: 1,
  sW: 1,
  pH: 0,
  pW: 0,
  dH: 1,
  dW: 1,
  groups: 1,
  ...g,
});

Deno.test("WebAssembly col2im adds the patch gradients in the TypeScript col2im's order", () => {
  const rt = sgemmRuntime();
  if (!rt) {
    console.log("skipped: no WebAssembly SIMD");
    return;
  }
  const cases = [
    geometry({ C: 3, H: 11, W: 13, kH: 3, kW: 5, OH: 9, OW: 9 }),
    geometry({ C: 2, H: 28, W: 28, kH: 5, kW: 5, OH: 28, OW: 28, pH: 2, pW: 2 }),
    geometry({ C: 2, H: 9, W: 10, kH: 3, kW: 3, OH: 4, OW: 12, sH: 2, pH: 1, pW: 2, dH: 2 }),
    geometry({ C: 1, H: 5, W: 4, kH: 4, kW: 6, OH: 2, OW: 5, pW: 3 }),
    geometry({ C: 1, H: 9, W: 10, kH: 2, kW: 3, OH: 10, OW: 6, pH: 1, pW: 1, dW: 3 }),
  ];
  for (const g of cases) {
    const rows = g.C * g.kH * g.kW, P = g.OH * g.OW, ldc = P + 5, plane = g.C * g.H * g.W;
    const job: GemmJob = rt.job(1, 8, 1, rows * ldc + plane)!;
    const src = job.stage, dst = src + rows * ldc;
    const col = pattern(rows * ldc, 4);
    job.mem.set(col, src);
    job.mem.fill(0, dst, dst + plane);
    rt.col2imStaged(src, dst, g, g, g.C, ldc);
    const expected = new Float32Array(plane);
    col2im(g, g.C, Float32Array.from(col), expected, 0, 0, ldc);
    const got = job.mem.slice(dst, dst + plane);
    assert.deepEqual(new Int32Array(got.buffer), new Int32Array(expected.buffer));
  }
});

Deno.test("packers: gathered, consecutive and ragged panels hold the operand's elements", () => {
  const rt = sgemmRuntime();
  if (!rt) {
    console.log("skipped: no WebAssembly SIMD");
    return;
  }
  const K = 7, N = 30, data = Float32Array.from(pattern(4000, 5));
  // Columns over two samples of 13 positions (runs broken at the sample edge), rows strided.
  const b = { data, rows: strided(K, 3, 61), cols: split(N, 0, 13, 1, 200) };
  const job: GemmJob = rt.job(3, N, K, K + N + data.length)!; // staging: the tables and a copy of data
  const at = job.stage;
  job.i32.set(b.rows, at);
  job.i32.set(b.cols, at + K);
  const whole = Math.floor(N / 8);
  job.mem.set(data, at + K + N);
  // The WebAssembly packer reads the staged copy: its offsets are relative to the staged data.
  rt.packBGatherStaged(job, at + K + N, at, at + K, whole);
  packB(job, b, whole);
  for (let j = 0; j < job.Np; j++) {
    for (let k = 0; k < K; k++) {
      const packed = job.mem[job.pb + (Math.floor(j / 8) * K + k) * 8 + (j % 8)];
      assert.equal(packed, j < N ? data[b.rows[k] + b.cols[j]] : 0, `B (${k}, ${j})`);
    }
  }
  // A ragged last row panel of A, scaled and not.
  for (const scale of [1, 0.5]) {
    const a = { data, rows: strided(5, 11, 40), cols: strided(K, 2, 3) };
    const jobA: GemmJob = rt.job(5, 8, K)!;
    packA(jobA, a, scale);
    for (let i = 0; i < jobA.Mp; i++) {
      for (let k = 0; k < K; k++) {
        const packed = jobA.mem[jobA.pa + (Math.floor(i / 3) * K + k) * 3 + (i % 3)];
        assert.equal(packed, i < 5 ? Math.fround(scale * data[a.rows[i] + a.cols[k]]) : 0, `A (${i}, ${k})`);
      }
    }
  }
});

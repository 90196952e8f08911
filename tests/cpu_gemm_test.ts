// The WebAssembly matrix product of the CPU backend (kernels/cpu/wasm/) against PyTorch 1.13 (values
// printed by python3-torch with the reference BLAS it links here) and against the TypeScript
// reference kernel, on odd shapes, strides, transposes, broadcasts, K = 0 and 1, small and large;
// and the float32 convolution kernels built on it against the float64 TypeScript ones.

import assert from "node:assert/strict";
import { addmm, bmm, matmul, mm } from "../runtime/ops/linalg.ts";
import { linear } from "../runtime/nn/functional_linear.ts";
import { conv2dOp, type ConvOptions, convParams } from "../runtime/ops/conv.ts";
import { dispatch1 } from "../runtime/ops/registry.ts";
import { reshape, t as transpose } from "../runtime/ops/views.ts";
import { contiguous } from "../runtime/ops/copy.ts";
import type { DType } from "../runtime/dtype.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { referenceGemm } from "../kernels/cpu/gemm_reference.ts";
import { sgemmRuntime } from "../kernels/cpu/wasm/sgemm_runtime.ts";
import { tensor, values } from "./helpers.ts";

/** The deterministic inputs the PyTorch values were computed from: ((31i + 17k + 7s) mod 97)/97 − 0.5. */
function mat(r: number, c: number, s: number, dtype: DType = "float32"): Tensor {
  const v: number[] = [];
  for (let i = 0; i < r; i++) for (let k = 0; k < c; k++) v.push(((i * 31 + k * 17 + s * 7) % 97) / 97 - 0.5);
  return tensor(v, [r, c], dtype);
}

/** Element idx of `t` (row-major over its shape). */
const at = (t: Tensor, ...idx: number[]) => values(t)[idx.reduce((acc, x, d) => acc * t.shape[d] + x, 0)];

/** The sum PyTorch's sgemm forms: products added one k at a time, each step rounded to float32. */
function sequentialF32(a: Tensor, b: Tensor): number[] {
  const [M, K] = a.shape, N = b.shape[1];
  const av = values(a), bv = values(b), out: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s = Math.fround(s + Math.fround(av[i * K + k] * bv[k * N + j]));
      out.push(s);
    }
  }
  return out;
}

/** The transpose of `t`'s storage order, viewed back: same values, strides (1, rows). */
function transposedStorage(t: Tensor): Tensor {
  return transpose(contiguous(transpose(t)));
}

const hasWasm = sgemmRuntime() !== null;
if (!hasWasm) console.log("skipped: WebAssembly SIMD with shared memory is not available");

Deno.test({ name: "float32 products match PyTorch bit for bit", ignore: !hasWasm }, async (t) => {
  const a = mat(37, 300, 1), b = mat(300, 23, 2);
  await t.step("mm 37x300 @ 300x23", () => {
    const r = mm(a, b);
    const want: [number, number, number][] = [
      [0, 0, 1.276172161102295],
      [5, 7, 1.545487880706787],
      [36, 22, 0.49606767296791077],
      [17, 11, 1.299713373184204],
    ];
    for (const [i, j, v] of want) assert.equal(at(r, i, j), v, `(${i}, ${j})`);
    assert.deepEqual(values(r), sequentialF32(a, b));
  });
  await t.step("the same product from transposed storage", () => {
    assert.deepEqual(values(mm(transposedStorage(a), transposedStorage(b))), sequentialF32(a, b));
  });
  await t.step("linear: the bias after the sum (sgemm's transposed case)", () => {
    const r = linear(a, mat(23, 300, 4), reshape(mat(1, 23, 3), [23]));
    assert.equal(at(r, 0, 0), -0.5535658597946167);
    assert.equal(at(r, 5, 7), 6.224201679229736);
    assert.equal(at(r, 36, 22), -3.863161087036133);
  });
  await t.step("addmm beta=0.5 alpha=1.5: the input first, alpha on A (sgemm's plain case)", () => {
    const r = addmm(reshape(mat(1, 23, 3), [23]), a, b, { beta: 0.5, alpha: 1.5 });
    assert.equal(at(r, 0, 0), 1.7725045680999756);
    assert.equal(at(r, 5, 7), 2.289881944656372);
    assert.equal(at(r, 36, 22), 0.5301839709281921);
  });
  await t.step("bmm 3x5x40 @ 3x40x9", () => {
    const r = bmm(reshape(mat(15, 40, 5), [3, 5, 40]), reshape(mat(120, 9, 6), [3, 40, 9]));
    assert.equal(at(r, 0, 0, 0), -0.036295026540756226);
    assert.equal(at(r, 2, 4, 8), -0.38479119539260864);
    assert.equal(at(r, 1, 2, 3), 0.32256361842155457);
  });
});

Deno.test(
  { name: "float32 products on awkward shapes equal the sequential float32 sum", ignore: !hasWasm },
  async (t) => {
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [1, 7, 1],
      [5, 1, 9], // K = 1
      [3, 5, 1],
      [1, 13, 17],
      [3, 8, 8], // exactly one register block
      [4, 8, 9], // one row and one column into the next blocks
      [13, 257, 19], // K just over a K block, ragged panels
      [70, 64, 130], // large enough to be split with the helper thread
    ];
    for (const [M, K, N] of shapes) {
      await t.step(`${M}x${K} @ ${K}x${N}`, () => {
        const a = mat(M, K, M + K), b = mat(K, N, N);
        const want = sequentialF32(a, b);
        assert.deepEqual(values(mm(a, b)), want);
        assert.deepEqual(values(mm(transposedStorage(a), b)), want);
        assert.deepEqual(values(mm(a, transposedStorage(b))), want);
      });
    }
    await t.step("split between the main and the helper thread", async () => {
      assert.ok(await sgemmRuntime()!.helperReady(), "the helper thread started");
      for (const [M, K, N] of [[70, 64, 130], [9, 1000, 61]]) {
        const a = mat(M, K, 1), b = mat(K, N, 2);
        assert.deepEqual(values(mm(a, b)), sequentialF32(a, b));
      }
    });
    await t.step("K = 0 gives zeros, and addmm's input", () => {
      const a = tensor([], [3, 0]), b = tensor([], [0, 4]);
      assert.deepEqual(values(mm(a, b)), new Array(12).fill(0));
      assert.deepEqual(values(addmm(tensor([1, 2, 3, 4]), a, b)), [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    });
    await t.step("matmul broadcasting a shared B across batches", () => {
      const a = reshape(mat(6, 11, 1), [2, 3, 11]), b = mat(11, 5, 2);
      const r = values(matmul(a, b));
      const first = sequentialF32(mat(6, 11, 1), b);
      assert.deepEqual(r, first);
    });
  },
);

Deno.test("float64 products keep the double-accumulating TypeScript kernel", () => {
  const a = mat(9, 300, 1, "float64"), b = mat(300, 7, 2, "float64");
  const want = new Float64Array(63);
  const av = Float64Array.from(values(a)), bv = Float64Array.from(values(b));
  const m = (data: Float64Array, rs: number) => ({ data, offset: 0, rs, cs: 1 });
  referenceGemm(9, 300, 7, [{ a: m(av, 300), b: m(bv, 7), c: m(want, 7) }]);
  assert.deepEqual(values(mm(a, b)), [...want]);
});

/** The conv2d op's output and its three gradients (for an upstream gradient of ones) in `dtype`. */
function convAll(xs: number[], ws: number[], opts: ConvOptions, dtype: DType): number[][] {
  const x = reshape(mat(xs[0] * xs[1], xs[2] * xs[3], 1, dtype), xs);
  const w = reshape(mat(ws[0] * ws[1], ws[2] * ws[3], 2, dtype), ws);
  const b = reshape(mat(1, ws[0], 3, dtype), [ws[0]]);
  const inputs = [x, w, b];
  for (const t of inputs) t.requiresGrad = true;
  const params = convParams("conv2d", 2, x, w, opts);
  const y = dispatch1(conv2dOp, inputs, params);
  const g = reshape(mat(1, y.numel, 4, dtype), y.shape);
  const [gx, gw, gb] = conv2dOp.backward!([g], { inputs, outputs: [y], params });
  return [y, gx!, gw!, gb!].map(values);
}

Deno.test({ name: "float32 convolutions agree with the float64 kernels", ignore: !hasWasm }, async (t) => {
  const cases: [string, number[], number[], ConvOptions][] = [
    ["lenet conv2 shape", [5, 6, 12, 12], [16, 6, 5, 5], {}],
    ["stride, padding, dilation", [3, 4, 11, 9], [6, 4, 3, 2], { stride: [2, 1], padding: [1, 2], dilation: [1, 2] }],
    ["groups", [2, 6, 7, 7], [9, 2, 3, 3], { groups: 3, padding: 1 }],
    ["pointwise", [3, 5, 4, 6], [7, 5, 1, 1], {}],
  ];
  for (const [name, xs, ws, opts] of cases) {
    await t.step(name, () => {
      const got = convAll(xs, ws, opts, "float32"), want = convAll(xs, ws, opts, "float64");
      ["forward", "input grad", "weight grad", "bias grad"].forEach((what, i) => close(got[i], want[i], what));
    });
  }
});

function close(got: number[], want: number[], what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < got.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

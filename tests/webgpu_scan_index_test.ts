// WebGPU softmax / scan / reorder / indexing kernels against the CPU kernels of the same names:
// random inputs, permuted and broadcast views, strided outputs, in-place calls, long lines (the
// workgroup-per-line variants), within 1e-4 relative. Autograd through these ops, and values from
// PyTorch, are in webgpu_scan_index_grad_test.ts.

import assert from "node:assert/strict";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { initWebGPU } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { firstMismatch, outputPair, type Pair, pairOf, randomData, rng } from "../kernels/webgpu/testing.ts";
import type { View } from "../kernels/backend.ts";
import type { DType } from "../runtime/dtype.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter (webgpu scan/index kernel tests)");

interface Input {
  dtype: DType;
  data: number[];
  shape: number[];
  strides?: number[];
  offset?: number;
}

interface KernelCase {
  label: string;
  op: string;
  params: unknown;
  ins: Input[];
  /** The output's dtype, shape and layout; absent for in-place calls (input 0 is the output). */
  out?: { dtype: DType; shape: number[]; strides?: number[]; length?: number };
  rel?: number;
  abs?: number;
}

const rand = rng(5);
const floats = (n: number, range = 3) => randomData("float32", n, rand, range).map(Math.fround);
const ints = (n: number, lo: number, hi: number) =>
  Array.from({ length: n }, () => lo + Math.floor(rand() * (hi - lo)));
const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
/** A [3, 4, 5] tensor read through the layout of a permuted [5, 4, 3] one. */
const permuted = (
  dtype: DType,
  data = dtype === "float32" || dtype === "float64" ? floats(60) : randomData(dtype, 60, rand, 5),
): Input => ({
  dtype,
  data,
  shape: [3, 4, 5],
  strides: [1, 3, 12],
});
const contiguous = (dtype: DType, shape: number[], data = floats(numel(shape))): Input => ({ dtype, data, shape });

function scanCases(): KernelCase[] {
  const all: KernelCase[] = [];
  for (const op of ["softmax", "log_softmax"]) {
    for (const dtype of ["float32", "float64"] as DType[]) {
      for (const dim of [0, 1, 2]) {
        all.push({
          label: `${op} ${dtype} dim ${dim}`,
          op,
          params: { dim },
          ins: [permuted(dtype)],
          out: { dtype, shape: [3, 4, 5] },
        });
      }
    }
    all.push({
      label: `${op} strided out`,
      op,
      params: { dim: 2 },
      ins: [permuted("float32")],
      out: { dtype: "float32", shape: [3, 4, 5], strides: [20, 1, 4] },
    });
    all.push({
      label: `${op} long rows`,
      op,
      params: { dim: 1 },
      ins: [contiguous("float32", [2, 700], floats(1400, 20))],
      out: { dtype: "float32", shape: [2, 700] },
    });
    all.push({
      label: `${op} one long row`,
      op,
      params: { dim: 0 },
      ins: [contiguous("float32", [3000])],
      out: { dtype: "float32", shape: [3000] },
    });
    // The CPU sums a line in order; the workgroup sums of lines past 4096 differ by the CPU's own
    // rounding drift.
    all.push({
      label: `${op} lines past 4096 (one workgroup each)`,
      op,
      params: { dim: 1 },
      ins: [contiguous("float32", [2, 6000], floats(12000, 5))],
      out: { dtype: "float32", shape: [2, 6000] },
      rel: 2e-5,
    });
    all.push({
      label: `${op} lines with inf, -inf and NaN`,
      op,
      params: { dim: 1 },
      ins: [
        contiguous("float32", [5, 3], [
          Infinity,
          1,
          2,
          -Infinity,
          -Infinity,
          -Infinity,
          NaN,
          1,
          2,
          -Infinity,
          0,
          1,
          80,
          -80,
          0,
        ]),
      ],
      out: { dtype: "float32", shape: [5, 3] },
    });
    all.push({
      label: `${op} 0-d`,
      op,
      params: { dim: 0 },
      ins: [contiguous("float32", [])],
      out: { dtype: "float32", shape: [] },
    });
  }
  for (const op of ["cumsum", "cumprod"]) {
    for (const dim of [0, 1, 2]) {
      all.push({
        label: `${op} float32 dim ${dim}`,
        op,
        params: { dim },
        ins: [permuted("float32")],
        out: { dtype: "float32", shape: [3, 4, 5] },
      });
    }
    for (const dtype of ["int64", "int32", "bool"] as DType[]) {
      all.push({
        label: `${op} ${dtype}`,
        op,
        params: { dim: 2 },
        ins: [permuted(dtype, randomData(dtype, 60, rand, 3))],
        out: { dtype: "int64", shape: [3, 4, 5] },
      });
    }
    const long = op === "cumsum"
      ? floats(3000)
      : Array.from({ length: 3000 }, () => Math.fround(0.999 + rand() * 0.002));
    all.push({
      label: `${op} long rows (one workgroup each)`,
      op,
      params: { dim: 1 },
      ins: [contiguous("float32", [2, 1500], long)],
      out: { dtype: "float32", shape: [2, 1500] },
    });
    all.push({
      label: `${op} long int rows`,
      op,
      params: { dim: 0 },
      ins: [contiguous("int64", [1000], ints(1000, -3, 4))],
      out: { dtype: "int64", shape: [1000] },
    });
  }
  // float32 within 1e-6 of the CPU (cumsum and cumprod match it exactly in practice).
  return all.map((c) => ({ rel: 1e-6, ...c }));
}

function reorderCases(): KernelCase[] {
  const all: KernelCase[] = [];
  for (const dims of [[0], [1, 2], [0, 1, 2], []]) {
    all.push({
      label: `flip ${dims}`,
      op: "flip",
      params: { dims },
      ins: [permuted("float32")],
      out: { dtype: "float32", shape: [3, 4, 5] },
    });
  }
  all.push({
    label: "flip int64 strided out",
    op: "flip",
    params: { dims: [2] },
    ins: [permuted("int64")],
    out: { dtype: "int64", shape: [3, 4, 5], strides: [20, 1, 4] },
  });
  const rolls: { shifts: number[]; dims: number[] | null }[] = [
    { shifts: [1], dims: [0] },
    { shifts: [2, -1], dims: [1, 2] },
    { shifts: [1, 2], dims: [1, 1] },
    { shifts: [7], dims: null },
    { shifts: [-61], dims: null },
  ];
  for (const p of rolls) {
    all.push({
      label: `roll ${JSON.stringify(p)}`,
      op: "roll",
      params: p,
      ins: [permuted("float32")],
      out: { dtype: "float32", shape: [3, 4, 5] },
    });
  }
  all.push({
    label: "roll bool",
    op: "roll",
    params: { shifts: [3], dims: [2] },
    ins: [permuted("bool")],
    out: { dtype: "bool", shape: [3, 4, 5] },
  });
  return all;
}

function gatherCases(): KernelCase[] {
  const all: KernelCase[] = [];
  const sizes = [3, 4, 5];
  for (const dim of [0, 1, 2]) {
    const shape = [...sizes];
    shape[dim] = 6;
    for (const idtype of ["int64", "int32"] as DType[]) {
      all.push({
        label: `index_select dim ${dim} ${idtype}`,
        op: "index_select",
        params: { dim },
        // A strided index: every other element of a 12-element storage.
        ins: [permuted("float32"), { dtype: idtype, data: ints(12, 0, sizes[dim]), shape: [6], strides: [2] }],
        out: { dtype: "float32", shape },
      });
    }
    const ishape = [2, 3, 4];
    all.push({
      label: `gather dim ${dim}`,
      op: "gather",
      params: { dim },
      ins: [permuted("float32"), { dtype: "int64", data: ints(24, 0, sizes[dim]), shape: ishape, strides: [1, 2, 6] }],
      out: { dtype: "float32", shape: ishape },
    });
    for (const reduce of ["none", "add", "multiply"]) {
      all.push({
        label: `scatter dim ${dim} ${reduce}`,
        op: reduce === "add" ? "scatter_add" : "scatter",
        params: { dim, value: null, reduce },
        ins: [
          contiguous("float32", sizes),
          { dtype: "int64", data: ints(24, 0, sizes[dim]), shape: ishape },
          permuted("float32"),
        ],
        out: { dtype: "float32", shape: sizes },
      });
    }
    all.push({
      label: `scatter.value dim ${dim}`,
      op: "scatter.value",
      params: { dim, value: 2.5, reduce: "none" },
      ins: [permuted("float32"), { dtype: "int64", data: ints(24, 0, sizes[dim]), shape: ishape }],
      out: { dtype: "float32", shape: sizes },
    });
  }
  all.push({
    label: "scatter_add in place, int64",
    op: "scatter_add",
    params: { dim: 1, value: null, reduce: "add" },
    ins: [
      contiguous("int64", [3, 4, 5], ints(60, -5, 5)),
      { dtype: "int64", data: ints(60, 0, 4), shape: [3, 4, 5] },
      contiguous("int64", [3, 4, 5], ints(60, -5, 5)),
    ],
  });
  all.push({
    label: "index_select of a 0-d tensor",
    op: "index_select",
    params: { dim: 0 },
    ins: [contiguous("float32", []), { dtype: "int64", data: [0], shape: [1] }],
    out: { dtype: "float32", shape: [] },
  });
  return all;
}

function indexCases(): KernelCase[] {
  const all: KernelCase[] = [];
  const idx = (n: number, size: number, shape = [n]): Input => ({ dtype: "int64", data: ints(n, -size, size), shape });
  const specs: {
    label: string;
    params: { perm: number[]; before: number; indexed: number };
    indices: Input[];
    rshape: number[];
  }[] = [
    { label: "x[i]", params: { perm: [0, 1, 2], before: 0, indexed: 1 }, indices: [idx(6, 3)], rshape: [6, 4, 5] },
    {
      label: "x[:, i2d]",
      params: { perm: [0, 1, 2], before: 1, indexed: 1 },
      indices: [idx(6, 4, [2, 3])],
      rshape: [3, 2, 3, 5],
    },
    {
      label: "x[:, i, j] (j broadcast)",
      params: { perm: [0, 1, 2], before: 1, indexed: 2 },
      indices: [idx(4, 4), { dtype: "int64", data: [3], shape: [4], strides: [0] }],
      rshape: [3, 4],
    },
    {
      label: "x[i, :, j]",
      params: { perm: [0, 2, 1], before: 0, indexed: 2 },
      indices: [idx(5, 3), idx(5, 5)],
      rshape: [5, 4],
    },
  ];
  for (const s of specs) {
    all.push({
      label: `index ${s.label}`,
      op: "index",
      params: s.params,
      ins: [permuted("float32"), ...s.indices],
      out: { dtype: "float32", shape: s.rshape },
    });
    for (const accumulate of [false, true]) {
      all.push({
        label: `index_put ${s.label} accumulate=${accumulate}`,
        op: "index_put",
        params: { ...s.params, accumulate },
        ins: [contiguous("float32", [3, 4, 5]), contiguous("float32", s.rshape), ...s.indices],
      });
    }
  }
  // Four index tensors over a 4-d source (the most the meta block holds), with 2-d index shapes.
  const four = [2, 3, 2, 2].map((size) => idx(6, size, [2, 3]));
  const src4 = contiguous("float32", [2, 3, 2, 2]);
  const params4 = { perm: [0, 1, 2, 3], before: 0, indexed: 4 };
  all.push({
    label: "index x[i, j, k, l]",
    op: "index",
    params: params4,
    ins: [src4, ...four],
    out: { dtype: "float32", shape: [2, 3] },
  });
  all.push({
    label: "index_put x[i, j, k, l] accumulate=true",
    op: "index_put",
    params: { ...params4, accumulate: true },
    ins: [contiguous("float32", [2, 3, 2, 2]), contiguous("float32", [2, 3]), ...four],
  });
  all.push({
    label: "index_put broadcast values, int64",
    op: "index_put",
    params: { perm: [0, 1, 2], before: 0, indexed: 1, accumulate: true },
    ins: [
      contiguous("int64", [3, 4, 5], ints(60, -5, 5)),
      { dtype: "int64", data: ints(5, -5, 5), shape: [5] },
      idx(7, 3),
    ],
  });
  for (const [dtype, value] of [["float32", 2.5], ["int64", -3], ["bool", 1]] as [DType, number][]) {
    all.push({
      label: `masked_fill ${dtype}`,
      op: "masked_fill",
      params: { value },
      ins: [permuted(dtype), { dtype: "bool", data: randomData("bool", 20, rand), shape: [4, 5], strides: [1, 4] }],
      out: { dtype, shape: [3, 4, 5], strides: [20, 1, 4] },
    });
  }
  all.push({
    label: "masked_fill in place, uint8 mask broadcast over rows",
    op: "masked_fill",
    params: { value: -1 },
    ins: [contiguous("float32", [3, 4, 5]), { dtype: "uint8", data: [1, 0, 1, 1, 0], shape: [5] }],
  });
  return all;
}

function pairFor(i: Input): Pair {
  const length = i.strides ? Math.max(i.data.length, 1) : numel(i.shape);
  const data = i.data.length === length ? i.data : [...i.data, ...Array(length - i.data.length).fill(0)];
  return pairOf(cpuBackend, gpu!, i.dtype, data, i.shape, i.strides, i.offset ?? 0);
}

async function runKernelCase(c: KernelCase): Promise<void> {
  const ins = c.ins.map(pairFor);
  const out: Pair = c.out
    ? outputPair(cpuBackend, gpu!, c.out.dtype, c.out.shape, c.out.strides, c.out.length)
    : ins[0];
  const pick = (side: "cpu" | "gpu") => [ins.map((p) => p[side]), [out[side]]] as [View[], View[]];
  cpuBackend.kernel(c.op)!(...pick("cpu"), c.params);
  gpu!.kernel(c.op)!(...pick("gpu"), c.params);
  const want = cpuBackend.readSync(out.cpu.storage)!;
  const got = await gpu!.read(out.gpu.storage);
  const i = firstMismatch(got, want, c.rel ?? 1e-4, c.abs ?? 1e-7);
  assert.equal(i, -1, `${c.label}: element ${i}: got ${got[i]}, want ${want[i]}`);
}

for (
  const [group, cases] of [["scan", scanCases], ["reorder", reorderCases], ["gather/scatter", gatherCases], [
    "index",
    indexCases,
  ]] as const
) {
  Deno.test({
    name: `webgpu ${group} kernels match the CPU kernels`,
    ignore: !gpu,
    async fn(t) {
      for (const c of cases()) {
        await t.step(c.label, async () => {
          assert.ok(gpu!.kernel(c.op), `the WebGPU backend has no kernel '${c.op}'`);
          await runKernelCase(c);
        });
      }
    },
  });
}

drainGpuAtEnd(gpu);

// Every WebGPU elementwise kernel against the CPU kernel of the same name: same params, same
// views (a permuted input, a broadcast input, a strided output), random data with the special
// values (±0, ±inf, NaN) mixed in. + - * / and everything integer must match bit for bit; the
// transcendental functions within 1e-6 relative; float64 (f32 on the GPU) within 1e-6 relative.

import assert from "node:assert/strict";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { initWebGPU } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { firstMismatch, outputPair, type Pair, pairOf, randomData, rng } from "../kernels/webgpu/testing.ts";
import type { DType } from "../runtime/dtype.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");

const FLOATS: DType[] = ["float32", "float64"];
const INTS: DType[] = ["int64", "int32", "uint8"];
const TRANSCENDENTAL = new Set([
  "exp",
  "expm1",
  "log",
  "log2",
  "log10",
  "log1p",
  "rsqrt",
  "sin",
  "cos",
  "tan",
  "tanh",
  "sigmoid",
  "erf",
  "atan2",
  "pow_tensor",
]);

interface Case {
  op: string;
  /** Compute dtype (params.dtype). */
  dtype: DType;
  /** Input dtypes (default: all `dtype`). */
  ins?: DType[];
  arity: number;
  out?: DType;
  params?: Record<string, unknown>;
  /** Relative tolerance (default: exact for float32 and integers, 1e-6 for float64). */
  rel?: number;
  /** Absolute tolerance (default 1e-7 with a relative tolerance, else 0). */
  abs?: number;
  /** No zero divisors (the CPU raises ZeroDivisionError on integers). */
  nonzeroB?: boolean;
}

function cases(): Case[] {
  const all: Case[] = [];
  const unaryFloat = ["exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh"];
  for (const op of [...unaryFloat, "sigmoid", "erf", "reciprocal", "frac"]) {
    for (const dtype of FLOATS) all.push({ op, dtype, arity: 1 });
  }
  all.push({ op: "exp", dtype: "float32", ins: ["int64"], arity: 1 });
  for (const op of ["neg", "abs", "sign", "relu", "floor", "ceil", "trunc", "round"]) {
    for (const dtype of [...FLOATS, ...INTS]) all.push({ op, dtype, arity: 1 });
  }
  for (const op of ["add", "sub", "rsub"]) {
    for (const dtype of [...FLOATS, ...INTS]) {
      all.push({ op, dtype, arity: 2, params: { alpha: 1 } });
      // a + 3 * b rounds 3 * b first on the GPU (the CPU rounds once): near-cancellations differ.
      all.push({ op, dtype, arity: 2, params: { alpha: 3 }, rel: 1e-6, abs: 1e-5 });
    }
  }
  all.push({ op: "add", dtype: "bool", arity: 2, params: { alpha: 1 } });
  all.push({ op: "add", dtype: "float32", ins: ["int64", "float32"], arity: 2, params: { alpha: 1 } });
  for (
    const op of ["mul", "maximum", "minimum", "div_trunc", "div_floor", "floor_divide", "remainder", "remainder_scalar"]
  ) {
    for (const dtype of [...FLOATS, ...INTS]) {
      all.push({
        op,
        dtype,
        arity: 2,
        nonzeroB: op.startsWith("div_") || op.includes("floor_") || op.startsWith("rem"),
      });
    }
  }
  all.push({ op: "mul", dtype: "bool", arity: 2 });
  for (const dtype of FLOATS) {
    all.push({ op: "div", dtype, arity: 2 }, { op: "atan2", dtype, arity: 2 }, { op: "pow_tensor", dtype, arity: 2 });
  }
  all.push({ op: "pow_tensor", dtype: "int64", arity: 2 });
  for (const exponent of [2, 3, 0.5, -0.5, -1, -2, 1.7, 4, -3]) {
    for (const dtype of FLOATS) {
      all.push({
        op: "pow",
        dtype,
        arity: 1,
        params: { exponent },
        rel: [1.7, 4, -3].includes(exponent) ? 1e-6 : undefined,
      });
    }
  }
  all.push({ op: "pow", dtype: "int64", arity: 1, params: { exponent: 3 } });
  for (const op of ["eq", "ne", "lt", "le", "gt", "ge"]) {
    for (const dtype of [...FLOATS, ...INTS, "bool" as DType]) all.push({ op, dtype, arity: 2, out: "bool", rel: 0 });
  }
  all.push({ op: "lt", dtype: "float32", ins: ["int64", "float32"], arity: 2, out: "bool" });
  for (const equal_nan of [false, true]) {
    all.push({ op: "isclose", dtype: "float32", arity: 2, out: "bool", params: { rtol: 0.5, atol: 1, equal_nan } });
  }
  for (const op of ["logical_and", "logical_or", "logical_xor"]) {
    all.push({ op, dtype: "bool", ins: ["float32", "int64"], arity: 2, out: "bool" });
  }
  for (const op of ["logical_not", "isnan", "isinf", "isfinite"]) {
    for (const d of ["float32", "int32", "bool"] as DType[]) {
      all.push({ op, dtype: "bool", ins: [d], arity: 1, out: "bool" });
    }
  }
  for (const op of ["bitwise_and", "bitwise_or", "bitwise_xor"]) {
    for (const dtype of [...INTS, "bool" as DType]) all.push({ op, dtype, arity: 2 });
  }
  for (const dtype of [...INTS, "bool" as DType]) all.push({ op: "bitwise_not", dtype, arity: 1 });
  for (const dtype of ["float32", "int64"] as DType[]) {
    all.push({ op: "where", dtype, ins: ["bool", dtype, dtype], arity: 3 });
    all.push({ op: "clamp", dtype, arity: 1, params: { min: -2, max: 3 } });
    all.push({ op: "clamp", dtype, arity: 1, params: { min: -2, max: null } });
    all.push({ op: "clamp", dtype, arity: 1, params: { min: null, max: 3 } });
    all.push({ op: "clamp_tensor", dtype, arity: 3, params: { hasMin: true, hasMax: true } });
    all.push({ op: "clamp_tensor", dtype, arity: 2, params: { hasMin: false, hasMax: true } });
  }
  all.push({ op: "round_decimals", dtype: "float32", arity: 1, params: { decimals: 2 } });
  all.push({ op: "round_decimals", dtype: "float32", arity: 1, params: { decimals: -1 } });
  all.push({ op: "nan_to_num", dtype: "float32", arity: 1, params: { nan: 1.5, posinf: 100, neginf: -100 } });
  return all;
}

const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 2, 1e-3, 1e30, -1e-30];

function inputData(dtype: DType, n: number, rand: () => number, c: Case, k: number): number[] {
  const range = c.op === "pow_tensor" && k === 1 ? 4 : c.op.startsWith("pow") ? 3 : 10;
  const data = randomData(dtype, n, rand, range);
  if (dtype === "float32" || dtype === "float64") {
    for (let i = 0; i < n; i += 7) data[i] = SPECIALS[(i / 7 + k) % SPECIALS.length];
    // float64 lives as f32 on the GPU: give both backends the same (f32) values.
    for (let i = 0; i < n; i++) data[i] = Math.fround(data[i]);
  }
  if (k === 1 && c.nonzeroB) { for (let i = 0; i < n; i++) if (data[i] === 0) data[i] = 3; }
  return data;
}

/** Inputs: a permuted [5, 4, 3] view read as [3, 4, 5]; a [4, 1] broadcast; a contiguous one. */
function inputs(c: Case, rand: () => number): Pair[] {
  const ins = c.ins ?? Array(c.arity).fill(c.dtype);
  return ins.map((d, k) => {
    if (k === 0) return pairOf(cpuBackend, gpu!, d, inputData(d, 60, rand, c, k), [3, 4, 5], [1, 3, 12]);
    if (k === 1) return pairOf(cpuBackend, gpu!, d, inputData(d, 6, rand, c, k), [4, 1], [1, 1], 2);
    return pairOf(cpuBackend, gpu!, d, inputData(d, 60, rand, c, k), [3, 4, 5]);
  });
}

async function check(c: Case, ins: Pair[], out: Pair): Promise<void> {
  const params = { dtype: c.dtype, ...c.params };
  cpuBackend.kernel(c.op)!(ins.map((p) => p.cpu), [out.cpu], params);
  gpu!.kernel(c.op)!(ins.map((p) => p.gpu), [out.gpu], params);
  const want = cpuBackend.readSync(out.cpu.storage)!;
  const got = await gpu!.read(out.gpu.storage);
  const rel = c.rel ?? (TRANSCENDENTAL.has(c.op) || c.dtype === "float64" ? 1e-6 : 0);
  const abs = c.abs ?? (rel ? 1e-7 : 0);
  const i = firstMismatch(got, want, rel, abs);
  const label = `${c.op} ${c.dtype} ${(c.ins ?? []).join(",")} ${JSON.stringify(c.params ?? {})}`;
  const inputsAt = ins.map((p) => cpuBackend.readSync(p.cpu.storage)!.slice(0, 12).join(" ")).join(" | ");
  assert.equal(i, -1, `${label}: element ${i}: got ${got[i]}, want ${want[i]} (inputs begin ${inputsAt})`);
}

Deno.test({
  name: "webgpu elementwise kernels match the CPU kernels",
  ignore: !gpu,
  async fn(t) {
    const rand = rng(1);
    for (const c of cases()) {
      await t.step(`${c.op} ${c.dtype} ${(c.ins ?? []).join(",")} ${JSON.stringify(c.params ?? {})}`, async () => {
        assert.ok(cpuBackend.kernel(c.op), `the CPU backend has no kernel '${c.op}'`);
        const ins = inputs(c, rand);
        // A strided output: [3, 4, 5] written through a transposed layout of a 60-element storage.
        await check(c, ins, outputPair(cpuBackend, gpu!, c.out ?? c.dtype, [3, 4, 5], [20, 1, 4]));
      });
    }
  },
});

Deno.test({
  name: "webgpu elementwise: large contiguous inputs take the flat path and match",
  ignore: !gpu,
  async fn() {
    const rand = rng(2);
    const n = 100_003;
    for (const op of ["add", "mul", "div", "sqrt", "sigmoid", "lt"]) {
      const arity = op === "sigmoid" || op === "sqrt" ? 1 : 2;
      const c: Case = { op, dtype: "float32", arity, out: op === "lt" ? "bool" : undefined, params: { alpha: 1 } };
      const ins = Array.from(
        { length: arity },
        () => pairOf(cpuBackend, gpu!, "float32", randomData("float32", n, rand), [n]),
      );
      await check(c, ins, outputPair(cpuBackend, gpu!, c.out ?? "float32", [n]));
    }
  },
});

Deno.test({
  name: "webgpu elementwise: vec4 paths (aligned contiguous, 4x4-aligned transposes) match",
  ignore: !gpu,
  async fn() {
    const rand = rng(3);
    // 100_000 elements: the vec4 flat path (numel a multiple of 4).
    const n = 100_000;
    for (const op of ["add", "mul", "div", "sqrt", "relu", "sigmoid"]) {
      const arity = op === "sigmoid" || op === "sqrt" || op === "relu" ? 1 : 2;
      const c: Case = { op, dtype: "float32", arity, params: { alpha: 1 }, rel: op === "sigmoid" ? 1e-6 : 0 };
      const ins = Array.from(
        { length: arity },
        () => pairOf(cpuBackend, gpu!, "float32", randomData("float32", n, rand), [n]),
      );
      await check(c, ins, outputPair(cpuBackend, gpu!, "float32", [n]));
    }
    // Transposes of contiguous matrices: [120, 256] and [8, 12] take 4x4 blocks, [10, 84] does not.
    for (const [R, C] of [[120, 256], [8, 12], [10, 84]]) {
      for (const [op, params] of [["neg", {}], ["relu", {}], ["exp", {}], ["pow", { exponent: 2 }]] as const) {
        const c: Case = { op, dtype: "float32", arity: 1, params, rel: op === "exp" ? 1e-6 : 0 };
        const x = pairOf(cpuBackend, gpu!, "float32", randomData("float32", R * C, rand), [R, C], [1, R]);
        await check(c, [x], outputPair(cpuBackend, gpu!, "float32", [R, C]));
      }
    }
  },
});

/** Kernel names the CPU backend has whose elementwise mirror is missing here (shown, not failed). */
Deno.test({
  name: "webgpu elementwise: every CPU elementwise kernel is mirrored",
  ignore: !gpu,
  fn() {
    const tested = new Set(cases().map((c) => c.op));
    const missing = [...tested].filter((op) => !gpu!.kernel(op));
    assert.deepEqual(missing, []);
  },
});

drainGpuAtEnd(gpu);

// The cross-backend cases for what gradchecks cannot reach: ops without a gradient (comparisons,
// logical and bitwise ops, argmax/argmin, boolean reductions, creation), integer and bool dtypes of
// every op family, and casts between dtypes. tests/webgpu_cross_backend_test.ts runs each case on
// the CPU and on WebGPU from the same values and compares every output exactly (integers, bools)
// or within 1e-4 relative (floats).

import type { DType } from "../runtime/dtype.ts";
import * as B from "../runtime/ops/binary.ts";
import * as U from "../runtime/ops/unary.ts";
import * as C from "../runtime/ops/compare.ts";
import * as L from "../runtime/ops/logical.ts";
import { argmax, argmin, max, min } from "../runtime/ops/minmax.ts";
import { all, any, mean, prod, sum } from "../runtime/ops/reduce.ts";
import { clamp, where } from "../runtime/ops/clamp.ts";
import { arange, linspace } from "../runtime/ops/ranges.ts";
import { eye, fill_, full, ones, zeros } from "../runtime/ops/creation.ts";
import { masked_selectAsync } from "../runtime/ops/masked.ts";
import { toCopy } from "../runtime/ops/to_copy.ts";
import { pow } from "../runtime/ops/pow.ts";
import { cumsum } from "../runtime/ops/scan.ts";
import { nonzeroAsync } from "../runtime/ops/advanced_index.ts";
import { cat, repeat, stack } from "../runtime/ops/join.ts";
import { clone, contiguous, copyInto } from "../runtime/ops/copy.ts";
import { slice } from "../runtime/ops/slicing.ts";
import { expand, t as transpose } from "../runtime/ops/views.ts";
import { matmul } from "../runtime/ops/linalg.ts";
import { fusedAdam_, fusedSgd_ } from "../runtime/ops/fused_optim.ts";
import type { Tensor } from "../runtime/tensor.ts";
import type { CaseFn, Operand } from "./cross_backend.ts";

export interface OpCase {
  label: string;
  fn: CaseFn;
  operands: Operand[];
  /** The kernels it needs that may still be missing on WebGPU (see the test's allow-list). */
  ops?: string[];
}

const INTS: DType[] = ["int64", "int32", "uint8"];
const SHAPE = [3, 4];

/** Random operands: floats in [-3, 3) with NaN/±inf where `special`, small ints (ties), bools. */
function operand(rand: () => number, dtype: DType, shape = SHAPE, special = false): Operand {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, (_, i) => {
    if (dtype === "bool") return rand() < 0.5 ? 0 : 1;
    if (dtype === "uint8") return Math.floor(rand() * 256);
    if (dtype === "int64" || dtype === "int32") return Math.floor(rand() * 9) - 4;
    if (special && i % 5 === 1) return [NaN, Infinity, -Infinity, 0, -0][(i / 5 | 0) % 5];
    return (rand() * 2 - 1) * 3;
  });
  return { data, shape, dtype };
}

/** Nonzero divisors, for integer division (the CPU raises ZeroDivisionError on 0). */
const nonzeroOperand = (rand: () => number, dtype: DType): Operand => {
  const o = operand(rand, dtype);
  return { ...o, data: o.data.map((v) => v === 0 ? 3 : v) };
};

export function nonDifferentiableCases(rand: () => number): OpCase[] {
  const cases: OpCase[] = [];
  const add = (label: string, fn: CaseFn, operands: Operand[], ops?: string[]) =>
    cases.push({ label, fn, operands, ops });
  const of = (dtype: DType, shape = SHAPE, special = false) => operand(rand, dtype, shape, special);

  for (const d of ["float32", ...INTS, "bool"] as DType[]) {
    for (const [name, f] of Object.entries({ eq: C.eq, ne: C.ne, lt: C.lt, le: C.le, gt: C.gt, ge: C.ge })) {
      add(`${name} ${d}`, (a, b) => f(a, b), [of(d), of(d)]);
    }
    add(`eq ${d} broadcast against a row`, (a, b) => C.eq(a, b), [of(d), of(d, [4])]);
    add(
      `${d} -> float32, int32, int64, uint8, bool (copy)`,
      (a) =>
        (["float32", "int32", "int64", "uint8", "bool"] as DType[])
          .filter((to) => !(d === "float32" && to === "uint8")) // out-of-range float -> uint8 is undefined behaviour
          .map((to) => toCopy(a, to) as Tensor),
      [of(d)],
    );
    add(`contiguous copy of a transposed ${d}`, (a) => contiguous(transpose(a)), [of(d)]);
    add(`cat / stack / repeat ${d}`, (a, b) => [cat([a, b], 1), stack([a, b]), repeat(a, [2, 1])], [of(d), of(d)]);
    add(`where with ${d} branches`, (c, a, b) => where(c, a, b), [of("bool"), of(d), of(d, [4])]);
  }
  // NaN and infinities only where the cast is defined (float -> int of them is undefined behaviour).
  add("float32 with NaN and infinities -> bool", (a) => toCopy(a, "bool") as Tensor, [of("float32", SHAPE, true)]);
  add("isclose", (a, b) => C.isclose(a, B.add(a, B.mul(b, 1e-3)), { rtol: 1e-4, atol: 1e-4 }), [
    of("float32"),
    of("float32"),
  ]);
  add("isclose equal_nan", (a) => C.isclose(a, a, { equal_nan: true }), [of("float32", SHAPE, true)]);
  for (const [name, f] of Object.entries({ isnan: U.isnan, isinf: U.isinf, isfinite: U.isfinite })) {
    add(name, (a) => f(a), [of("float32", SHAPE, true)]);
  }
  add("nan_to_num", (a) => U.nan_to_num(a), [of("float32", SHAPE, true)]);
  add("nan_to_num with values", (a) => U.nan_to_num(a, { nan: 1, posinf: 2, neginf: -2 }), [
    of("float32", SHAPE, true),
  ]);

  for (const d of ["float32", ...INTS, "bool"] as DType[]) {
    add(`logical and/or/xor/not ${d}`, (a, b) => [
      L.logical_and(a, b),
      L.logical_or(a, b),
      L.logical_xor(a, b),
      L.logical_not(a),
    ], [of(d, SHAPE, d === "float32"), of(d)]);
    add(`all / any ${d}`, (a) => [all(a), any(a), all(a, { dim: 1 }), any(a, { dim: 0, keepdim: true })], [of(d)]);
  }
  for (const d of [...INTS, "bool"] as DType[]) {
    add(`bitwise and/or/xor/not ${d}`, (a, b) => [
      L.bitwise_and(a, b),
      L.bitwise_or(a, b),
      L.bitwise_xor(a, b),
      L.bitwise_not(a),
    ], [of(d), of(d)]);
  }

  for (const d of ["float32", ...INTS] as DType[]) {
    add(`argmax / argmin ${d} (first of ties)`, (a) => [
      argmax(a),
      argmin(a),
      argmax(a, { dim: 1 }),
      argmin(a, { dim: 0, keepdim: true }),
    ], [of(d)]);
    add(`max / min over a dim ${d}`, (a) => {
      const mx = max(a, { dim: 1 }), mn = min(a, { dim: 0 });
      return [mx.values, mx.indices, mn.values, mn.indices, max(a), min(a)];
    }, [of(d)]);
    add(`sum / prod ${d}`, (a) => [sum(a), sum(a, { dim: 0 }), prod(a, { dim: 1 })], [of(d)]);
    add(`add / sub / mul / maximum / minimum ${d}`, (a, b) => [
      B.add(a, b, { alpha: 2 }),
      B.sub(a, b),
      B.mul(a, b),
      B.maximum(a, b),
      B.minimum(a, b),
    ], [of(d), of(d)]);
    add(`floor_divide / remainder / div floor / div trunc ${d}`, (a, b) => [
      B.floor_divide(a, b),
      B.remainder(a, b),
      B.div(a, b, { rounding_mode: "floor" }),
      B.div(a, b, { rounding_mode: "trunc" }),
      B.remainder(a, 3),
    ], [of(d), nonzeroOperand(rand, d)]);
    add(`true division ${d}`, (a, b) => B.div(a, b), [of(d), nonzeroOperand(rand, d)]);
    add(`abs / neg / sign / relu ${d}`, (a) => [U.abs(a), U.neg(a), U.sign(a), U.relu(a)], [of(d)]);
    add(`clamp ${d}`, (a) => [clamp(a, { min: -1, max: 2 }), clamp(a, { min: 1 })], [of(d)]);
    add(`clamp by tensors ${d}`, (a, lo, hi) => clamp(a, { min: lo, max: hi }), [of(d), of(d, [4]), of(d)]);
    add(`pow ${d}`, (a) => [pow(a, 2), pow(a, 3)], [of(d, [2, 3])]);
    add(`cumsum ${d}`, (a) => cumsum(a, 1), [of(d)], ["cumsum"]);
    add(`nonzero ${d}`, (a) => nonzeroAsync(a), [of(d)], ["nonzero"]);
    add(`masked_select ${d} (broadcast mask)`, (a, m) => masked_selectAsync(a, m), [of(d), of("bool", [4])]);
  }
  add("matmul int64", (a, b) => matmul(a, b), [of("int64", [3, 4]), of("int64", [4, 2])]);
  add("round to decimals", (a) => U.round(a, { decimals: 2 }), [of("float32")]);
  add("mean of float32", (a) => mean(a, { dim: 1 }), [of("float32")]);

  for (const d of ["float32", "int64", "int32", "uint8", "bool"] as DType[]) {
    add(`zeros / ones / full / eye ${d}`, () => [
      zeros([2, 3], { dtype: d }),
      ones([3], { dtype: d }),
      full([2, 2], 1, { dtype: d }),
      eye(3, 4, { dtype: d }),
    ], []);
  }
  add("arange", () => [arange(5), arange(1, 7, 2), arange(0.5, 2.5, 0.25), arange(-3, 3, 1, { dtype: "int32" })], []);
  add(
    "linspace",
    () => [linspace(0, 1, 7), linspace(-2, 5, 4), linspace(3, -1, 9), linspace(0, 10, 6, { dtype: "int64" })],
    [],
  );
  addOptimizerCases(add, of);
  addEdgeCases(add, of);
  return cases;
}

/** 0-d and empty tensors, expanded (stride-0) inputs, and in-place writes through strided views. */
function addEdgeCases(
  add: (label: string, fn: CaseFn, operands: Operand[]) => void,
  of: (dtype: DType, shape?: number[]) => Operand,
): void {
  add("0-d operands", (a, b) => [B.add(a, b), B.mul(a, 2), U.exp(a), sum(a), C.lt(a, b), argmax(a)], [
    of("float32", []),
    of("float32", []),
  ]);
  add("0-d with a tensor", (a, b) => [B.sub(a, b), B.maximum(b, a)], [of("float32", []), of("float32")]);
  add("empty tensors", (a, b) => [B.add(a, b), sum(a, { dim: 0 }), sum(a), cat([a, b], 0), C.eq(a, b)], [
    of("float32", [0, 4]),
    of("float32", [0, 4]),
  ]);
  add("reductions of an expanded (stride-0) input", (a) => {
    const e = expand(a, [5, 3, 4]);
    return [sum(e, { dim: 0 }), max(e, { dim: 2 }).values, argmin(e, { dim: 1 }), mean(e)];
  }, [of("float32", [3, 4])]);
  add("cat of mixed dtypes and transposed inputs", (a, b, c) => [cat([a, b], 0), cat([transpose(c), a], 1)], [
    of("float32", [2, 3]),
    of("int64", [1, 3]),
    of("uint8", [3, 2]),
  ]);
  add(
    "stack on the last dim / repeat of a transposed input",
    (a, b) => [stack([a, b], -1), repeat(transpose(a), [2, 1, 2])],
    [
      of("int32", [2, 3]),
      of("int32", [2, 3]),
    ],
  );
  add("fill_ through a strided view", (a) => {
    const base = clone(a);
    fill_(slice(transpose(base), 0, 1, 4, 2), 7);
    return base;
  }, [of("float32", [3, 4])]);
  for (const d of ["float32", "int64", "uint8"] as DType[]) {
    add(`in-place add into a transposed view ${d}`, (a, b) => {
      const base = clone(a);
      B.add_(transpose(base), b);
      return base;
    }, [of(d, [3, 4]), of(d, [4, 3])]);
    add(`copy into a strided slice ${d}`, (a, b) => {
      const base = clone(a);
      copyInto(slice(base, 1, 0, 4, 2), b);
      return base;
    }, [of(d, [3, 4]), of(d === "float32" ? "int64" : "float32", [3, 2])]);
  }
}

/** The fused optimizer steps (in place: the case answers the written operands). */
function addOptimizerCases(
  add: (label: string, fn: CaseFn, operands: Operand[]) => void,
  of: (dtype: DType) => Operand,
): void {
  const positive = () => {
    const o = of("float32");
    return { ...o, data: o.data.map(Math.abs) };
  };
  for (
    const [first, nesterov, weight_decay, maximize] of [[true, false, 0, false], [false, true, 0.1, true]] as const
  ) {
    const p = { lr: 0.1, momentum: 0.9, dampening: 0.1, weight_decay, nesterov, maximize, first: [first] };
    add(`_fused_sgd ${JSON.stringify(p)}`, (param, grad, buf) => {
      fusedSgd_([param], [grad], [buf], p);
      return [param, buf];
    }, [of("float32"), of("float32"), of("float32")]);
  }
  for (const [amsgrad, decoupled, maximize] of [[false, false, false], [true, true, true]]) {
    const p = {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weight_decay: 0.01,
      amsgrad,
      maximize,
      decoupled,
      steps: [3],
      withStepTensors: false,
    };
    add(`_fused_adam ${JSON.stringify(p)}`, (param, grad, m, v, vmax) => {
      fusedAdam_([param], [grad], [amsgrad ? [m, v, vmax] : [m, v]], p);
      return amsgrad ? [param, m, v, vmax] : [param, m, v];
    }, [of("float32"), of("float32"), of("float32"), positive(), positive()]);
  }
}

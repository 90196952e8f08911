// The WGSL of each elementwise op, under the CPU kernels' names and with their params (see
// kernels/cpu/binary.ts, unary.ts, logical.ts). As on the CPU, `params.dtype` is the compute dtype:
// inputs arrive converted to it (except "raw" ones, read as stored), the expression computes in
// its WGSL type, and the store converts to the output's dtype.
//
// An op maps (params, compute dtype, input dtypes) to a Spec: the expression over `a`, `b`, `c`
// (the inputs) and `P0`, `P1`, ... (numbers from the params, passed in the meta block), so one
// pipeline serves every value of alpha, clamp bounds and the like. Transcendentals use tsl's own
// f32 math (wgsl_math.ts); the helpers below cover PyTorch's integer and NaN semantics.

import { type DType, isFloating } from "../../runtime/dtype.ts";
import { computeType, nonzero, type WgslComputeType } from "./dtypes.ts";
import { MATH_HELPERS } from "./wgsl_math.ts";

export interface Spec {
  readonly expr: string;
  /** Values of P0, P1, ... in the compute dtype's units. */
  readonly numbers?: readonly number[];
  /** Per input: read as stored (in its own WGSL type) instead of converted to the compute dtype. */
  readonly raw?: readonly boolean[];
  /** The expression yields 0/1 as i32 (comparisons, logical ops), whatever the compute type. */
  readonly mask?: boolean;
  /** The numbers are f32 even when the compute type is i32 (isclose's tolerances). */
  readonly floatNumbers?: boolean;
  /** WGSL helper functions of the op's own, by name, besides HELPERS. */
  readonly helpers?: Readonly<Record<string, string>>;
}

type SpecFn = (p: any, dtype: DType, ins: readonly DType[]) => Spec | undefined;

export interface ElementwiseOp {
  readonly arity: 1 | 2 | 3;
  readonly spec: SpecFn;
}

/** A fixed expression per compute type ("float": f32, "int": i32, "bool": i32 holding 0/1). */
function fixed(arity: 1 | 2 | 3, float?: string, int?: string, bool = int): ElementwiseOp {
  return { arity, spec: (_, d) => pick(d, float, int, bool) };
}

function pick(d: DType, float?: string, int?: string, bool?: string): Spec | undefined {
  const expr = isFloating(d) ? float : d === "bool" ? bool : int;
  return expr === undefined ? undefined : { expr };
}

const maskOp = (arity: 1 | 2, expr: string): ElementwiseOp => ({ arity, spec: () => ({ expr, mask: true }) });

/** A logical op over raw inputs: `test` gets each input's "nonzero" WGSL. */
const logical = (arity: 1 | 2, test: (a: string, b: string) => string): ElementwiseOp => ({
  arity,
  spec: (_, __, ins) => ({
    expr: `select(0, 1, ${test(nonzero("a", cType(ins[0])), arity === 2 ? nonzero("b", cType(ins[1])) : "")})`,
    mask: true,
    raw: ins.map(() => true),
  }),
});

const float = (e: string) => fixed(1, e);
const same = (f: string, i: string) => fixed(1, f, i);
const cType = (d: DType): WgslComputeType => computeType(d);

export const ELEMENTWISE: Readonly<Record<string, ElementwiseOp>> = {
  neg: same("-a", "-a"),
  abs: same("abs(a)", "abs(a)"),
  sign: same("f_sign(a)", "sign(a)"),
  // Explicit NaN tests keep compilers from turning selects into max/min, which drop NaN.
  relu: same("select(a, 0.0, a < 0.0 && !f_isnan(a))", "max(a, 0)"),
  floor: same("floor(a)", "a"),
  ceil: same("ceil(a)", "a"),
  trunc: same("trunc(a)", "a"),
  round: same("round(a)", "a"),
  frac: float("a - trunc(a)"),
  exp: float("f_exp(a)"),
  expm1: float("f_expm1(a)"),
  log: float("f_log(a)"),
  log2: float("f_log2(a)"),
  log10: float("f_log10(a)"),
  log1p: float("f_log1p(a)"),
  sqrt: float("f_sqrt(a)"),
  rsqrt: float("f_div(1.0, f_sqrt(a))"),
  sin: float("f_sin(a)"),
  cos: float("f_cos(a)"),
  tan: float("f_tan(a)"),
  tanh: float("f_tanh(a)"),
  sigmoid: float("1.0 / (1.0 + f_exp(-a))"),
  erf: float("f_erf(a)"),
  reciprocal: float("f_div(1.0, a)"),
  round_decimals: {
    arity: 1,
    spec: (p: { decimals: number }) => ({
      expr: p.decimals >= 0 ? "f_div(round(a * P0), P0)" : "round(f_div(a, P0)) * P0",
      numbers: [10 ** Math.abs(p.decimals)],
    }),
  },
  nan_to_num: {
    arity: 1,
    spec: (p: { nan: number; posinf: number; neginf: number }, d) =>
      isFloating(d)
        ? {
          expr: "select(select(select(a, P2, f_isneginf(a)), P1, f_isposinf(a)), P0, f_isnan(a))",
          numbers: [p.nan, p.posinf, p.neginf],
        }
        : { expr: "a" },
  },
  // A NaN scalar bound compares false and is ignored, as on the CPU.
  clamp: {
    arity: 1,
    spec: (p: { min: number | null; max: number | null }) => {
      if (p.min !== null && p.max !== null) {
        return { expr: "f_clamp_hi(f_clamp_lo(a, P0), P1)", numbers: [p.min, p.max] };
      }
      if (p.min !== null) return { expr: "f_clamp_lo(a, P0)", numbers: [p.min] };
      return { expr: "f_clamp_hi(a, P0)", numbers: [p.max ?? 0] };
    },
  },
  // Tensor bounds: NaN in a bound propagates.
  clamp_tensor: {
    arity: 3, // or 2: [input, min?, max?]
    spec: (p: { hasMin: boolean; hasMax: boolean }, d) => {
      const nan = (v: string) => (isFloating(d) ? `f_isnan(${v})` : "false");
      const lo = (x: string, l: string) => `select(f_clamp_lo(${x}, ${l}), ${l}, ${nan(l)})`;
      const hi = (x: string, h: string) => `select(f_clamp_hi(${x}, ${h}), ${h}, ${nan(h)})`;
      if (p.hasMin && p.hasMax) return { expr: `select(${hi(lo("a", "b"), "c")}, b, ${nan("b")})` };
      return { expr: p.hasMin ? lo("a", "b") : hi("a", "b") };
    },
  },
  where: {
    arity: 3,
    spec: (_, __, ins) => ({ expr: `select(c, b, ${nonzero("a", cType(ins[0]))})`, raw: [true, false, false] }),
  },

  add: {
    arity: 2,
    spec: (p: { alpha: number }, d) =>
      d === "bool"
        ? (p.alpha === 1 ? { expr: "a | b" } : { expr: "a | (P0 & b)", numbers: [p.alpha] })
        : (p.alpha === 1 ? { expr: "a + b" } : { expr: "a + P0 * b", numbers: [p.alpha] }),
  },
  sub: {
    arity: 2,
    spec: (p: { alpha: number }) => (p.alpha === 1 ? { expr: "a - b" } : { expr: "a - P0 * b", numbers: [p.alpha] }),
  },
  rsub: {
    arity: 2,
    spec: (p: { alpha: number }) => (p.alpha === 1 ? { expr: "b - a" } : { expr: "b - P0 * a", numbers: [p.alpha] }),
  },
  mul: fixed(2, "a * b", "a * b", "a & b"),
  div: fixed(2, "f_div(a, b)"),
  div_trunc: fixed(2, "trunc(f_div(a, b))", "a / b"),
  div_floor: fixed(2, "f_div_floor(a, b)", "i_floordiv(a, b)"),
  floor_divide: fixed(2, "f_div_floor(a, b)", "i_floordiv(a, b)"),
  remainder: fixed(2, "f_remainder(a, b)", "i_remainder(a, b)"),
  remainder_scalar: fixed(2, "f_remainder(a, b)", "i_remainder(a, b)"),
  maximum: fixed(2, "f_maximum(a, b)", "select(a, b, a < b)"),
  minimum: fixed(2, "f_minimum(a, b)", "select(a, b, b < a)"),
  atan2: fixed(2, "f_atan2(a, b)"),
  pow_tensor: fixed(2, "f_pow(a, b)", "i_pow(a, b)"),
  // PyTorch's pow(tensor, scalar) shortcuts, so that x ** 2 is exactly x * x.
  pow: {
    arity: 1,
    spec: (p: { exponent: number }, d) => {
      if (!isFloating(d)) return { expr: "i_pow(a, P0)", numbers: [p.exponent] };
      const special: Record<number, string> = {
        2: "a * a",
        3: "(a * a) * a",
        0.5: "f_sqrt(a)",
        [-0.5]: "f_div(1.0, f_sqrt(a))",
        [-1]: "f_div(1.0, a)",
        [-2]: "f_div(1.0, a * a)",
      };
      return special[p.exponent] ? { expr: special[p.exponent] } : { expr: "f_pow(a, P0)", numbers: [p.exponent] };
    },
  },

  eq: maskOp(2, "select(0, 1, a == b)"),
  ne: {
    arity: 2,
    spec: (_, d) => ({ expr: isFloating(d) ? "select(0, 1, f_ne(a, b))" : "select(0, 1, a != b)", mask: true }),
  },
  lt: maskOp(2, "select(0, 1, a < b)"),
  le: maskOp(2, "select(0, 1, a <= b)"),
  gt: maskOp(2, "select(0, 1, a > b)"),
  ge: maskOp(2, "select(0, 1, a >= b)"),
  isclose: {
    arity: 2,
    spec: (p: { rtol: number; atol: number; equal_nan: boolean }, d) => ({
      expr: isFloating(d)
        ? `f_isclose(a, b, P0, P1, ${p.equal_nan})`
        : "select(0, 1, a == b || f32(abs(a - b)) <= P1 + P0 * f32(abs(b)))",
      numbers: [p.rtol, p.atol],
      mask: true,
      floatNumbers: true,
    }),
  },
  logical_and: logical(2, (a, b) => `${a} && ${b}`),
  logical_or: logical(2, (a, b) => `${a} || ${b}`),
  logical_xor: logical(2, (a, b) => `${a} != ${b}`),
  logical_not: logical(1, (a) => `!${a}`),
  isnan: rawTest("f_isnan(a)", "false"),
  isinf: rawTest("f_isposinf(a) || f_isneginf(a)", "false"),
  isfinite: rawTest("!f_isnan(a) && !f_isposinf(a) && !f_isneginf(a)", "true"),
  bitwise_and: fixed(2, undefined, "a & b"),
  bitwise_or: fixed(2, undefined, "a | b"),
  bitwise_xor: fixed(2, undefined, "a ^ b"),
  bitwise_not: fixed(1, undefined, "~a", "a ^ 1"),
};

function rawTest(float: string, int: string): ElementwiseOp {
  return {
    arity: 1,
    spec: (_, __, [x]) => ({ expr: `select(0, 1, ${cType(x) === "f32" ? float : int})`, mask: true, raw: [true] }),
  };
}

/** WGSL helpers; a shader includes those its expression names. */
export const HELPERS: Readonly<Record<string, string>> = {
  ...MATH_HELPERS,
  // WGSL lets compilers assume no NaN or inf (so `a != a` may fold to false): test the bits.
  f_isnan: `fn f_isnan(a: f32) -> bool { return (bitcast<u32>(a) & 0x7fffffffu) > 0x7f800000u; }`,
  f_isposinf: `fn f_isposinf(a: f32) -> bool { return bitcast<u32>(a) == 0x7f800000u; }`,
  f_isneginf: `fn f_isneginf(a: f32) -> bool { return bitcast<u32>(a) == 0xff800000u; }`,
  f_ne: `fn f_ne(a: f32, b: f32) -> bool { return !(a == b) || f_isnan(a) || f_isnan(b); }`,
  f_sign: `fn f_sign(a: f32) -> f32 { return select(select(0.0, -1.0, a < 0.0), 1.0, a > 0.0); }`,
  // v stays when NaN (a NaN input propagates; a NaN scalar bound compares false and is ignored).
  f_clamp_lo: `fn f_clamp_lo(v: T, lo: T) -> T { return select(v, lo, v < lo && !f_isnan(f32(v))); }`,
  f_clamp_hi: `fn f_clamp_hi(v: T, hi: T) -> T { return select(v, hi, v > hi && !f_isnan(f32(v))); }`,
  // Ties keep the first operand and NaN wins, as the CPU kernels (and std::max) do.
  f_maximum:
    `fn f_maximum(a: f32, b: f32) -> f32 { return select(select(a, b, a < b), a + b, f_isnan(a) || f_isnan(b)); }`,
  f_minimum:
    `fn f_minimum(a: f32, b: f32) -> f32 { return select(select(a, b, b < a), a + b, f_isnan(a) || f_isnan(b)); }`,
  f_isclose: `fn f_isclose(a: f32, b: f32, rtol: f32, atol: f32, equal_nan: bool) -> i32 {
  if (a == b) { return 1; }
  if (f_isnan(a) || f_isnan(b)) { return select(0, 1, equal_nan && f_isnan(a) && f_isnan(b)); }
  let diff = abs(a - b);
  return select(0, 1, !f_isposinf(diff) && diff <= atol + rtol * abs(b));
}`,
  i_floordiv: `fn i_floordiv(a: i32, b: i32) -> i32 {
  let q = a / b;
  return select(q, q - 1, q * b != a && ((a < 0) != (b < 0)));
}`,
  // From the (truncating) quotient: drivers disagree on the sign of i32 % with negative operands.
  i_remainder: `fn i_remainder(a: i32, b: i32) -> i32 {
  let r = a - (a / b) * b;
  return select(r, r + b, r != 0 && ((r < 0) != (b < 0)));
}`,
  // c10's integer pow: negative exponents give 0 except for bases 1 and -1.
  i_pow: `fn i_pow(a: i32, b: i32) -> i32 {
  if (b < 0) { return select(select(0, 1, a == 1), select(1, -1, (b & 1) == 1), a == -1); }
  var n = b; var x = a; var r = 1;
  loop { if (n == 0) { break; } if ((n & 1) == 1) { r *= x; } n >>= 1u; x *= x; }
  return r;
}`,
};

// CPU kernels of the unary math ops, round with decimals, nan_to_num, clamp and where. Float ops
// compute in doubles; the float32 store rounds the result (within an ulp of PyTorch's float32
// kernels for transcendental functions, exact for sqrt).

import type { ElementwiseParams } from "../../runtime/ops/elementwise.ts";
import type { NanToNumParams, RoundDecimalsParams } from "../../runtime/ops/unary.ts";
import type { ClampParams, ClampTensorParams } from "../../runtime/ops/clamp.ts";
import { castValue } from "../../runtime/ops/scalar.ts";
import { isFloating } from "../../runtime/dtype.ts";
import { type Fn1, type Fn2, type Fn3, registerElementwise } from "./loops.ts";
import { reluFloat32 } from "./float32_bits.ts";
import { erf as erfScalar, exact, roundDecimals as roundDecimalsScalar, roundHalfEven } from "./scalar_math.ts";

const identity: Fn1 = (x) => x;

/** Float inputs get `float`; integer and bool inputs `int` (identity for rounding ops). */
function register(name: string, float: Fn1, int: Fn1 = float): void {
  registerElementwise<ElementwiseParams>(name, (p) => (isFloating(p.dtype) ? float : int));
}

register("neg", (x) => -x, (x) => 0 - x);
register("abs", (x) => Math.abs(x));
register("sign", (x) => (x > 0 ? 1 : x < 0 ? -1 : 0));
const relu: Fn1 = (x) => (x < 0 ? 0 : x);
registerElementwise<ElementwiseParams>("relu", () => relu, {
  fast: (inputs, out, p) => p.dtype === "float32" && reluFloat32(inputs, out),
});
register("floor", (x) => Math.floor(x), identity);
register("ceil", (x) => Math.ceil(x), identity);
register("trunc", (x) => Math.trunc(x), identity);
register("round", (x) => roundHalfEven(x), identity);
register("frac", (x) => x - Math.trunc(x));

// The "float" rule ops only ever see float compute dtypes.
register("exp", (x) => Math.exp(x));
register("expm1", (x) => Math.expm1(x));
register("log", (x) => Math.log(x));
register("log2", (x) => Math.log2(x));
register("log10", (x) => Math.log10(x));
register("log1p", (x) => Math.log1p(x));
register("sqrt", (x) => Math.sqrt(x));
register("rsqrt", (x) => 1 / Math.sqrt(x));
register("sin", (x) => Math.sin(x));
register("cos", (x) => Math.cos(x));
register("tan", (x) => Math.tan(x));
register("tanh", (x) => Math.tanh(x));
register("sigmoid", (x) => 1 / (1 + Math.exp(-x)));
register("erf", (x) => erfScalar(x));
register("reciprocal", (x) => 1 / x);

const roundDec32: Fn1 = (x, P) => roundDecimalsScalar(x, P[0], Math.fround);
const roundDec64: Fn1 = (x, P) => roundDecimalsScalar(x, P[0], exact);
registerElementwise<RoundDecimalsParams>(
  "round_decimals",
  (p) => (p.dtype === "float32" ? roundDec32 : roundDec64),
  { numbers: (p) => [p.decimals] },
);

const nanToNum: Fn1 = (x, P) => (x !== x ? P[0] : x === Infinity ? P[1] : x === -Infinity ? P[2] : x);
registerElementwise<NanToNumParams>("nan_to_num", (p) => (isFloating(p.dtype) ? nanToNum : identity), {
  numbers: (p) => [p.nan, p.posinf, p.neginf].map((v) => castValue(v, p.dtype)),
});

// Scalar bounds: a NaN bound compares false and is ignored, as PyTorch does for scalars.
const clampScalar: Fn1 = (x, P) => {
  const v = x < P[0] ? P[0] : x;
  return v > P[1] ? P[1] : v;
};
registerElementwise<ClampParams>("clamp", () => clampScalar, {
  numbers: (
    p,
  ) => [p.min === null ? -Infinity : castValue(p.min, p.dtype), p.max === null ? Infinity : castValue(p.max, p.dtype)],
});

// Tensor bounds: NaN anywhere propagates (max/min with NaN propagation).
const clampBoth: Fn3 = (x, lo, hi) => (lo !== lo ? lo : hi !== hi ? hi : Math.min(Math.max(x, lo), hi));
const clampLo: Fn2 = (x, lo) => (lo !== lo || x < lo ? lo : x);
const clampHi: Fn2 = (x, hi) => (hi !== hi || x > hi ? hi : x);
registerElementwise<ClampTensorParams>(
  "clamp_tensor",
  (p) => (p.hasMin && p.hasMax ? clampBoth : p.hasMin ? clampLo : clampHi),
);

const where: Fn3 = (c, x, y) => (c !== 0 ? x : y);
registerElementwise<ElementwiseParams>("where", () => where, { raw: [true, false, false] });

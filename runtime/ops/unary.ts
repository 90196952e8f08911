// Unary elementwise ops. Each has a dtype rule: "same" keeps the input dtype (neg, abs, floor...),
// "float" computes integers and bool in the default float dtype (exp, log, sqrt, sigmoid...),
// "bool" gives a bool mask (isnan...). In-place forms must be able to store the result.

import { type DType, isFloating, isIntegral } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { callElementwise, defineElementwise, type ElementwiseParams, type OutOption } from "./elementwise.ts";
import type { OpDef } from "./registry.ts";
import { notImplementedFor } from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesInput, savesOutput, zerosGrad } from "../autograd/grad_rule.ts";
import { add, div, mul, rsub } from "./binary.ts";
import { where } from "./clamp.ts";
import { threshold_backward } from "./threshold_backward.ts";

type Rule = "same" | "float" | "bool";

interface UnaryDef {
  gradName?: string;
  rule: Rule;
  /** PyTorch's error for a bool input: a kernel name ("abs_cpu") or a full message. */
  noBool?: string;
  /** The same for integer inputs. */
  noInt?: string;
}

type UnaryFn = (t: Tensor, opts?: OutOption) => Tensor;

const computeDtype = (rule: Rule, d: DType): DType => (rule === "float" && !isFloating(d) ? "float32" : d);

function unsupported(message: string, dtype: DType): Error {
  return message.includes(" ") ? runtimeError(message) : notImplementedFor(message, dtype);
}

/** Declares a unary op; returns the op, its function and its in-place form. */
function unaryOp(name: string, def: UnaryDef): [OpDef<ElementwiseParams>, UnaryFn, (t: Tensor) => Tensor] {
  const op = defineElementwise<ElementwiseParams>({
    name,
    gradName: def.gradName,
    outDtype: def.rule === "bool" ? () => "bool" : undefined,
    check([t]) {
      if (def.noBool && t.dtype === "bool") throw unsupported(def.noBool, t.dtype);
      if (def.noInt && isIntegral(t.dtype)) throw unsupported(def.noInt, t.dtype);
    },
  });
  const fn = (t: Tensor, opts: OutOption = {}) =>
    callElementwise(op, [t], { dtype: computeDtype(def.rule, t.dtype) }, opts.out);
  return [op, fn, (t: Tensor) => fn(t, { out: t })];
}

const NEG_BOOL =
  "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";

export const [negOp, neg, neg_] = unaryOp("neg", { gradName: "NegBackward0", rule: "same", noBool: NEG_BOOL });
export const [absOp, abs, abs_] = unaryOp("abs", { gradName: "AbsBackward0", rule: "same", noBool: "abs_cpu" });
export const [signOp, sign, sign_] = unaryOp("sign", { gradName: "SignBackward0", rule: "same" });
export const [reluOp, relu, relu_] = unaryOp("relu", {
  gradName: "ReluBackward0",
  rule: "same",
  noBool: "Boolean inputs not supported for relu",
});
export const [floorOp, floor, floor_] = unaryOp("floor", {
  gradName: "FloorBackward0",
  rule: "same",
  noBool: "floor_vml_cpu",
});
export const [ceilOp, ceil, ceil_] = unaryOp("ceil", {
  gradName: "CeilBackward0",
  rule: "same",
  noBool: "ceil_vml_cpu",
});
export const [truncOp, trunc, trunc_] = unaryOp("trunc", {
  gradName: "TruncBackward0",
  rule: "same",
  noBool: "trunc_vml_cpu",
});
export const [fracOp, frac, frac_] = unaryOp("frac", {
  gradName: "FracBackward0",
  rule: "same",
  noBool: "frac_cpu",
  noInt: "frac_cpu",
});

export const [expOp, exp, exp_] = unaryOp("exp", { gradName: "ExpBackward0", rule: "float" });
export const [expm1Op, expm1, expm1_] = unaryOp("expm1", { gradName: "Expm1Backward0", rule: "float" });
export const [logOp, log, log_] = unaryOp("log", { gradName: "LogBackward0", rule: "float" });
export const [log2Op, log2, log2_] = unaryOp("log2", { gradName: "Log2Backward0", rule: "float" });
export const [log10Op, log10, log10_] = unaryOp("log10", { gradName: "Log10Backward0", rule: "float" });
export const [log1pOp, log1p, log1p_] = unaryOp("log1p", { gradName: "Log1PBackward0", rule: "float" });
export const [sqrtOp, sqrt, sqrt_] = unaryOp("sqrt", { gradName: "SqrtBackward0", rule: "float" });
export const [rsqrtOp, rsqrt, rsqrt_] = unaryOp("rsqrt", { gradName: "RsqrtBackward0", rule: "float" });
export const [sinOp, sin, sin_] = unaryOp("sin", { gradName: "SinBackward0", rule: "float" });
export const [cosOp, cos, cos_] = unaryOp("cos", { gradName: "CosBackward0", rule: "float" });
export const [tanOp, tan, tan_] = unaryOp("tan", { gradName: "TanBackward0", rule: "float" });
export const [tanhOp, tanh, tanh_] = unaryOp("tanh", { gradName: "TanhBackward0", rule: "float" });
export const [sigmoidOp, sigmoid, sigmoid_] = unaryOp("sigmoid", { gradName: "SigmoidBackward0", rule: "float" });
export const [erfOp, erf, erf_] = unaryOp("erf", { gradName: "ErfBackward0", rule: "float" });
export const [reciprocalOp, reciprocal, reciprocal_] = unaryOp("reciprocal", {
  gradName: "ReciprocalBackward0",
  rule: "float",
});

// Gradients (the isnan family below gives bool masks and takes none).
setBackward(negOp, rule((g) => [neg(g)]));
setBackward(absOp, rule((g, { inputs: [a] }) => [mul(g, sign(a))]), savesInput);
setBackward(fracOp, rule((g) => [g]));
setBackward(reluOp, rule((g, { outputs: [o] }) => [threshold_backward(g, o)]), savesOutput);
setBackward(expOp, rule((g, { outputs: [o] }) => [mul(g, o)]), savesOutput);
setBackward(expm1Op, rule((g, { outputs: [o] }) => [mul(g, add(o, 1))]), savesOutput);
setBackward(logOp, rule((g, { inputs: [a] }) => [div(g, a)]), savesInput);
setBackward(log2Op, rule((g, { inputs: [a] }) => [div(g, mul(a, Math.LN2))]), savesInput);
setBackward(log10Op, rule((g, { inputs: [a] }) => [div(g, mul(a, Math.LN10))]), savesInput);
setBackward(log1pOp, rule((g, { inputs: [a] }) => [div(g, add(a, 1))]), savesInput);
setBackward(sqrtOp, rule((g, { outputs: [o] }) => [div(g, mul(o, 2))]), savesOutput);
setBackward(rsqrtOp, rule((g, { outputs: [o] }) => [mul(g, mul(mul(o, mul(o, o)), -0.5))]), savesOutput);
setBackward(sinOp, rule((g, { inputs: [a] }) => [mul(g, cos(a))]), savesInput);
setBackward(cosOp, rule((g, { inputs: [a] }) => [neg(mul(g, sin(a)))]), savesInput);
setBackward(tanOp, rule((g, { outputs: [o] }) => [mul(g, add(mul(o, o), 1))]), savesOutput);
setBackward(tanhOp, rule((g, { outputs: [o] }) => [mul(g, rsub(mul(o, o), 1))]), savesOutput);
setBackward(sigmoidOp, rule((g, { outputs: [o] }) => [mul(g, mul(o, rsub(o, 1)))]), savesOutput);
setBackward(
  erfOp,
  rule((g, { inputs: [a] }) => [mul(g, mul(exp(neg(mul(a, a))), 2 / Math.sqrt(Math.PI)))]),
  savesInput,
);
setBackward(reciprocalOp, rule((g, { outputs: [o] }) => [neg(mul(g, mul(o, o)))]), savesOutput);
export const [isnanOp, isnan] = unaryOp("isnan", { rule: "bool" });
export const [isinfOp, isinf] = unaryOp("isinf", { rule: "bool" });
export const [isfiniteOp, isfinite] = unaryOp("isfinite", { rule: "bool" });

// round has two autograd nodes (RoundBackward0 / RoundBackward1 with decimals), hence two ops.
export const [roundOp, roundPlain, roundPlain_] = unaryOp("round", {
  gradName: "RoundBackward0",
  rule: "same",
  noBool: "round_vml_cpu",
});

export interface RoundDecimalsParams extends ElementwiseParams {
  decimals: number;
}

export const roundDecimalsOp = defineElementwise<RoundDecimalsParams>({
  name: "round_decimals",
  gradName: "RoundBackward1",
  check([t]) {
    if (!isFloating(t.dtype)) throw notImplementedFor("round_cpu", t.dtype);
  },
});

export interface RoundOptions extends OutOption {
  decimals?: number;
}

/** Round half to even, optionally to `decimals` places (negative: tens, hundreds...). */
export function round(t: Tensor, opts: RoundOptions = {}): Tensor {
  if (!opts.decimals) return roundPlain(t, opts);
  return callElementwise(roundDecimalsOp, [t], { dtype: t.dtype, decimals: opts.decimals }, opts.out);
}

export const round_ = (t: Tensor, opts: { decimals?: number } = {}): Tensor => round(t, { ...opts, out: t });

export interface NanToNumParams extends ElementwiseParams {
  nan: number;
  posinf: number;
  neginf: number;
}

export const nanToNumOp = defineElementwise<NanToNumParams>({ name: "nan_to_num", gradName: "NanToNumBackward0" });

setBackward(nanToNumOp, rule((g, { inputs: [a] }) => [where(isfinite(a), g, 0)]), savesInput);

// Piecewise-constant ops: zero gradient almost everywhere.
for (const op of [signOp, floorOp, ceilOp, truncOp, roundOp, roundDecimalsOp]) {
  setBackward(op, rule((g) => [zerosGrad(g)]));
}

export interface NanToNumOptions extends OutOption {
  nan?: number;
  posinf?: number | null;
  neginf?: number | null;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** Replaces NaN (default 0) and ±inf (default: the dtype's largest finite values). */
export function nan_to_num(t: Tensor, opts: NanToNumOptions = {}): Tensor {
  const max = t.dtype === "float64" ? Number.MAX_VALUE : FLOAT32_MAX;
  const params = { dtype: t.dtype, nan: opts.nan ?? 0, posinf: opts.posinf ?? max, neginf: opts.neginf ?? -max };
  return callElementwise(nanToNumOp, [t], params, opts.out);
}

export const nan_to_num_ = (t: Tensor, opts: Omit<NanToNumOptions, "out"> = {}): Tensor =>
  nan_to_num(t, { ...opts, out: t });

// Reductions with more arithmetic: var, std, norm, logsumexp. All accumulate in doubles.

import { type DType, isFloating } from "../dtype.ts";
import { runtimeError, valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { clone } from "./copy.ts";
import { dispatch1 } from "./registry.ts";
import { defineReduction, type ReduceOptions, type ReduceParams, reduceParams } from "./reduce.ts";
import { SCALAR_TYPE_NAME } from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesInput, savesInputAndOutput, zerosGrad } from "../autograd/grad_rule.ts";
import { div, mul, sub } from "./binary.ts";
import { abs, exp, sign } from "./unary.ts";
import { pow } from "./pow.ts";
import { where } from "./clamp.ts";
import { eq } from "./compare.ts";
import { countOf, mean, sum, unreduce } from "./reduce.ts";

export interface VarParams extends ReduceParams {
  /** Divide by max(0, N - correction): 1 is Bessel's correction (the default). */
  correction: number;
}

const floatOnly = (t: Tensor) => {
  if (!isFloating(t.dtype)) throw runtimeError("std and var only support floating point and complex dtypes");
};
const same = (d: DType) => d;

export const varOp = defineReduction<VarParams>("var", "VarBackward0", same, floatOnly);
export const stdOp = defineReduction<VarParams>("std", "StdBackward0", same, floatOnly);

export interface VarOptions extends ReduceOptions {
  unbiased?: boolean;
  correction?: number;
}

const varParams = (t: Tensor, opts: VarOptions): VarParams => ({
  ...reduceParams(t, opts),
  correction: opts.correction ?? (opts.unbiased === false ? 0 : 1),
});

/** torch.var (`var` is reserved in JS): over `dim` (default all), unbiased unless `unbiased: false`. */
export const variance = (t: Tensor, opts: VarOptions = {}): Tensor => dispatch1(varOp, [t], varParams(t, opts));
export const std = (t: Tensor, opts: VarOptions = {}): Tensor => dispatch1(stdOp, [t], varParams(t, opts));

export interface NormParams extends ReduceParams {
  /** The vector norm's order: 2, 1, Infinity, -Infinity, 0 or any other number. */
  p: number;
}

export const normOp = defineReduction<NormParams>("norm", "NormBackward1", same, (t) => {
  if (!isFloating(t.dtype)) {
    throw runtimeError(
      `norm(): input dtype should be either floating point or complex. Got ${SCALAR_TYPE_NAME[t.dtype]} instead.`,
    );
  }
});

export interface NormOptions extends ReduceOptions {
  /** Default 2; "fro" is the 2-norm of the flattened dims. */
  p?: number | "fro" | "nuc";
}

/** torch.norm: the vector p-norm over `dim` (every element by default). */
export function norm(t: Tensor, opts: NormOptions = {}): Tensor {
  const p = opts.p ?? 2;
  if (p === "nuc") throw valueError("tsl does not support the nuclear norm");
  return dispatch1(normOp, [t], { ...reduceParams(t, opts), p: p === "fro" ? 2 : p });
}

export const logsumexpOp = defineReduction("logsumexp", "LogsumexpBackward0", same);

/** log(sum(exp(t))) over `dim`, shifted by the max for stability; integers compute in float32. */
export function logsumexp(t: Tensor, opts: ReduceOptions = {}): Tensor {
  const input = isFloating(t.dtype) ? t : clone(t, "float32");
  return dispatch1(logsumexpOp, [input], reduceParams(t, opts));
}

// ---- gradients

setBackward(
  varOp,
  rule((g, { inputs: [a], params }) => {
    const n = Math.max(0, countOf(a, params.dims) - params.correction);
    const centered = sub(a, mean(a, { dim: params.dims, keepdim: true }));
    return [mul(unreduce(g, a, params), div(mul(centered, 2), n))];
  }),
  savesInput,
);
setBackward(
  stdOp,
  rule((g, { inputs: [a], outputs: [o], params }) => {
    const n = Math.max(0, countOf(a, params.dims) - params.correction);
    const centered = sub(a, mean(a, { dim: params.dims, keepdim: true }));
    return [div(mul(unreduce(g, a, params), centered), mul(unreduce(o, a, params), n))];
  }),
  savesInputAndOutput,
);
setBackward(
  normOp,
  rule((g, { inputs: [a], outputs: [o], params }) => {
    const gg = unreduce(g, a, params), oo = unreduce(o, a, params);
    const p = params.p;
    if (p === 0) return [zerosGrad(gg)];
    if (p === 1) return [mul(gg, sign(a))];
    if (p === Infinity || p === -Infinity) {
      const hit = eq(abs(a), oo);
      const count = sum(hit, { dim: params.dims, keepdim: true });
      return [div(mul(where(hit, gg, 0), sign(a)), count)];
    }
    // a * |a|^(p-2) / norm^(p-1); zero where the norm is zero.
    const num = p === 2 ? a : mul(a, pow(abs(a), p - 2));
    const den = p === 2 ? oo : pow(oo, p - 1);
    return [where(eq(oo, 0), 0, div(mul(gg, num), den))];
  }),
  savesInputAndOutput,
);
setBackward(
  logsumexpOp,
  rule((
    g,
    { inputs: [a], outputs: [o], params },
  ) => [mul(unreduce(g, a, params), exp(sub(a, unreduce(o, a, params))))]),
  savesInputAndOutput,
);

// Ops along one dim whose output has the input's shape: softmax, log_softmax, cumsum, cumprod.

import { type DType, isFloating } from "../dtype.ts";
import { normalizeDim } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { clone } from "./copy.ts";
import { defineOp, dispatch1, type OpDef } from "./registry.ts";
import { notImplementedFor } from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesInputAndOutput, savesOutput } from "../autograd/grad_rule.ts";
import { add, div, mul, sub } from "./binary.ts";
import { exp } from "./unary.ts";
import { sum } from "./reduce.ts";
import { where } from "./clamp.ts";
import { eq } from "./compare.ts";
import { logical_and } from "./logical.ts";

export interface ScanParams {
  /** Normalized dim (0 for a 0-d input, which is a single element). */
  dim: number;
}

function defineScan(
  name: string,
  gradName: string,
  dtype: (d: DType) => DType,
  check?: (t: Tensor, p: ScanParams) => void,
) {
  return defineOp<ScanParams>({
    name,
    gradName,
    infer([t], p) {
      check?.(t, p);
      return [{ shape: [...t.shape], dtype: dtype(t.dtype) }];
    },
  });
}

// PyTorch names the missing kernel, which depends on whether dim is the last one.
const floatOnly = (kernel: string) => (t: Tensor, p: ScanParams) => {
  if (!isFloating(t.dtype)) {
    throw notImplementedFor(`${kernel}${p.dim === t.ndim - 1 || t.ndim === 0 ? "_lastdim" : ""}_kernel_impl`, t.dtype);
  }
};

export const softmaxOp = defineScan("softmax", "SoftmaxBackward0", (d) => d, floatOnly("softmax"));
export const logSoftmaxOp = defineScan("log_softmax", "LogSoftmaxBackward0", (d) => d, floatOnly("log_softmax"));
const widenInts = (d: DType): DType => (isFloating(d) ? d : "int64");
export const cumsumOp = defineScan("cumsum", "CumsumBackward0", widenInts);
export const cumprodOp = defineScan("cumprod", "CumprodBackward0", widenInts);

export interface DtypeOption {
  /** Cast the input to this dtype first. */
  dtype?: DType;
}

function scan(op: OpDef<ScanParams>, t: Tensor, dim: number, opts: DtypeOption): Tensor {
  const params = { dim: normalizeDim(dim, t.ndim) };
  const input = opts.dtype && opts.dtype !== t.dtype ? clone(t, opts.dtype) : t;
  return dispatch1(op, [input], params);
}

/** exp(t) / sum(exp(t)) along `dim`, computed as exp(t - max) for stability. */
export const softmax = (t: Tensor, dim: number, opts: DtypeOption = {}): Tensor => scan(softmaxOp, t, dim, opts);
export const log_softmax = (t: Tensor, dim: number, opts: DtypeOption = {}): Tensor => scan(logSoftmaxOp, t, dim, opts);
/** Running sum along `dim`; integer and bool inputs give int64. */
export const cumsum = (t: Tensor, dim: number, opts: DtypeOption = {}): Tensor => scan(cumsumOp, t, dim, opts);
export const cumprod = (t: Tensor, dim: number, opts: DtypeOption = {}): Tensor => scan(cumprodOp, t, dim, opts);

// ---- gradients

setBackward(
  softmaxOp,
  rule((g, { outputs: [o], params: { dim } }) => [mul(o, sub(g, sum(mul(g, o), { dim, keepdim: true })))]),
  savesOutput,
);
setBackward(
  logSoftmaxOp,
  rule((g, { outputs: [o], params: { dim } }) => [sub(g, mul(exp(o), sum(g, { dim, keepdim: true })))]),
  savesOutput,
);

/** The running sum from the end along `dim`: total - cumsum + t. */
const reverseCumsum = (t: Tensor, dim: number) => add(sub(sum(t, { dim, keepdim: true }), cumsum(t, dim)), t);
setBackward(cumsumOp, rule((g, { params: { dim } }) => [reverseCumsum(g, dim)]));

// cumprod: grad_i = sum over k >= i of g_k * out_k / a_i. Zeros are handled exactly, as in PyTorch:
// past the first zero of a slice every out_k is 0 (so those inputs get 0), and the first zero
// itself gets sum over k of g_k * (the cumprod with that zero replaced by 1).
setBackward(
  cumprodOp,
  rule((g, { inputs: [a], outputs: [o], params: { dim } }) => {
    const isZero = eq(a, 0);
    const firstZero = logical_and(isZero, eq(cumsum(isZero, dim), 1));
    const nonzeroPart = div(reverseCumsum(mul(g, o), dim), where(isZero, 1, a));
    const zeroPart = reverseCumsum(mul(g, cumprod(where(firstZero, 1, a), dim)), dim);
    return [where(firstZero, zeroPart, nonzeroPart)];
  }),
  savesInputAndOutput,
);

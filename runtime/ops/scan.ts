// Ops along one dim whose output has the input's shape: softmax, log_softmax, cumsum, cumprod.

import { type DType, isFloating } from "../dtype.ts";
import { normalizeDim } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { clone } from "./copy.ts";
import { defineOp, dispatch1, type OpDef } from "./registry.ts";
import { notImplementedFor } from "./scalar.ts";

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

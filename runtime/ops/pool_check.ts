// The shape rules of pooling: PyTorch 1.13's checks (Pool.h's pooling_output_shape and
// pool2d_shape_check, max_pool1d's own checks, the adaptive pools' checks), in PyTorch's order and
// with its messages. 1-d average and adaptive pooling run in PyTorch as 2-d pooling of height 1,
// so their checks see the input with a unit dim before the last, as PyTorch's messages show it.

import type { DType } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { formatShape, normalizeDim } from "../shape.ts";
import { SCALAR_NAMES } from "./conv_check.ts";

export type IntOrList = number | readonly number[];

/** A window argument as a list of `dims` values (an int repeats), or PyTorch's length message. */
export function windowList(v: IntOrList, dims: number, message: string): number[] {
  if (typeof v === "number") return new Array<number>(dims).fill(v);
  if (v.length === 1) return new Array<number>(dims).fill(v[0]);
  if (v.length !== dims) throw runtimeError(message);
  return [...v];
}

/** `shape` as 2-d pooling sees a 1-d input: a unit dim before the last. */
export const as2d = (shape: readonly number[]): number[] => [...shape.slice(0, -1), 1, shape[shape.length - 1]];

/** Pool.h's pooling_output_shape: the output length of one pooled dim. */
export function poolingOutputShape(
  size: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): number {
  if (stride === 0) throw runtimeError("stride should not be zero");
  if (pad < 0) throw runtimeError(`pad must be non-negative, but got pad: ${pad}`);
  if (pad > Math.trunc(kernel / 2)) {
    throw runtimeError(`pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${kernel}`);
  }
  let out = Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  // With ceil_mode, the last window must start inside the input or its left padding.
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * The output [OH, OW] of 2-d max/average pooling of a 3-d or 4-d `shape` (max_pool2d and
 * avg_pool2d's meta functions, after their argument-length checks).
 */
export function pool2dOutput(
  shape: readonly number[],
  k: readonly number[],
  s: readonly number[],
  p: readonly number[],
  d: readonly number[],
  ceilMode: boolean,
): [number, number] {
  const nd = shape.length;
  const H = shape[nd - 2], W = shape[nd - 1];
  const OH = poolingOutputShape(H, k[0], p[0], s[0], d[0], ceilMode);
  const OW = poolingOutputShape(W, k[1], p[1], s[1], d[1], ceilMode);
  // pool2d_shape_check
  if (k[0] <= 0 || k[1] <= 0) {
    throw runtimeError(`kernel size should be greater than zero, but got kH: ${k[0]} kW: ${k[1]}`);
  }
  if (s[0] <= 0 || s[1] <= 0) throw runtimeError(`stride should be greater than zero, but got dH: ${s[0]} dW: ${s[1]}`);
  if (d[0] <= 0 || d[1] <= 0) {
    throw runtimeError(`dilation should be greater than zero, but got dilationH: ${d[0]} dilationW: ${d[1]}`);
  }
  const validDims = shape[1] !== 0 && shape[2] !== 0;
  if (!((nd === 3 && shape[0] !== 0 && validDims) || (nd === 4 && validDims && shape[3] !== 0))) {
    throw runtimeError(
      `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(shape)}`,
    );
  }
  if (OH < 1 || OW < 1) {
    const C = shape[nd - 3];
    throw runtimeError(
      `Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${OH}x${OW}). Output size is too small`,
    );
  }
  return [OH, OW];
}

/** max_pool1d's own checks (MaxPooling.cpp) and its output length, which may be 0. */
export function maxPool1dOutput(
  shape: readonly number[],
  k: number,
  s: number,
  p: number,
  d: number,
  ceilMode: boolean,
): number {
  if (k <= 0) throw runtimeError(`max_pool1d() kernel_size must be greater than zero, but got ${k}`);
  if (s <= 0) throw runtimeError(`max_pool1d() stride must be greater than zero, but got ${s}`);
  if (p < 0) throw runtimeError(`max_pool1d() padding must be non-negative, but got ${p}`);
  if (p > Math.trunc(k / 2)) {
    throw runtimeError(
      `max_pool1d() padding should be at most half of kernel size, but got padding=${p} and kernel_size=${k}`,
    );
  }
  if (d <= 0) throw runtimeError(`max_pool1d() dilation must be greater than zero, but got ${d}`);
  const out = poolingOutputShape(shape[shape.length - 1], k, p, s, d, ceilMode);
  if (out < 0) throw runtimeError(`max_pool1d() Invalid computed output size: ${out}`);
  return out;
}

/** max_pool1d's rank check, which also rejects empty non-batch dims. */
export function checkMaxPool1dRank(shape: readonly number[]): void {
  const nd = shape.length;
  if ((nd !== 2 && nd !== 3) || shape[nd - 1] === 0 || shape[nd - 2] === 0) {
    throw runtimeError(
      `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${
        formatShape(shape)
      }`,
    );
  }
}

/** The rank check of the 1-d pools that PyTorch runs as 2-d ones (avg_pool1d, adaptive_*_pool1d). */
export function checkRank1d(shape: readonly number[], name: string): void {
  if (shape.length < 2 || shape.length > 3) {
    throw runtimeError(
      `Expected 2 to 3 dimensions, but got ${shape.length}-dimensional tensor for argument #1 'self' (while checking arguments for ${name})`,
    );
  }
}

/** avg_pool2d's meta checks on a (2-d view of the) input; returns [OH, OW]. */
export function avgPool2dOutput(
  shape: readonly number[],
  k: readonly number[],
  s: readonly number[],
  p: readonly number[],
  ceilMode: boolean,
  divisorOverride: number | null,
): [number, number] {
  if (divisorOverride === 0) throw runtimeError("divisor must be not zero");
  normalizeDim(-3, shape.length); // PyTorch reads input.size(-3) here: an IndexError below 3 dims
  return pool2dOutput(shape, k, s, p, [1, 1], ceilMode);
}

/** The adaptive pools' checks on a (2-d view of the) input, for `output_size` of two values. */
export function checkAdaptive(
  name: "adaptive_avg_pool2d" | "adaptive_max_pool2d",
  shape: readonly number[],
  size: readonly number[],
) {
  const nd = shape.length;
  if (name === "adaptive_avg_pool2d") {
    if (size.some((v) => v < 0)) {
      throw runtimeError(
        `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${
          size.join(", ")
        }}`,
      );
    }
    if (nd !== 3 && nd !== 4) {
      throw runtimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatShape(shape)}`);
    }
  } else if (nd !== 3 && nd !== 4) {
    throw runtimeError(`adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${formatShape(shape)}`);
  }
  // The average pool lets channels be empty; the max pool wants every non-batch dim non-empty.
  const first = name === "adaptive_avg_pool2d" ? nd - 2 : 1;
  for (let i = first; i < nd; i++) {
    if (shape[i] === 0) {
      throw runtimeError(
        `${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${
          formatShape(shape)
        } with dimension ${i} being empty`,
      );
    }
  }
  if (size.some((v) => v < 0)) {
    const out = [...shape.slice(0, -2), ...size];
    throw runtimeError(
      `Trying to create tensor with negative dimension ${size.find((v) => v < 0)}: ${formatShape(out)}`,
    );
  }
}

/** The dtype check of the pooling kernels: floating types only. */
export function checkFloating(kernel: string, dtype: DType): void {
  if (dtype !== "float32" && dtype !== "float64") {
    throw runtimeError(`"${kernel}" not implemented for '${SCALAR_NAMES[dtype]}'`);
  }
}

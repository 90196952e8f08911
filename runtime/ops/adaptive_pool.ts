// Adaptive pooling: torch.nn.functional.adaptive_avg_pool1d/2d and adaptive_max_pool1d/2d, which
// pick their windows to produce a given output size: output i of a dim of `out` reads input
// [floor(i·in/out), ceil((i+1)·in/out)), so windows may overlap or differ in length when sizes
// don't divide. As with the other pools, the output_size list's length tells 1-d from 2-d.

import { runtimeError, valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { contiguous } from "./copy.ts";
import { as2d, checkAdaptive, checkFloating, checkRank1d } from "./pool_check.ts";
import { maxPoolGradOp } from "./pool.ts";
import { defineOp, dispatch, dispatch1 } from "./registry.ts";

export interface AdaptivePoolParams {
  /** One size per pooled dim (1 or 2). */
  output_size: number[];
}

export type AdaptivePoolGradParams = AdaptivePoolParams & { shape: number[] };

/** Checks as PyTorch does (a 1-d pool as a 2-d one of height 1) and gives the output shape. */
function adaptiveShape(name: "adaptive_avg_pool2d" | "adaptive_max_pool2d", x: Tensor, size: number[]): number[] {
  const dims = size.length;
  checkAdaptive(name, dims === 1 ? as2d(x.shape) : x.shape, dims === 1 ? [1, ...size] : size);
  checkFloating(name, x.dtype);
  return [...x.shape.slice(0, x.ndim - dims), ...size];
}

export const adaptiveAvgPool2dOp = defineOp<AdaptivePoolParams>({
  name: "adaptive_avg_pool2d",
  gradName: "AdaptiveAvgPool2DBackward0",
  infer([x], { output_size }) {
    return [{ shape: adaptiveShape("adaptive_avg_pool2d", x, output_size), dtype: x.dtype }];
  },
  backward([gy], { inputs: [x], params }) {
    if (!gy) return [null];
    return [dispatch1(adaptiveAvgPoolGradOp, [contiguous(gy)], { ...params, shape: [...x.shape] })];
  },
});

/** Inputs: [grad_output]; output: the input's gradient. */
export const adaptiveAvgPoolGradOp = defineOp<AdaptivePoolGradParams>({
  name: "adaptive_avg_pool2d_grad",
  infer([gy], { shape }) {
    return [{ shape: [...shape], dtype: gy.dtype }];
  },
});

/** Outputs: [values, indices (int64, flat within each plane)]; the gradient is max_pool2d_grad's. */
export const adaptiveMaxPool2dOp = defineOp<AdaptivePoolParams>({
  name: "adaptive_max_pool2d",
  gradName: "AdaptiveMaxPool2DBackward0",
  infer([x], { output_size }) {
    const shape = adaptiveShape("adaptive_max_pool2d", x, output_size);
    return [{ shape, dtype: x.dtype }, { shape, dtype: "int64" }];
  },
  backward([gy], { inputs: [x], outputs: [, indices], params }) {
    if (!gy) return [null];
    const dims = params.output_size.length;
    return [dispatch1(maxPoolGradOp, [contiguous(gy), indices], { dims, shape: [...x.shape] })];
  },
});

/** An output size: an int, or one entry per dim where null keeps the input's size. */
export type OutputSize = number | readonly (number | null)[];

/** F.adaptive_avg_pool2d on (N, C, H, W) or (C, H, W). */
export function adaptive_avg_pool2d(input: Tensor, output_size: OutputSize): Tensor {
  const size = outputSize2d("adaptive_avg_pool2d: output_size must be 2", input, output_size);
  return dispatch1(adaptiveAvgPool2dOp, [contiguous(input)], { output_size: size });
}

/** F.adaptive_avg_pool1d on (N, C, L) or (C, L). */
export function adaptive_avg_pool1d(input: Tensor, output_size: number | readonly number[]): Tensor {
  const size = outputSize1d("adaptive_avg_pool1d", output_size);
  checkRank1d(input.shape, "adaptive_avg_pool1d");
  return dispatch1(adaptiveAvgPool2dOp, [contiguous(input)], { output_size: size });
}

/** F.adaptive_max_pool2d; with return_indices, [values, indices]. */
export function adaptive_max_pool2d(input: Tensor, output_size: OutputSize, return_indices: true): [Tensor, Tensor];
export function adaptive_max_pool2d(input: Tensor, output_size: OutputSize, return_indices?: false): Tensor;
export function adaptive_max_pool2d(
  input: Tensor,
  output_size: OutputSize,
  return_indices = false,
): Tensor | [Tensor, Tensor] {
  const size = outputSize2d("adaptive_max_pool2d(): internal error: output_size.size() must be 2", input, output_size);
  const [values, indices] = dispatch(adaptiveMaxPool2dOp, [contiguous(input)], { output_size: size });
  return return_indices ? [values, indices] : values;
}

/** F.adaptive_max_pool1d; with return_indices, [values, indices]. */
export function adaptive_max_pool1d(
  input: Tensor,
  output_size: number | readonly number[],
  return_indices: true,
): [Tensor, Tensor];
export function adaptive_max_pool1d(
  input: Tensor,
  output_size: number | readonly number[],
  return_indices?: false,
): Tensor;
export function adaptive_max_pool1d(
  input: Tensor,
  output_size: number | readonly number[],
  return_indices = false,
): Tensor | [Tensor, Tensor] {
  const size = outputSize1d("adaptive_max_pool1d", output_size);
  checkRank1d(input.shape, "adaptive_max_pool1d");
  const [values, indices] = dispatch(adaptiveMaxPool2dOp, [contiguous(input)], { output_size: size });
  return return_indices ? [values, indices] : values;
}

// torch.nn.functional's _list_with_default: None takes the input's size in that dim.
function outputSize2d(lengthMessage: string, input: Tensor, size: OutputSize): number[] {
  if (typeof size === "number") return [size, size];
  if (input.ndim <= size.length) throw valueError(`Input dimension should be at least ${size.length + 1}`);
  if (size.length !== 2) throw runtimeError(lengthMessage);
  return size.map((v, i) => v ?? input.shape[input.ndim - 2 + i]);
}

// The Python binding's int[1] check.
function outputSize1d(name: string, size: number | readonly number[]): number[] {
  if (typeof size === "number") return [size];
  if (size.length !== 1) {
    throw runtimeError(`${name}() argument 'output_size' should contain one int (got ${size.length})`);
  }
  return [size[0]];
}

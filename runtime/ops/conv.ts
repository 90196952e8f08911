// Convolution: torch.nn.functional.conv1d / conv2d, and the three ops their gradient runs.
//
// One op, "conv2d", serves both: a 1-d convolution is recognized by its 3-d weight, and kernels
// treat it as a 2-d one of height 1. Unbatched inputs go to the op as they are (no unsqueeze), so
// autograd sees a single node. The gradients are ops of their own with kernels, so any backend
// that implements the four kernels gets convolution training.

import { runtimeError } from "../errors.ts";
import { formatShape } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { contiguous } from "./copy.ts";
import { convOutputShape, type ConvParams } from "./conv_check.ts";
import { defineOp, dispatch1 } from "./registry.ts";

export type { ConvParams } from "./conv_check.ts";

/** Params of the input/weight gradient ops: the conv's, plus the shape of the gradient to make. */
export interface ConvGradParams extends ConvParams {
  shape: number[];
}

/** Params of the bias gradient op: how many trailing dims of the output gradient are spatial. */
export interface ConvBiasGradParams {
  dims: number;
}

/** Inputs: [input, weight] or [input, weight, bias], contiguous. */
export const conv2dOp = defineOp<ConvParams>({
  name: "conv2d",
  gradName: "ConvolutionBackward0",
  infer(inputs, params) {
    return [{ shape: convOutputShape(inputs, params), dtype: inputs[0].dtype }];
  },
  backward([gy], { inputs, params }) {
    const [x, w, b] = inputs;
    if (!gy) return inputs.map(() => null);
    const g = contiguous(gy);
    // Only the gradients some input needs: the first layer's input usually needs none.
    const grads = [
      x.requiresGrad ? dispatch1(conv2dInputGradOp, [g, w], { ...params, shape: [...x.shape] }) : null,
      w.requiresGrad ? dispatch1(conv2dWeightGradOp, [g, x], { ...params, shape: [...w.shape] }) : null,
    ];
    if (b) grads.push(b.requiresGrad ? dispatch1(conv2dBiasGradOp, [g], { dims: w.ndim - 2 }) : null);
    return grads;
  },
});

/** Inputs: [grad_output, weight]; output: the input's gradient, of shape `params.shape`. */
export const conv2dInputGradOp = defineOp<ConvGradParams>({
  name: "conv2d_input_grad",
  infer([gy], { shape }) {
    return [{ shape: [...shape], dtype: gy.dtype }];
  },
});

/** Inputs: [grad_output, input]; output: the weight's gradient, of shape `params.shape`. */
export const conv2dWeightGradOp = defineOp<ConvGradParams>({
  name: "conv2d_weight_grad",
  infer([gy], { shape }) {
    return [{ shape: [...shape], dtype: gy.dtype }];
  },
});

/** Inputs: [grad_output]; output: the bias gradient, one value per output channel. */
export const conv2dBiasGradOp = defineOp<ConvBiasGradParams>({
  name: "conv2d_bias_grad",
  infer([gy], { dims }) {
    return [{ shape: [gy.shape[gy.ndim - dims - 1]], dtype: gy.dtype }];
  },
});

export type IntOrList = number | readonly number[];

export interface ConvOptions {
  stride?: IntOrList;
  /** An int or a list of one per spatial dim, or "valid" (none) or "same" (output size = input size). */
  padding?: IntOrList | "valid" | "same";
  dilation?: IntOrList;
  groups?: number;
}

/** F.conv2d: input (N, C, H, W) or unbatched (C, H, W); weight (K, C/groups, kH, kW); bias (K). */
export const conv2d = (input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor =>
  convNd("conv2d", 2, input, weight, bias ?? null, options);

/** F.conv1d: input (N, C, L) or unbatched (C, L); weight (K, C/groups, kL); bias (K). */
export const conv1d = (input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor =>
  convNd("conv1d", 1, input, weight, bias ?? null, options);

function convNd(name: string, dims: number, input: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions) {
  const params = convParams(name, dims, input, weight, opts);
  return dispatch1(conv2dOp, [input, weight, ...(bias ? [bias] : [])].map(contiguous), params);
}

/**
 * The conv2d op's params for F.conv1d (dims 1) or F.conv2d (dims 2) called with `opts`: checks the
 * input's rank and resolves padding strings, with PyTorch's messages.
 */
export function convParams(name: string, dims: number, input: Tensor, weight: Tensor, opts: ConvOptions): ConvParams {
  if (input.ndim !== dims + 1 && input.ndim !== dims + 2) {
    throw runtimeError(
      `Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${name}, but got input of size: ${
        formatShape(input.shape)
      }`,
    );
  }
  // Ints become one value per dim, as the Python binding's IntArrayRef[dims] does; lists stay as
  // given, so a wrong length gets PyTorch's message from the shape rule.
  const list = (v: IntOrList | undefined, unit: number) =>
    v === undefined
      ? new Array<number>(dims).fill(unit)
      : typeof v === "number"
      ? new Array<number>(dims).fill(v)
      : [...v];
  const stride = list(opts.stride, 1);
  const dilation = list(opts.dilation, 1);
  const params: ConvParams = { stride, padding: [], dilation, groups: opts.groups ?? 1 };
  if (opts.padding === "same") {
    if (stride.some((s) => s !== 1)) throw runtimeError("padding='same' is not supported for strided convolutions");
    // at::_convolution_mode: d·(k−1) padding in all, the odd element after the input.
    const total = weight.shape.slice(2).map((k, i) =>
      (dilation.length === 1 ? dilation[0] : dilation[i] ?? 1) * (k - 1)
    );
    params.padding = total.map((t) => Math.floor(t / 2));
    if (total.some((t) => t % 2 !== 0)) params.paddingEnd = total.map((t) => t - Math.floor(t / 2));
  } else if (opts.padding === "valid") {
    params.padding = new Array<number>(dims).fill(0);
  } else if (typeof opts.padding === "string") {
    throw runtimeError(`Invalid padding string: '${opts.padding}'`);
  } else {
    params.padding = list(opts.padding, 0);
  }
  return params;
}

// Max and average pooling: torch.nn.functional.max_pool1d/2d and avg_pool1d/2d, and the ops their
// gradients run. One op per kind serves 1-d and 2-d pooling: the window lists' length (1 or 2)
// tells them apart, and kernels pool a 1-d input as a 2-d one of height 1.
//
// max_pool2d always computes the argmax indices too (int64, flat within each H×W plane, as
// PyTorch's): the gradient scatters through them, and return_indices hands them out.

import type { Tensor } from "../tensor.ts";
import { contiguous } from "./copy.ts";
import {
  as2d,
  avgPool2dOutput,
  checkFloating,
  checkMaxPool1dRank,
  checkRank1d,
  type IntOrList,
  maxPool1dOutput,
  pool2dOutput,
  windowList,
} from "./pool_check.ts";
import { defineOp, dispatch, dispatch1 } from "./registry.ts";
import { runtimeError } from "../errors.ts";

export type { IntOrList } from "./pool_check.ts";

/** Window lists hold one value per pooled dim (1 or 2). */
export interface MaxPoolParams {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceil_mode: boolean;
}

export interface AvgPoolParams {
  kernel: number[];
  stride: number[];
  padding: number[];
  ceil_mode: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;
}

/** max_pool2d_grad's params: the number of pooled dims and the input's shape. */
export interface MaxPoolGradParams {
  dims: number;
  shape: number[];
}

export type AvgPoolGradParams = AvgPoolParams & { shape: number[] };

const lead = (x: Tensor, dims: number) => x.shape.slice(0, x.ndim - dims);

/** Outputs: [values, indices (int64)]. */
export const maxPool2dOp = defineOp<MaxPoolParams>({
  name: "max_pool2d",
  gradName: "MaxPool2DWithIndicesBackward0",
  infer([x], p) {
    let spatial: number[];
    if (p.kernel.length === 1) {
      checkMaxPool1dRank(x.shape);
      spatial = [maxPool1dOutput(x.shape, p.kernel[0], p.stride[0], p.padding[0], p.dilation[0], p.ceil_mode)];
      checkFloating("max_pool1d_impl", x.dtype);
    } else {
      if (x.ndim !== 3 && x.ndim !== 4) throw runtimeError("non-empty 3D or 4D (batch mode) tensor expected for input");
      spatial = pool2dOutput(x.shape, p.kernel, p.stride, p.padding, p.dilation, p.ceil_mode);
      checkFloating("max_pool2d", x.dtype);
    }
    const shape = [...lead(x, p.kernel.length), ...spatial];
    return [{ shape, dtype: x.dtype }, { shape, dtype: "int64" }];
  },
  backward([gy], { inputs: [x], outputs: [, indices], params }) {
    if (!gy) return [null];
    return [dispatch1(maxPoolGradOp, [contiguous(gy), indices], { dims: params.kernel.length, shape: [...x.shape] })];
  },
});

/** Inputs: [grad_output, indices]; output: the input's gradient. Also adaptive max pooling's. */
export const maxPoolGradOp = defineOp<MaxPoolGradParams>({
  name: "max_pool2d_grad",
  infer([gy], { shape }) {
    return [{ shape: [...shape], dtype: gy.dtype }];
  },
});

export const avgPool2dOp = defineOp<AvgPoolParams>({
  name: "avg_pool2d",
  gradName: "AvgPool2DBackward0",
  infer([x], p) {
    const dims = p.kernel.length;
    // 1-d pooling is checked as PyTorch runs it: 2-d pooling of height 1.
    const [k, s, pad] = dims === 1
      ? [[1, ...p.kernel], [1, ...p.stride], [0, ...p.padding]]
      : [p.kernel, p.stride, p.padding];
    const [OH, OW] = avgPool2dOutput(dims === 1 ? as2d(x.shape) : x.shape, k, s, pad, p.ceil_mode, p.divisor_override);
    checkFloating("avg_pool2d", x.dtype);
    return [{ shape: [...lead(x, dims), ...(dims === 1 ? [OW] : [OH, OW])], dtype: x.dtype }];
  },
  backward([gy], { inputs: [x], params }) {
    if (!gy) return [null];
    return [dispatch1(avgPoolGradOp, [contiguous(gy)], { ...params, shape: [...x.shape] })];
  },
});

/** Inputs: [grad_output]; output: the input's gradient. */
export const avgPoolGradOp = defineOp<AvgPoolGradParams>({
  name: "avg_pool2d_grad",
  infer([gy], { shape }) {
    return [{ shape: [...shape], dtype: gy.dtype }];
  },
});

export interface MaxPoolOptions {
  /** null, undefined or [] mean kernel_size, as in PyTorch. */
  stride?: IntOrList | null;
  padding?: IntOrList;
  dilation?: IntOrList;
  ceil_mode?: boolean;
  return_indices?: boolean;
}

/** F.max_pool2d on (N, C, H, W) or (C, H, W); with return_indices, [values, indices]. */
export function max_pool2d(
  input: Tensor,
  kernel_size: IntOrList,
  opts: MaxPoolOptions & { return_indices: true },
): [Tensor, Tensor];
export function max_pool2d(input: Tensor, kernel_size: IntOrList, opts?: MaxPoolOptions): Tensor;
export function max_pool2d(
  input: Tensor,
  kernel_size: IntOrList,
  opts: MaxPoolOptions = {},
): Tensor | [Tensor, Tensor] {
  const [values, indices] = dispatch(maxPool2dOp, [contiguous(input)], maxPoolParams(2, kernel_size, opts));
  return opts.return_indices ? [values, indices] : values;
}

/** F.max_pool1d on (N, C, L) or (C, L); with return_indices, [values, indices]. */
export function max_pool1d(
  input: Tensor,
  kernel_size: IntOrList,
  opts: MaxPoolOptions & { return_indices: true },
): [Tensor, Tensor];
export function max_pool1d(input: Tensor, kernel_size: IntOrList, opts?: MaxPoolOptions): Tensor;
export function max_pool1d(
  input: Tensor,
  kernel_size: IntOrList,
  opts: MaxPoolOptions = {},
): Tensor | [Tensor, Tensor] {
  checkMaxPool1dRank(input.shape);
  const [values, indices] = dispatch(maxPool2dOp, [contiguous(input)], maxPoolParams(1, kernel_size, opts));
  return opts.return_indices ? [values, indices] : values;
}

/** The max_pool2d op's params for F.max_pool1d/2d's arguments, with PyTorch's length checks. */
export function maxPoolParams(dims: 1 | 2, kernel_size: IntOrList, opts: MaxPoolOptions = {}): MaxPoolParams {
  // PyTorch's wording differs per argument and per rank.
  const what = dims === 2
    ? [
      "either be a single int",
      "either be omitted, a single int",
      "be either be a single int",
      "be either a single int",
    ]
    : [
      "an int, list of ints or tuple of ints",
      "None, an int, list of ints, or tuple of ints",
      "an int, list of ints, or tuple of ints",
      "an int, list of ints or tuple of ints",
    ];
  const list = (v: IntOrList, arg: number) => {
    const name = ["kernel_size", "stride", "padding", "dilation"][arg];
    if (dims === 2) return windowList(v, 2, `max_pool2d: ${name} must ${what[arg]}, or a tuple of two ints`);
    const size = typeof v === "number" ? 1 : v.length;
    if (size !== 1) throw runtimeError(`max_pool1d() ${name} must be ${what[arg]} of size 1 but got size ${size}`);
    return windowList(v, 1, "");
  };
  const kernel = list(kernel_size, 0);
  return {
    kernel,
    stride: omitted(opts.stride) ? [...kernel] : list(opts.stride!, 1),
    padding: list(opts.padding ?? 0, 2),
    dilation: list(opts.dilation ?? 1, 3),
    ceil_mode: opts.ceil_mode ?? false,
  };
}

export interface AvgPoolOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** F.avg_pool2d on (N, C, H, W) or (C, H, W). */
export const avg_pool2d = (input: Tensor, kernel_size: IntOrList, opts: AvgPoolOptions = {}): Tensor =>
  dispatch1(avgPool2dOp, [contiguous(input)], avgPoolParams(2, kernel_size, opts));

/** F.avg_pool1d on (N, C, L) or (C, L) (no divisor_override, as in PyTorch). */
export function avg_pool1d(
  input: Tensor,
  kernel_size: IntOrList,
  opts: Omit<AvgPoolOptions, "divisor_override"> = {},
): Tensor {
  // The Python binding's checks of the int[1] arguments come before the rank check.
  const params = avgPoolParams(1, kernel_size, opts);
  checkRank1d(input.shape, "avg_pool1d");
  return dispatch1(avgPool2dOp, [contiguous(input)], params);
}

/** The avg_pool2d op's params for F.avg_pool1d/2d's arguments, with PyTorch's length checks. */
export function avgPoolParams(dims: 1 | 2, kernel_size: IntOrList, opts: AvgPoolOptions = {}): AvgPoolParams {
  const list = dims === 2
    ? (v: IntOrList, arg: string, what: string) =>
      windowList(v, 2, `avg_pool2d: ${arg} must ${what}, or a tuple of two ints`)
    : (v: IntOrList, arg: string) => {
      if (typeof v !== "number" && v.length !== 1) {
        throw runtimeError(`avg_pool1d() argument '${arg}' should contain one int (got ${v.length})`);
      }
      return windowList(v, 1, "");
    };
  const kernel = list(kernel_size, "kernel_size", "either be a single int");
  return {
    kernel,
    stride: omitted(opts.stride) ? [...kernel] : list(opts.stride!, "stride", "either be omitted, a single int"),
    padding: list(opts.padding ?? 0, "padding", "either be a single int"),
    ceil_mode: opts.ceil_mode ?? false,
    count_include_pad: opts.count_include_pad ?? true,
    divisor_override: dims === 2 ? opts.divisor_override ?? null : null,
  };
}

// None and [] both mean "the kernel size" for a stride.
const omitted = (stride: IntOrList | null | undefined) =>
  stride === null || stride === undefined || (typeof stride !== "number" && stride.length === 0);

// The shape rule of convolution: PyTorch 1.13's argument checks (at::_convolution,
// check_shape_forward and the CPU kernel's own checks), in PyTorch's order and with its messages,
// and the output size.

import type { DType } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { formatShape } from "../shape.ts";
import type { Tensor } from "../tensor.ts";

/**
 * What the conv kernels get (plain JSON). Lists hold one value or one per spatial dim. `paddingEnd`
 * is the padding after the input where it differs from `padding` (padding='same' with an even
 * kernel pads the odd element at the end); kernels never need it, as the output shape tells it.
 */
export interface ConvParams {
  stride: number[];
  padding: number[];
  dilation: number[];
  groups: number;
  paddingEnd?: number[];
}

/** c10's ScalarType names, as dtype errors print them. */
export const SCALAR_NAMES: Readonly<Record<DType, string>> = {
  float32: "Float",
  float64: "Double",
  int64: "Long",
  int32: "Int",
  uint8: "Byte",
  bool: "Bool",
};

// The C++ type names that the input/bias type check prints.
const C_NAMES: Readonly<Record<DType, string>> = {
  float32: "float",
  float64: "double",
  int64: "long int",
  int32: "int",
  uint8: "unsigned char",
  bool: "bool",
};

/** Validates a convolution's [input, weight, bias?] and returns its output shape. */
export function convOutputShape(inputs: readonly Tensor[], p: ConvParams): number[] {
  const [x, w, b] = inputs;
  if (b && b.dtype !== x.dtype) {
    throw runtimeError(`Input type (${C_NAMES[x.dtype]}) and bias type (${C_NAMES[b.dtype]}) should be the same`);
  }
  if (w.ndim < 3) throw runtimeError("weight should have at least three dimensions");
  const groups = p.groups;
  if (groups <= 0) throw runtimeError("non-positive groups is not supported");
  const dims = w.ndim - 2;
  const stride = expand("stride", p.stride, dims);
  const padding = expand("padding", p.padding, dims);
  const dilation = expand("dilation", p.dilation, dims);
  const paddingEnd = p.paddingEnd ? expand("padding", p.paddingEnd, dims) : padding;

  if ([...padding, ...paddingEnd].some((v) => v < 0)) throw runtimeError("negative padding is not supported");
  if (stride.some((v) => v <= 0)) throw runtimeError("non-positive stride is not supported");
  const batched = x.ndim === dims + 2;
  const ws = w.shape;
  if (!batched && x.ndim !== dims + 1) {
    // Only reachable by dispatching the op directly: conv1d/conv2d check the rank first.
    throw runtimeError(
      `Expected ${dims + 2}-dimensional input for ${dims + 2}-dimensional weight ${
        formatShape(ws)
      }, but got ${x.ndim}-dimensional input of size ${formatShape(x.shape)} instead`,
    );
  }
  // Messages show an unbatched input with its batch dim, as PyTorch unsqueezes it first.
  const xs = batched ? x.shape : [1, ...x.shape];
  if (ws[0] < groups) {
    throw runtimeError(
      `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${
        formatShape(ws)
      } instead`,
    );
  }
  if (ws[0] % groups !== 0) {
    // The doubled brackets are PyTorch's.
    throw runtimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${
        formatShape(ws)
      }] instead`,
    );
  }
  if (xs[1] !== ws[1] * groups) {
    throw runtimeError(
      `Given groups=${groups}, weight of size ${formatShape(ws)}, expected input${formatShape(xs)} to have ${
        ws[1] * groups
      } channels, but got ${xs[1]} channels instead`,
    );
  }
  if (b && (b.ndim !== 1 || b.shape[0] !== ws[0])) {
    throw runtimeError(
      `Given weight of size ${formatShape(ws)}, expected bias to be 1-dimensional with ${
        ws[0]
      } elements, but got bias of size ${formatShape(b.shape)} instead`,
    );
  }
  const padded = padding.map((pad, i) => xs[2 + i] + pad + paddingEnd[i]);
  const kernel = dilation.map((d, i) => d * (ws[2 + i] - 1) + 1);
  if (padded.some((v, i) => v < kernel[i])) {
    throw runtimeError(
      `Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${
        kernel.join(" x ")
      }). Kernel size can't be greater than actual input size`,
    );
  }
  // The CPU kernel's checks, which PyTorch runs on a 1-d convolution viewed as a 2-d one.
  const as2d = (v: number[], unit: number) => (dims === 1 ? [unit, ...v] : v);
  const k2 = as2d(ws.slice(2), 1);
  if (k2.some((v) => v <= 0)) {
    throw runtimeError(
      `kernel size should be greater than zero, but got kernel_height: ${k2[0]} kernel_width: ${k2[1]}`,
    );
  }
  if (dilation.some((v) => v <= 0)) {
    throw runtimeError(`dilation should be greater than zero, but got ${formatShape(as2d(dilation, 1))}`);
  }
  if (w.dtype !== x.dtype) {
    throw runtimeError(`expected scalar type ${SCALAR_NAMES[x.dtype]} but found ${SCALAR_NAMES[w.dtype]}`);
  }
  if (x.dtype === "bool") throw runtimeError(`"slow_conv2d_cpu" not implemented for 'Bool'`);
  const out = padded.map((v, i) => Math.floor((v - kernel[i]) / stride[i]) + 1);
  return batched ? [xs[0], ws[0], ...out] : [ws[0], ...out];
}

/** at::native's expand_param_if_needed: one value applies to every spatial dim. */
function expand(name: string, list: readonly number[], dims: number): number[] {
  if (list.length === 1) return new Array<number>(dims).fill(list[0]);
  if (list.length !== dims) {
    throw runtimeError(
      `expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${
        formatShape(list)
      }`,
    );
  }
  return [...list];
}

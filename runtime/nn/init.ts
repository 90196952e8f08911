// torch.nn.init: parameter initialisers. Each draws from the generator exactly as PyTorch 1.13's
// does (one uniform_ or normal_ call over the whole tensor), so seeded results match PyTorch's.

import { valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { eye, fill_ } from "../ops/creation.ts";
import { copyInto } from "../ops/copy.ts";
import { normal_ as randomNormal_, uniform_ as randomUniform_ } from "../random/ops.ts";

export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

export type FanMode = "fan_in" | "fan_out";

const LINEAR_GAINS = new Set([
  "linear",
  "conv1d",
  "conv2d",
  "conv3d",
  "conv_transpose1d",
  "conv_transpose2d",
  "conv_transpose3d",
  "sigmoid",
]);

/** The recommended gain for a nonlinearity; `param` is leaky_relu's negative slope (default 0.01). */
export function calculate_gain(nonlinearity: string, param: number | null = null): number {
  if (LINEAR_GAINS.has(nonlinearity)) return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    const slope = param ?? 0.01;
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw valueError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** [fan_in, fan_out]: input/output feature maps times the receptive field (a conv kernel's size). */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  if (tensor.ndim < 2) {
    throw valueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  }
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}

function correctFan(tensor: Tensor, mode: string): number {
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw valueError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** Initialisers write in place without recording autograd, as under torch.no_grad(). */
const noGrad = (f: () => Tensor): Tensor => withGradMode(false, f);

export const uniform_ = (tensor: Tensor, a = 0, b = 1): Tensor => noGrad(() => randomUniform_(tensor, a, b));

export const normal_ = (tensor: Tensor, mean = 0, std = 1): Tensor => noGrad(() => randomNormal_(tensor, mean, std));

export const constant_ = (tensor: Tensor, val: number): Tensor => noGrad(() => fill_(tensor, val));

export const ones_ = (tensor: Tensor): Tensor => constant_(tensor, 1);

export const zeros_ = (tensor: Tensor): Tensor => constant_(tensor, 0);

/** The identity matrix (2-d tensors only). */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.ndim !== 2) throw valueError("Only tensors with 2 dimensions are supported");
  return noGrad(() => copyInto(tensor, eye(tensor.shape[0], tensor.shape[1], { dtype: tensor.dtype })));
}

/** PyTorch skips (with a warning) initialising tensors that have no elements. */
const isEmpty = (tensor: Tensor) => tensor.shape.includes(0);

/** U(-bound, bound) with bound = gain * sqrt(3 / fan) (He et al.). */
export function kaiming_uniform_(
  tensor: Tensor,
  a = 0,
  mode: FanMode | string = "fan_in",
  nonlinearity: Nonlinearity | string = "leaky_relu",
): Tensor {
  if (isEmpty(tensor)) return tensor;
  const fan = correctFan(tensor, mode);
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

/** N(0, std²) with std = gain / sqrt(fan) (He et al.). */
export function kaiming_normal_(
  tensor: Tensor,
  a = 0,
  mode: FanMode | string = "fan_in",
  nonlinearity: Nonlinearity | string = "leaky_relu",
): Tensor {
  if (isEmpty(tensor)) return tensor;
  const fan = correctFan(tensor, mode);
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(fan);
  return normal_(tensor, 0, std);
}

const xavierStd = (tensor: Tensor, gain: number) => {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
};

/** U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio). */
export function xavier_uniform_(tensor: Tensor, gain = 1.0): Tensor {
  const a = Math.sqrt(3.0) * xavierStd(tensor, gain);
  return uniform_(tensor, -a, a);
}

/** N(0, std²) with std = gain * sqrt(2 / (fan_in + fan_out)) (Glorot & Bengio). */
export const xavier_normal_ = (tensor: Tensor, gain = 1.0): Tensor => normal_(tensor, 0, xavierStd(tensor, gain));

/** The bias init of Linear and Conv: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the weight's fan_in. */
export function uniformBiasInit_(bias: Tensor, weight: Tensor): Tensor {
  const [fanIn] = calculateFanInAndFanOut(weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform_(bias, -bound, bound);
}

export { trunc_normal_ } from "./trunc_normal.ts";

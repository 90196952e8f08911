// torch.nn.functional's activations and normalizations. The elementwise activations are ops
// (runtime/ops/activation.ts); softmin is softmax of the negated input, as in PyTorch.

import type { Tensor } from "../tensor.ts";
import { neg, sigmoid, tanh } from "../ops/unary.ts";
import { softmax } from "../ops/scan.ts";

export { elu, gelu, hardtanh, leaky_relu, mish, relu6, selu, silu, softplus } from "../ops/activation.ts";
export type { GeluApproximate } from "../ops/activation.ts";
export { sigmoid, tanh };
export * from "./functional_norm.ts";

/**
 * The dim softmax-like functions use when none is given (PyTorch's legacy _get_softmax_dim,
 * which also warns): 0 for 0-, 1- and 3-d inputs, else 1.
 */
export const implicitSoftmaxDim = (ndim: number): number => (ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1);

/** softmax(-x) along `dim`. */
export const softmin = (t: Tensor, dim: number): Tensor => softmax(neg(t), dim);

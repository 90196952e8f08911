// torch.nn.functional's layer functions (linear, activations, ...).

import type { Tensor } from "../tensor.ts";
import { add } from "../ops/binary.ts";
import { matmul } from "../ops/linalg.ts";
import { t } from "../ops/views.ts";
import { relu } from "../ops/unary.ts";
import { log_softmax, softmax } from "../ops/scan.ts";

export { log_softmax, relu, softmax };

export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const y = matmul(input, t(weight));
  return bias ? add(y, bias) : y;
}

// threshold_backward(grad, output): relu's gradient as one op (one kernel launch on the GPU)
// instead of where(gt(output, 0), grad, 0), which took a comparison, a scalar tensor and a select.
// As PyTorch's: 0 where output <= 0, else grad (so a NaN output passes grad through, which the
// old composition did not). The result has grad's dtype, and the output is compared in it.

import { rule, zerosGrad } from "../autograd/grad_rule.ts";
import type { Tensor } from "../tensor.ts";
import { where } from "./clamp.ts";
import { gt } from "./compare.ts";
import { callElementwise, defineElementwise, type ElementwiseParams } from "./elementwise.ts";
import { setBackward } from "./registry.ts";

export const thresholdBackwardOp = defineElementwise<ElementwiseParams>({
  name: "threshold_backward",
  gradName: "ThresholdBackwardBackward0",
});

/** 0 where `output` <= 0, else `grad` (relu's backward, given relu's output). */
export function threshold_backward(grad: Tensor, output: Tensor): Tensor {
  // Reading the output in grad's dtype could flush a tiny positive value to 0 (float64 -> float32):
  // mixed dtypes keep the composition.
  if (output.dtype !== grad.dtype) return where(gt(output, 0), grad, 0);
  return callElementwise(thresholdBackwardOp, [grad, output], { dtype: grad.dtype });
}

// Linear in grad with the same mask; the mask itself has no gradient.
setBackward(
  thresholdBackwardOp,
  rule((gg, { inputs: [, output] }) => [threshold_backward(gg, output), zerosGrad(gg)]),
  (inputs) => [inputs[1]],
);

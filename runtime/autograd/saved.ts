// Tensors saved for backward, checked against their version counter when the rule runs: an
// in-place write in between would make the gradient silently wrong, so PyTorch raises instead.

import { runtimeError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { legacyTypeName } from "../ops/views.ts";
import type { Node } from "./node.ts";
import { outputIndexOf } from "./node.ts";

export interface SavedVersion {
  tensor: Tensor;
  version: number;
  /** The output index when the op saved one of its own outputs. */
  outputIndex: number;
}

export const saveVersions = (tensors: readonly Tensor[], outputs: readonly Tensor[]): SavedVersion[] =>
  tensors.map((tensor) => ({ tensor, version: tensor.version, outputIndex: outputs.indexOf(tensor) }));

/** Throws PyTorch's error when a saved tensor was modified in place after `node` saved it. */
export function checkSaved(saved: readonly SavedVersion[], node: Node): void {
  for (const { tensor, version, outputIndex } of saved) {
    if (tensor.version === version) continue;
    // A saved output names the node that saved it; a saved input names its current grad_fn.
    const origin = outputIndex >= 0
      ? `, which is output ${outputIndex} of ${node.name},`
      : tensor.gradFn
      ? `, which is output ${outputIndexOf.get(tensor) ?? 0} of ${tensor.gradFn.name},`
      : "";
    throw runtimeError(
      `one of the variables needed for gradient computation has been modified by an inplace operation: [${
        legacyTypeName(tensor)
      } [${
        tensor.shape.join(", ")
      }]]${origin} is at version ${tensor.version}; expected version ${version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`,
    );
  }
}

// Records a graph node for each op that ran on tensors requiring grad, using the gradient rule
// declared with the op (runtime/ops/registry.ts).

import { runtimeError } from "../errors.ts";
import { type OpDef, setGradHooks } from "../ops/registry.ts";
import type { Tensor } from "../tensor.ts";
import { isGradEnabled, withGradMode } from "./grad_mode.ts";
import { FunctionNode, gradEdge, outputIndexOf } from "./node.ts";
import { clone } from "../ops/copy.ts";
import { isFloating } from "../dtype.ts";

/** Copies of tensors taken just before an in-place op overwrote them, for the op's gradient rule. */
const snapshots = new WeakMap<Tensor, Tensor>();

setGradHooks({
  beforeWrite(op: OpDef, inputs, out) {
    if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return;
    for (const o of out) {
      if (o.requiresGrad && o.isLeaf) {
        throw runtimeError("a leaf Variable that requires grad is being used in an in-place operation.");
      }
      if (op.backward && inputs.includes(o)) snapshots.set(o, withGradMode(false, () => clone(o)));
    }
  },

  record(op: OpDef, inputs, outputs, params) {
    if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return;
    const backward = op.backward;
    if (!backward) return; // non-differentiable ops (comparisons, argmax, ...) give outputs needing no grad
    const edges = inputs.map((t) => gradEdge(t));
    const saved = inputs.map((t) => (outputs.includes(t) ? snapshots.get(t) ?? t : t));
    const node = new FunctionNode(
      op.gradName ?? `${op.name}Backward`,
      edges,
      (grads) => backward(grads, { inputs: saved, outputs, params }),
      outputs.length,
      op.name,
    );
    outputs.forEach((o, i) => {
      if (!isFloating(o.dtype)) return; // integer outputs (indices) take no gradient, as in PyTorch
      o.gradFn = node;
      o.requiresGrad = true;
      outputIndexOf.set(o, i);
    });
  },
});

// Records a graph node for each op that ran on tensors requiring grad, using the gradient rule
// declared with the op (runtime/ops/registry.ts). In-place writes also rewrite history: a write
// into a view of a tensor that requires grad rebases the whole base (copy_slices.ts), and tensors
// a rule saved are checked against their version counter when backward reads them (saved.ts).

import { runtimeError } from "../errors.ts";
import { type OpDef, setGradHooks } from "../ops/registry.ts";
import type { Tensor } from "../tensor.ts";
import { isGradEnabled, withGradMode } from "./grad_mode.ts";
import { type Edge, FunctionNode, gradEdge, outputIndexOf } from "./node.ts";
import { clone } from "../ops/copy.ts";
import { isFloating } from "../dtype.ts";
import { checkSaved, saveVersions } from "./saved.ts";
import { rebaseView, viewBaseOf } from "./copy_slices.ts";

/** Copies of tensors taken just before an in-place op overwrote them, for the op's gradient rule. */
const snapshots = new WeakMap<Tensor, Tensor>();

const needsGrad = (t: Tensor) => t.requiresGrad || t.gradFn !== null;

/**
 * Whether writing into `t` rewrites its base's history: it is a view of a base in the graph. A view
 * of such a base without history of its own came from detach() or .data, which PyTorch exempts.
 */
const isDifferentiableView = (t: Tensor) => t.base !== null && (t.gradFn !== null || !needsGrad(t.base));

/** Whether an op writing `out` from `inputs` must be recorded: it reads or overwrites history. */
const touchesGraph = (inputs: readonly Tensor[], out: readonly Tensor[]) =>
  inputs.some(needsGrad) || out.some((o) => needsGrad(o) || (isDifferentiableView(o) && needsGrad(o.base!)));

/** Tensors an op is writing into (in-place ops, out=), between beforeWrite and record. */
const beingWritten = new WeakSet<Tensor>();

setGradHooks({
  beforeWrite(op: OpDef, inputs, out) {
    for (const o of out) beingWritten.add(o);
    if (!isGradEnabled() || !touchesGraph(inputs, out)) return;
    for (const o of out) {
      if (o.requiresGrad && o.isLeaf) {
        throw runtimeError("a leaf Variable that requires grad is being used in an in-place operation.");
      }
      if (isDifferentiableView(o) && o.base!.requiresGrad && o.base!.isLeaf) {
        throw runtimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.");
      }
      if (op.backward && inputs.includes(o)) snapshots.set(o, withGradMode(false, () => clone(o)));
    }
  },

  record(op: OpDef, inputs, outputs, params) {
    const written = outputs.length === 1 && beingWritten.has(outputs[0]);
    for (const o of outputs) beingWritten.delete(o);
    if (!isGradEnabled() || !touchesGraph(inputs, outputs)) return;
    const backward = op.backward;
    if (!backward) return; // non-differentiable ops (comparisons, argmax, ...) give outputs needing no grad
    const inPlaceView = written && isDifferentiableView(outputs[0]) ? viewBaseOf(outputs[0]) : null;
    // The written view's own history is replaced by its base's: the base carries it (copy_slices.ts).
    const edges = inputs.map((t) => (inPlaceView && t === outputs[0] ? [null, 0] as Edge : gradEdge(t)));
    const saved = inputs.map((t) => (outputs.includes(t) ? snapshots.get(t) ?? t : t));
    const versions = op.saves ? saveVersions(op.saves(inputs, outputs), outputs) : [];
    const node: FunctionNode = new FunctionNode(
      op.gradNameFor?.(params, written) ?? op.gradName ?? `${op.name}Backward`,
      edges,
      (grads) => {
        checkSaved(versions, node);
        const ctx = { inputs: saved, outputs, params };
        return op.backwardMayWait ? op.backwardMayWait(grads, ctx) : backward(grads, ctx);
      },
      outputs.length,
      op.name,
    );
    if (inPlaceView) {
      rebaseView(inPlaceView, outputs[0], op, node, inputs);
      return;
    }
    outputs.forEach((o, i) => {
      if (!isFloating(o.dtype)) return; // integer outputs (indices) take no gradient, as in PyTorch
      o.gradFn = node;
      o.requiresGrad = true;
      outputIndexOf.set(o, i);
    });
  },
});

// Graph nodes for the losses PyTorch implements as single ATen ops (MseLossBackward0,
// NllLossBackward0, ...). The forward is built from ordinary ops with grad mode off, and the node
// carries the closed-form gradient, so next_functions and the gradients match PyTorch's.

import type { Tensor } from "../tensor.ts";
import { isFloating } from "../dtype.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { type Edge, FunctionNode, gradEdge, type Node } from "../autograd/node.ts";
import { sumToShape } from "../ops/sum_to.ts";
import { clone } from "../ops/copy.ts";

/** The gradient of one differentiable input, computed only when that input needs it. */
export type GradThunk = (() => Tensor) | null;

/**
 * Runs `forward` without recording and, when an input requires grad, gives the result a node
 * named `name` with one edge per tensor in `inputs` and the gradients from `backward`.
 */
export function fusedLoss(
  name: string,
  inputs: readonly Tensor[],
  forward: () => Tensor,
  backward: (grad: Tensor) => GradThunk[],
): Tensor {
  const out = withGradMode(false, forward);
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return out;
  const node = new FunctionNode(name, inputs.map((t) => gradEdge(t)), ([g]) => {
    if (!g) return inputs.map(() => null);
    const thunks = backward(g);
    return inputs.map((t, i) => {
      const thunk = thunks[i];
      if (!thunk || !t.requiresGrad || !isFloating(t.dtype)) return null;
      const r = sumToShape(thunk(), t.shape);
      return r.dtype === t.dtype ? r : clone(r, t.dtype);
    });
  }, 1);
  out.gradFn = node;
  out.requiresGrad = true;
  return out;
}

/**
 * Gives `t`'s node the name ATen records for the same step where ours differs: the Scalar
 * overloads (`x * 0.9` is MulBackward1 with one edge, as the scalar is no tensor), or index_put_
 * that ran as masked_fill_. `edges` keeps that many of the node's edges.
 */
export function renameNode(t: Tensor, name: string, edges?: number): Tensor {
  const inner = t.gradFn as Node | null;
  if (!inner) return t;
  const kept: Edge[] = inner.nextFunctions.slice(0, edges);
  t.gradFn = new FunctionNode(name, kept, (grads) => inner.apply(grads).slice(0, kept.length), 1);
  return t;
}

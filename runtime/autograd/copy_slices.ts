// In-place writes into a view (y[0].mul_(2), y[:, 1] = v, x.diagonal().zero_()): the written
// elements belong to the view's base, so PyTorch rebases the base's history onto a CopySlices node
// and the view becomes an AsStridedBackward0 view of it. Backward through CopySlices takes the
// base's gradient, runs the in-place op's rule on the written region, and hands the base's old
// history the gradient with that region replaced by what flowed back through the op.

import type { OpDef } from "../ops/registry.ts";
import type { Tensor } from "../tensor.ts";
import { clone, copyInto } from "../ops/copy.ts";
import { zeros } from "../ops/creation.ts";
import { FunctionNode, gradEdge, outputIndexOf } from "./node.ts";

/** The base a write into `t` must rebase, when `t` is a view whose geometry maps onto it. */
export function viewBaseOf(t: Tensor): Tensor | null {
  const base = t.base;
  // Gradients are laid out contiguously: the view's geometry addresses them only for such bases.
  if (!base || base.offset !== 0 || !base.isContiguous()) return null;
  return base;
}

/** Rewrites history after `op` (recorded as `opNode`, `inputs`) wrote into `view` of `base`. */
export function rebaseView(base: Tensor, view: Tensor, op: OpDef, opNode: FunctionNode, inputs: readonly Tensor[]) {
  const { shape, strides, offset } = view;
  const region = (t: Tensor) => t.view(shape, strides, offset);
  const selfIndex = inputs.indexOf(view);
  const copySlices = new FunctionNode(
    "CopySlices",
    [gradEdge(base), ...opNode.nextFunctions],
    ([g]) => {
      if (!g) return [null, ...opNode.nextFunctions.map(() => null)];
      const result = clone(g);
      const written = region(result);
      const grads = opNode.apply([clone(written)]);
      const kept = selfIndex >= 0 ? grads[selfIndex] : null;
      copyInto(written, kept ?? zeros([], { dtype: result.dtype, device: result.device }));
      return [result, ...grads.map((gi, i) => (i === selfIndex ? null : gi))];
    },
    1,
    op.name,
  );
  base.gradFn = copySlices;
  base.requiresGrad = true;
  outputIndexOf.set(base, 0);

  view.gradFn = new FunctionNode("AsStridedBackward0", [[copySlices, 0]], ([g]) => {
    if (!g) return [null];
    const full = zeros(base.shape, { dtype: g.dtype, device: g.device });
    copyInto(region(full), g);
    return [full];
  }, 1);
  view.requiresGrad = true;
  outputIndexOf.set(view, 0);
}

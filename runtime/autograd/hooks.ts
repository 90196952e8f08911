// Tensor.register_hook: functions that see (and may replace) a tensor's gradient when backward
// computes it. A non-leaf's hooks hang on its grad_fn's output, a leaf's on its AccumulateGrad, so
// they run before .grad is accumulated, as in PyTorch.

import { runtimeError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { gradEdge, type Node } from "./node.ts";

/** A hook returns a replacement gradient, or nothing to keep the one it was given. */
export type GradHook = (grad: Tensor) => Tensor | null | void | Promise<Tensor | null | void>;

const hooks = new WeakMap<Node, Map<number, Map<number, GradHook>>>();
let nextId = 0;

/** Registers `hook` on `t`'s gradient; returns a function that removes it. */
export function registerHook(t: Tensor, hook: GradHook): () => void {
  const [node, idx] = gradEdge(t);
  if (!node) throw runtimeError("cannot register a hook on a tensor that doesn't require gradient");
  let byOutput = hooks.get(node);
  if (!byOutput) hooks.set(node, byOutput = new Map());
  let fns = byOutput.get(idx);
  if (!fns) byOutput.set(idx, fns = new Map());
  const id = nextId++;
  fns.set(id, hook);
  return () => void fns.delete(id);
}

/** The hooks registered on `node`'s outputs, by output index (undefined when there are none). */
export function hooksOf(node: Node): Map<number, GradHook[]> | undefined {
  const byOutput = hooks.get(node);
  if (!byOutput) return undefined;
  return new Map([...byOutput].map(([idx, fns]) => [idx, [...fns.values()]]));
}

/** Runs the hooks in registration order, each on the gradient the previous one left. */
export function runHooks(fns: readonly GradHook[], grad: Tensor): Tensor | Promise<Tensor> {
  let g = grad;
  for (let i = 0; i < fns.length; i++) {
    const r = fns[i](g);
    if (r instanceof Promise) {
      return r.then((v) => runHooks(fns.slice(i + 1), v ?? g));
    }
    if (r) g = r;
  }
  return g;
}

// The backward pass: walks the graph from the roots once, in dependency order, so that a node
// shared by several paths runs once with the sum of its incoming gradients.

import { runtimeError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { withGradMode } from "./grad_mode.ts";
import { AccumulateGrad, FunctionNode, gradEdge, type Node } from "./node.ts";
import { addGrads } from "./accumulate.ts";
import { clone } from "../ops/copy.ts";

export interface BackwardOptions {
  retainGraph?: boolean;
  /** For autograd.grad: the tensors whose gradients are returned instead of accumulated. */
  inputs?: readonly Tensor[];
  allowUnused?: boolean;
}

/** Non-leaf tensors that asked for retain_grad(), by (node, output index). */
const retained = new WeakMap<Node, Map<number, Tensor>>();

export function retainGrad(t: Tensor): void {
  if (!t.gradFn) return; // leaves keep .grad anyway
  const [node, idx] = gradEdge(t);
  let m = retained.get(node!);
  if (!m) retained.set(node!, m = new Map());
  m.set(idx, t);
  t.retainsGrad = true;
}

export function runBackward(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  opts: BackwardOptions = {},
): (Tensor | null)[] {
  return withGradMode(false, () => {
    const captured = new Map<Node, Tensor | null>();
    const inputNodes = (opts.inputs ?? []).map((t, i) => {
      const [node] = gradEdge(t);
      if (!node) throw runtimeError(`One of the differentiated Tensors does not require grad`);
      if (!captured.has(node)) captured.set(node, null);
      return [node, i] as const;
    });

    const rootEdges = roots.map((r, i) => {
      const edge = gradEdge(r);
      if (!edge[0]) {
        throw runtimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
      }
      return edge;
    });

    // Count how many gradients each node waits for.
    const deps = new Map<Node, number>();
    const seen = new Set<Node>();
    const stack: Node[] = rootEdges.map(([n]) => n!);
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const [next] of n.nextFunctions) {
        if (!next) continue;
        deps.set(next, (deps.get(next) ?? 0) + 1);
        stack.push(next);
      }
    }

    const buffers = new Map<Node, (Tensor | null)[]>();
    const deliver = (node: Node, idx: number, g: Tensor) => {
      let buf = buffers.get(node);
      if (!buf) buffers.set(node, buf = new Array(node.numOutputs).fill(null));
      buf[idx] = buf[idx] ? addGrads(buf[idx]!, g) : g;
    };
    rootEdges.forEach(([node, idx], i) => deliver(node!, idx, rootGrads[i]));

    const ready: Node[] = [...new Set(rootEdges.map(([n]) => n!))].filter((n) => !deps.get(n));
    const released: FunctionNode[] = [];
    while (ready.length) {
      const node = ready.pop()!;
      const grads = buffers.get(node) ?? [];
      buffers.delete(node);
      const keep = retained.get(node);
      if (keep) { for (const [idx, t] of keep) if (grads[idx]) t.grad = accumulateInto(t.grad, grads[idx]!); }
      if (captured.has(node)) {
        captured.set(node, grads[0] ?? null);
      } else if (node instanceof AccumulateGrad) {
        const g = grads[0];
        if (g) node.variable.grad = accumulateInto(node.variable.grad, g);
      }
      const inputGrads = node instanceof AccumulateGrad ? [] : node.apply(grads);
      if (node instanceof FunctionNode) released.push(node);
      node.nextFunctions.forEach(([next, idx], k) => {
        if (!next) return;
        const g = inputGrads[k];
        if (g) deliver(next, idx, g);
        const left = deps.get(next)! - 1;
        deps.set(next, left);
        if (left === 0) ready.push(next);
      });
    }
    if (!opts.retainGraph) { for (const n of released) n.release(); }

    return inputNodes.map(([node, i]) => {
      const g = captured.get(node) ?? null;
      if (!g && !opts.allowUnused) {
        throw runtimeError(
          `One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`,
        );
      }
      void i;
      return g;
    });
  });
}

// A leaf's first gradient is copied so that .grad never aliases a tensor the user or the graph holds
// (zero_grad() zeroes .grad in place).
function accumulateInto(current: Tensor | null, g: Tensor): Tensor {
  return current ? addGrads(current, g) : clone(g);
}

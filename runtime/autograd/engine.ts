// The backward pass: walks the graph from the roots once, in dependency order, so that a node
// shared by several paths runs once with the sum of its incoming gradients.
//
// The walk is a generator that yields whenever a step answers with a Promise: a gradient crossing
// devices (reading WebGPU memory back is asynchronous) or a Python hook. runBackward drives it
// synchronously (embedders and tests on one device); runBackwardAsync awaits those steps.

import { runtimeError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { shapeEquals } from "../shape.ts";
import { withGradMode } from "./grad_mode.ts";
import { AccumulateGrad, FunctionNode, gradEdge, type Node } from "./node.ts";
import { addGrads } from "./accumulate.ts";
import { clone } from "../ops/copy.ts";
import { add_ } from "../ops/binary.ts";
import { hooksOf, runHooks } from "./hooks.ts";

export interface BackwardOptions {
  retainGraph?: boolean;
  /** For autograd.grad: the tensors whose gradients are returned instead of accumulated. */
  inputs?: readonly Tensor[];
  allowUnused?: boolean;
  /** backward(inputs=...): only these tensors (leaves or not) get their .grad accumulated. */
  accumulateOnly?: readonly Tensor[];
  /** Record the backward pass itself (grad mode on), so gradients can be differentiated again. */
  createGraph?: boolean;
}

type Grads = (Tensor | null)[];
type Steps = Generator<Promise<unknown>, Grads, unknown>;

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

/** Runs backward synchronously; throws if a step needs to wait (see runBackwardAsync). */
export function runBackward(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: BackwardOptions = {}): Grads {
  return withGradMode(!!opts.createGraph, () => {
    const steps = backwardSteps(roots, rootGrads, opts);
    const r = steps.next();
    if (!r.done) {
      throw runtimeError("backward needs an asynchronous step (a device transfer or a hook): use runBackwardAsync");
    }
    return r.value;
  });
}

/** Runs backward, awaiting device transfers and Python hooks on the way. */
export function runBackwardAsync(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  opts: BackwardOptions = {},
): Promise<Grads> {
  return withGradMode(!!opts.createGraph, async () => {
    const steps = backwardSteps(roots, rootGrads, opts);
    let r = steps.next();
    while (!r.done) r = steps.next(await r.value);
    return r.value;
  });
}

/** The value of a step that may answer with a Promise (yielded to the driver). */
function* settle<T>(x: T | Promise<T>): Generator<Promise<unknown>, T, unknown> {
  return x instanceof Promise ? (yield x) as T : x;
}

function checkRootShapes(roots: readonly Tensor[], rootGrads: readonly Tensor[]): void {
  roots.forEach((r, i) => {
    const g = rootGrads[i];
    if (!shapeEquals(g.shape, r.shape)) {
      throw runtimeError(
        `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${
          g.shape.join(", ")
        }]) and output[${i}] has a shape of torch.Size([${r.shape.join(", ")}]).`,
      );
    }
  });
}

function* backwardSteps(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: BackwardOptions): Steps {
  checkRootShapes(roots, rootGrads);
  const captured = new Map<Node, Tensor | null>();
  // The outputs are checked before the inputs, so PyTorch's error comes first.
  const rootEdges = roots.map((r, i) => {
    const edge = gradEdge(r);
    if (!edge[0]) {
      throw runtimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    return edge;
  });

  const inputNodes = (opts.inputs ?? []).map((t) => {
    const [node] = gradEdge(t);
    if (!node) throw runtimeError(`One of the differentiated Tensors does not require grad`);
    if (!captured.has(node)) captured.set(node, null);
    return node;
  });

  const only = opts.accumulateOnly && edgesOf(opts.accumulateOnly);

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

  const buffers = new Map<Node, Grads>();
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
    // Tensor hooks (register_hook) see the gradient first and may replace it.
    const hooks = hooksOf(node);
    if (hooks) {
      for (const [idx, fns] of hooks) if (grads[idx]) grads[idx] = yield* settle(runHooks(fns, grads[idx]!));
    }
    // autograd.grad (opts.inputs) returns gradients and leaves every .grad alone.
    const keep = opts.inputs ? undefined : only ? only.get(node) : retained.get(node);
    if (keep) {
      const leaf = node instanceof AccumulateGrad && !opts.createGraph;
      for (const [idx, t] of keep) if (grads[idx]) t.grad = accumulateInto(t.grad, grads[idx]!, leaf);
    }
    if (captured.has(node)) {
      captured.set(node, grads[0] ?? null);
    } else if (node instanceof AccumulateGrad && !opts.inputs && !only) {
      const g = grads[0];
      if (g) node.variable.grad = accumulateInto(node.variable.grad, g, !opts.createGraph);
    }
    const inputGrads = node instanceof AccumulateGrad ? [] : yield* settle(node.run(grads));
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

  return inputNodes.map((node) => {
    const g = captured.get(node) ?? null;
    if (!g && !opts.allowUnused) {
      throw runtimeError(
        `One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`,
      );
    }
    return g;
  });
}

/** Tensors by the (node, output index) their gradient arrives at. */
function edgesOf(tensors: readonly Tensor[]): Map<Node, Map<number, Tensor>> {
  const m = new Map<Node, Map<number, Tensor>>();
  for (const t of tensors) {
    const [node, idx] = gradEdge(t);
    if (!node) throw runtimeError("One of the differentiated Tensors does not require grad");
    if (!m.has(node)) m.set(node, new Map());
    m.get(node)!.set(idx, t);
  }
  return m;
}

// A leaf's first gradient is copied so that .grad never aliases a tensor the user or the graph holds
// (zero_grad() zeroes .grad in place). Later ones are added into that same tensor, as PyTorch's
// AccumulateGrad does outside create_graph (`variable_grad += new_grad`: .grad keeps its identity
// and its version counter moves); recorded sums (create_graph) and retain_grad()'s are new tensors.
function accumulateInto(current: Tensor | null, g: Tensor, inPlace = false): Tensor {
  if (!current) return clone(g);
  const fits = current.dtype === g.dtype && current.device === g.device && shapeEquals(current.shape, g.shape);
  return inPlace && fits ? add_(current, g) : addGrads(current, g);
}

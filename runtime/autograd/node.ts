// Graph nodes. A Node is PyTorch's grad_fn: it knows how to turn the gradients of an op's outputs
// into gradients of its inputs, and where those go next (next_functions).

import { runtimeError } from "../errors.ts";
import type { GradNode, Tensor } from "../tensor.ts";

export type Edge = [Node | null, number];
type Grads = (Tensor | null)[];

export abstract class Node implements GradNode {
  abstract readonly name: string;
  /** One edge per differentiable input: the input's grad_fn (or AccumulateGrad for leaves). */
  abstract readonly nextFunctions: Edge[];
  /** Input gradients from output gradients (one per output; null where none flowed). */
  abstract apply(grads: Grads): Grads;
  /** The same, as the engine calls it: a Promise where the rule must wait (a device read-back). */
  run(grads: Grads): Grads | Promise<Grads> {
    return this.apply(grads);
  }
  /** Number of outputs of the op that produced this node. */
  numOutputs = 1;
}

/** The sink for a leaf tensor that requires grad: sums incoming gradients into `.grad`. */
export class AccumulateGrad extends Node {
  readonly name = "AccumulateGrad";
  readonly nextFunctions: Edge[] = [];
  constructor(readonly variable: Tensor) {
    super();
  }
  apply(): (Tensor | null)[] {
    return []; // the engine accumulates; see engine.ts
  }
}

/** A node built from an op's gradient rule and what the op saw. */
export class FunctionNode extends Node {
  #apply: ((grads: Grads) => Grads | Promise<Grads>) | null;

  constructor(
    readonly name: string,
    readonly nextFunctions: Edge[],
    apply: (grads: Grads) => Grads | Promise<Grads>,
    numOutputs: number,
    /** The registry name of the op that recorded the node (tests use it to tell which rules ran). */
    readonly opName?: string,
  ) {
    super();
    this.#apply = apply;
    this.numOutputs = numOutputs;
  }

  apply(grads: Grads): Grads {
    const r = this.run(grads);
    if (r instanceof Promise) {
      throw runtimeError(`${this.name} must wait for a device transfer: run backward asynchronously`);
    }
    return r;
  }

  override run(grads: Grads): Grads | Promise<Grads> {
    if (!this.#apply) {
      throw runtimeError(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
      );
    }
    return this.#apply(grads);
  }

  /** Drops what the node saved (retain_graph=False). */
  release(): void {
    this.#apply = null;
  }
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

/** The edge a tensor's gradient flows along: its grad_fn, or its leaf accumulator, or none. */
export function gradEdge(t: Tensor, outputIndex = 0): Edge {
  if (t.gradFn) return [t.gradFn as Node, outputIndexOf.get(t) ?? outputIndex];
  if (!t.requiresGrad) return [null, 0];
  let acc = accumulators.get(t);
  if (!acc) accumulators.set(t, acc = new AccumulateGrad(t));
  return [acc, 0];
}

/** Which output of its grad_fn a non-leaf tensor is. */
export const outputIndexOf = new WeakMap<Tensor, number>();

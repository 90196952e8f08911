// Helpers the op files use to declare their gradient rules next to the op (setBackward right after
// defineOp, or `backward:` inline). Rules build their gradients from ordinary ops; the engine runs
// them with grad mode off.
//
// These are function declarations on purpose: op modules import each other in cycles (binary.ts
// uses where() from clamp.ts in its rules, clamp.ts uses binary ops in its own), and a hoisted
// function can be called by a module's top-level code even while this module is still loading.

import { isFloating } from "../dtype.ts";
import type { Tensor } from "../tensor.ts";
import type { BackwardContext, BackwardRule } from "../ops/registry.ts";
import { sumToShape } from "../ops/sum_to.ts";
import { clone } from "../ops/copy.ts";
import { mul } from "../ops/binary.ts";

/** `g` folded onto input `t`'s shape and dtype; null where `t` takes no gradient. */
export function gradTo(g: Tensor | null, t: Tensor): Tensor | null {
  if (!g || t.isWrappedNumber || !isFloating(t.dtype)) return null;
  const r = sumToShape(g, t.shape);
  return r.dtype === t.dtype ? r : clone(r, t.dtype);
}

/**
 * A rule for a single-output op written as "output gradient → one gradient per input": no output
 * gradient gives no input gradients, and each result is folded onto its input (broadcasting,
 * dtype, wrapped Python scalars and integer inputs get none).
 */
export function rule<P>(f: (g: Tensor, ctx: BackwardContext<P>) => (Tensor | null)[]): BackwardRule<P> {
  return ([g], ctx) => {
    if (!g) return ctx.inputs.map(() => null);
    return f(g, ctx).map((r, i) => gradTo(r, ctx.inputs[i]));
  };
}

/** The zero gradient of a piecewise-constant op (floor, sign, ...), shaped like `g`. */
export function zerosGrad(g: Tensor): Tensor {
  return mul(g, 0);
}

// What a rule saves (OpDef.saves): those tensors are checked against in-place modification when
// backward reads them. Declarations below are hoisted so op modules can pass them at load time.

const needsGrad = (t: Tensor) => t.requiresGrad || t.gradFn !== null;

/** The op's first output (exp, tanh, sigmoid, softmax, ... differentiate through their result). */
export function savesOutput(_: readonly Tensor[], outputs: readonly Tensor[]): readonly Tensor[] {
  return [outputs[0]];
}

/** The op's first input (log, sin, abs, ...). */
export function savesInput(inputs: readonly Tensor[]): readonly Tensor[] {
  return [inputs[0]];
}

/** The first input and the first output (prod, cumprod, max, norm, ...). */
export function savesInputAndOutput(inputs: readonly Tensor[], outputs: readonly Tensor[]): readonly Tensor[] {
  return [inputs[0], outputs[0]];
}

/** Products (mul, mm, matmul, ...): each operand is saved when another operand needs its gradient. */
export function savesOperands(inputs: readonly Tensor[]): readonly Tensor[] {
  return inputs.filter((t, i) => !t.isWrappedNumber && inputs.some((u, j) => j !== i && needsGrad(u)));
}

// Shared plumbing for elementwise ops: the output takes the broadcast shape of the inputs, and
// the op computes in `params.dtype` (its inputs converted to it, as TensorIterator's common dtype).
// The dtype is chosen by the op's exported function (type promotion plus the op's own rule) and
// travels in the params, so every backend's kernel reads the same decision.

import type { DType } from "../dtype.ts";
import { broadcastShapes } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { defineOp, dispatch1, type OpDef } from "./registry.ts";
import { checkCast } from "./scalar.ts";

export interface ElementwiseParams {
  /** The dtype the op computes in. */
  dtype: DType;
}

export interface ElementwiseDef<P> {
  name: string;
  gradName?: string;
  /** The output dtype given the params (default: the compute dtype). */
  outDtype?: (p: P) => DType;
  /** Throws PyTorch's error for inputs the op does not support. */
  check?: (inputs: readonly Tensor[], p: P) => void;
}

export function defineElementwise<P extends ElementwiseParams>(def: ElementwiseDef<P>): OpDef<P> {
  return defineOp<P>({
    name: def.name,
    gradName: def.gradName,
    infer(inputs, p) {
      def.check?.(inputs, p);
      const shape = inputs.length === 1 ? [...inputs[0].shape] : broadcastShapes(...inputs.map((t) => t.shape));
      return [{ shape, dtype: def.outDtype ? def.outDtype(p) : p.dtype }];
    },
  });
}

/**
 * Runs an elementwise op, into `out` when given (an in-place op passes its first operand), after
 * PyTorch's check that the result dtype can be cast to the output's dtype.
 */
export function callElementwise<P>(op: OpDef<P>, inputs: readonly Tensor[], params: P, out?: Tensor): Tensor {
  if (out) checkCast(op.infer(inputs, params)[0].dtype, out.dtype);
  return dispatch1(op, inputs, params, out);
}

/** The `out=` keyword most elementwise functions accept. */
export interface OutOption {
  out?: Tensor;
}

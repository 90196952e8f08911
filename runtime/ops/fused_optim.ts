// Fused optimizer updates: one kernel does the whole SGD or Adam/AdamW update of every parameter of
// a group at once, in place (Adam's step counters included), instead of the 3-10 elementwise ops per
// parameter of PyTorch's single-tensor path. The optimizers route GPU parameters here; CPU parameters
// keep the single-tensor path, whose float32 roundings match PyTorch bit for bit. No gradient:
// optimizers run under no_grad.

import type { Tensor } from "../tensor.ts";
import { runtimeError } from "../errors.ts";
import { shapeEquals } from "../shape.ts";
import { defineOp, dispatch, type OutSpec } from "./registry.ts";

export interface FusedSgdParams {
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
  maximize: boolean;
  /** Per parameter: its momentum buffer is new and becomes the (decayed) gradient, as PyTorch's clone(d). */
  first: boolean[];
}

export interface FusedAdamParams {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  maximize: boolean;
  /** AdamW: p *= 1 - lr * weight_decay before the update, instead of adding weight_decay * p to the gradient. */
  decoupled: boolean;
  /** Per parameter: its step count after this step's increment (bias corrections). */
  steps: number[];
  /** The inputs include each parameter's step tensor, which the kernel increments. */
  withStepTensors: boolean;
}

/** Tensors per parameter in _fused_adam's inputs. */
export const adamGroupSize = (o: Pick<FusedAdamParams, "amsgrad" | "withStepTensors">): number =>
  4 + (o.amsgrad ? 1 : 0) + (o.withStepTensors ? 1 : 0);

/** Checks that each group of `per` operands shares its first one's shape and dtype (a step tensor is 0-d). */
function checkGroups(name: string, inputs: readonly Tensor[], per: number, stepLast = false): void {
  if (inputs.length === 0 || inputs.length % per !== 0) {
    throw runtimeError(`${name}: expected groups of ${per} tensors`);
  }
  for (let k = 0; k < inputs.length; k += per) {
    const p = inputs[k];
    for (const t of inputs.slice(k, stepLast ? k + per - 1 : k + per)) {
      if (!shapeEquals(t.shape, p.shape) || t.dtype !== p.dtype) {
        throw runtimeError(`${name}: every operand must have its parameter's shape and dtype`);
      }
    }
    if (stepLast && inputs[k + per - 1].numel !== 1) throw runtimeError(`${name}: a step tensor has one element`);
  }
}

const specOf = (t: Tensor): OutSpec => ({ shape: [...t.shape], dtype: t.dtype });

/**
 * Inputs [param, grad, momentum_buffer] for each parameter, one after the other; writes every param
 * and momentum buffer (outputs [param0, buffer0, param1, ...]).
 */
export const fusedSgdOp = defineOp<FusedSgdParams>({
  name: "_fused_sgd",
  infer: (inputs) => {
    checkGroups("_fused_sgd", inputs, 3);
    return inputs.filter((_, i) => i % 3 !== 1).map(specOf);
  },
});

/**
 * Inputs [param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad), step (withStepTensors)] for
 * each parameter, one after the other; writes all of them but the gradients.
 */
export const fusedAdamOp = defineOp<FusedAdamParams>({
  name: "_fused_adam",
  infer: (inputs, o) => {
    const per = adamGroupSize(o);
    checkGroups("_fused_adam", inputs, per, o.withStepTensors);
    return inputs.filter((_, i) => i % per !== 1).map(specOf);
  },
});

/**
 * One SGD-with-momentum step of every parameter (PyTorch 1.13's arithmetic); `bufs[i]` is params[i]'s
 * momentum buffer. On the GPU this is one dispatch for up to about ten parameters.
 */
export function fusedSgd_(params: Tensor[], grads: Tensor[], bufs: Tensor[], options: FusedSgdParams): void {
  if (params.length === 0) return;
  const inputs = params.flatMap((p, i) => [p, grads[i], bufs[i]]);
  dispatch(fusedSgdOp, inputs, options, params.flatMap((p, i) => [p, bufs[i]]));
}

/**
 * One Adam or AdamW step of every parameter: `state[i]` holds params[i]'s exp_avg, exp_avg_sq,
 * max_exp_avg_sq with amsgrad, and its step tensor with withStepTensors.
 */
export function fusedAdam_(params: Tensor[], grads: Tensor[], state: Tensor[][], options: FusedAdamParams): void {
  if (params.length === 0) return;
  const inputs = params.flatMap((p, i) => [p, grads[i], ...state[i]]);
  dispatch(fusedAdamOp, inputs, options, params.flatMap((p, i) => [p, ...state[i]]));
}

// PyTorch 1.13's single-tensor SGD-with-momentum and Adam/AdamW updates, one pass per parameter on
// the CPU: each element goes through the same float32-rounded operations, in the same order, as
// the op-by-op path (runtime/optim/sgd.ts, adam.ts), so the results are the same bits as it and as
// PyTorch; what goes is the 3-10 passes, temporaries and dispatches per parameter. The GPU's
// _fused_sgd/_fused_adam (fused_optim.ts) round differently and are not substitutes. CPU only, no
// gradient: optimizers run under no_grad.

import type { Tensor } from "../tensor.ts";
import { runtimeError } from "../errors.ts";
import { shapeEquals } from "../shape.ts";
import { defineOp, dispatch, type OutSpec } from "./registry.ts";
import type { FusedAdamParams, FusedSgdParams } from "./fused_optim.ts";

/** The options of a momentum SGD step whose buffers already exist (the first step clones the gradient). */
export type SingleTensorSgdParams = Omit<FusedSgdParams, "first">;

/** Adam/AdamW's options; the step counts live on the host (no step tensors to increment). */
export type SingleTensorAdamParams = Omit<FusedAdamParams, "withStepTensors">;

/** Every operand of a parameter's group has the parameter's shape and dtype. */
function checkGroups(name: string, inputs: readonly Tensor[], per: number): void {
  if (inputs.length === 0 || inputs.length % per !== 0) {
    throw runtimeError(`${name}: expected groups of ${per} tensors`);
  }
  for (let k = 0; k < inputs.length; k += per) {
    const p = inputs[k];
    for (let j = k + 1; j < k + per; j++) {
      if (!shapeEquals(inputs[j].shape, p.shape) || inputs[j].dtype !== p.dtype) {
        throw runtimeError(`${name}: every operand must have its parameter's shape and dtype`);
      }
    }
  }
}

/** The outputs are the groups' operands but the gradient (the second), written in place. */
function writtenSpecs(inputs: readonly Tensor[], per: number): OutSpec[] {
  const specs: OutSpec[] = [];
  for (let i = 0; i < inputs.length; i++) {
    if (i % per !== 1) specs.push({ shape: inputs[i].shape as number[], dtype: inputs[i].dtype });
  }
  return specs;
}

/** Inputs [param, grad, momentum_buffer] per parameter; writes each param and buffer. */
export const singleTensorSgdOp = defineOp<SingleTensorSgdParams>({
  name: "_single_tensor_sgd",
  infer: (inputs) => {
    checkGroups("_single_tensor_sgd", inputs, 3);
    return writtenSpecs(inputs, 3);
  },
});

/** Tensors per parameter in _single_tensor_adam's inputs. */
export const singleTensorAdamGroupSize = (amsgrad: boolean): number => (amsgrad ? 5 : 4);

/** Inputs [param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad)] per parameter; writes all but the grads. */
export const singleTensorAdamOp = defineOp<SingleTensorAdamParams>({
  name: "_single_tensor_adam",
  infer: (inputs, o) => {
    const per = singleTensorAdamGroupSize(o.amsgrad);
    checkGroups("_single_tensor_adam", inputs, per);
    return writtenSpecs(inputs, per);
  },
});

/**
 * One momentum-SGD step of every parameter whose buffer exists (`bufs[i]` is params[i]'s): PyTorch's
 * `buf.mul_(momentum).add_(d_p, alpha=1 - dampening)` and `param.add_(d_p, alpha=-lr)` in one pass.
 */
export function singleTensorSgd_(params: Tensor[], grads: Tensor[], bufs: Tensor[], o: SingleTensorSgdParams): void {
  if (params.length === 0) return;
  const inputs: Tensor[] = [], out: Tensor[] = [];
  for (let i = 0; i < params.length; i++) {
    inputs.push(params[i], grads[i], bufs[i]);
    out.push(params[i], bufs[i]);
  }
  dispatch(singleTensorSgdOp, inputs, o, out);
  // The op-by-op path wrote each buffer twice (mul_, add_): the same version counts as PyTorch.
  for (const b of bufs) b.version++;
}

/**
 * One Adam or AdamW step of every parameter, its step counter already advanced: `state[i]` holds
 * params[i]'s exp_avg, exp_avg_sq and, with amsgrad, max_exp_avg_sq.
 */
export function singleTensorAdam_(
  params: Tensor[],
  grads: Tensor[],
  state: Tensor[][],
  o: SingleTensorAdamParams,
): void {
  if (params.length === 0) return;
  const inputs: Tensor[] = [], out: Tensor[] = [];
  for (let i = 0; i < params.length; i++) {
    inputs.push(params[i], grads[i], ...state[i]);
    out.push(params[i], ...state[i]);
  }
  dispatch(singleTensorAdamOp, inputs, o, out);
  // Version counts as the op-by-op path's (and PyTorch's): mul_ then add_/addcmul_ on each moment,
  // mul_ then addcdiv_ on an AdamW parameter.
  for (let i = 0; i < params.length; i++) {
    state[i][0].version++;
    state[i][1].version++;
    if (o.decoupled) params[i].version++;
  }
}

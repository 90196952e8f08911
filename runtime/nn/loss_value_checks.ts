// The data checks of PyTorch's loss kernels: nll_loss's targets must be classes (or ignore_index),
// binary_cross_entropy's inputs probabilities. On the CPU they read the values and raise at once,
// as ATen's CPU kernels do. On other devices they are ops whose kernels record the fault on the
// device, raised at the next read (as CUDA's device-side asserts are), so that a training step
// never waits on the GPU for them.

import type { Tensor } from "../tensor.ts";
import type { TypedArray } from "../dtype.ts";
import { indexError, runtimeError } from "../errors.ts";
import { defineOp, dispatch } from "../ops/registry.ts";

/** A tensor's values when they can be read without waiting (CPU). */
const hostValues = (t: Tensor): TypedArray | null => t.device.type === "cpu" ? t.dataSync() : null;

export interface ClassTargetParams {
  classes: number;
  ignoreIndex: number;
}

/** Outputs nothing: its kernel only records a bad target (see kernels/webgpu/loss_checks.ts). */
const nllTargetCheck = defineOp<ClassTargetParams>({ name: "nll_loss_target_check", infer: () => [] });

/** Outputs nothing: its kernel only records an input outside [0, 1]. */
const bceInputCheck = defineOp<Record<string, never>>({ name: "binary_cross_entropy_input_check", infer: () => [] });

/** IndexError "Target {t} is out of bounds." for the first target neither a class nor ignoreIndex. */
export function checkClassTargets(target: Tensor, classes: number, ignoreIndex: number): void {
  const values = hostValues(target);
  if (!values) {
    dispatch(nllTargetCheck, [target], { classes, ignoreIndex });
    return;
  }
  for (const v of values) {
    if (v !== ignoreIndex && (v < 0 || v >= classes)) throw indexError(`Target ${v} is out of bounds.`);
  }
}

/** RuntimeError unless every input is in [0, 1] (NaN is not). */
export function checkProbabilities(input: Tensor): void {
  const values = hostValues(input);
  if (!values) {
    dispatch(bceInputCheck, [input], {});
    return;
  }
  for (const v of values) {
    if (!(v >= 0 && v <= 1)) throw runtimeError("all elements of input should be between 0 and 1");
  }
}

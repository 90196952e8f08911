// optim.Adagrad (PyTorch 1.13, the single-tensor path for dense gradients).

import type { Tensor } from "../tensor.ts";
import { add, add_ } from "../ops/binary.ts";
import { full_like } from "../ops/creation.ts";
import { neg, sqrt } from "../ops/unary.ts";
import { Optimizer, type OptimizerParams, type ParamGroup } from "./optimizer.ts";
import { checkNonNegative } from "./options.ts";
import { addcdiv_, addcmul_ } from "./pointwise.ts";
import { nextStep } from "./adam.ts";
import { stepTensor } from "./step_counter.ts";

export interface AdagradOptions {
  lr: number;
  lr_decay: number;
  eps: number;
  weight_decay: number;
  initial_accumulator_value: number;
  foreach: boolean | null;
  maximize: boolean;
}

export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: OptimizerParams<AdagradOptions>, opts: Partial<AdagradOptions> = {}) {
    const o: AdagradOptions = {
      lr: 1e-2,
      lr_decay: 0,
      eps: 1e-10,
      weight_decay: 0,
      initial_accumulator_value: 0,
      foreach: null,
      maximize: false,
      ...opts,
    };
    checkNonNegative(o.lr, "lr", "learning rate");
    checkNonNegative(o.lr_decay, "lr_decay", "lr_decay value");
    checkNonNegative(o.weight_decay, "weight_decay", "weight_decay value");
    checkNonNegative(o.initial_accumulator_value, "initial_accumulator_value", "initial_accumulator_value value");
    checkNonNegative(o.eps, "eps", "epsilon value");
    super(params, o);
  }

  /** Adagrad creates its state when parameters are added, not at the first step. */
  protected override initGroup(group: ParamGroup<AdagradOptions>): void {
    for (const p of group.params) {
      const state = this.stateOf(p);
      state.step = stepTensor();
      state.sum = full_like(p, group.initial_accumulator_value);
    }
  }

  protected updateGroup(group: ParamGroup<AdagradOptions>, params: Tensor[]): void {
    const { lr, lr_decay, eps, weight_decay, maximize } = group;
    for (const p of params) {
      const state = this.stateOf(p);
      const step = nextStep(state);
      let grad = maximize ? neg(p.grad!) : p.grad!;
      if (weight_decay !== 0) grad = add(grad, p, { alpha: weight_decay });
      const clr = lr / (1 + (step - 1) * lr_decay);
      const sum = state.sum as Tensor;
      addcmul_(sum, grad, grad, 1);
      const std = add_(sqrt(sum), eps);
      addcdiv_(p, grad, std, -clr);
    }
  }
}

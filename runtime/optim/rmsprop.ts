// optim.RMSprop (PyTorch 1.13, the single-tensor path): alpha, eps, weight decay, momentum, centered.

import type { Tensor } from "../tensor.ts";
import { add, add_, mul_ } from "../ops/binary.ts";
import { clone } from "../ops/copy.ts";
import { zeros_like } from "../ops/creation.ts";
import { neg, sqrt, sqrt_ } from "../ops/unary.ts";
import { Optimizer, type OptimizerParams, type ParamGroup } from "./optimizer.ts";
import { checkNonNegative } from "./options.ts";
import { addcdiv_, addcmul_ } from "./pointwise.ts";

export interface RMSpropOptions {
  lr: number;
  momentum: number;
  alpha: number;
  eps: number;
  centered: boolean;
  weight_decay: number;
  foreach: boolean | null;
  maximize: boolean;
  differentiable: boolean;
}

export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: OptimizerParams<RMSpropOptions>, opts: Partial<RMSpropOptions> = {}) {
    const o: RMSpropOptions = {
      lr: 1e-2,
      momentum: 0,
      alpha: 0.99,
      eps: 1e-8,
      centered: false,
      weight_decay: 0,
      foreach: null,
      maximize: false,
      differentiable: false,
      ...opts,
    };
    checkNonNegative(o.lr, "lr", "learning rate");
    checkNonNegative(o.eps, "eps", "epsilon value");
    checkNonNegative(o.momentum, "momentum", "momentum value");
    checkNonNegative(o.weight_decay, "weight_decay", "weight_decay value");
    checkNonNegative(o.alpha, "alpha", "alpha value");
    super(params, o);
  }

  protected updateGroup(group: ParamGroup<RMSpropOptions>, params: Tensor[]): void {
    const { lr, alpha, eps, weight_decay, momentum, centered, maximize } = group;
    for (const p of params) {
      const state = this.stateOf(p);
      if (Object.keys(state).length === 0) {
        // PyTorch 1.13 keeps RMSprop's step as a Python int, unlike Adam's tensor.
        state.step = 0;
        state.square_avg = zeros_like(p);
        if (momentum > 0) state.momentum_buffer = zeros_like(p);
        if (centered) state.grad_avg = zeros_like(p);
      }
      state.step = (state.step as number) + 1;
      let grad = maximize ? neg(p.grad!) : p.grad!;
      if (weight_decay !== 0) grad = add(grad, p, { alpha: weight_decay });
      const squareAvg = state.square_avg as Tensor;
      addcmul_(mul_(squareAvg, alpha), grad, grad, 1 - alpha);
      let avg: Tensor;
      if (centered) {
        const gradAvg = state.grad_avg as Tensor;
        add_(mul_(gradAvg, alpha), grad, { alpha: 1 - alpha });
        avg = sqrt_(addcmul_(clone(squareAvg), gradAvg, gradAvg, -1));
      } else {
        avg = sqrt(squareAvg);
      }
      add_(avg, eps);
      if (momentum > 0) {
        const buf = state.momentum_buffer as Tensor;
        addcdiv_(mul_(buf, momentum), grad, avg);
        add_(p, buf, { alpha: -lr });
      } else {
        addcdiv_(p, grad, avg, -lr);
      }
    }
  }
}

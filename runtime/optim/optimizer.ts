// The optimizer base: one parameter group, per-parameter state, zero_grad.

import type { Tensor } from "../tensor.ts";
import { zero_ } from "../ops/creation.ts";
import { withGradMode } from "../autograd/grad_mode.ts";

export abstract class Optimizer<O> {
  readonly params: Tensor[];
  readonly state = new Map<Tensor, Record<string, any>>();
  constructor(params: Iterable<Tensor>, readonly options: O) {
    this.params = [...params];
  }

  zeroGrad(setToNone = false): void {
    for (const p of this.params) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else {
        if (p.grad.gradFn) p.grad = p.grad.view(p.grad.shape, p.grad.strides, p.grad.offset);
        zero_(p.grad);
      }
    }
  }

  step(): void {
    withGradMode(false, () => {
      for (const p of this.params) {
        if (!p.grad) continue;
        let s = this.state.get(p);
        if (!s) this.state.set(p, s = {});
        this.update(p, p.grad, s);
      }
    });
  }

  protected abstract update(p: Tensor, grad: Tensor, state: Record<string, any>): void;
}

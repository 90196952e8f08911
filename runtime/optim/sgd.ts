// optim.SGD (PyTorch 1.13 semantics).

import type { Tensor } from "../tensor.ts";
import { add, add_, mul_ } from "../ops/binary.ts";
import { clone } from "../ops/copy.ts";
import { Optimizer } from "./optimizer.ts";

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer<Required<SGDOptions>> {
  constructor(params: Iterable<Tensor>, opts: SGDOptions) {
    super(params, { momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, ...opts });
    const o = this.options;
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new Error("Nesterov momentum requires a momentum and zero dampening");
    }
  }

  protected update(p: Tensor, grad: Tensor, state: Record<string, any>): void {
    const { lr, momentum, dampening, weight_decay, nesterov } = this.options;
    let d = grad;
    if (weight_decay !== 0) d = add(d, p, { alpha: weight_decay });
    if (momentum !== 0) {
      let buf: Tensor | undefined = state.momentum_buffer;
      if (!buf) state.momentum_buffer = buf = clone(d);
      else add_(mul_(buf, momentum), d, { alpha: 1 - dampening });
      d = nesterov ? add(d, buf, { alpha: momentum }) : buf;
    }
    add_(p, d, { alpha: -lr });
  }
}

// optim.Adam (PyTorch 1.13 semantics, single-tensor path).

import type { Tensor } from "../tensor.ts";
import { add, add_, div, mul, mul_ } from "../ops/binary.ts";
import { zeros } from "../ops/creation.ts";
import { sqrt } from "../ops/unary.ts";
import { maximum } from "../ops/binary.ts";
import { Optimizer } from "./optimizer.ts";

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
}

export class Adam extends Optimizer<Required<AdamOptions>> {
  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, ...opts });
  }

  protected update(p: Tensor, grad: Tensor, s: Record<string, any>): void {
    const { lr, betas: [b1, b2], eps, weight_decay, amsgrad } = this.options;
    if (!s.exp_avg) {
      s.step = 0;
      s.exp_avg = zeros(p.shape, { dtype: p.dtype, device: p.device });
      s.exp_avg_sq = zeros(p.shape, { dtype: p.dtype, device: p.device });
      if (amsgrad) s.max_exp_avg_sq = zeros(p.shape, { dtype: p.dtype, device: p.device });
    }
    s.step += 1;
    let g = grad;
    if (weight_decay !== 0) g = add(g, p, { alpha: weight_decay });
    add_(mul_(s.exp_avg, b1), g, { alpha: 1 - b1 });
    add_(mul_(s.exp_avg_sq, b2), mul(mul(g, g), 1 - b2));
    const bc1 = 1 - b1 ** s.step;
    const bc2 = 1 - b2 ** s.step;
    let sq: Tensor = s.exp_avg_sq;
    if (amsgrad) {
      maximum(s.max_exp_avg_sq, s.exp_avg_sq, { out: s.max_exp_avg_sq });
      sq = s.max_exp_avg_sq;
    }
    const denom = add_(div(sqrt(sq), Math.sqrt(bc2)), eps);
    add_(p, div(s.exp_avg, denom), { alpha: -lr / bc1 });
  }
}

// optim.AdamW (PyTorch 1.13, the single-tensor path): Adam with decoupled weight decay.

import type { Tensor } from "../tensor.ts";
import { Optimizer, type OptimizerParams, type ParamGroup } from "./optimizer.ts";
import { adamGroupStep, checkAdamOptions } from "./adam.ts";

export interface AdamWOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  foreach: boolean | null;
  maximize: boolean;
  capturable: boolean;
}

export class AdamW extends Optimizer<AdamWOptions> {
  constructor(params: OptimizerParams<AdamWOptions>, opts: Partial<AdamWOptions> = {}) {
    const o: AdamWOptions = {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 1e-2,
      amsgrad: false,
      foreach: null,
      maximize: false,
      capturable: false,
      ...opts,
    };
    checkAdamOptions(o);
    super(params, o);
  }

  protected updateGroup(group: ParamGroup<AdamWOptions>, params: Tensor[]): void {
    adamGroupStep(params, (p) => this.stateOf(p), group, true);
  }
}

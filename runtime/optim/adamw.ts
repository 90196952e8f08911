// optim.AdamW (PyTorch 1.13, the single-tensor path): Adam with decoupled weight decay.

import type { Tensor } from "../tensor.ts";
import { mul_ } from "../ops/binary.ts";
import { neg } from "../ops/unary.ts";
import { Optimizer, type OptimizerParams, type ParamGroup, type ParamState } from "./optimizer.ts";
import { adamState, adamUpdate, checkAdamOptions, fusedAdamUpdate, nextStep } from "./adam.ts";
import { updatesFused } from "./fused.ts";

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
    const fused: Tensor[] = [], fusedStates: ParamState[] = []; // updated together after the loop
    for (const p of params) {
      const state = this.stateOf(p);
      adamState(state, p, group.amsgrad);
      if (updatesFused(p)) {
        fused.push(p);
        fusedStates.push(state);
        continue;
      }
      const grad = group.maximize ? neg(p.grad!) : p.grad!;
      const step = nextStep(state);
      mul_(p, 1 - group.lr * group.weight_decay);
      adamUpdate(p, grad, state, group, step);
    }
    fusedAdamUpdate(fused, fusedStates, group, true);
  }
}

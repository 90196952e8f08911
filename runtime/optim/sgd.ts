// optim.SGD (PyTorch 1.13, the single-tensor path): momentum, dampening, nesterov, weight decay, maximize.

import { Tensor } from "../tensor.ts";
import { valueError } from "../errors.ts";
import { add, add_, mul_ } from "../ops/binary.ts";
import { clone } from "../ops/copy.ts";
import { zeros_like } from "../ops/creation.ts";
import { fusedSgd_ } from "../ops/fused_optim.ts";
import { singleTensorSgd_ } from "../ops/single_tensor_optim.ts";
import { updatesFused, updatesInOnePass } from "./fused.ts";
import { neg } from "../ops/unary.ts";
import { Optimizer, type OptimizerParams, type ParamGroup, REQUIRED } from "./optimizer.ts";
import { checkNonNegative } from "./options.ts";

export interface SGDOptions {
  /** Required: PyTorch has no default learning rate for SGD. */
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
  maximize: boolean;
  foreach: boolean | null;
  differentiable: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  constructor(params: OptimizerParams<SGDOptions>, opts: Partial<SGDOptions> = {}) {
    const o: SGDOptions = {
      lr: REQUIRED as unknown as number,
      momentum: 0,
      dampening: 0,
      weight_decay: 0,
      nesterov: false,
      maximize: false,
      foreach: null,
      differentiable: false,
      ...opts,
    };
    if ((o.lr as unknown) !== REQUIRED) checkNonNegative(o.lr, "lr", "learning rate");
    checkNonNegative(o.momentum, "momentum", "momentum value");
    checkNonNegative(o.weight_decay, "weight_decay", "weight_decay value");
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw valueError("Nesterov momentum requires a momentum and zero dampening");
    }
    super(params, o);
  }

  protected updateGroup(group: ParamGroup<SGDOptions>, params: Tensor[]): void {
    const { lr, momentum, dampening, weight_decay, nesterov, maximize } = group;
    // GPU parameters are updated together by one fused op after the loop, and so are CPU parameters
    // whose momentum buffer exists, by another, exact one.
    const fused: Tensor[] = [], bufs: Tensor[] = [], first: boolean[] = [];
    const onePass: Tensor[] = [], onePassBufs: Tensor[] = [];
    for (const p of params) {
      const state = this.stateOf(p);
      if (momentum !== 0 && updatesFused(p)) {
        first.push(state.momentum_buffer == null);
        state.momentum_buffer ??= zeros_like(p);
        fused.push(p);
        bufs.push(state.momentum_buffer as Tensor);
        continue;
      }
      const existing = state.momentum_buffer;
      if (momentum !== 0 && existing instanceof Tensor && updatesInOnePass(p, [existing])) {
        onePass.push(p);
        onePassBufs.push(existing);
        continue;
      }
      let d = maximize ? neg(p.grad!) : p.grad!;
      if (weight_decay !== 0) d = add(d, p, { alpha: weight_decay });
      let buf = (state.momentum_buffer ?? null) as Tensor | null;
      if (momentum !== 0) {
        if (buf === null) buf = clone(d);
        else add_(mul_(buf, momentum), d, { alpha: 1 - dampening });
        d = nesterov ? add(d, buf, { alpha: momentum }) : buf;
      }
      add_(p, d, { alpha: -lr });
      // PyTorch stores the buffer (None without momentum) for every parameter it updated.
      state.momentum_buffer = buf;
    }
    const options = { lr, momentum, dampening, weight_decay, nesterov, maximize };
    singleTensorSgd_(onePass, onePass.map((p) => p.grad!), onePassBufs, options);
    fusedSgd_(fused, fused.map((p) => p.grad!), bufs, { ...options, first });
  }
}

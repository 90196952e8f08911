// The loss modules of torch.nn. Like PyTorch's, they hold their options as attributes (a weight as
// a buffer, so it is in state_dict and moves with .to()) and print with an empty extra_repr.

import type { Tensor } from "../tensor.ts";
import { Module } from "./module.ts";
import * as F from "./functional_losses.ts";

/** reduction: 'mean' | 'sum' | 'none', checked when the loss runs, as in PyTorch. */
export abstract class Loss extends Module {
  constructor(public reduction: string = "mean") {
    super();
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** A loss with per-class (or per-element) weights, kept in the `weight` buffer. */
export abstract class WeightedLoss extends Loss {
  constructor(weight: Tensor | null = null, reduction = "mean") {
    super(reduction);
    this.registerBuffer("weight", weight);
  }
  get weight(): Tensor | null {
    return this._buffers.get("weight") ?? null;
  }
}

export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, this.reduction);
  }
}

export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, this.reduction);
  }
}

export class SmoothL1Loss extends Loss {
  constructor(reduction = "mean", public beta = 1.0) {
    super(reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, this.reduction, this.beta);
  }
}

export class HuberLoss extends Loss {
  constructor(reduction = "mean", public delta = 1.0) {
    super(reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, this.reduction, this.delta);
  }
}

export class KLDivLoss extends Loss {
  constructor(reduction = "mean", public logTarget = false) {
    super(reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.kl_div(input, target, this.reduction, this.logTarget);
  }
}

export class NLLLoss extends WeightedLoss {
  constructor(weight: Tensor | null = null, reduction = "mean", public ignoreIndex = -100) {
    super(weight, reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends WeightedLoss {
  constructor(
    weight: Tensor | null = null,
    reduction = "mean",
    public ignoreIndex = -100,
    public labelSmoothing = 0.0,
  ) {
    super(weight, reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

export class BCELoss extends WeightedLoss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, this.weight, this.reduction);
  }
}

export class BCEWithLogitsLoss extends WeightedLoss {
  constructor(weight: Tensor | null = null, reduction = "mean", posWeight: Tensor | null = null) {
    super(weight, reduction);
    this.registerBuffer("pos_weight", posWeight);
  }
  get posWeight(): Tensor | null {
    return this._buffers.get("pos_weight") ?? null;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, this.weight, this.reduction, this.posWeight);
  }
}

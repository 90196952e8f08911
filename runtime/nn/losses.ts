// The loss modules.

import type { Tensor } from "../tensor.ts";
import { Module } from "./module.ts";
import * as F from "./functional_losses.ts";

export class MSELoss extends Module {
  constructor(readonly reduction: F.Reduction = "mean") {
    super();
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, this.reduction);
  }
}

export class CrossEntropyLoss extends Module {
  constructor(readonly reduction: F.Reduction = "mean") {
    super();
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, this.reduction);
  }
}

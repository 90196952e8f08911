// nn.Linear and nn.Identity (torch/nn/modules/linear.py).

import type { Tensor } from "../tensor.ts";
import { empty } from "../ops/creation.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { kaiming_uniform_, uniformBiasInit_ } from "./init.ts";
import { linear } from "./functional_linear.ts";

export class Linear extends Module {
  weight!: Parameter;
  bias: Parameter | null = null;
  constructor(readonly inFeatures = 1, readonly outFeatures = 1, bias = true) {
    super();
    this.weight = new Parameter(empty([outFeatures, inFeatures]));
    this.registerParameter("weight", this.weight);
    this.bias = bias ? new Parameter(empty([outFeatures])) : null;
    this.registerParameter("bias", this.bias);
    this.resetParameters();
  }

  /** kaiming_uniform_(a=sqrt(5)) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias. */
  resetParameters(): void {
    kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias) uniformBiasInit_(this.bias, this.weight);
  }

  override forward(input: Tensor): Tensor {
    return linear(input, this._parameters.get("weight")!, this._parameters.get("bias") ?? null);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? "True" : "False"}`;
  }
}

/** Returns its input; takes (and ignores) any constructor arguments. */
export class Identity extends Module {
  override forward(input: Tensor): Tensor {
    return input;
  }
}

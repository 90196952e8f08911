// Basic layers: Linear, ReLU, Sequential.

import type { Tensor } from "../tensor.ts";
import { empty } from "../ops/creation.ts";
import { uniform_ } from "../random/ops.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import * as F from "./functional_layers.ts";

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
    const bound = this.inFeatures > 0 ? 1 / Math.sqrt(this.inFeatures) : 0;
    withGradMode(false, () => {
      uniform_(this.weight, -bound, bound);
      if (this.bias) uniform_(this.bias, -bound, bound);
    });
  }

  override forward(input: Tensor): Tensor {
    return F.linear(input, this._parameters.get("weight")!, this._parameters.get("bias") ?? null);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? "True" : "False"}`;
  }
}

export class ReLU extends Module {
  override forward(input: Tensor): Tensor {
    return F.relu(input);
  }
}

export class Sequential extends Module {
  constructor(...mods: Module[]) {
    super();
    mods.forEach((m, i) => this.addModule(String(i), m));
  }

  override forward(input: any): any {
    for (const m of this._modules.values()) input = m!.call(input);
    return input;
  }
}

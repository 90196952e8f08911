// Activation modules (ReLU itself lives in layers.ts). Their extra_repr shows the hyperparameters
// as PyTorch does: floats as Python floats ("alpha=1.0"), unless the caller gave a Python int
// (the binding lists those in `intArgs`, so ELU(alpha=2) shows "alpha=2").

import type { Tensor } from "../tensor.ts";
import { log_softmax, softmax } from "../ops/scan.ts";
import { Module } from "./module.ts";
import { floatRepr } from "./repr_format.ts";
import * as F from "./functional_act_norm.ts";

abstract class Activation extends Module {
  /** Hyperparameters given as Python ints, printed without ".0". */
  readonly intArgs = new Set<string>();

  constructor(public inplace = false) {
    super();
  }

  protected num(name: string, value: number): string {
    return `${name}=${this.intArgs.has(name) ? String(value) : floatRepr(value)}`;
  }

  /** ", inplace=True" after other hyperparameters, nothing when not in place. */
  protected get inplaceSuffix(): string {
    return this.inplace ? ", inplace=True" : "";
  }

  /** "inplace=True" for modules without other hyperparameters. */
  override extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class LeakyReLU extends Activation {
  constructor(public negativeSlope = 0.01, inplace = false) {
    super(inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.leaky_relu(input, this.negativeSlope, this.inplace);
  }
  override extraRepr(): string {
    return this.num("negative_slope", this.negativeSlope) + this.inplaceSuffix;
  }
}

export class ELU extends Activation {
  constructor(public alpha = 1, inplace = false) {
    super(inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return this.num("alpha", this.alpha) + this.inplaceSuffix;
  }
}

export class SELU extends Activation {
  override forward(input: Tensor): Tensor {
    return F.selu(input, this.inplace);
  }
}

export class GELU extends Activation {
  constructor(public approximate: F.GeluApproximate = "none") {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, this.approximate);
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class Sigmoid extends Activation {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

export class Tanh extends Activation {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

export class SiLU extends Activation {
  override forward(input: Tensor): Tensor {
    return F.silu(input, this.inplace);
  }
}

export class Mish extends Activation {
  override forward(input: Tensor): Tensor {
    return F.mish(input, this.inplace);
  }
}

export class Softplus extends Activation {
  constructor(public beta = 1, public threshold = 20) {
    super();
    // PyTorch's defaults are ints: Softplus() shows "beta=1, threshold=20".
    if (Number.isInteger(beta)) this.intArgs.add("beta");
    if (Number.isInteger(threshold)) this.intArgs.add("threshold");
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `${this.num("beta", this.beta)}, ${this.num("threshold", this.threshold)}`;
  }
}

export class Hardtanh extends Activation {
  constructor(public minVal = -1, public maxVal = 1, inplace = false) {
    super(inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal, this.inplace);
  }
  override extraRepr(): string {
    return `${this.num("min_val", this.minVal)}, ${this.num("max_val", this.maxVal)}${this.inplaceSuffix}`;
  }
}

/** Hardtanh(0, 6); its repr shows only `inplace`. */
export class ReLU6 extends Hardtanh {
  constructor(inplace = false) {
    super(0, 6, inplace);
  }
  override extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** Softmax, LogSoftmax and Softmin: along `dim`, or PyTorch's implicit dim when it is None. */
abstract class SoftmaxLike extends Activation {
  constructor(public dim: number | null = null) {
    super();
  }
  protected dimFor(input: Tensor): number {
    return this.dim ?? F.implicitSoftmaxDim(input.ndim);
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? "None"}`;
  }
}

export class Softmax extends SoftmaxLike {
  override forward(input: Tensor): Tensor {
    return softmax(input, this.dimFor(input));
  }
}

export class LogSoftmax extends SoftmaxLike {
  override forward(input: Tensor): Tensor {
    return log_softmax(input, this.dimFor(input));
  }
}

export class Softmin extends SoftmaxLike {
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this.dimFor(input));
  }
}

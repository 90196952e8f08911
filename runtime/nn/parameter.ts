// nn.Parameter: a leaf Tensor that a Module registers as a parameter.

import { Tensor } from "../tensor.ts";
import { scalarTensor } from "../ops/scalar.ts";

export class Parameter extends Tensor {
  constructor(data: Tensor = scalarTensor(0, true), requiresGrad = true) {
    super(data.storage, data.shape, data.strides, data.offset);
    this.requiresGrad = requiresGrad;
    this.isParameter = true;
  }

  /** Re-points this parameter at `data`'s storage (used by the binding's __init__). */
  rebind(data: Tensor, requiresGrad: boolean): this {
    Object.assign(this, { storage: data.storage, shape: data.shape, strides: data.strides, offset: data.offset });
    this.requiresGrad = requiresGrad;
    return this;
  }
}

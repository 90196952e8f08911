// nn.Flatten and nn.Unflatten.

import type { Tensor } from "../tensor.ts";
import { flatten, unflatten } from "../ops/views.ts";
import { Module } from "./module.ts";
import { pyRepr } from "./repr_format.ts";

/** Flattens dims start_dim..end_dim (by default all but the batch dim). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return flatten(input, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Splits dim `dim` into `unflattenedSize`. */
export class Unflatten extends Module {
  constructor(readonly dim: number, readonly unflattenedSize: readonly number[]) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return unflatten(input, this.dim, this.unflattenedSize);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyRepr(this.unflattenedSize)}`;
  }
}

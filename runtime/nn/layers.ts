// The layer modules of torch.nn, one file per family; ReLU lives here until the activations do.

import type { Tensor } from "../tensor.ts";
import { Module } from "./module.ts";
import * as F from "./functional_layers.ts";
import { relu_ } from "../ops/unary.ts";

export { Identity, Linear } from "./linear.ts";
export { Conv1d, Conv2d, ConvNd } from "./conv.ts";
export {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AdaptiveMaxPool1d,
  AdaptiveMaxPool2d,
  AvgPool1d,
  AvgPool2d,
  MaxPool1d,
  MaxPool2d,
} from "./pooling.ts";
export { Dropout } from "./dropout.ts";
export * from "./padding_layers.ts";
export { Embedding } from "./embedding.ts";
export { Flatten, Unflatten } from "./flatten.ts";
export { ModuleDict, ModuleList, Sequential } from "./containers.ts";
export { DataParallel } from "./data_parallel.ts";

export class ReLU extends Module {
  constructor(public inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return this.inplace ? relu_(input) : F.relu(input);
  }
  override extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

// torch.nn for TypeScript embedders.

export { Module } from "./module.ts";
export { Parameter } from "./parameter.ts";
export { CrossEntropyLoss, Linear, MSELoss, ReLU, Sequential } from "./layers.ts";
export * as functional from "./functional.ts";

// torch.nn for TypeScript embedders.

export { Module } from "./module.ts";
export { Parameter } from "./parameter.ts";
export * from "./layers.ts";
export * from "./losses.ts";
export * from "./activation.ts";
export * from "./normalization.ts";
export * as functional from "./functional.ts";
export * as init from "./init.ts";

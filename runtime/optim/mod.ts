// torch.optim for TypeScript embedders.

export { Optimizer } from "./optimizer.ts";
export { SGD, type SGDOptions } from "./sgd.ts";
export { Adam, type AdamOptions } from "./adam.ts";

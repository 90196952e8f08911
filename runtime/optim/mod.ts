// torch.optim for TypeScript embedders.

export { Optimizer, type OptimizerParams, type ParamGroup, type ParamGroupInput, REQUIRED } from "./optimizer.ts";
export type { OptimizerStateDict } from "./optimizer_state.ts";
export { SGD, type SGDOptions } from "./sgd.ts";
export { Adam, type AdamOptions } from "./adam.ts";
export { AdamW, type AdamWOptions } from "./adamw.ts";
export { RMSprop, type RMSpropOptions } from "./rmsprop.ts";
export { Adagrad, type AdagradOptions } from "./adagrad.ts";
export * from "./lr_scheduler.ts";

// torch.nn.functional for TypeScript embedders: the layer functions and the losses.

export * from "./functional_layers.ts";
export * from "./functional_losses.ts";
export * from "./functional_act_norm.ts";

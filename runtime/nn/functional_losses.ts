// torch.nn.functional's losses, one file per family.

export { legacyReduction, type Reduction } from "./loss_reduction.ts";
export { huber_loss, kl_div, l1_loss, mse_loss, smooth_l1_loss } from "./losses_pointwise.ts";
export { nll_loss, type NllOptions } from "./losses_nll.ts";
export { cross_entropy, type CrossEntropyOptions } from "./losses_cross_entropy.ts";
export { binary_cross_entropy, binary_cross_entropy_with_logits } from "./losses_binary.ts";

// Dropout: F.dropout and nn.Dropout, as PyTorch 1.13's CPU path computes it (a bernoulli_(1 - p)
// mask divided by 1 - p, multiplied in: the grad_fn is MulBackward0).

import { valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { div_, mul, mul_ } from "../ops/binary.ts";
import { empty_like, zeros } from "../ops/creation.ts";
import { bernoulli_ } from "../random/ops.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { Module } from "./module.ts";
import { floatRepr } from "./repr_format.ts";

/** F.dropout's check; `pText` is p as the caller's language prints it. */
export function checkDropoutProbability(p: number, pText = floatRepr(p)): void {
  if (!(p >= 0 && p <= 1)) throw valueError(`dropout probability has to be between 0 and 1, but got ${pText}`);
}

/**
 * Zeroes each element with probability p and scales the rest by 1/(1 - p) when training; returns
 * the input itself when not training (or p is 0).
 */
export function dropout(input: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  checkDropoutProbability(p);
  if (p === 0 || !training || input.numel === 0) return input;
  const multiply = (noise: Tensor) => (inplace ? mul_(input, noise) : mul(input, noise));
  if (p === 1) return multiply(zeros([], { dtype: input.dtype, device: input.device }));
  const noise = withGradMode(false, () => {
    const n = bernoulli_(empty_like(input), 1 - p);
    return div_(n, 1 - p);
  });
  return multiply(noise);
}

export class Dropout extends Module {
  constructor(readonly p = 0.5, readonly inplace = false, readonly pText = floatRepr(p)) {
    super();
    checkDropoutProbability(p, pText);
  }

  override forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training, this.inplace);
  }

  override extraRepr(): string {
    return `p=${this.pText}, inplace=${this.inplace ? "True" : "False"}`;
  }
}

// Option checks shared by the optimizers, raising PyTorch's ValueErrors with its wording.

import { TorchError } from "../errors.ts";

/** A number as Python's str() prints a float. */
export function formatOption(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return String(v).replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * An out-of-range option. It names the option (and tuple index) so a binding can print the value as
 * the caller wrote it (PyTorch prints `-1` for lr=-1 and `-1.0` for lr=-1.0).
 */
export class InvalidOption extends TorchError {
  constructor(readonly prefix: string, readonly option: string, readonly index: number | null, value: number) {
    super("ValueError", `${prefix}${formatOption(value)}`);
  }
}

/** `if not 0.0 <= value: raise ValueError("Invalid <label>: <value>")`. */
export function checkNonNegative(value: number, option: string, label: string): void {
  if (!(value >= 0)) throw new InvalidOption(`Invalid ${label}: `, option, null, value);
}

/** Adam's `if not 0.0 <= betas[i] < 1.0`. */
export function checkBeta(value: number, index: number): void {
  if (!(value >= 0 && value < 1)) {
    throw new InvalidOption(`Invalid beta parameter at index ${index}: `, "betas", index, value);
  }
}

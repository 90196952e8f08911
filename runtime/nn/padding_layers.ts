// Padding modules: ConstantPad1d/2d/3d, ZeroPad2d, ReflectionPad1d/2d, ReplicationPad1d/2d/3d.
// `padding` is an int (the same on every side) or a tuple of (left, right, top, bottom, ...).

import type { Tensor } from "../tensor.ts";
import { Module } from "./module.ts";
import { pad, type PadMode } from "./padding.ts";
import { floatRepr, pyRepr } from "./repr_format.ts";

/** torch.nn.modules.utils' _pair/_quadruple/_ntuple(2·dims): an int repeated, a tuple as given. */
const sides = (padding: number | readonly number[], dims: number): number[] =>
  typeof padding === "number" ? new Array<number>(2 * dims).fill(padding) : [...padding];

export abstract class PadNd extends Module {
  readonly padding: number[];
  constructor(padding: number | readonly number[], dims: number, readonly mode: PadMode) {
    super();
    this.padding = sides(padding, dims);
  }

  override forward(input: Tensor): Tensor {
    return pad(input, this.padding, this.mode, this.padValue());
  }

  protected padValue(): number {
    return 0;
  }

  override extraRepr(): string {
    return pyRepr(this.padding);
  }
}

/** Pads with `value`; `valueText` is how Python prints it (an int stays an int). */
abstract class ConstantPadNd extends PadNd {
  constructor(padding: number | readonly number[], dims: number, readonly value: number, readonly valueText: string) {
    super(padding, dims, "constant");
  }

  protected override padValue(): number {
    return this.value;
  }

  override extraRepr(): string {
    return `padding=${pyRepr(this.padding)}, value=${this.valueText}`;
  }
}

export class ConstantPad1d extends ConstantPadNd {
  constructor(padding: number | readonly number[], value: number, valueText = floatRepr(value)) {
    super(padding, 1, value, valueText);
  }
}

export class ConstantPad2d extends ConstantPadNd {
  constructor(padding: number | readonly number[], value: number, valueText = floatRepr(value)) {
    super(padding, 2, value, valueText);
  }
}

export class ConstantPad3d extends ConstantPadNd {
  constructor(padding: number | readonly number[], value: number, valueText = floatRepr(value)) {
    super(padding, 3, value, valueText);
  }
}

/** ConstantPad2d with value 0, whose repr shows only the padding. */
export class ZeroPad2d extends ConstantPadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 2, 0, "0.0");
  }

  override extraRepr(): string {
    return pyRepr(this.padding);
  }
}

export class ReflectionPad1d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 1, "reflect");
  }
}

export class ReflectionPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 2, "reflect");
  }
}

export class ReplicationPad1d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 1, "replicate");
  }
}

export class ReplicationPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 2, "replicate");
  }
}

export class ReplicationPad3d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 3, "replicate");
  }
}

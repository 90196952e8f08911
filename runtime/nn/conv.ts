// nn.Conv1d and nn.Conv2d over F.conv1d/F.conv2d (runtime/ops/conv.ts), with PyTorch 1.13's
// constructor checks, default init and extra_repr.

import { valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { empty } from "../ops/creation.ts";
import { conv1d, conv2d, type ConvOptions } from "../ops/conv.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { calculateFanInAndFanOut, kaiming_uniform_, uniform_ } from "./init.ts";
import { pyRepr } from "./repr_format.ts";
import { pad } from "./padding.ts";

export type IntOrTuple = number | readonly number[];
export type ConvPadding = IntOrTuple | "same" | "valid";
export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

export interface ConvModuleOptions {
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode | string;
}

const PADDING_MODES = ["zeros", "reflect", "replicate", "circular"];

/** torch.nn.modules.utils._ntuple: an int repeated `n` times; a sequence kept as given. */
const ntuple = (v: IntOrTuple, n: number): number[] => (typeof v === "number" ? new Array<number>(n).fill(v) : [...v]);

/** The shared part of Conv1d and Conv2d (PyTorch's _ConvNd). */
export abstract class ConvNd extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: string;
  weight!: Parameter;
  bias: Parameter | null = null;

  constructor(
    readonly dims: 1 | 2,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: IntOrTuple,
    opts: ConvModuleOptions = {},
  ) {
    super();
    const groups = opts.groups ?? 1;
    if (groups <= 0) throw valueError("groups must be a positive integer");
    if (inChannels % groups !== 0) throw valueError("in_channels must be divisible by groups");
    if (outChannels % groups !== 0) throw valueError("out_channels must be divisible by groups");
    this.kernelSize = ntuple(kernelSize, dims);
    this.stride = ntuple(opts.stride ?? 1, dims);
    this.dilation = ntuple(opts.dilation ?? 1, dims);
    const padding = opts.padding ?? 0;
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") {
        throw valueError(`Invalid padding string '${padding}', should be one of {'same', 'valid'}`);
      }
      if (padding === "same" && this.stride.some((s) => s !== 1)) {
        throw valueError("padding='same' is not supported for strided convolutions");
      }
      this.padding = padding;
    } else {
      this.padding = ntuple(padding, dims);
    }
    const paddingMode = opts.paddingMode ?? "zeros";
    if (!PADDING_MODES.includes(paddingMode)) {
      throw valueError(
        `padding_mode must be one of {'zeros', 'reflect', 'circular', 'replicate'}, but got padding_mode='${paddingMode}'`,
      );
    }
    this.groups = groups;
    this.paddingMode = paddingMode;
    this.weight = new Parameter(empty([outChannels, inChannels / groups, ...this.kernelSize]));
    this.registerParameter("weight", this.weight);
    this.bias = opts.bias ?? true ? new Parameter(empty([outChannels])) : null;
    this.registerParameter("bias", this.bias);
    this.resetParameters();
  }

  /** kaiming_uniform_(a=sqrt(5)) for the weight; the bias U(-1/sqrt(fan_in), ...) unless fan_in is 0. */
  resetParameters(): void {
    kaiming_uniform_(this.weight, Math.sqrt(5));
    if (!this.bias) return;
    const [fanIn] = calculateFanInAndFanOut(this.weight);
    if (fanIn !== 0) uniform_(this.bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
  }

  /**
   * PyTorch's _reversed_padding_repeated_twice: F.pad's amounts (last dim first) for a padding
   * mode other than zeros; 'same' puts the odd element after the input.
   */
  reversedPaddingRepeatedTwice(): number[] {
    const out: number[] = [];
    for (let i = this.dims - 1; i >= 0; i--) {
      if (this.padding === "valid") out.push(0, 0);
      else if (this.padding === "same") {
        const total = this.dilation[i] * (this.kernelSize[i] - 1);
        out.push(Math.floor(total / 2), total - Math.floor(total / 2));
      } else out.push(this.padding[i], this.padding[i]);
    }
    return out;
  }

  /** The input and F.conv options: padding modes other than zeros pad with F.pad first. */
  protected prepare(input: Tensor): [Tensor, ConvOptions] {
    const opts = { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === "zeros") return [input, opts];
    const padded = pad(input, this.reversedPaddingRepeatedTwice(), this.paddingMode);
    return [padded, { ...opts, padding: 0 }];
  }

  override extraRepr(): string {
    const isAll = (v: number[] | string, x: number) => typeof v !== "string" && v.every((e) => e === x);
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyRepr(this.kernelSize)}, stride=${
      pyRepr(this.stride)
    }`;
    if (!isAll(this.padding, 0)) s += `, padding=${pyRepr(this.padding)}`;
    if (!isAll(this.dilation, 1)) s += `, dilation=${pyRepr(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }

  protected params(): [Tensor, Tensor | null] {
    return [this._parameters.get("weight")!, this._parameters.get("bias") ?? null];
  }
}

/** Applies a 1-d convolution over (N, C, L) or (C, L) input. */
export class Conv1d extends ConvNd {
  constructor(inChannels = 1, outChannels = 1, kernelSize: IntOrTuple = 1, opts: ConvModuleOptions = {}) {
    super(1, inChannels, outChannels, kernelSize, opts);
  }

  override forward(input: Tensor): Tensor {
    const [w, b] = this.params();
    const [x, opts] = this.prepare(input);
    return conv1d(x, w, b, opts);
  }
}

/** Applies a 2-d convolution over (N, C, H, W) or (C, H, W) input. */
export class Conv2d extends ConvNd {
  constructor(inChannels = 1, outChannels = 1, kernelSize: IntOrTuple = 1, opts: ConvModuleOptions = {}) {
    super(2, inChannels, outChannels, kernelSize, opts);
  }

  override forward(input: Tensor): Tensor {
    const [w, b] = this.params();
    const [x, opts] = this.prepare(input);
    return conv2d(x, w, b, opts);
  }
}

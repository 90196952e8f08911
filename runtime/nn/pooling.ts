// Pooling modules over the pooling ops (runtime/ops/pool.ts, adaptive_pool.ts). Hyperparameters
// are kept as given (an int or a tuple), since extra_repr prints them that way.

import type { Tensor } from "../tensor.ts";
import { avg_pool1d, avg_pool2d, type IntOrList, max_pool1d, max_pool2d } from "../ops/pool.ts";
import {
  adaptive_avg_pool1d,
  adaptive_avg_pool2d,
  adaptive_max_pool1d,
  adaptive_max_pool2d,
  type OutputSize,
} from "../ops/adaptive_pool.ts";
import { Module } from "./module.ts";
import { pyRepr } from "./repr_format.ts";

export interface MaxPoolModuleOptions {
  /** null or undefined: the kernel size. */
  stride?: IntOrList | null;
  padding?: IntOrList;
  dilation?: IntOrList;
  returnIndices?: boolean;
  ceilMode?: boolean;
}

/** PyTorch's _MaxPoolNd. */
abstract class MaxPoolNd extends Module {
  readonly stride: IntOrList;
  readonly padding: IntOrList;
  readonly dilation: IntOrList;
  readonly returnIndices: boolean;
  readonly ceilMode: boolean;

  constructor(readonly kernelSize: IntOrList, opts: MaxPoolModuleOptions = {}) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.returnIndices = opts.returnIndices ?? false;
    this.ceilMode = opts.ceilMode ?? false;
  }

  protected options() {
    return {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceil_mode: this.ceilMode,
      return_indices: this.returnIndices,
    };
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${
      pyRepr(this.padding)
    }, dilation=${pyRepr(this.dilation)}, ceil_mode=${pyRepr(this.ceilMode)}`;
  }
}

/** With returnIndices, forward gives [values, indices]. */
export class MaxPool1d extends MaxPoolNd {
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return max_pool1d(input, this.kernelSize, this.options());
  }
}

/** With returnIndices, forward gives [values, indices]. */
export class MaxPool2d extends MaxPoolNd {
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return max_pool2d(input, this.kernelSize, this.options());
  }
}

export interface AvgPoolModuleOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

export class AvgPool2d extends Module {
  readonly stride: IntOrList;
  readonly padding: IntOrList;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(readonly kernelSize: IntOrList, opts: AvgPoolModuleOptions = {}) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }

  override forward(input: Tensor): Tensor {
    return avg_pool2d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceil_mode: this.ceilMode,
      count_include_pad: this.countIncludePad,
      divisor_override: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/** AvgPool1d keeps its sizes as 1-tuples (PyTorch's _single), so repr shows "(3,)". */
export class AvgPool1d extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

  constructor(kernelSize: IntOrList, opts: Omit<AvgPoolModuleOptions, "divisorOverride"> = {}) {
    super();
    const single = (v: IntOrList) => (typeof v === "number" ? [v] : [...v]);
    this.kernelSize = single(kernelSize);
    this.stride = single(opts.stride ?? kernelSize);
    this.padding = single(opts.padding ?? 0);
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
  }

  override forward(input: Tensor): Tensor {
    return avg_pool1d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceil_mode: this.ceilMode,
      count_include_pad: this.countIncludePad,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/** PyTorch's _AdaptiveAvgPoolNd / _AdaptiveMaxPoolNd: an output size, and max pooling's indices. */
abstract class AdaptivePoolNd extends Module {
  constructor(readonly outputSize: OutputSize, readonly returnIndices = false) {
    super();
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}`;
  }
}

export class AdaptiveAvgPool1d extends AdaptivePoolNd {
  override forward(input: Tensor): Tensor {
    return adaptive_avg_pool1d(input, this.outputSize as number | number[]);
  }
}

export class AdaptiveAvgPool2d extends AdaptivePoolNd {
  override forward(input: Tensor): Tensor {
    return adaptive_avg_pool2d(input, this.outputSize);
  }
}

/** With returnIndices, forward gives [values, indices]. */
export class AdaptiveMaxPool1d extends AdaptivePoolNd {
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    const size = this.outputSize as number | number[];
    return this.returnIndices ? adaptive_max_pool1d(input, size, true) : adaptive_max_pool1d(input, size);
  }
}

/** With returnIndices, forward gives [values, indices]. */
export class AdaptiveMaxPool2d extends AdaptivePoolNd {
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    const size = this.outputSize;
    return this.returnIndices ? adaptive_max_pool2d(input, size, true) : adaptive_max_pool2d(input, size);
  }
}

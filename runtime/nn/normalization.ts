// Normalization modules: BatchNorm1d/2d/3d, LayerNorm, GroupNorm.

import { valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { ones, zeros } from "../ops/creation.ts";
import { add_ } from "../ops/binary.ts";
import { reciprocal } from "../ops/unary.ts";
import { clone } from "../ops/copy.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { floatRepr, pyRepr } from "./repr_format.ts";
import * as F from "./functional_norm.ts";

const bool = (b: boolean) => (b ? "True" : "False");

/**
 * The batch norms: weight/bias (when affine) and the running_mean, running_var and
 * num_batches_tracked buffers (when tracking), in PyTorch's state_dict order.
 */
export abstract class BatchNorm extends Module {
  weight: Parameter | null = null;
  bias: Parameter | null = null;

  constructor(
    readonly numFeatures: number,
    public eps = 1e-5,
    /** null: running stats are the cumulative average of all batches seen. */
    public momentum: number | null = 0.1,
    readonly affine = true,
    readonly trackRunningStats = true,
  ) {
    super();
    if (affine) {
      this.weight = new Parameter(ones([numFeatures]));
      this.bias = new Parameter(zeros([numFeatures]));
    }
    this.registerParameter("weight", this.weight);
    this.registerParameter("bias", this.bias);
    this.registerBuffer("running_mean", trackRunningStats ? zeros([numFeatures]) : null);
    this.registerBuffer("running_var", trackRunningStats ? ones([numFeatures]) : null);
    this.registerBuffer("num_batches_tracked", trackRunningStats ? zeros([], { dtype: "int64" }) : null);
  }

  /** Throws PyTorch's ValueError for an input of the wrong rank. */
  protected abstract checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    const runningMean = this._buffers.get("running_mean") ?? null;
    const runningVar = this._buffers.get("running_var") ?? null;
    const batches = this._buffers.get("num_batches_tracked") ?? null;
    let factor: number | Tensor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && batches) {
      // Without momentum the running stats are the average of all batches: factor 1/batches,
      // kept on the device (no synchronous read of the counter).
      factor = withGradMode(false, () => {
        add_(batches, 1);
        return this.momentum ?? reciprocal(clone(batches, batches.device.type === "cpu" ? "float64" : "float32"));
      });
    }
    // Without running stats, evaluation normalizes with the batch's statistics too.
    const useBatchStats = this.training || (!runningMean && !runningVar);
    const track = !this.training || this.trackRunningStats;
    return F.batch_norm(input, track ? runningMean : null, track ? runningVar : null, {
      weight: this._parameters.get("weight") ?? null,
      bias: this._parameters.get("bias") ?? null,
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${floatRepr(this.eps)}, momentum=${
      this.momentum === null ? "None" : floatRepr(this.momentum)
    }, affine=${bool(this.affine)}, track_running_stats=${bool(this.trackRunningStats)}`;
  }
}

export class BatchNorm1d extends BatchNorm {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw valueError(`expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

export class BatchNorm2d extends BatchNorm {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) throw valueError(`expected 4D input (got ${input.ndim}D input)`);
  }
}

export class BatchNorm3d extends BatchNorm {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 5) throw valueError(`expected 5D input (got ${input.ndim}D input)`);
  }
}

export class LayerNorm extends Module {
  weight: Parameter | null = null;
  bias: Parameter | null = null;
  readonly normalizedShape: number[];

  constructor(normalizedShape: number | readonly number[], public eps = 1e-5, readonly elementwiseAffine = true) {
    super();
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    if (elementwiseAffine) {
      this.weight = new Parameter(ones(this.normalizedShape));
      this.bias = new Parameter(zeros(this.normalizedShape));
    }
    this.registerParameter("weight", this.weight);
    this.registerParameter("bias", this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.normalizedShape, {
      weight: this._parameters.get("weight") ?? null,
      bias: this._parameters.get("bias") ?? null,
      eps: this.eps,
    });
  }

  override extraRepr(): string {
    return `${pyRepr(this.normalizedShape)}, eps=${floatRepr(this.eps)}, elementwise_affine=${
      bool(this.elementwiseAffine)
    }`;
  }
}

export class GroupNorm extends Module {
  weight: Parameter | null = null;
  bias: Parameter | null = null;

  constructor(readonly numGroups: number, readonly numChannels: number, public eps = 1e-5, readonly affine = true) {
    super();
    if (numChannels % numGroups !== 0) throw valueError("num_channels must be divisible by num_groups");
    if (affine) {
      this.weight = new Parameter(ones([numChannels]));
      this.bias = new Parameter(zeros([numChannels]));
    }
    this.registerParameter("weight", this.weight);
    this.registerParameter("bias", this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.group_norm(input, this.numGroups, {
      weight: this._parameters.get("weight") ?? null,
      bias: this._parameters.get("bias") ?? null,
      eps: this.eps,
    });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${floatRepr(this.eps)}, affine=${bool(this.affine)}`;
  }
}

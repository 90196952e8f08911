// torch.optim.lr_scheduler (PyTorch 1.13): each scheduler computes the next learning rates from the
// current ones (the recursive "chainable" form PyTorch uses in step()), or from the base rates in
// closed form when step() is given an explicit epoch.

import { TorchError, typeError, valueError } from "../errors.ts";
import { Optimizer } from "./optimizer.ts";

type Lrs = number[] | Promise<number[]>;

export abstract class LRScheduler {
  readonly baseLrs: number[];
  lastEpoch: number;
  stepCount = 0;
  lastLr: number[] = [];
  verbose = false;

  constructor(readonly optimizer: Optimizer<object>, lastEpoch = -1) {
    if (!(optimizer instanceof Optimizer)) throw typeError(`${typeof optimizer} is not an Optimizer`);
    optimizer.paramGroups.forEach((group, i) => {
      if (lastEpoch === -1) group.initial_lr ??= group.lr;
      else if (!("initial_lr" in group)) {
        throw new TorchError(
          "KeyError",
          `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`,
        );
      }
    });
    this.baseLrs = optimizer.paramGroups.map((g) => g.initial_lr as number);
    this.lastEpoch = lastEpoch;
  }

  /** Called at the end of each subclass constructor (PyTorch's _initial_step): sets the epoch-0 rates. */
  protected initialStep(): void | Promise<void> {
    this.stepCount = 0;
    return this.step();
  }

  /** Advances one epoch (or jumps to `epoch`, using the closed form) and writes the new rates. */
  step(epoch?: number): void | Promise<void> {
    this.stepCount++;
    let values: Lrs;
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    if (values instanceof Promise) return values.then((v) => this.apply(v));
    this.apply(values);
  }

  getLastLr(): number[] {
    return this.lastLr;
  }

  /** The scheduler's own settings, in the order PyTorch's state_dict lists them (before the common keys). */
  abstract hyperparameters(): Record<string, unknown>;

  /** PyTorch's state_dict(): every attribute but the optimizer, in assignment order. */
  stateDict(): Record<string, unknown> {
    return {
      ...this.hyperparameters(),
      base_lrs: [...this.baseLrs],
      last_epoch: this.lastEpoch,
      verbose: this.verbose,
      _step_count: this.stepCount,
      _get_lr_called_within_step: false,
      _last_lr: [...this.lastLr],
    };
  }

  loadStateDict(sd: Record<string, unknown>): void {
    if (typeof sd.last_epoch === "number") this.lastEpoch = sd.last_epoch;
    if (typeof sd._step_count === "number") this.stepCount = sd._step_count;
    if (Array.isArray(sd._last_lr)) this.lastLr = [...sd._last_lr];
    if (Array.isArray(sd.base_lrs)) this.baseLrs.splice(0, this.baseLrs.length, ...sd.base_lrs);
    this.loadHyperparameters(sd);
  }

  /** The scheduler's own settings from a state_dict (PyTorch's `__dict__.update`). */
  protected loadHyperparameters(_sd: Record<string, unknown>): void {}

  protected abstract getLr(): Lrs;

  protected closedFormLr(): number[] | null {
    return null;
  }

  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  private apply(values: number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      if (i < values.length) g.lr = values[i];
    });
    this.lastLr = this.currentLrs();
  }
}

/** Python's `a % b` for a positive modulus. */
const pyMod = (a: number, b: number) => ((a % b) + b) % b;

export class StepLR extends LRScheduler {
  constructor(optimizer: Optimizer<object>, public stepSize: number, public gamma = 0.1, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.initialStep();
  }

  hyperparameters() {
    return { step_size: this.stepSize, gamma: this.gamma };
  }

  protected override loadHyperparameters(sd: Record<string, unknown>): void {
    if (typeof sd.step_size === "number") this.stepSize = sd.step_size;
    if (typeof sd.gamma === "number") this.gamma = sd.gamma;
  }

  protected getLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

export class MultiStepLR extends LRScheduler {
  /** milestone -> how many times it was listed (PyTorch's Counter). */
  readonly milestones = new Map<number, number>();

  constructor(optimizer: Optimizer<object>, milestones: Iterable<number>, public gamma = 0.1, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    for (const m of milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.initialStep();
  }

  hyperparameters() {
    return { milestones: new Map(this.milestones), gamma: this.gamma };
  }

  protected override loadHyperparameters(sd: Record<string, unknown>): void {
    if (sd.milestones instanceof Map) {
      this.milestones.clear();
      for (const [m, n] of sd.milestones) this.milestones.set(Number(m), Number(n));
    }
    if (typeof sd.gamma === "number") this.gamma = sd.gamma;
  }

  protected getLr(): number[] {
    const lrs = this.currentLrs();
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return lrs;
    return lrs.map((lr) => lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, n] of this.milestones) if (m <= this.lastEpoch) passed += n;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

export class ExponentialLR extends LRScheduler {
  constructor(optimizer: Optimizer<object>, public gamma: number, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.initialStep();
  }

  hyperparameters() {
    return { gamma: this.gamma };
  }

  protected override loadHyperparameters(sd: Record<string, unknown>): void {
    if (typeof sd.gamma === "number") this.gamma = sd.gamma;
  }

  protected getLr(): number[] {
    const lrs = this.currentLrs();
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}

export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: Optimizer<object>, public tMax: number, public etaMin = 0, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.initialStep();
  }

  hyperparameters() {
    return { T_max: this.tMax, eta_min: this.etaMin };
  }

  protected override loadHyperparameters(sd: Record<string, unknown>): void {
    if (typeof sd.T_max === "number") this.tMax = sd.T_max;
    if (typeof sd.eta_min === "number") this.etaMin = sd.eta_min;
  }

  // PyTorch's recursive form, branch for branch: its rounding differs from the closed form's.
  protected getLr(): number[] {
    const { lastEpoch: e, tMax: T, etaMin } = this;
    const lrs = this.currentLrs();
    if (e === 0) return lrs;
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((b) => etaMin + (b - etaMin) * (1 + Math.cos(e * Math.PI / T)) / 2);
    }
    if (pyMod(e - 1 - T, 2 * T) === 0) {
      return lrs.map((lr, i) => lr + (this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / T)) / 2);
    }
    return lrs.map((lr) =>
      (1 + Math.cos(Math.PI * e / T)) / (1 + Math.cos(Math.PI * (e - 1) / T)) * (lr - etaMin) + etaMin
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: e, tMax: T, etaMin } = this;
    return this.baseLrs.map((b) => etaMin + (b - etaMin) * (1 + Math.cos(Math.PI * e / T)) / 2);
  }
}

/** A multiplicative factor of the base rate for an epoch; may be asynchronous (a tsl lambda). */
export type LrLambda = (epoch: number) => number | Promise<number>;

export class LambdaLR extends LRScheduler {
  readonly lrLambdas: LrLambda[];
  /** Resolves once the epoch-0 rates are set (at once unless a lambda is asynchronous). */
  readonly ready: Promise<void>;

  constructor(optimizer: Optimizer<object>, lrLambda: LrLambda | LrLambda[], lastEpoch = -1) {
    const n = optimizer.paramGroups.length;
    if (Array.isArray(lrLambda) && lrLambda.length !== n) {
      throw valueError(`Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
    }
    super(optimizer, lastEpoch);
    this.lrLambdas = Array.isArray(lrLambda) ? [...lrLambda] : new Array(n).fill(lrLambda);
    this.ready = Promise.resolve(this.initialStep());
  }

  hyperparameters() {
    return {};
  }

  /** PyTorch saves no plain function, only None in its place, after the common keys. */
  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), lr_lambdas: this.lrLambdas.map(() => null) };
  }

  protected getLr(): Lrs {
    const factors = this.lrLambdas.map((f) => f(this.lastEpoch));
    const scale = (fs: number[]) => this.baseLrs.map((b, i) => b * fs[i]);
    if (factors.some((f) => f instanceof Promise)) return Promise.all(factors).then(scale);
    return scale(factors as number[]);
  }
}

// The optimizer base (torch.optim.Optimizer, PyTorch 1.13): parameter groups that each carry their own
// copy of every option, per-parameter state, zero_grad, step with an optional closure, and the
// state_dict structure PyTorch saves (see optimizer_state.ts).

import { Tensor } from "../tensor.ts";
import { typeError, valueError } from "../errors.ts";
import { zero_ } from "../ops/creation.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { loadOptimizerState, type OptimizerStateDict, optimizerStateDict } from "./optimizer_state.ts";
import { legacyTypeName } from "../ops/views.ts";

/** Marks an option the caller must give (SGD's lr): PyTorch's `torch.optim.optimizer.required`. */
export const REQUIRED: unique symbol = Symbol("required");

/** A parameter group: its tensors and one value per option (the optimizer's defaults filled in). */
export type ParamGroup<O = Record<string, unknown>> = O & { params: Tensor[]; [option: string]: unknown };

/** What a caller passes for a group: `params` as one tensor or a list, options optional. */
export type ParamGroupInput<O = Record<string, unknown>> = Partial<O> & {
  params: Tensor | Iterable<Tensor>;
  [option: string]: unknown;
};

export type OptimizerParams<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** Per-parameter state: tensors (buffers, Adam's step) and plain numbers (RMSprop's step). */
export type ParamState = Record<string, unknown>;

export abstract class Optimizer<O extends object = Record<string, unknown>> {
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Keyed by parameter; PyTorch's defaultdict(dict). */
  state = new Map<Tensor, ParamState>();

  constructor(params: OptimizerParams<O>, readonly defaults: O) {
    if (params instanceof Tensor) {
      throw typeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${
          legacyTypeName(params)
        }`,
      );
    }
    const groups = [...params] as (Tensor | ParamGroupInput<O>)[];
    if (groups.length === 0) throw valueError("optimizer got an empty parameter list");
    const inputs = groups[0] instanceof Tensor
      ? [{ params: groups as Tensor[] } as unknown as ParamGroupInput<O>]
      : groups;
    for (const g of inputs as ParamGroupInput<O>[]) this.addParamGroup(g);
  }

  /** The state of p, created empty on first use (PyTorch's `self.state[p]`). */
  stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (!s) this.state.set(p, s = {});
    return s;
  }

  /** Adds a group, filling unspecified options from the defaults; returns the stored group. */
  addParamGroup(input: ParamGroupInput<O>): ParamGroup<O> {
    const params = input.params instanceof Tensor ? [input.params] : [...input.params];
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw typeError("optimizer can only optimize Tensors, but one of the params is " + typeof p);
      }
      if (!p.isLeaf && !p.retainsGrad) throw valueError("can't optimize a non-leaf Tensor");
    }
    const group: Record<string, unknown> = { ...input, params };
    for (const [name, value] of Object.entries(this.defaults)) {
      if (value === REQUIRED && !(name in input)) {
        throw valueError(`parameter group didn't specify a value of required optimization parameter ${name}`);
      }
      if (!(name in group)) group[name] = value;
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p))) throw valueError("some parameters appear in more than one parameter group");
    this.paramGroups.push(group as ParamGroup<O>);
    this.initGroup(group as ParamGroup<O>);
    return group as ParamGroup<O>;
  }

  /** Hook for optimizers that create state eagerly (Adagrad's sum). */
  protected initGroup(_group: ParamGroup<O>): void {}

  zeroGrad(setToNone = false): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (!p.grad) continue;
        if (setToNone) p.grad = null;
        else {
          // detach_() in place: a grad produced with create_graph leaves that graph, keeping its identity.
          p.grad.gradFn = null;
          p.grad.requiresGrad = false;
          zero_(p.grad);
        }
      }
    }
  }

  /**
   * One update of every parameter that has a gradient. A closure re-evaluates the loss first, with
   * grad mode on; an asynchronous closure is awaited before the update.
   */
  step(): void;
  step<L>(closure: () => L): L;
  step<L>(closure?: () => L): L | undefined {
    const loss = closure ? withGradMode(true, closure) : undefined;
    if (loss instanceof Promise) return loss.then((l) => (this.update(), l)) as L;
    this.update();
    return loss;
  }

  /** The update itself, without closure handling (for callers whose closure is asynchronous). */
  update(): void {
    withGradMode(false, () => {
      for (const group of this.paramGroups) {
        const params = group.params.filter((p) => p.grad !== null);
        this.updateGroup(group, params);
      }
    });
  }

  /** Updates the parameters of one group that have gradients, as PyTorch's single-tensor loop. */
  protected abstract updateGroup(group: ParamGroup<O>, params: Tensor[]): void;

  /** PyTorch's state_dict(): parameters replaced by their index over all groups. */
  stateDict(): OptimizerStateDict {
    return optimizerStateDict(this);
  }

  /** PyTorch's load_state_dict(): state tensors are copied, cast to their parameter's dtype and device. */
  loadStateDict(sd: OptimizerStateDict): Promise<void> {
    return loadOptimizerState(this, sd);
  }
}

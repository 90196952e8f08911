// optim.Adam (PyTorch 1.13, the single-tensor path); AdamW shares the moment updates (adamw.ts).

import { Tensor } from "../tensor.ts";
import { add, add_, div, maximum, mul_ } from "../ops/binary.ts";
import { zeros_like } from "../ops/creation.ts";
import { neg, sqrt } from "../ops/unary.ts";
import { fusedAdam_ } from "../ops/fused_optim.ts";
import { singleTensorAdam_ } from "../ops/single_tensor_optim.ts";
import { updatesFused, updatesInOnePass } from "./fused.ts";
import { Optimizer, type OptimizerParams, type ParamGroup, type ParamState } from "./optimizer.ts";
import { checkBeta, checkNonNegative } from "./options.ts";
import { addcdiv_, addcmul_ } from "./pointwise.ts";
import { advanceStepValue, incrementStep, stepTensor } from "./step_counter.ts";

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  maximize: boolean;
  foreach: boolean | null;
  capturable: boolean;
  differentiable: boolean;
  fused: boolean;
}

export type AdamCoreOptions = Pick<AdamOptions, "lr" | "betas" | "eps" | "weight_decay" | "amsgrad">;

/** Adam's constructor checks, in PyTorch's order. */
export function checkAdamOptions(o: AdamCoreOptions): void {
  checkNonNegative(o.lr, "lr", "learning rate");
  checkNonNegative(o.eps, "eps", "epsilon value");
  checkBeta(o.betas[0], 0);
  checkBeta(o.betas[1], 1);
  checkNonNegative(o.weight_decay, "weight_decay", "weight_decay value");
}

/** Adam's lazily created state: step is a float32 scalar tensor, as in PyTorch 1.13. */
export function adamState(state: ParamState, p: Tensor, amsgrad: boolean): void {
  if (Object.keys(state).length !== 0) return;
  state.step = stepTensor();
  state.exp_avg = zeros_like(p);
  state.exp_avg_sq = zeros_like(p);
  if (amsgrad) state.max_exp_avg_sq = zeros_like(p);
}

/** Increments the step tensor and returns its value (PyTorch's `step_t += 1; step_t.item()`). */
export const nextStep = (state: ParamState): number => incrementStep(state.step as Tensor);

/**
 * Adam's or AdamW's (`decoupled`) update of GPU parameters by one fused op, step counters included
 * where they live on the parameters' device.
 */
export function fusedAdamUpdate(
  params: Tensor[],
  states: ParamState[],
  o: AdamCoreOptions & { maximize: boolean },
  decoupled: boolean,
): void {
  if (params.length === 0) return;
  const stepTensors = states.map((s) => s.step as Tensor);
  const withStepTensors = stepTensors.every((t) => t.device === params[0].device);
  const steps = states.map((s, i) => withStepTensors ? advanceStepValue(stepTensors[i]) : nextStep(s));
  const tensors = states.map((s) => [
    s.exp_avg as Tensor,
    s.exp_avg_sq as Tensor,
    ...(o.amsgrad ? [s.max_exp_avg_sq as Tensor] : []),
    ...(withStepTensors ? [s.step as Tensor] : []),
  ]);
  const [beta1, beta2] = o.betas;
  fusedAdam_(params, params.map((p) => p.grad!), tensors, {
    lr: o.lr,
    beta1,
    beta2,
    eps: o.eps,
    weight_decay: o.weight_decay,
    amsgrad: o.amsgrad,
    maximize: o.maximize,
    decoupled,
    steps,
    withStepTensors,
  });
}

/** The moment updates and the bias-corrected parameter update shared by Adam and AdamW. */
export function adamUpdate(p: Tensor, grad: Tensor, state: ParamState, o: AdamCoreOptions, step: number): void {
  const [beta1, beta2] = o.betas;
  const expAvg = state.exp_avg as Tensor;
  const expAvgSq = state.exp_avg_sq as Tensor;
  add_(mul_(expAvg, beta1), grad, { alpha: 1 - beta1 });
  addcmul_(mul_(expAvgSq, beta2), grad, grad, 1 - beta2);
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  const stepSize = o.lr / biasCorrection1;
  let second = expAvgSq;
  if (o.amsgrad) {
    second = state.max_exp_avg_sq as Tensor;
    maximum(second, expAvgSq, { out: second });
  }
  const denom = add_(div(sqrt(second), Math.sqrt(biasCorrection2)), o.eps);
  addcdiv_(p, expAvg, denom, -stepSize);
}

/**
 * One group's step of Adam (`decoupled` false: weight decay joins the gradient) or AdamW (true: the
 * parameter shrinks first): WebGPU parameters together in fused kernels, the rest on 1.13's
 * single-tensor path.
 */
export function adamGroupStep(
  params: Tensor[],
  stateOf: (p: Tensor) => ParamState,
  group: AdamCoreOptions & { maximize: boolean },
  decoupled: boolean,
): void {
  const fused: Tensor[] = [], fusedStates: ParamState[] = []; // updated together after the loop
  const onePass: Tensor[] = [], onePassState: Tensor[][] = [], onePassSteps: number[] = []; // likewise
  for (const p of params) {
    const state = stateOf(p);
    adamState(state, p, group.amsgrad);
    if (updatesFused(p)) {
      fused.push(p);
      fusedStates.push(state);
      continue;
    }
    const moments = momentsOf(state, group.amsgrad);
    if (moments && updatesInOnePass(p, moments)) {
      onePass.push(p);
      onePassState.push(moments);
      onePassSteps.push(nextStep(state));
      continue;
    }
    let grad = group.maximize ? neg(p.grad!) : p.grad!;
    const step = nextStep(state);
    if (decoupled) mul_(p, 1 - group.lr * group.weight_decay);
    else if (group.weight_decay !== 0) grad = add(grad, p, { alpha: group.weight_decay });
    adamUpdate(p, grad, state, group, step);
  }
  const [beta1, beta2] = group.betas;
  singleTensorAdam_(onePass, onePass.map((p) => p.grad!), onePassState, {
    lr: group.lr,
    beta1,
    beta2,
    eps: group.eps,
    weight_decay: group.weight_decay,
    amsgrad: group.amsgrad,
    maximize: group.maximize,
    decoupled,
    steps: onePassSteps,
  });
  fusedAdamUpdate(fused, fusedStates, group, decoupled);
}

/** exp_avg, exp_avg_sq and (amsgrad) max_exp_avg_sq, or null where one is not a tensor (a loaded state). */
function momentsOf(state: ParamState, amsgrad: boolean): Tensor[] | null {
  const names = amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"];
  const tensors = names.map((k) => state[k]);
  return tensors.every((t) => t instanceof Tensor) ? tensors as Tensor[] : null;
}

export class Adam extends Optimizer<AdamOptions> {
  constructor(params: OptimizerParams<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    const o: AdamOptions = {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: false,
      maximize: false,
      foreach: null,
      capturable: false,
      differentiable: false,
      fused: false,
      ...opts,
    };
    checkAdamOptions(o);
    super(params, o);
  }

  protected updateGroup(group: ParamGroup<AdamOptions>, params: Tensor[]): void {
    adamGroupStep(params, (p) => this.stateOf(p), group, false);
  }
}

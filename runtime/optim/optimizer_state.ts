// Optimizer.state_dict / load_state_dict in PyTorch's structure: parameters are numbered across all
// groups in order, `state` maps those numbers to each parameter's state, and every group keeps its
// options (in its own key order) followed by `params`, the list of its numbers.

import { Tensor } from "../tensor.ts";
import { valueError } from "../errors.ts";
import { clone } from "../ops/copy.ts";
import { isFloating } from "../dtype.ts";
import type { Optimizer, ParamState } from "./optimizer.ts";
import { rememberStep } from "./step_counter.ts";

export interface OptimizerStateDict {
  state: Map<number, ParamState>;
  param_groups: Record<string, unknown>[];
}

export function optimizerStateDict(opt: Optimizer<object>): OptimizerStateDict {
  const index = new Map<Tensor, number>();
  let next = 0;
  const param_groups = opt.paramGroups.map((group) => {
    const packed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(group)) if (k !== "params") packed[k] = v;
    for (const p of group.params) if (!index.has(p)) index.set(p, next++);
    packed.params = group.params.map((p) => index.get(p)!);
    return packed;
  });
  const state = new Map<number, ParamState>();
  for (const [p, s] of opt.state) {
    const i = index.get(p);
    if (i !== undefined) state.set(i, s);
  }
  return { state, param_groups };
}

export async function loadOptimizerState(opt: Optimizer<object>, sd: OptimizerStateDict): Promise<void> {
  const groups = opt.paramGroups;
  const saved = sd.param_groups;
  if (groups.length !== saved.length) throw valueError("loaded state dict has a different number of parameter groups");
  const savedParams = saved.map((g) => g.params as number[]);
  if (groups.some((g, i) => g.params.length !== savedParams[i].length)) {
    throw valueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
  }
  const byIndex = new Map<number, Tensor>();
  savedParams.forEach((ids, gi) => ids.forEach((id, j) => byIndex.set(id, groups[gi].params[j])));
  const state = new Map<Tensor, ParamState>();
  for (const [id, s] of sd.state) {
    const p = byIndex.get(id);
    if (!p) continue;
    const copy: ParamState = {};
    for (const [k, v] of Object.entries(s)) copy[k] = v instanceof Tensor ? await castLike(p, v, k) : v;
    state.set(p, copy);
  }
  opt.state = state;
  // The saved group replaces the live one's options, in the saved key order (params last).
  saved.forEach((g, i) => {
    const group = groups[i] as Record<string, unknown>;
    const params = groups[i].params;
    for (const k of Object.keys(group)) delete group[k];
    for (const [k, v] of Object.entries(g)) group[k] = k === "params" ? params : v;
  });
}

/** A deep copy of a state tensor on p's device, in p's dtype when p is floating ('step' keeps its own). */
async function castLike(p: Tensor, v: Tensor, key: string): Promise<Tensor> {
  if (key === "step") {
    const step = clone(v);
    await rememberStep(step);
    return step;
  }
  const t = clone(v, isFloating(p.dtype) ? p.dtype : v.dtype);
  if (t.device === p.device) return t;
  return Tensor.fromArray(await t.data(), t.shape, t.dtype, p.device);
}

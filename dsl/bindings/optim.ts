// torch.optim bindings over runtime/optim: the Optimizer base class with its Python-facing methods,
// the optimizer classes (optim_classes.ts) and torch.optim.lr_scheduler (optim_lr_scheduler.ts).

import {
  callPython,
  fromPython,
  nativeClass,
  PyDict,
  pyError,
  PyModule,
  registerModule,
  str,
  toArray,
  typeOf,
} from "../runtime/binding.ts";
import { setGradEnabled } from "../../runtime/autograd/grad_mode.ts";
import { Optimizer, type ParamState } from "../../runtime/optim/optimizer.ts";
import type { OptimizerStateDict } from "../../runtime/optim/optimizer_state.ts";
import { groupInput, pull, push, pythonSide, stateDict } from "./optim_groups.ts";
import { optimizerClasses } from "./optim_classes.ts";
import { lrSchedulerModule } from "./optim_lr_scheduler.ts";
import { initScriptOptimizer, ScriptOptimizer } from "./optim_script.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { releaseDroppedIfDue } from "../../kernels/webgpu/mod.ts";

type AnyOptimizer = Optimizer<object>;

async function step(self: AnyOptimizer, closure: unknown): Promise<unknown> {
  pull(self);
  let loss = null;
  if (closure !== null) {
    const previous = setGradEnabled(true);
    try {
      loss = await callPython(closure);
    } finally {
      setGradEnabled(previous);
    }
  }
  self.update();
  await releaseDroppedIfDue(); // GPU storages dropped by this step go back to the pool (kernels/webgpu/pool.ts)
  return loss;
}

async function addParamGroup(self: AnyOptimizer, d: unknown): Promise<void> {
  if (!(d instanceof PyDict)) throw pyError("AssertionError", "param group must be a dict");
  pull(self);
  self.addParamGroup(await groupInput(d));
  pythonSide(self).groups.push(d);
  push(self);
}

/** PyTorch's state_dict() as Python dicts: group options with the values the script sees. */
function optimizerStateDict(self: AnyOptimizer): PyDict {
  pull(self);
  const sd = self.stateDict();
  const state = new PyDict();
  for (const [i, s] of sd.state) state.map.set(i, stateDict(s));
  const scriptState = pythonSide(self).scriptState;
  if (scriptState) {
    const index = new Map(self.paramGroups.flatMap((g) => g.params).map((p, i) => [p, i] as const));
    for (const [nk, v] of scriptState.map) {
      const k = scriptState.origKey(nk);
      state.map.set(k instanceof Tensor ? index.get(k) ?? k : k, v);
    }
  }
  const groups = pythonSide(self).groups.map((d, i) => {
    const packed = new PyDict();
    for (const [k, v] of d.map) if (k !== "params") packed.map.set(k, v);
    packed.map.set("params", sd.param_groups[i].params);
    return packed;
  });
  const out = new PyDict();
  out.map.set("state", state);
  out.map.set("param_groups", groups);
  return out;
}

async function loadStateDict(self: AnyOptimizer, sd: unknown): Promise<void> {
  if (!(sd instanceof PyDict)) throw pyError("TypeError", "state_dict must be a dict");
  const pyState = sd.map.get("state"), pyGroups = sd.map.get("param_groups");
  if (!(pyState instanceof PyDict) || pyGroups === undefined) throw pyError("KeyError", "'param_groups'");
  const savedGroups = [...await toArray(pyGroups)] as PyDict[];
  const state = new Map<number, ParamState>();
  for (const [nk, v] of pyState.map) {
    const s: ParamState = {};
    for (const [k, x] of (v as PyDict).map) s[k] = fromPython(x);
    state.set(Number(pyState.origKey(nk)), s);
  }
  const param_groups = savedGroups.map((g) => {
    const r: Record<string, unknown> = {};
    for (const [k, v] of g.map) r[k] = fromPython(v);
    return r;
  });
  pull(self);
  await self.loadStateDict({ state, param_groups } satisfies OptimizerStateDict);
  const scriptState = pythonSide(self).scriptState;
  if (scriptState) {
    // A tsl optimizer reads its state from the Python dict: move the loaded state there.
    for (const k of [...scriptState.map.keys()]) scriptState.deleteNorm(k);
    for (const [p, s] of self.state) await scriptState.set(p, stateDict(s));
    self.state.clear();
  }
  // The saved dicts become the live groups (copied, with this optimizer's tensors as params).
  const side = pythonSide(self);
  side.groups = savedGroups.map((g, i) => {
    const d = new PyDict();
    for (const [k, v] of g.map) d.map.set(k, k === "params" ? [...self.paramGroups[i].params] : v);
    return d;
  });
}

async function optimizerRepr(self: AnyOptimizer): Promise<string> {
  let s = `${typeOf(self).name} (`;
  for (const [i, d] of pythonSide(self).groups.entries()) {
    s += `\nParameter Group ${i}\n`;
    for (const k of [...d.map.keys()].sort()) if (k !== "params") s += `    ${k}: ${await str(d.map.get(k))}\n`;
  }
  return s + ")";
}

async function stateView(self: AnyOptimizer): Promise<PyDict> {
  const d = new PyDict();
  for (const [p, s] of self.state) await d.set(p, stateDict(s));
  return d;
}

export const T_Optimizer = nativeClass({
  name: "Optimizer",
  module: "torch.optim.optimizer",
  jsClass: Optimizer,
  // tsl subclasses get the runtime half of a script optimizer (its step() raises NotImplementedError).
  create: () => Object.create(ScriptOptimizer.prototype),
  init: ["__init__(params, defaults)", (self: AnyOptimizer, a) => initScriptOptimizer(self, a.params, a.defaults)],
  methods: {
    zero_grad: ["zero_grad(set_to_none=False)", (self: AnyOptimizer, a) => {
      pull(self);
      self.zeroGrad(!!a.set_to_none);
    }],
    step: ["step(closure=None)", (self: AnyOptimizer, a) => step(self, a.closure)],
    add_param_group: ["add_param_group(param_group)", (self: AnyOptimizer, a) => addParamGroup(self, a.param_group)],
    state_dict: ["state_dict()", (self: AnyOptimizer) => optimizerStateDict(self)],
    load_state_dict: ["load_state_dict(state_dict)", (self: AnyOptimizer, a) => loadStateDict(self, a.state_dict)],
    __repr__: ["__repr__()", (self: AnyOptimizer) => optimizerRepr(self)],
  },
  properties: {
    param_groups: {
      get: (self: AnyOptimizer) => pythonSide(self).groups,
      set: (self: AnyOptimizer, v: unknown) => {
        if (!Array.isArray(v)) throw pyError("TypeError", "param_groups must be a list of dicts");
        pythonSide(self).groups = v;
      },
    },
    defaults: { get: (self: AnyOptimizer) => pythonSide(self).defaults },
    state: { get: (self: AnyOptimizer) => pythonSide(self).scriptState ?? stateView(self) },
  },
});

let optim: PyModule | null = null;

/** The torch.optim module (and torch.optim.lr_scheduler), created once. */
export function optimModule(): PyModule {
  if (optim) return optim;
  optim = new PyModule("torch.optim");
  Object.assign(optim.$d, { Optimizer: T_Optimizer, ...optimizerClasses(T_Optimizer) });
  const m = optim;
  registerModule("torch.optim", () => m);
  m.$d.lr_scheduler = lrSchedulerModule();
  return m;
}

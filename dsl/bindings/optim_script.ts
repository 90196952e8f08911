// Optimizers written in tsl: `class MyOpt(optim.Optimizer)` calls `super().__init__(params, defaults)`
// and defines its own step() over `self.param_groups` and `self.state`. The runtime keeps the groups
// (zero_grad, add_param_group, state_dict work as for the built-in optimizers); the per-parameter
// state lives in a Python `defaultdict(dict)` the script fills, as in PyTorch.

import { callPython, fromPython, PyDict, pyError } from "../runtime/binding.ts";
import { loadModule } from "../runtime/modules.ts";
import { T_dict } from "../runtime/types.ts";
import { Optimizer, type ParamGroupInput } from "../../runtime/optim/optimizer.ts";
import { attachPythonSide, groupInput, push, pythonSide } from "./optim_groups.ts";
import { groupDicts } from "./optim_classes.ts";

/** The runtime half of a tsl optimizer: the base class's step() is abstract, as in PyTorch. */
export class ScriptOptimizer extends Optimizer<Record<string, unknown>> {
  protected updateGroup(): void {
    throw pyError("NotImplementedError");
  }
}

/** Optimizer.__init__(params, defaults) for tsl subclasses of torch.optim.Optimizer. */
export async function initScriptOptimizer(self: Optimizer<object>, params: unknown, defaults: unknown): Promise<void> {
  if (!(defaults instanceof PyDict)) throw pyError("TypeError", "defaults must be a dict");
  const dicts = await groupDicts(params);
  const inputs: ParamGroupInput[] = [];
  for (const d of dicts) inputs.push(await groupInput(d));
  const jsDefaults: Record<string, unknown> = {};
  for (const [k, v] of defaults.map) jsDefaults[String(defaults.origKey(k))] = fromPython(v);
  // The Python object exists before __init__; it takes over the runtime optimizer's fields.
  Object.assign(self, new ScriptOptimizer(inputs, jsDefaults));
  const collections = await loadModule("collections");
  attachPythonSide(self, dicts, defaults);
  pythonSide(self).scriptState = await callPython(collections.$d.defaultdict, T_dict);
  push(self);
}

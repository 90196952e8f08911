// The Python side of an optimizer's parameter groups. Scripts see `param_groups` as a list of Python
// dicts they may mutate (`g['lr'] = 0.01`), and PyTorch prints the values with the types they were
// given (lr=1 stays an int, betas a tuple). The runtime works on plain JS groups, so the dicts stay the
// source of truth: `pull` rebuilds the runtime groups from them before every runtime call, and `push`
// copies what the runtime changed (filled-in defaults, a scheduler's lr) back, keeping each value's
// Python type where the number is unchanged.

import { fromPython, PyDict, pyError, PyFloat, PyTuple, toArray, typeOf } from "../runtime/binding.ts";
import { PySet } from "../runtime/set.ts";
import { Tensor } from "../../runtime/tensor.ts";
import type { Optimizer, ParamGroupInput, ParamState } from "../../runtime/optim/optimizer.ts";

interface PythonSide {
  /** The Python list of group dicts (`opt.param_groups`). */
  groups: PyDict[];
  /** `opt.defaults`, with the values as the script passed them. */
  defaults: PyDict;
  /** `opt.state` of an optimizer written in tsl (optim_script.ts); built-in ones keep state in the runtime. */
  scriptState?: PyDict;
}

const sides = new WeakMap<Optimizer<object>, PythonSide>();

export function pythonSide(opt: Optimizer<object>): PythonSide {
  const side = sides.get(opt);
  if (!side) throw pyError("RuntimeError", "optimizer is not initialized (was __init__ called?)");
  return side;
}

export function attachPythonSide(opt: Optimizer<object>, groups: PyDict[], defaults: PyDict): void {
  sides.set(opt, { groups, defaults });
}

/** A group's `params` entry as a list of tensors, with PyTorch's TypeErrors. */
export async function paramList(x: unknown): Promise<Tensor[]> {
  if (x instanceof Tensor) return [x];
  if (x instanceof PySet) {
    throw pyError(
      "TypeError",
      "optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.",
    );
  }
  const params = [...await toArray(x)];
  for (const p of params) {
    if (!(p instanceof Tensor)) {
      throw pyError("TypeError", `optimizer can only optimize Tensors, but one of the params is ${typeOf(p).name}`);
    }
  }
  return params;
}

/** A Python group dict as a runtime group input (options converted to JS values). */
export async function groupInput(d: PyDict): Promise<ParamGroupInput> {
  const input: Record<string, unknown> = {};
  for (const [k, v] of d.map) input[k] = k === "params" ? await paramList(v) : fromPython(v);
  if (!("params" in input)) throw pyError("KeyError", "'params'");
  return input as ParamGroupInput;
}

const tensorsOf = (v: unknown): Tensor[] =>
  v instanceof Tensor ? [v] : v instanceof PyTuple ? [...v.items] : [...(v as Tensor[])];

/** Rebuilds the runtime groups from the Python dicts (they may have been edited by the script). */
export function pull(opt: Optimizer<object>): void {
  const { groups } = pythonSide(opt);
  const runtimeGroups = opt.paramGroups as Record<string, unknown>[];
  runtimeGroups.length = 0;
  for (const d of groups) {
    const g: Record<string, unknown> = {};
    for (const [k, v] of d.map) g[k] = k === "params" ? tensorsOf(v) : fromPython(v);
    runtimeGroups.push(g);
  }
}

/** Copies the runtime groups' values back into the Python dicts, keeping unchanged values as they are. */
export function push(opt: Optimizer<object>): void {
  const { groups, defaults } = pythonSide(opt);
  opt.paramGroups.forEach((g, i) => {
    const d = groups[i] ??= new PyDict();
    for (const [k, v] of Object.entries(g)) {
      if (k === "params") {
        const old = d.map.get(k);
        if (!Array.isArray(old) || old.length !== g.params.length || old.some((p, j) => p !== g.params[j])) {
          d.map.set(k, [...g.params]);
        }
        continue;
      }
      // A scheduler's initial_lr is a copy of lr, so it keeps lr's Python type.
      const copiedFrom = k === "initial_lr" ? d.map.get("lr") : undefined;
      d.map.set(k, pythonValue(v, [d.map.get(k), defaults.map.get(k), copiedFrom]));
    }
  });
}

/** JS value -> Python value, reusing the first hint that already holds it (so 1 vs 1.0 survives). */
export function pythonValue(v: unknown, hints: unknown[] = []): unknown {
  for (const h of hints) if (h !== undefined && sameValue(fromPython(h), v)) return h;
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return Number.isInteger(v) && hints[0] === undefined ? v : new PyFloat(v);
  if (Array.isArray(v)) return new PyTuple(v.map((x) => pythonValue(x)));
  if (v instanceof Map) {
    const d = new PyDict();
    for (const [k, x] of v) d.map.set(k, pythonValue(x));
    return d;
  }
  return v;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

/** A parameter's state as a Python dict (numbers keep Python's int for RMSprop's step). */
export function stateDict(s: ParamState): PyDict {
  const d = new PyDict();
  for (const [k, v] of Object.entries(s)) d.map.set(k, v instanceof Tensor ? v : pythonValue(v));
  return d;
}

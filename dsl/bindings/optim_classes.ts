// The optimizer classes of torch.optim: each parses its PyTorch 1.13 signature and builds the runtime
// optimizer; the Python dicts of its groups are attached by optim_groups.ts.

import {
  argFloat,
  type Args,
  fromPython,
  nativeClass,
  PyDict,
  pyError,
  PyFloat,
  PyTuple,
  PyType,
  str,
  toArray,
} from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { legacyTypeName } from "../../runtime/ops/views.ts";
import { Optimizer, type ParamGroupInput, REQUIRED } from "../../runtime/optim/optimizer.ts";
import { InvalidOption } from "../../runtime/optim/options.ts";
import { SGD } from "../../runtime/optim/sgd.ts";
import { Adam } from "../../runtime/optim/adam.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";
import { RMSprop } from "../../runtime/optim/rmsprop.ts";
import { Adagrad } from "../../runtime/optim/adagrad.ts";
import { attachPythonSide, groupInput, push, pythonValue } from "./optim_groups.ts";

type OptimizerClass = new (params: ParamGroupInput[], opts: Record<string, unknown>) => Optimizer<object>;

/** The `params` argument as Python group dicts: the script's own dicts, or one new dict around the tensors. */
export async function groupDicts(params: unknown): Promise<PyDict[]> {
  if (params instanceof Tensor) {
    throw pyError(
      "TypeError",
      `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${
        legacyTypeName(params)
      }`,
    );
  }
  const items = [...await toArray(params)];
  if (items.length === 0 || items[0] instanceof PyDict) return items as PyDict[];
  const d = new PyDict();
  d.map.set("params", items);
  return [d];
}

/** An option argument as the runtime wants it: Python numbers as JS numbers, tuples as arrays. */
function option(cls: string, name: string, value: unknown): unknown {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number" || typeof value === "bigint" || value instanceof PyFloat) {
    return argFloat(value, cls, name);
  }
  return fromPython(value);
}

/** Runs the runtime constructor; an out-of-range option is reported with the value as the script wrote it. */
async function construct(build: () => Optimizer<object>, a: Args): Promise<Optimizer<object>> {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof InvalidOption)) throw e;
    let value = a[e.option];
    if (e.index !== null) value = value instanceof PyTuple ? value.items[e.index] : value[e.index];
    throw pyError("ValueError", e.prefix + await str(value));
  }
}

function optimizerClass(name: string, file: string, js: OptimizerClass, signature: string, base: PyType): PyType {
  return nativeClass({
    name,
    module: `torch.optim.${file}`,
    jsClass: js,
    base,
    init: [`__init__${signature}`, async (self: Optimizer<object>, a: Args) => {
      const dicts = await groupDicts(a.params);
      const inputs: ParamGroupInput[] = [];
      for (const d of dicts) {
        if (!(d instanceof PyDict)) throw pyError("TypeError", "param groups must all be dicts");
        inputs.push(await groupInput(d));
      }
      const opts: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(a)) {
        if (k === "params") continue;
        if (k === "lr" && v === null) continue; // SGD's required lr: the runtime reports it missing
        opts[k] = option(name, k, v);
      }
      const built = await construct(() => new js(inputs, opts), a);
      // The Python object is allocated before __init__ runs; it takes over the runtime optimizer's fields.
      Object.assign(self, built);
      const defaults = new PyDict();
      for (const [k, v] of Object.entries(self.defaults)) {
        defaults.map.set(k, k in a && !(v === REQUIRED) ? a[k] : pythonValue(v));
      }
      attachPythonSide(self, dicts, defaults);
      push(self);
    }],
  });
}

/** SGD, Adam, AdamW, RMSprop and Adagrad with their PyTorch 1.13 signatures. */
export function optimizerClasses(base: PyType): Record<string, PyType> {
  return {
    SGD: optimizerClass(
      "SGD",
      "sgd",
      SGD as unknown as OptimizerClass,
      "(params, lr=None, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False)",
      base,
    ),
    Adam: optimizerClass(
      "Adam",
      "adam",
      Adam as unknown as OptimizerClass,
      "(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, *, foreach=None, maximize=False, capturable=False, differentiable=False, fused=False)",
      base,
    ),
    AdamW: optimizerClass(
      "AdamW",
      "adamw",
      AdamW as unknown as OptimizerClass,
      "(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False, *, maximize=False, foreach=None, capturable=False)",
      base,
    ),
    RMSprop: optimizerClass(
      "RMSprop",
      "rmsprop",
      RMSprop as unknown as OptimizerClass,
      "(params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, foreach=None, maximize=False, differentiable=False)",
      base,
    ),
    Adagrad: optimizerClass(
      "Adagrad",
      "adagrad",
      Adagrad as unknown as OptimizerClass,
      "(params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False)",
      base,
    ),
  };
}

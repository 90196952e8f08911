// torch.optim.lr_scheduler bindings over runtime/optim/lr_scheduler.ts. A scheduler writes the new
// learning rates into the runtime groups; they are pushed back into the Python group dicts, and
// get_last_lr() returns those Python values (as PyTorch's `_last_lr` list does).

import {
  argFloat,
  argInt,
  type Args,
  callPython,
  fromPython,
  nativeClass,
  PyDict,
  pyError,
  PyModule,
  PyTuple,
  registerModule,
  typeOf,
} from "../runtime/binding.ts";
import { Optimizer } from "../../runtime/optim/optimizer.ts";
import {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LRScheduler,
  MultiStepLR,
  StepLR,
} from "../../runtime/optim/lr_scheduler.ts";
import { pull, push, pythonSide, pythonValue } from "./optim_groups.ts";

/** Per scheduler, Python values as the script sees them: `_last_lr` and `base_lrs` (PyTorch's lists). */
const lastLrs = new WeakMap<LRScheduler, unknown[]>();
const baseLrs = new WeakMap<LRScheduler, unknown[]>();
/** The scheduler's own settings (gamma, T_max, ...) as the script passed them. */
const pyArgs = new WeakMap<LRScheduler, Map<string, unknown>>();

const groupValues = (o: Optimizer<object>, key: string) => pythonSide(o).groups.map((d) => d.map.get(key));

/** Runs a runtime call that may change the group lrs, keeping the Python dicts in step. */
async function withGroups(optimizer: Optimizer<object>, run: () => unknown): Promise<void> {
  pull(optimizer);
  await run();
  push(optimizer);
}

async function schedulerStep(s: LRScheduler, epoch: number | undefined): Promise<void> {
  await withGroups(s.optimizer, () => s.step(epoch));
  lastLrs.set(s, groupValues(s.optimizer, "lr"));
}

function optimizerArg(x: unknown): Optimizer<object> {
  if (!(x instanceof Optimizer)) throw pyError("TypeError", `${typeOf(x).name} is not an Optimizer`);
  return x;
}

function schedulerState(s: LRScheduler): PyDict {
  const d = new PyDict();
  const own = s.hyperparameters();
  for (const [k, v] of Object.entries(s.stateDict())) {
    if (k === "_last_lr") d.map.set(k, [...(lastLrs.get(s) ?? [])]);
    else if (k === "base_lrs") d.map.set(k, [...(baseLrs.get(s) ?? [])]);
    else if (Array.isArray(v)) d.map.set(k, v.map((x) => pythonValue(x)));
    else d.map.set(k, k in own ? hyperparameter(s, k, v) : pythonValue(v));
  }
  return d;
}

/** A scheduler setting as the script wrote it (eta_min=0.0 stays a float) while the runtime agrees. */
const hyperparameter = (s: LRScheduler, key: string, value: unknown = s.hyperparameters()[key]) =>
  pythonValue(value, [pyArgs.get(s)?.get(key)]);

function loadSchedulerState(s: LRScheduler, sd: unknown): void {
  if (!(sd instanceof PyDict)) throw pyError("TypeError", "state_dict must be a dict");
  const js: Record<string, unknown> = {};
  for (const [k, v] of sd.map) js[k] = fromPython(v);
  s.loadStateDict(js);
  const own = Object.keys(s.hyperparameters());
  for (const [k, v] of sd.map) if (own.includes(k)) pyArgs.get(s)?.set(k, v);
  if (Array.isArray(sd.map.get("base_lrs"))) baseLrs.set(s, [...sd.map.get("base_lrs")]);
  if (Array.isArray(sd.map.get("_last_lr"))) lastLrs.set(s, [...sd.map.get("_last_lr")]);
}

const T_LRScheduler = nativeClass({
  name: "_LRScheduler",
  module: "torch.optim.lr_scheduler",
  jsClass: LRScheduler,
  methods: {
    step: [
      "step(epoch=None)",
      (s: LRScheduler, a) => schedulerStep(s, a.epoch === null ? undefined : argInt(a.epoch, "step", "epoch")),
    ],
    get_last_lr: ["get_last_lr()", (s: LRScheduler) => lastLrs.get(s) ?? []],
    state_dict: ["state_dict()", (s: LRScheduler) => schedulerState(s)],
    load_state_dict: ["load_state_dict(state_dict)", (s: LRScheduler, a) => loadSchedulerState(s, a.state_dict)],
  },
  properties: {
    optimizer: { get: (s: LRScheduler) => s.optimizer },
    last_epoch: {
      get: (s: LRScheduler) => s.lastEpoch,
      set: (s: LRScheduler, v: unknown) => {
        s.lastEpoch = argInt(v, "last_epoch", "last_epoch");
      },
    },
    base_lrs: { get: (s: LRScheduler) => baseLrs.get(s) ?? [] },
    verbose: { get: (s: LRScheduler) => s.verbose },
  },
});

type Build = (optimizer: Optimizer<object>, a: Args) => LRScheduler;

type SchedulerClass = abstract new (...args: never[]) => LRScheduler;

function schedulerClass(
  name: string,
  signature: string,
  js: SchedulerClass,
  build: Build,
  /** Settings readable as attributes (`sched.gamma`), named as in the state_dict. */
  settings: string[] = [],
) {
  return nativeClass({
    name,
    module: "torch.optim.lr_scheduler",
    jsClass: js,
    base: T_LRScheduler,
    init: [`__init__${signature}`, async (self: LRScheduler, a: Args) => {
      const optimizer = optimizerArg(a.optimizer);
      let built: LRScheduler | undefined;
      await withGroups(optimizer, async () => {
        built = build(optimizer, a);
        if (built instanceof LambdaLR) await built.ready;
      });
      // The Python object exists before __init__; it takes over the runtime scheduler's fields.
      Object.assign(self, built);
      baseLrs.set(self, groupValues(optimizer, "initial_lr"));
      pyArgs.set(self, new Map(Object.keys(self.hyperparameters()).map((k) => [k, a[k]])));
      lastLrs.set(self, groupValues(optimizer, "lr"));
    }],
    properties: Object.fromEntries(settings.map((k) => [k, { get: (s: LRScheduler) => hyperparameter(s, k) }])),
  });
}

const lastEpoch = (a: Args, f: string) => argInt(a.last_epoch, f, "last_epoch");

/** A tsl callable as a runtime lr lambda (its result awaited and read as a float). */
const lrLambda = (f: unknown) => async (epoch: number) => argFloat(await callPython(f, epoch), "LambdaLR", "lr_lambda");

let module: PyModule | null = null;

/** The torch.optim.lr_scheduler module, created once. */
export function lrSchedulerModule(): PyModule {
  if (module) return module;
  const m = module = new PyModule("torch.optim.lr_scheduler");
  Object.assign(m.$d, {
    _LRScheduler: T_LRScheduler,
    StepLR: schedulerClass(
      "StepLR",
      "(optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=False)",
      StepLR,
      (o, a) =>
        new StepLR(
          o,
          argInt(a.step_size, "StepLR", "step_size"),
          argFloat(a.gamma, "StepLR", "gamma"),
          lastEpoch(a, "StepLR"),
        ),
      ["step_size", "gamma"],
    ),
    MultiStepLR: schedulerClass(
      "MultiStepLR",
      "(optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=False)",
      MultiStepLR,
      (o, a) => {
        const ms =
          (Array.isArray(a.milestones) ? a.milestones : a.milestones instanceof PyTuple ? a.milestones.items : [])
            .map((x: unknown) => argInt(x, "MultiStepLR", "milestones"));
        return new MultiStepLR(o, ms, argFloat(a.gamma, "MultiStepLR", "gamma"), lastEpoch(a, "MultiStepLR"));
      },
      ["milestones", "gamma"],
    ),
    ExponentialLR: schedulerClass(
      "ExponentialLR",
      "(optimizer, gamma, last_epoch=-1, verbose=False)",
      ExponentialLR,
      (o, a) => new ExponentialLR(o, argFloat(a.gamma, "ExponentialLR", "gamma"), lastEpoch(a, "ExponentialLR")),
      ["gamma"],
    ),
    CosineAnnealingLR: schedulerClass(
      "CosineAnnealingLR",
      "(optimizer, T_max, eta_min=0, last_epoch=-1, verbose=False)",
      CosineAnnealingLR,
      (o, a) =>
        new CosineAnnealingLR(
          o,
          argFloat(a.T_max, "CosineAnnealingLR", "T_max"),
          argFloat(a.eta_min, "CosineAnnealingLR", "eta_min"),
          lastEpoch(a, "CosineAnnealingLR"),
        ),
      ["T_max", "eta_min"],
    ),
    LambdaLR: schedulerClass(
      "LambdaLR",
      "(optimizer, lr_lambda, last_epoch=-1, verbose=False)",
      LambdaLR,
      (o, a) => {
        const fs = Array.isArray(a.lr_lambda) || a.lr_lambda instanceof PyTuple
          ? [...(Array.isArray(a.lr_lambda) ? a.lr_lambda : a.lr_lambda.items)].map(lrLambda)
          : lrLambda(a.lr_lambda);
        return new LambdaLR(o, fs, lastEpoch(a, "LambdaLR"));
      },
    ),
  });
  registerModule("torch.optim.lr_scheduler", () => m);
  return m;
}

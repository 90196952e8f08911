// torch.nn loss bindings and the loss half of torch.nn.functional, over runtime/nn. Only argument
// parsing lives here: the losses themselves are runtime/nn/losses*.ts.

import {
  argFloat,
  argInt,
  argOptional,
  type Args,
  argStr,
  builtin,
  nativeClass,
  type PropertySpec,
  pyError,
  pyFloat,
  truthy,
  typeOf,
} from "../runtime/binding.ts";
import type { PyType } from "../runtime/types.ts";
import { Tensor } from "../../runtime/tensor.ts";
import * as L from "../../runtime/nn/losses.ts";
import * as F from "../../runtime/nn/functional_losses.ts";
import { T_Module } from "./nn_module.ts";

/** `reduction`, overridden by the legacy size_average/reduce flags when either is given. */
function reduction(a: Args, f: string): string {
  if (a.size_average !== null && a.size_average !== undefined || a.reduce !== null && a.reduce !== undefined) {
    const flag = (x: any) => (x === null || x === undefined ? null : truthy(x));
    return F.legacyReduction(flag(a.size_average), flag(a.reduce));
  }
  return argStr(a.reduction, f, "reduction");
}

/** An ATen argument: `cross_entropy_loss(): argument 'target' (position 2) must be Tensor, not float`. */
function atenTensor(x: any, aten: string, name: string, position: number): Tensor {
  if (x instanceof Tensor) return x;
  throw pyError(
    "TypeError",
    `${aten}(): argument '${name}' (position ${position}) must be Tensor, not ${typeOf(x).name}`,
  );
}

/** The Python-level losses call `target.size()` first, so a non-tensor fails with AttributeError. */
function sizedPair(a: Args): [Tensor, Tensor] {
  for (const x of [a.target, a.input]) {
    if (!(x instanceof Tensor)) throw pyError("AttributeError", `'${typeOf(x).name}' object has no attribute 'size'`);
  }
  return [a.input, a.target];
}

/** input and target as the ATen op `aten` checks them. */
const atenPair = (a: Args, aten: string): [Tensor, Tensor] => [
  atenTensor(a.input, aten, "input", 1),
  atenTensor(a.target, aten, "target", 2),
];

const optTensor = (x: any, aten: string, name: string, position: number): Tensor | null =>
  argOptional(x, (v) => atenTensor(v, aten, name, position));
const ignoreIndex = (a: Args, f: string) => argInt(a.ignore_index, f, "ignore_index");

const LEGACY = "size_average=None, reduce=None, reduction='mean'";

/** The loss functions of torch.nn.functional. */
export const lossFunctional = (): Record<string, unknown> => ({
  l1_loss: builtin(`l1_loss(input, target, ${LEGACY})`, (a) => F.l1_loss(...sizedPair(a), reduction(a, "l1_loss"))),
  mse_loss: builtin(`mse_loss(input, target, ${LEGACY})`, (a) => F.mse_loss(...sizedPair(a), reduction(a, "mse_loss"))),
  smooth_l1_loss: builtin(`smooth_l1_loss(input, target, ${LEGACY}, beta=1.0)`, (a) => {
    const f = "smooth_l1_loss";
    return F.smooth_l1_loss(...sizedPair(a), reduction(a, f), argFloat(a.beta, f, "beta"));
  }),
  huber_loss: builtin("huber_loss(input, target, reduction='mean', delta=1.0)", (a) => {
    const f = "huber_loss";
    return F.huber_loss(...sizedPair(a), argStr(a.reduction, f, "reduction"), argFloat(a.delta, f, "delta"));
  }),
  kl_div: builtin(`kl_div(input, target, ${LEGACY}, log_target=False)`, (a) => {
    return F.kl_div(...atenPair(a, "kl_div"), reduction(a, "kl_div"), truthy(a.log_target));
  }),
  nll_loss: builtin(
    "nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')",
    (a) => {
      const f = "nll_loss", aten = "nll_loss_nd";
      return F.nll_loss(...atenPair(a, aten), {
        weight: optTensor(a.weight, aten, "weight", 3),
        ignoreIndex: ignoreIndex(a, f),
        reduction: reduction(a, f),
      });
    },
  ),
  cross_entropy: builtin(
    "cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)",
    (a) => {
      const f = "cross_entropy", aten = "cross_entropy_loss";
      return F.cross_entropy(...atenPair(a, aten), {
        weight: optTensor(a.weight, aten, "weight", 3),
        ignoreIndex: ignoreIndex(a, f),
        reduction: reduction(a, f),
        labelSmoothing: argFloat(a.label_smoothing, f, "label_smoothing"),
      });
    },
  ),
  binary_cross_entropy: builtin(`binary_cross_entropy(input, target, weight=None, ${LEGACY})`, (a) => {
    const f = "binary_cross_entropy";
    const [x, y] = sizedPair(a);
    return F.binary_cross_entropy(x, y, optTensor(a.weight, f, "weight", 3), reduction(a, f));
  }),
  binary_cross_entropy_with_logits: builtin(
    `binary_cross_entropy_with_logits(input, target, weight=None, ${LEGACY}, pos_weight=None)`,
    (a) => {
      const f = "binary_cross_entropy_with_logits";
      const [x, y] = sizedPair(a);
      return F.binary_cross_entropy_with_logits(
        x,
        y,
        optTensor(a.weight, f, "weight", 3),
        reduction(a, f),
        optTensor(a.pos_weight, f, "pos_weight", 4),
      );
    },
  ),
});

const floatProp = <T>(get: (s: T) => number, set: (s: T, v: number) => void, name: string): PropertySpec => ({
  get: (s: T) => pyFloat(get(s)),
  set: (s: T, v: any) => set(s, argFloat(v, "setattr", name)),
});

const LOSS_PROPERTIES: Record<string, PropertySpec> = {
  reduction: { get: (s: L.Loss) => s.reduction, set: (s: L.Loss, v: any) => void (s.reduction = v) },
};

/**
 * A loss class: `init` reads the constructor's arguments into the JS module; `forward(input,
 * target)` checks both are tensors.
 */
function lossClass<T extends L.Loss>(
  name: string,
  jsClass: new () => T,
  init: [string, (self: T, a: Args) => void],
  properties: Record<string, PropertySpec> = {},
  pair: (a: Args) => [Tensor, Tensor] = sizedPair,
): PyType {
  const cls = nativeClass({
    name,
    module: "torch.nn.modules.loss",
    jsClass,
    base: T_Module,
    create: () => new jsClass(),
    init: [init[0], (self: T, a: Args) => {
      self.reduction = reduction(a, name);
      init[1](self, a);
    }],
    methods: {
      forward: ["forward(input, target)", (self: T, a) => self.forward(...pair(a))],
    },
    properties: { ...LOSS_PROPERTIES, ...properties },
  });
  cls.$d.__init__.qualname = `${name}.__init__`;
  return cls;
}

/** Module.register_buffer's check on what a loss stores as `weight` / `pos_weight`. */
function bufferArg(x: any, name: string): Tensor | null {
  if (x === null || x instanceof Tensor) return x;
  throw pyError(
    "TypeError",
    `cannot assign '${typeOf(x).name}' object to buffer '${name}' (torch Tensor or None required)`,
  );
}
const weightOf = (a: Args) => bufferArg(a.weight, "weight");
const ignoreIndexProp: PropertySpec = {
  get: (s: L.NLLLoss | L.CrossEntropyLoss) => s.ignoreIndex,
  set: (s: L.NLLLoss | L.CrossEntropyLoss, v: any) => void (s.ignoreIndex = argInt(v, "setattr", "ignore_index")),
};

/** The loss classes of torch.nn. */
export const lossClasses = (): Record<string, unknown> => ({
  L1Loss: lossClass("L1Loss", L.L1Loss, [`__init__(${LEGACY})`, () => {}]),
  MSELoss: lossClass("MSELoss", L.MSELoss, [`__init__(${LEGACY})`, () => {}]),
  SmoothL1Loss: lossClass(
    "SmoothL1Loss",
    L.SmoothL1Loss,
    [`__init__(${LEGACY}, beta=1.0)`, (s, a) => void (s.beta = argFloat(a.beta, "SmoothL1Loss", "beta"))],
    { beta: floatProp((s: L.SmoothL1Loss) => s.beta, (s, v) => void (s.beta = v), "beta") },
  ),
  HuberLoss: lossClass(
    "HuberLoss",
    L.HuberLoss,
    ["__init__(reduction='mean', delta=1.0)", (s, a) => void (s.delta = argFloat(a.delta, "HuberLoss", "delta"))],
    { delta: floatProp((s: L.HuberLoss) => s.delta, (s, v) => void (s.delta = v), "delta") },
  ),
  KLDivLoss: lossClass(
    "KLDivLoss",
    L.KLDivLoss,
    [`__init__(${LEGACY}, log_target=False)`, (s, a) => void (s.logTarget = truthy(a.log_target))],
    {
      log_target: {
        get: (s: L.KLDivLoss) => s.logTarget,
        set: (s: L.KLDivLoss, v: any) => void (s.logTarget = truthy(v)),
      },
    },
    (a) => atenPair(a, "kl_div"),
  ),
  NLLLoss: lossClass(
    "NLLLoss",
    L.NLLLoss,
    [
      "__init__(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')",
      (s, a) => {
        s.registerBuffer("weight", weightOf(a));
        s.ignoreIndex = ignoreIndex(a, "NLLLoss");
      },
    ],
    { ignore_index: ignoreIndexProp },
    (a) => atenPair(a, "nll_loss_nd"),
  ),
  CrossEntropyLoss: lossClass(
    "CrossEntropyLoss",
    L.CrossEntropyLoss,
    [
      "__init__(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)",
      (s, a) => {
        s.registerBuffer("weight", weightOf(a));
        s.ignoreIndex = ignoreIndex(a, "CrossEntropyLoss");
        s.labelSmoothing = argFloat(a.label_smoothing, "CrossEntropyLoss", "label_smoothing");
      },
    ],
    {
      ignore_index: ignoreIndexProp,
      label_smoothing: floatProp(
        (s: L.CrossEntropyLoss) => s.labelSmoothing,
        (s, v) => void (s.labelSmoothing = v),
        "label_smoothing",
      ),
    },
    (a) => atenPair(a, "cross_entropy_loss"),
  ),
  BCELoss: lossClass("BCELoss", L.BCELoss, [
    `__init__(weight=None, ${LEGACY})`,
    (s, a) => s.registerBuffer("weight", weightOf(a)),
  ]),
  BCEWithLogitsLoss: lossClass("BCEWithLogitsLoss", L.BCEWithLogitsLoss, [
    `__init__(weight=None, ${LEGACY}, pos_weight=None)`,
    (s, a) => {
      s.registerBuffer("weight", weightOf(a));
      s.registerBuffer("pos_weight", bufferArg(a.pos_weight, "pos_weight"));
    },
  ]),
});

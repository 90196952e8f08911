// torch.nn loss bindings and the loss half of torch.nn.functional, over runtime/nn.

import { type Args, argStr, builtin, nativeClass } from "../runtime/binding.ts";
import { CrossEntropyLoss, MSELoss } from "../../runtime/nn/losses.ts";
import * as F from "../../runtime/nn/functional_losses.ts";
import { argTensor } from "./convert.ts";
import { T_Module } from "./nn_module.ts";

const reduction = (a: Args, f: string): F.Reduction => argStr(a.reduction, f, "reduction") as F.Reduction;

function lossClass(name: string, js: typeof MSELoss | typeof CrossEntropyLoss) {
  return nativeClass({
    name,
    module: "torch.nn.modules.loss",
    jsClass: js,
    base: T_Module,
    create: () => new js(),
    init: ["__init__(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')", (self, a) => {
      self.reduction = reduction(a, name);
    }],
  });
}

/** The loss functions of torch.nn.functional. */
export const lossFunctional = (): Record<string, unknown> => ({
  mse_loss: builtin(
    "mse_loss(input, target, size_average=None, reduce=None, reduction='mean')",
    (a) =>
      F.mse_loss(argTensor(a.input, "mse_loss"), argTensor(a.target, "mse_loss", "target"), reduction(a, "mse_loss")),
  ),
  cross_entropy: builtin(
    "cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)",
    (a) =>
      F.cross_entropy(
        argTensor(a.input, "cross_entropy"),
        argTensor(a.target, "cross_entropy", "target"),
        reduction(a, "cross_entropy"),
      ),
  ),
  nll_loss: builtin(
    "nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')",
    (a) =>
      F.nll_loss(argTensor(a.input, "nll_loss"), argTensor(a.target, "nll_loss", "target"), reduction(a, "nll_loss")),
  ),
});

/** The loss classes of torch.nn. */
export const lossClasses = (): Record<string, unknown> => ({
  MSELoss: lossClass("MSELoss", MSELoss),
  CrossEntropyLoss: lossClass("CrossEntropyLoss", CrossEntropyLoss),
});

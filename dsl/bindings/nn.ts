// The torch.nn module (with torch.nn.functional), assembled from the binding files of its parts.

import { PyModule, registeredModule } from "../runtime/binding.ts";
import { T_Module, T_Parameter } from "./nn_module.ts";
import { layerClasses, layerFunctional } from "./nn_layers.ts";
import { lossClasses, lossFunctional } from "./nn_losses.ts";
import { actNormClasses, actNormFunctional } from "./nn_act_norm.ts";
import { initFunctions } from "./nn_init.ts";

let nn: PyModule | null = null;

/** The torch.nn module (and torch.nn.functional), created once. */
export function nnModule(): PyModule {
  return nn ??= registeredModule("torch.nn", {
    Module: T_Module,
    Parameter: T_Parameter,
    ...layerClasses(),
    ...lossClasses(),
    ...actNormClasses(),
    init: registeredModule("torch.nn.init", initFunctions()),
    functional: registeredModule("torch.nn.functional", {
      ...layerFunctional(),
      ...lossFunctional(),
      ...actNormFunctional(),
    }),
  });
}

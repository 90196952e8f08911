// torch.nn layer bindings (Linear, activations, containers, ...) and the layer half of
// torch.nn.functional, over runtime/nn.

import { argInt, builtin, callPythonKw, nativeClass, pyError } from "../runtime/binding.ts";
import { Module } from "../../runtime/nn/module.ts";
import { Linear, ReLU, Sequential } from "../../runtime/nn/layers.ts";
import * as F from "../../runtime/nn/functional_layers.ts";
import { argTensor } from "./convert.ts";
import { T_Module } from "./nn_module.ts";

const T_Linear = nativeClass({
  name: "Linear",
  module: "torch.nn.modules.linear",
  jsClass: Linear,
  base: T_Module,
  create: () => Object.create(Linear.prototype),
  init: ["__init__(in_features, out_features, bias=True)", (self: Linear, a) => {
    Object.assign(
      self,
      new Linear(
        argInt(a.in_features, "Linear", "in_features"),
        argInt(a.out_features, "Linear", "out_features"),
        !!a.bias,
      ),
    );
  }],
  properties: {
    in_features: { get: (s: Linear) => s.inFeatures },
    out_features: { get: (s: Linear) => s.outFeatures },
  },
});

const T_ReLU = nativeClass({
  name: "ReLU",
  module: "torch.nn.modules.activation",
  jsClass: ReLU,
  base: T_Module,
  create: () => new ReLU(),
  init: ["__init__(inplace=False)", () => null],
});

const T_Sequential = nativeClass({
  name: "Sequential",
  module: "torch.nn.modules.container",
  jsClass: Sequential,
  base: T_Module,
  create: () => new Sequential(),
  init: [
    "__init__(*args)",
    (self: Sequential, a) => a.args.forEach((m: Module, i: number) => self.addModule(String(i), m)),
  ],
  methods: {
    forward: ["forward(input)", async (self: Sequential, a) => {
      let x = a.input;
      for (const m of self._modules.values()) x = await callPythonKw(m, [x], {});
      return x;
    }],
    __getitem__: ["__getitem__(idx)", (self: Sequential, a) => {
      const mods = [...self._modules.values()];
      let i = argInt(a.idx, "Sequential", "idx");
      if (i < 0) i += mods.length;
      if (i < 0 || i >= mods.length) throw pyError("IndexError", `index ${a.idx} is out of range`);
      return mods[i];
    }],
    __len__: ["__len__()", (self: Sequential) => self._modules.size],
    __iter__: ["__iter__()", (self: Sequential) => [...self._modules.values()]],
  },
});

/** The layer classes of torch.nn. */
export const layerClasses = (): Record<string, unknown> => ({
  Linear: T_Linear,
  ReLU: T_ReLU,
  Sequential: T_Sequential,
});

/** The layer functions of torch.nn.functional. */
export const layerFunctional = (): Record<string, unknown> => ({
  relu: builtin("relu(input, inplace=False)", (a) => F.relu(argTensor(a.input, "relu"))),
  softmax: builtin(
    "softmax(input, dim=None)",
    (a) => F.softmax(argTensor(a.input, "softmax"), argInt(a.dim, "softmax", "dim")),
  ),
  log_softmax: builtin(
    "log_softmax(input, dim=None)",
    (a) => F.log_softmax(argTensor(a.input, "log_softmax"), argInt(a.dim, "log_softmax", "dim")),
  ),
  linear: builtin("linear(input, weight, bias=None)", (a) => F.linear(a.input, a.weight, a.bias)),
});

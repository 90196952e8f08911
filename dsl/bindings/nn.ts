// torch.nn / torch.nn.functional bindings over runtime/nn (Module, Parameter, layers, losses).

import {
  argFloat,
  argInt,
  type Args,
  argStr,
  builtin,
  callPythonKw,
  getAttr,
  nativeClass,
  pyError,
  PyModule,
  PyTuple,
  registerModule,
  toArray,
} from "../runtime/binding.ts";
import { objectSetAttr } from "../runtime/attributes.ts";
import { PyDict } from "../runtime/dict.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { Module } from "../../runtime/nn/module.ts";
import { Parameter } from "../../runtime/nn/parameter.ts";
import { CrossEntropyLoss, Linear, MSELoss, ReLU, Sequential } from "../../runtime/nn/layers.ts";
import * as F from "../../runtime/nn/functional.ts";
import { argTensor } from "./convert.ts";
import { T_Tensor, tensorRepr } from "./tensor_class.ts";

export const T_Parameter = nativeClass({
  name: "Parameter",
  module: "torch.nn.parameter",
  jsClass: Parameter,
  base: T_Tensor,
  create: () => new Parameter(),
  init: ["__init__(data=None, requires_grad=True)", (self: Parameter, a) => {
    if (a.data !== null) self.rebind(argTensor(a.data, "Parameter", "data"), !!a.requires_grad);
  }],
  methods: {
    __repr__: ["__repr__()", async (s: Parameter) => "Parameter containing:\n" + await tensorRepr(s)],
  },
});

const named = (pairs: [string, any][]) => pairs.map(([k, v]) => new PyTuple([k, v]));

export const T_Module = nativeClass({
  name: "Module",
  module: "torch.nn.modules.module",
  jsClass: Module,
  create: () => new Module(),
  init: ["__init__(*args, **kwargs)", () => null],
  methods: {
    __setattr__: ["__setattr__(name, value)", (self: Module, a) => {
      const v = a.value;
      if (v instanceof Parameter) return void self.registerParameter(a.name, v);
      if (v instanceof Module) return void self.addModule(a.name, v);
      if (v === null && self._parameters.has(a.name)) return void self.registerParameter(a.name, null);
      if (v === null && self._modules.has(a.name)) return void self.addModule(a.name, null);
      return objectSetAttr(self, a.name, v);
    }],
    __getattr__: ["__getattr__(name)", (self: Module, a) => {
      for (const d of [self._parameters, self._buffers, self._modules] as Map<string, any>[]) {
        if (d.has(a.name)) return d.get(a.name);
      }
      throw pyError("AttributeError", `'${self.typeName()}' object has no attribute '${a.name}'`);
    }],
    __call__: [
      "__call__(*args, **kwargs)",
      (self: Module, a) => callPythonKw(getAttr(self, "forward"), a.args, Object.fromEntries(a.kwargs)),
    ],
    forward: ["forward(*args)", (self: Module, a) => self.forward(...a.args)],
    __repr__: ["__repr__()", (self: Module) => self.repr()],
    extra_repr: ["extra_repr()", (self: Module) => self.extraRepr()],
    parameters: ["parameters(recurse=True)", (self: Module, a) => self.parameters(!!a.recurse)],
    named_parameters: [
      "named_parameters(prefix='', recurse=True)",
      (self: Module, a) => named(self.namedParameters(a.prefix, !!a.recurse)),
    ],
    children: ["children()", (self: Module) => self.children()],
    named_children: ["named_children()", (self: Module) => named(self.namedChildren())],
    modules: ["modules()", (self: Module) => self.modules()],
    named_modules: ["named_modules()", (self: Module) => named([...self.namedModules()])],
    zero_grad: ["zero_grad(set_to_none=False)", (self: Module, a) => self.zeroGrad(!!a.set_to_none)],
    train: ["train(mode=True)", (self: Module, a) => self.train(!!a.mode)],
    eval: ["eval()", (self: Module) => self.eval()],
    register_parameter: [
      "register_parameter(name, param)",
      (self: Module, a) => self.registerParameter(a.name, a.param),
    ],
    add_module: ["add_module(name, module)", (self: Module, a) => self.addModule(a.name, a.module)],
    state_dict: ["state_dict()", (self: Module) => {
      const d = new PyDict();
      for (const [k, v] of self.stateDict()) d.set(k, v.view(v.shape, v.strides, v.offset));
      return d;
    }],
  },
  properties: {
    training: { get: (s: Module) => s.training, set: (s: Module, v) => void (s.training = !!v) },
  },
});

const reduction = (a: Args, f: string): F.Reduction => argStr(a.reduction, f, "reduction") as F.Reduction;

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

const functional = () => ({
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

function moduleOf(name: string, attrs: Record<string, any>): PyModule {
  const m = new PyModule(name);
  Object.assign(m.$d, attrs);
  registerModule(name, () => m);
  return m;
}

let nn: PyModule | null = null;

/** The torch.nn module (and torch.nn.functional), created once. */
export function nnModule(): PyModule {
  return nn ??= moduleOf("torch.nn", {
    Module: T_Module,
    Parameter: T_Parameter,
    Linear: T_Linear,
    ReLU: T_ReLU,
    Sequential: T_Sequential,
    MSELoss: lossClass("MSELoss", MSELoss),
    CrossEntropyLoss: lossClass("CrossEntropyLoss", CrossEntropyLoss),
    functional: moduleOf("torch.nn.functional", functional()),
  });
}

export { argFloat, Tensor, toArray };

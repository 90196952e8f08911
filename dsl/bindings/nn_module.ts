// torch.nn.Module and torch.nn.Parameter bindings over runtime/nn.

import { callPythonKw, getAttr, nativeClass, pyError, PyTuple } from "../runtime/binding.ts";
import { objectSetAttr } from "../runtime/attributes.ts";
import { PyDict } from "../runtime/dict.ts";
import { Module } from "../../runtime/nn/module.ts";
import { Parameter } from "../../runtime/nn/parameter.ts";
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

// torch.nn.Module and torch.nn.Parameter bindings over runtime/nn.

import {
  type Args,
  callPython,
  callPythonKw,
  getAttr,
  nativeClass,
  pyError,
  PyTuple,
  repr,
  typeOf,
} from "../runtime/binding.ts";
import { objectSetAttr } from "../runtime/attributes.ts";
import { PyDict } from "../runtime/dict.ts";
import { namedtuple, T_OrderedDict } from "../runtime/mod_misc.ts";
import { PyBuiltin } from "../runtime/functions.ts";
import { Module } from "../../runtime/nn/module.ts";
import { Parameter } from "../../runtime/nn/parameter.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { isFloating } from "../../runtime/dtype.ts";
import type { DType } from "../../runtime/dtype.ts";
import type { Device } from "../../runtime/device.ts";
import { clone } from "../../runtime/ops/copy.ts";
import { legacyTypeName } from "../../runtime/ops/views.ts";
import { argTensor } from "./convert.ts";
import { atStepBoundary } from "../../kernels/webgpu/mod.ts";
import { argDevice, argDType, PyDevice, PyDType } from "./dtype_device.ts";
import { T_Tensor, tensorRepr } from "./tensor_class.ts";

/** add_module's checks on its arguments, in PyTorch's order and words. */
function checkedModuleName(a: Args): string {
  if (a.module !== null && !(a.module instanceof Module)) {
    throw pyError("TypeError", `${typeOf(a.module).name} is not a Module subclass`);
  }
  if (typeof a.name !== "string") {
    throw pyError("TypeError", `module name should be a string. Got ${typeOf(a.name).name}`);
  }
  if (a.name.includes(".")) throw pyError("KeyError", `module name can't contain ".", got: ${a.name}`);
  if (a.name === "") throw pyError("KeyError", `module name can't be empty string ""`);
  return a.name;
}

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

const named = (pairs: Iterable<[string, any]>) => [...pairs].map(([k, v]) => new PyTuple([k, v]));

/** PyTorch's _IncompatibleKeys, which prints `<All keys matched successfully>` when nothing is off. */
const T_IncompatibleKeys = namedtuple("_IncompatibleKeys", ["missing_keys", "unexpected_keys"], null);
T_IncompatibleKeys.module = "torch.nn.modules.module";
const tupleRepr = T_IncompatibleKeys.$d.__repr__;
T_IncompatibleKeys.$d.__repr__ = new PyBuiltin(
  "__repr__(self, /)",
  (s: PyTuple) =>
    s.items.every((l: any[]) => l.length === 0) ? "<All keys matched successfully>" : callPython(tupleRepr, s),
  true,
);

/** A state_dict: an OrderedDict of detached tensors, in PyTorch's key order. */
function stateDictOf(m: Module, prefix: string, keepVars: boolean): PyDict {
  const d = new PyDict();
  d.$cls = T_OrderedDict;
  for (const [k, v] of m.stateDict(prefix)) d.set(k, keepVars ? v : v.view(v.shape, v.strides, v.offset));
  return d;
}

/** Module.to's arguments: a device, a dtype, a tensor (both), or keywords. */
function moduleToArgs(args: any[], kw: Record<string, any>): [DType | undefined, Device | undefined] {
  let dtype = argDType(kw.dtype ?? null);
  let device = argDevice(kw.device ?? null);
  for (const x of args) {
    if (x instanceof PyDType) dtype = x.dtype;
    else if (x instanceof Tensor) [dtype, device] = [x.dtype, x.device];
    else if (typeof x === "string" || x instanceof PyDevice || typeof x === "number") device = argDevice(x);
    else if (x !== null) throw pyError("TypeError", "to() received an invalid combination of arguments");
  }
  if (dtype !== undefined && !isFloating(dtype)) {
    throw pyError(
      "TypeError",
      `nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${argDTypeName(dtype)}`,
    );
  }
  return [dtype, device];
}

const argDTypeName = (d: DType) => `torch.${d}`;

/** Moves one tensor: floating dtypes convert, every tensor changes device. */
async function moveTensor(t: Tensor, dtype: DType | undefined, device: Device | undefined): Promise<Tensor> {
  let r = t;
  if (dtype !== undefined && isFloating(r.dtype) && r.dtype !== dtype) r = clone(r, dtype);
  if (device !== undefined && device !== r.device) r = Tensor.fromArray(await r.data(), r.shape, r.dtype, device);
  return r;
}

const convertModule = (self: Module, dtype: DType | undefined, device: Device | undefined) =>
  self.applyToTensors((t) => moveTensor(t, dtype, device));

let hookIds = 0;
/** What register_forward_hook returns: `handle.remove()` unregisters. */
class RemovableHandle {
  constructor(readonly hooks: Map<number, any>, readonly id: number) {}
}
const T_RemovableHandle = nativeClass({
  name: "RemovableHandle",
  module: "torch.utils.hooks",
  jsClass: RemovableHandle,
  methods: { remove: ["remove()", (h: RemovableHandle) => void h.hooks.delete(h.id)] },
});

function hookMap(self: Module, kind: "_forwardHooks" | "_forwardPreHooks"): Map<number, any> {
  return ((self as any)[kind] ??= new Map<number, any>());
}

async function callModule(self: Module, args: any[], kwargs: Record<string, any>): Promise<any> {
  // Every forward is a step boundary: dropped GPU storages go back to the pool (an inference loop has
  // no optimizer step to do it) and a CPU far ahead of the GPU waits for it (kernels/webgpu/backlog.ts).
  const settling = atStepBoundary();
  if (settling) await settling;
  const pre: Map<number, any> | undefined = (self as any)._forwardPreHooks;
  if (pre?.size) {
    for (const h of [...pre.values()]) {
      const r = await callPython(h, self, new PyTuple(args));
      if (r !== null && r !== undefined) args = r instanceof PyTuple ? [...r.items] : [r];
    }
  }
  let out = await callPythonKw(getAttr(self, "forward"), args, kwargs);
  const post: Map<number, any> | undefined = (self as any)._forwardHooks;
  if (post?.size) {
    for (const h of [...post.values()]) {
      const r = await callPython(h, self, new PyTuple(args), out);
      if (r !== null && r !== undefined) out = r;
    }
  }
  return out;
}

/** repr with the Python-level extra_repr and children's __repr__ (tsl subclasses may override both). */
async function moduleRepr(self: Module): Promise<string> {
  const extra = await callPython(getAttr(self, "extra_repr"));
  const reprs = new Map<Module, string>();
  for (const m of self._modules.values()) if (m) reprs.set(m, await repr(m));
  return self.repr(String(extra), (m) => reprs.get(m)!);
}

export const T_Module = nativeClass({
  name: "Module",
  module: "torch.nn.modules.module",
  jsClass: Module,
  create: () => new Module(),
  init: ["__init__(*args, **kwargs)", () => null],
  methods: {
    __setattr__: ["__setattr__(name, value)", (self: Module, a) => {
      const v = a.value, name: string = a.name;
      if (v instanceof Parameter) return void self.registerParameter(name, v);
      if (v instanceof Module) return void self.addModule(name, v);
      if (self._parameters.has(name)) {
        if (v === null) return void self.registerParameter(name, null);
        throw pyError(
          "TypeError",
          `cannot assign '${
            v instanceof Tensor ? legacyTypeName(v) : typeOf(v).name
          }' as parameter '${name}' (torch.nn.Parameter or None expected)`,
        );
      }
      if (v === null && self._modules.has(name)) return void self.addModule(name, null);
      if (self._buffers.has(name) && (v === null || v instanceof Tensor)) {
        return void self._buffers.set(name, v);
      }
      return objectSetAttr(self, name, v);
    }],
    __getattr__: ["__getattr__(name)", (self: Module, a) => {
      for (const d of [self._parameters, self._buffers, self._modules] as Map<string, any>[]) {
        if (d.has(a.name)) return d.get(a.name);
      }
      throw pyError("AttributeError", `'${self.typeName()}' object has no attribute '${a.name}'`);
    }],
    __delattr__: ["__delattr__(name)", (self: Module, a) => {
      for (const d of [self._parameters, self._buffers, self._modules] as Map<string, any>[]) {
        if (d.delete(a.name)) return;
      }
      const ns = (self as any).$d;
      if (ns && Object.prototype.hasOwnProperty.call(ns, a.name)) return void delete ns[a.name];
      throw pyError("AttributeError", a.name);
    }],
    __call__: [
      "__call__(*args, **kwargs)",
      (self: Module, a) => callModule(self, a.args, Object.fromEntries(a.kwargs)),
    ],
    forward: ["forward(*args)", (self: Module, a) => self.forward(...a.args)],
    __repr__: ["__repr__()", (self: Module) => moduleRepr(self)],
    extra_repr: ["extra_repr()", (self: Module) => self.extraRepr()],
    parameters: ["parameters(recurse=True)", (self: Module, a) => self.parameters(!!a.recurse)],
    named_parameters: [
      "named_parameters(prefix='', recurse=True)",
      (self: Module, a) => named(self.namedParameters(a.prefix, !!a.recurse)),
    ],
    buffers: ["buffers(recurse=True)", (self: Module, a) => self.buffers(!!a.recurse)],
    named_buffers: [
      "named_buffers(prefix='', recurse=True)",
      (self: Module, a) => named(self.namedBuffers(a.prefix, !!a.recurse)),
    ],
    children: ["children()", (self: Module) => self.children()],
    named_children: ["named_children()", (self: Module) => named(self.namedChildren())],
    modules: ["modules()", (self: Module) => self.modules()],
    named_modules: ["named_modules(memo=None, prefix='')", (self: Module, a) => named(self.namedModules(a.prefix))],
    get_submodule: ["get_submodule(target)", (self: Module, a) => {
      let m: Module = self;
      for (const part of String(a.target).split(".").filter(Boolean)) {
        const next = m._modules.get(part);
        if (!next) throw pyError("AttributeError", `${m.typeName()} has no attribute \`${part}\``);
        m = next;
      }
      return m;
    }],
    apply: ["apply(fn)", async (self: Module, a) => {
      const visit = async (m: Module): Promise<void> => {
        for (const c of m.children()) await visit(c);
        await callPython(a.fn, m);
      };
      await visit(self);
      return self;
    }],
    zero_grad: ["zero_grad(set_to_none=False)", (self: Module, a) => self.zeroGrad(!!a.set_to_none)],
    train: ["train(mode=True)", (self: Module, a) => self.train(!!a.mode)],
    eval: ["eval()", (self: Module) => self.eval()],
    requires_grad_: ["requires_grad_(requires_grad=True)", (self: Module, a) => self.requiresGrad_(!!a.requires_grad)],
    to: ["to(*args, **kwargs)", (self: Module, a) => {
      const [dtype, device] = moduleToArgs(a.args, Object.fromEntries(a.kwargs));
      return convertModule(self, dtype, device);
    }],
    cpu: ["cpu()", (self: Module) => convertModule(self, undefined, argDevice("cpu"))],
    cuda: ["cuda(device=None)", (self: Module) => convertModule(self, undefined, argDevice("cuda"))],
    float: ["float()", (self: Module) => convertModule(self, "float32", undefined)],
    double: ["double()", (self: Module) => convertModule(self, "float64", undefined)],
    register_parameter: [
      "register_parameter(name, param)",
      (self: Module, a) => self.registerParameter(a.name, a.param),
    ],
    register_buffer: [
      "register_buffer(name, tensor, persistent=True)",
      (self: Module, a) => {
        if (a.tensor !== null && !(a.tensor instanceof Tensor)) {
          throw pyError(
            "TypeError",
            `cannot assign '${
              a.tensor?.$cls?.name ?? typeof a.tensor
            }' object to buffer '${a.name}' (torch Tensor or None required)`,
          );
        }
        self.registerBuffer(a.name, a.tensor, !!a.persistent);
      },
    ],
    add_module: ["add_module(name, module)", (self: Module, a) => self.addModule(checkedModuleName(a), a.module)],
    register_module: [
      "register_module(name, module)",
      (self: Module, a) => self.addModule(checkedModuleName(a), a.module),
    ],
    register_forward_hook: ["register_forward_hook(hook)", (self: Module, a) => {
      const hooks = hookMap(self, "_forwardHooks");
      hooks.set(++hookIds, a.hook);
      return new RemovableHandle(hooks, hookIds);
    }],
    register_forward_pre_hook: ["register_forward_pre_hook(hook)", (self: Module, a) => {
      const hooks = hookMap(self, "_forwardPreHooks");
      hooks.set(++hookIds, a.hook);
      return new RemovableHandle(hooks, hookIds);
    }],
    state_dict: [
      "state_dict(*args, destination=None, prefix='', keep_vars=False)",
      (self: Module, a) => stateDictOf(self, String(a.prefix), !!a.keep_vars),
    ],
    load_state_dict: ["load_state_dict(state_dict, strict=True)", async (self: Module, a) => {
      const src = new Map<string, Tensor>();
      if (!(a.state_dict instanceof PyDict)) {
        throw pyError("TypeError", `Expected state_dict to be dict-like, got ${typeOf(a.state_dict).name}.`);
      }
      for (const [k, v] of a.state_dict.map) {
        if (v instanceof Tensor) src.set(String(a.state_dict.origKey(k)), v);
      }
      const r = await self.loadStateDict(
        src,
        !!a.strict,
        (s, d) => s.device === d.device ? s : moveTensor(s, undefined, d.device),
      );
      return T_IncompatibleKeys.make!(T_IncompatibleKeys, [r.missingKeys, r.unexpectedKeys], null);
    }],
  },
  properties: {
    training: { get: (s: Module) => s.training, set: (s: Module, v) => void (s.training = !!v) },
  },
});

export { T_RemovableHandle };

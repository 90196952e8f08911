// torch.nn container bindings: Sequential, ModuleList, ModuleDict, and DataParallel, over
// runtime/nn/containers.ts and data_parallel.ts. Forward passes go through Python calls so that
// tsl-defined submodules run their own forward.

import { argInt, callPythonKw, nativeClass, PyDict, pyError, PyTuple, toArray, typeOf } from "../runtime/binding.ts";
import { PySlice } from "../runtime/slices.ts";
import { Module } from "../../runtime/nn/module.ts";
import { ModuleDict, ModuleList, Sequential } from "../../runtime/nn/containers.ts";
import { DataParallel } from "../../runtime/nn/data_parallel.ts";
import { T_Module } from "./nn_module.ts";
import { argModule } from "./nn_args.ts";

/** `x` drained into an array (a Python iterable), then `f` of it. */
const withItems = <T>(x: any, f: (items: any[]) => T): T | Promise<T> => {
  const items = toArray(x);
  return items instanceof Promise ? items.then(f) : f(items);
};

/** A slice's positions via Python's own slice arithmetic. */
function slicePositions(s: PySlice, n: number): number[] {
  const [start, stop, step] = s.indices(n);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/**
 * isinstance(x, collections.OrderedDict), by the class's name along the MRO: importing the class
 * here would create it before the dict type is set up.
 */
const isOrderedDict = (x: any): x is PyDict =>
  x instanceof PyDict && typeOf(x).mro.some((t) => t.name === "OrderedDict" && t.module === "collections");

const index = (x: any, cls: string) => argInt(x, cls, "idx");

const T_Sequential = nativeClass({
  name: "Sequential",
  module: "torch.nn.modules.container",
  jsClass: Sequential,
  base: T_Module,
  create: () => new Sequential(),
  init: ["__init__(*args)", (self: Sequential, a) => {
    if (a.args.length === 1 && isOrderedDict(a.args[0])) {
      const d = a.args[0] as PyDict;
      for (const [nk, m] of d.map) self.addModule(String(d.origKey(nk)), argModule(m));
      return;
    }
    a.args.forEach((m: any, i: number) => self.addModule(String(i), argModule(m)));
  }],
  methods: {
    forward: ["forward(input)", async (self: Sequential, a) => {
      let x = a.input;
      for (const m of self._modules.values()) x = await callPythonKw(m, [x], {});
      return x;
    }],
    __getitem__: ["__getitem__(idx)", (self: Sequential, a) => {
      if (!(a.idx instanceof PySlice)) return self.get(index(a.idx, "Sequential"));
      const all = self.entries();
      return Sequential.fromEntries(slicePositions(a.idx, all.length).map((i) => all[i]));
    }],
    __setitem__: ["__setitem__(idx, module)", (self: Sequential, a) => {
      self.set(index(a.idx, "Sequential"), argModule(a.module));
    }],
    __delitem__: ["__delitem__(idx)", (self: Sequential, a) => {
      if (a.idx instanceof PySlice) self.deletePositions(slicePositions(a.idx, self.length));
      else self.delete(index(a.idx, "Sequential"));
    }],
    __len__: ["__len__()", (self: Sequential) => self.length],
    __iter__: ["__iter__()", (self: Sequential) => self.values()],
    __add__: ["__add__(other)", (self: Sequential, a) => {
      if (!(a.other instanceof Sequential)) {
        throw pyError(
          "ValueError",
          `add operator supports only objects of Sequential class, but <class '${typeOf(a.other).name}'> is given.`,
        );
      }
      return self.concat(a.other);
    }],
    append: ["append(module)", (self: Sequential, a) => self.append(argModule(a.module))],
    insert: ["insert(index, module)", (self: Sequential, a) => {
      if (!(a.module instanceof Module)) {
        throw pyError("AssertionError", "module should be of type: <class 'torch.nn.modules.module.Module'>");
      }
      return self.insert(argInt(a.index, "insert", "index"), a.module);
    }],
    extend: ["extend(sequential)", (self: Sequential, a) =>
      withItems(a.sequential, (items) => {
        items.forEach((m) => self.append(argModule(m)));
        return self;
      })],
    pop: ["pop(key)", (self: Sequential, a) => self.pop(index(a.key, "Sequential"))],
  },
});

const T_ModuleList = nativeClass({
  name: "ModuleList",
  module: "torch.nn.modules.container",
  jsClass: ModuleList,
  base: T_Module,
  create: () => new ModuleList(),
  init: ["__init__(modules=None)", (self: ModuleList, a) => {
    if (a.modules === null) return;
    return withItems(a.modules, (items) => void self.extend(items.map(argModule)));
  }],
  methods: {
    __getitem__: ["__getitem__(idx)", (self: ModuleList, a) => {
      if (!(a.idx instanceof PySlice)) return self.get(index(a.idx, "ModuleList"));
      const all = self.values();
      return new ModuleList(slicePositions(a.idx, all.length).map((i) => all[i]));
    }],
    __setitem__: ["__setitem__(idx, module)", (self: ModuleList, a) => {
      self.set(index(a.idx, "ModuleList"), argModule(a.module));
    }],
    __delitem__: ["__delitem__(idx)", (self: ModuleList, a) => {
      if (a.idx instanceof PySlice) self.deletePositions(slicePositions(a.idx, self.length));
      else self.delete(index(a.idx, "ModuleList"));
    }],
    __len__: ["__len__()", (self: ModuleList) => self.length],
    __iter__: ["__iter__()", (self: ModuleList) => self.values()],
    __iadd__: ["__iadd__(modules)", (self: ModuleList, a) => extendList(self, a.modules)],
    __add__: [
      "__add__(other)",
      (self: ModuleList, a) => withItems(a.other, (items) => self.concat(items.map(argModule))),
    ],
    append: ["append(module)", (self: ModuleList, a) => self.append(argModule(a.module))],
    extend: ["extend(modules)", (self: ModuleList, a) => extendList(self, a.modules)],
    insert: ["insert(index, module)", (self: ModuleList, a) => {
      self.insert(argInt(a.index, "insert", "index"), argModule(a.module));
    }],
    pop: ["pop(key)", (self: ModuleList, a) => self.pop(index(a.key, "ModuleList"))],
  },
});

function extendList(self: ModuleList, modules: any) {
  if (typeOf(modules).lookup("__iter__") === undefined) {
    throw pyError(
      "TypeError",
      `ModuleList.extend should be called with an iterable, but got ${typeOf(modules).name}`,
    );
  }
  return withItems(modules, (items) => self.extend(items.map(argModule)));
}

/** ModuleDict.update: a mapping's items, or an iterable of (key, module) pairs. */
function updateDict(self: ModuleDict, modules: any) {
  if (modules instanceof PyDict) {
    for (const [nk, m] of modules.map) self.set(String(modules.origKey(nk)), argModule(m));
    return;
  }
  if (modules instanceof ModuleDict) return self.update(modules.items());
  if (typeOf(modules).lookup("__iter__") === undefined) {
    throw pyError(
      "TypeError",
      `ModuleDict.update should be called with an iterable of key/value pairs, but got ${typeOf(modules).name}`,
    );
  }
  return withItems(modules, (items) =>
    items.forEach((m, j) => {
      const pair = Array.isArray(m) ? m : m instanceof PyTuple ? m.items : null;
      if (!pair) {
        throw pyError("TypeError", `ModuleDict update sequence element #${j} should be Iterable; is${typeOf(m).name}`);
      }
      if (pair.length !== 2) {
        throw pyError(
          "ValueError",
          `ModuleDict update sequence element #${j} has length ${pair.length}; 2 is required`,
        );
      }
      self.set(String(pair[0]), argModule(pair[1]));
    }));
}

const dictKey = (x: any): string => {
  if (typeof x !== "string") {
    throw pyError("TypeError", `module name should be a string. Got ${typeOf(x).name}`);
  }
  return x;
};

const T_ModuleDict = nativeClass({
  name: "ModuleDict",
  module: "torch.nn.modules.container",
  jsClass: ModuleDict,
  base: T_Module,
  create: () => new ModuleDict(),
  init: ["__init__(modules=None)", (self: ModuleDict, a) => (a.modules === null ? null : updateDict(self, a.modules))],
  methods: {
    __getitem__: ["__getitem__(key)", (self: ModuleDict, a) => self.get(a.key)],
    __setitem__: ["__setitem__(key, module)", (self: ModuleDict, a) => self.set(dictKey(a.key), argModule(a.module))],
    __delitem__: ["__delitem__(key)", (self: ModuleDict, a) => self.delete(a.key)],
    __len__: ["__len__()", (self: ModuleDict) => self.size],
    __iter__: ["__iter__()", (self: ModuleDict) => self.keys()],
    __contains__: ["__contains__(key)", (self: ModuleDict, a) => self.has(a.key)],
    clear: ["clear()", (self: ModuleDict) => self.clear()],
    pop: ["pop(key)", (self: ModuleDict, a) => self.pop(a.key)],
    keys: ["keys()", (self: ModuleDict) => self.keys()],
    values: ["values()", (self: ModuleDict) => self.values()],
    items: ["items()", (self: ModuleDict) => self.items().map((e) => new PyTuple(e))],
    update: ["update(modules)", (self: ModuleDict, a) => updateDict(self, a.modules)],
  },
});

const T_DataParallel = nativeClass({
  name: "DataParallel",
  module: "torch.nn.parallel.data_parallel",
  jsClass: DataParallel,
  base: T_Module,
  create: () => Object.create(DataParallel.prototype),
  init: ["__init__(module, device_ids=None, output_device=None, dim=0)", (self: DataParallel, a) => {
    Object.assign(self, new DataParallel(argModule(a.module), argInt(a.dim, "DataParallel", "dim")));
  }],
  methods: {
    forward: [
      "forward(*inputs, **kwargs)",
      (self: DataParallel, a) => callPythonKw(self.module, a.inputs, Object.fromEntries(a.kwargs)),
    ],
  },
  properties: {
    device_ids: { get: (s: DataParallel) => [...s.deviceIds] },
    output_device: { get: () => null },
    dim: { get: (s: DataParallel) => s.dim },
  },
});

/** The container classes of torch.nn (and DataParallel). */
export const containerClasses = (): Record<string, unknown> => ({
  Sequential: T_Sequential,
  ModuleList: T_ModuleList,
  ModuleDict: T_ModuleDict,
  DataParallel: T_DataParallel,
});

// torch.Size (a tuple subclass) and torch.return_types (values, indices) tuples.

import { nativeClass, PyTuple, repr, T_tuple } from "../runtime/binding.ts";
import { PySlice, sliceArray } from "../runtime/slices.ts";
import { toIndex as intIndex } from "../runtime/convert.ts";
import { pyErr } from "../runtime/exceptions.ts";
import { sizeStr } from "../../runtime/print/tensor_str.ts";
import type { Tensor } from "../../runtime/tensor.ts";

export const T_Size = nativeClass({
  name: "Size",
  module: "torch",
  base: T_tuple,
  create: (cls) => {
    const t = new PyTuple([]);
    t.$cls = cls;
    return t;
  },
  init: ["__init__(sizes=())", (self: any, a) => {
    const s = a.sizes;
    self.items = Array.isArray(s) ? [...s] : s instanceof PyTuple ? [...s.items] : [];
  }],
  methods: {
    __repr__: ["__repr__()", (self: PyTuple) => sizeStr(self.items as number[])],
    __getitem__: ["__getitem__(i)", (self: PyTuple, a) => {
      if (a.i instanceof PySlice) return makeSize(sliceArray(self.items, a.i));
      let i = intIndex(a.i);
      if (i < 0) i += self.items.length;
      if (i < 0 || i >= self.items.length) throw pyErr("IndexError", "tuple index out of range");
      return self.items[i];
    }],
    numel: ["numel()", (self: PyTuple) => (self.items as number[]).reduce((p, x) => p * x, 1)],
  },
});

export function makeSize(shape: readonly number[]): PyTuple {
  const t = new PyTuple([...shape]);
  t.$cls = T_Size;
  return t;
}

function returnType(name: string) {
  return nativeClass({
    name,
    module: "torch.return_types",
    base: T_tuple,
    methods: {
      __repr__: ["__repr__()", async (self: PyTuple) => {
        const v = await repr(self.items[0]);
        const i = await repr(self.items[1]);
        return `torch.return_types.${name}(\nvalues=${v},\nindices=${i})`;
      }],
    },
    properties: {
      values: { get: (self: PyTuple) => self.items[0] },
      indices: { get: (self: PyTuple) => self.items[1] },
    },
  });
}

const returnTypes = new Map<string, any>();

/** A torch.return_types.NAME(values, indices) tuple. */
export function valuesIndices(name: string, values: Tensor, indices: Tensor): PyTuple {
  let t = returnTypes.get(name);
  if (!t) returnTypes.set(name, t = returnType(name));
  const tup = new PyTuple([values, indices]);
  tup.$cls = t;
  return tup;
}

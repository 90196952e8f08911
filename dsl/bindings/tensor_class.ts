// torch.Tensor: the runtime Tensor class exposed to Python (dunders, properties, printing).

import { argInt, type Args, nativeClass, pyError, PyTuple, T_tuple } from "../runtime/binding.ts";
import { addressOf } from "../runtime/repr.ts";
import { formatFloat, formatInt } from "../runtime/format_spec.ts";
import { NotImplemented, PyFloat } from "../runtime/values.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { isFloating } from "../../runtime/dtype.ts";
import { defaultDevice } from "../../runtime/device.ts";
import { tensorStr } from "../../runtime/print/tensor_str.ts";
import { Node } from "../../runtime/autograd/node.ts";
import * as B from "../../runtime/ops/binary.ts";
import * as C from "../../runtime/ops/compare.ts";
import { neg } from "../../runtime/ops/unary.ts";
import { pow } from "../../runtime/ops/pow.ts";
import { matmul } from "../../runtime/ops/linalg.ts";
import { getitem, setitem } from "../../runtime/ops/indexing.ts";
import { select } from "../../runtime/ops/slicing.ts";
import { bitwise_and, bitwise_not, bitwise_or, bitwise_xor, logical_not } from "../../runtime/ops/logical.ts";
import { type Operand, scalarTensor } from "../../runtime/ops/scalar.ts";
import { indexHostTensors, itemOf, toIndex, toOperand } from "./convert.ts";
import { withHostReads } from "../../runtime/ops/host_read.ts";
import { SHARED, type Table } from "./shared_ops.ts";
import { TENSOR_METHODS, TENSOR_PROPERTIES } from "./tensor_methods.ts";

/** repr(tensor) exactly as PyTorch prints it. */
export async function tensorRepr(t: Tensor): Promise<string> {
  const suffixes: string[] = [];
  if (t.device !== defaultDevice()) suffixes.push(`device='${t.device}'`);
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  const values = await t.data();
  return tensorStr({ values, shape: t.shape, dtype: t.dtype, suffixes });
}

type BinOp = (a: Operand, b: Operand) => Tensor;

function binary(f: BinOp, reflected = false): [string, (s: Tensor, a: Args) => any] {
  return ["op(other)", (s, a) => {
    const o = toOperand(a.other);
    if (o === undefined) return NotImplemented;
    return reflected ? f(o, s) : f(s, o);
  }];
}

function inplace(f: BinOp): [string, (s: Tensor, a: Args) => any] {
  return ["op(other)", (s, a) => {
    const o = toOperand(a.other);
    if (o === undefined) return NotImplemented;
    f(s, o);
    return s;
  }];
}

const outTo = (f: (a: Operand, b: Operand, o: { out?: Tensor }) => Tensor): BinOp => (a, b) =>
  f(a, b, { out: a as Tensor });

async function oneValue(s: Tensor, what: string): Promise<number> {
  if (s.numel !== 1) throw pyError("ValueError", `only one element tensors can be converted to Python scalars`);
  void what;
  return (await s.data())[0];
}

const DUNDERS: Table = {
  __repr__: ["__repr__()", (s) => tensorRepr(s)],
  __add__: binary(B.add),
  __radd__: binary(B.add, true),
  __iadd__: inplace(outTo(B.add)),
  __sub__: binary(B.sub),
  __rsub__: ["__rsub__(other)", (s, a) => {
    const o = toOperand(a.other);
    return o === undefined ? NotImplemented : B.rsub(s, o);
  }],
  __isub__: inplace(outTo(B.sub)),
  __mul__: binary(B.mul),
  __rmul__: binary(B.mul, true),
  __imul__: inplace(outTo(B.mul)),
  __truediv__: binary(B.div),
  __rtruediv__: binary(B.div, true),
  __itruediv__: inplace(outTo(B.div)),
  __floordiv__: binary(B.floor_divide),
  __rfloordiv__: binary(B.floor_divide, true),
  __mod__: binary(B.remainder),
  __rmod__: binary(B.remainder, true),
  __pow__: binary(pow),
  __rpow__: binary(pow, true),
  __ipow__: inplace(outTo(pow)),
  __and__: binary(bitwise_and),
  __or__: binary(bitwise_or),
  __xor__: binary(bitwise_xor),
  __rand__: binary(bitwise_and, true),
  __ror__: binary(bitwise_or, true),
  __rxor__: binary(bitwise_xor, true),
  __matmul__: ["__matmul__(other)", (s, a) => (a.other instanceof Tensor ? matmul(s, a.other) : NotImplemented)],
  __rmatmul__: ["__rmatmul__(other)", (s, a) => (a.other instanceof Tensor ? matmul(a.other, s) : NotImplemented)],
  __eq__: binary(C.eq),
  __ne__: binary(C.ne),
  __lt__: binary(C.lt),
  __le__: binary(C.le),
  __gt__: binary(C.gt),
  __ge__: binary(C.ge),
  __neg__: ["__neg__()", (s) => neg(s)],
  __pos__: ["__pos__()", (s) => s],
  __abs__: ["__abs__()", (s) => SHARED.abs[1](s, {})],
  __invert__: ["__invert__()", (s) => (s.dtype === "bool" ? logical_not(s) : bitwise_not(s))],
  __hash__: ["__hash__()", (s) => Number.parseInt(addressOf(s).slice(2), 16)],
  __getitem__: [
    "__getitem__(index)",
    (s, a) => withHostReads(indexHostTensors(a.index), () => getitem(s, toIndex(a.index))),
  ],
  __setitem__: ["__setitem__(index, value)", (s, a) => {
    const v = toOperand(a.value);
    if (v === undefined) {
      throw pyError(
        "TypeError",
        "can't assign a " + (a.value?.$cls?.name ?? typeof a.value) + " to a torch.FloatTensor",
      );
    }
    return withHostReads(indexHostTensors(a.index, v), () => setitem(s, toIndex(a.index), v));
  }],
  __len__: ["__len__()", (s) => {
    if (s.ndim === 0) throw pyError("TypeError", "len() of a 0-d tensor");
    return s.shape[0];
  }],
  __iter__: ["__iter__()", (s) => {
    if (s.ndim === 0) throw pyError("TypeError", "iteration over a 0-d tensor");
    return Array.from({ length: s.shape[0] }, (_, i) => select(s, 0, i));
  }],
  __bool__: ["__bool__()", async (s) => {
    if (s.numel !== 1) {
      throw pyError("RuntimeError", `Boolean value of Tensor with more than one value is ambiguous`);
    }
    return (await s.data())[0] !== 0;
  }],
  __index__: ["__index__()", (s) => {
    if (isFloating(s.dtype) || s.numel !== 1) {
      throw pyError("TypeError", "only integer tensors of a single element can be converted to an index");
    }
    // A CPU tensor answers synchronously, so natives that need an int at once (slices, range) take it.
    if (s.storage.backend.readSync(s.storage)) return s.dataSync()[0];
    return s.data().then((d) => d[0]);
  }],
  __int__: ["__int__()", async (s) => Math.trunc(await oneValue(s, "int"))],
  __float__: ["__float__()", async (s) => new PyFloat(await oneValue(s, "float"))],
  __format__: ["__format__(spec)", async (s, a) => {
    if (s.ndim !== 0) {
      if (a.spec === "") return await tensorRepr(s);
      throw pyError("TypeError", "unsupported format string passed to Tensor.__format__");
    }
    const v = await itemOf(s);
    if (v instanceof PyFloat) return formatFloat(v.v, a.spec);
    if (typeof v === "boolean") return a.spec === "" ? (v ? "True" : "False") : formatInt(+v, a.spec);
    return formatInt(v, a.spec);
  }],
};

export const T_Tensor = nativeClass({
  name: "Tensor",
  module: "torch",
  jsClass: Tensor,
  create: () => scalarTensor(0, true),
  methods: { ...SHARED, ...TENSOR_METHODS, ...DUNDERS },
  properties: TENSOR_PROPERTIES,
});

const CPP_NODES = new Set(["AccumulateGrad", "CopySlices", "CopyBackwards"]);

/** grad_fn objects: `<AddBackward0 object at 0x...>`. */
export const T_Node = nativeClass({
  name: "Node",
  module: "torch.autograd.graph",
  jsClass: Node,
  methods: {
    __repr__: ["__repr__()", (s: Node) => `<${s.name} object at ${addressOf(s)}>`],
    // PyTorch's name() spells the C++-only nodes with their namespace; repr does not.
    name: ["name()", (s: Node) => (CPP_NODES.has(s.name) ? `torch::autograd::${s.name}` : s.name)],
  },
  properties: {
    next_functions: {
      get: (s: Node) => new PyTuple(s.nextFunctions.map(([n, i]) => new PyTuple([n, i]))),
    },
    variable: { get: (s: any) => s.variable ?? null },
  },
});

export { argInt, T_tuple };

// Argument conversions shared by the torch.nn layer bindings, and the factory that declares a
// layer's Python class over its runtime class.

import { argFloat, argInt, argIntList, type Args, nativeClass, pyError, PyTuple, typeOf } from "../runtime/binding.ts";
import { PyFloat } from "../runtime/values.ts";
import { floatRepr } from "../runtime/repr.ts";
import { Module } from "../../runtime/nn/module.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { T_Module } from "./nn_module.ts";

/** An int, or a tuple/list of ints (kept as a list), as kernel sizes and strides are given. */
export function argIntOrTuple(x: any, fname: string, name: string): number | number[] {
  if (Array.isArray(x) || x instanceof PyTuple) return argIntList(x, fname, name);
  return argInt(x, fname, name);
}

/** Like argIntOrTuple; None stays null. */
export const argOptIntOrTuple = (x: any, fname: string, name: string): number | number[] | null =>
  x === null ? null : argIntOrTuple(x, fname, name);

/** An output size: an int, or a tuple of ints and Nones. */
export function argOutputSize(x: any, fname: string): number | (number | null)[] {
  if (Array.isArray(x) || x instanceof PyTuple) {
    return (Array.isArray(x) ? x : x.items).map((v: any) => (v === null ? null : argInt(v, fname, "output_size")));
  }
  return argInt(x, fname, "output_size");
}

/** A runtime value for Python: arrays become tuples (so `conv.kernel_size` is `(3, 3)`). */
export function toPy(v: any): any {
  if (Array.isArray(v)) return new PyTuple(v.map(toPy));
  return v === undefined ? null : v;
}

/** A float hyperparameter and its Python repr (an int stays an int: Dropout(0) shows p=0). */
export function argFloatWithRepr(x: any, fname: string, name: string): [number, string] {
  const v = argFloat(x, fname, name);
  return [v, x instanceof PyFloat ? floatRepr(v) : typeof x === "boolean" ? (x ? "True" : "False") : String(v)];
}

/** PyTorch's `float` params print as floats even when given an int (norm_type=2.0). */
export const pyFloatOf = (v: number | null): any => (v === null ? null : new PyFloat(v));

export interface LayerSpec<M extends Module> {
  name: string;
  module: string;
  jsClass: abstract new (...args: any[]) => M;
  /** __init__'s signature (without self). */
  signature: string;
  /** Builds the runtime module from the bound arguments. */
  make: (a: Args) => M;
  /** Read-only Python attributes computed from the runtime module. */
  attrs?: Record<string, (m: M) => any>;
  /** forward's signature; the default takes one input. */
  forward?: [string, (self: M, a: Args) => any];
  /** The functional PyTorch's forward calls, as its argument errors name it (default: the lowercased class name). */
  functional?: string;
}

/** forward(input) of a one-tensor layer, with PyTorch's error (naming its functional) for anything else. */
export function tensorForward(functional: string): [string, (self: Module, a: Args) => any] {
  return ["forward(input)", (self: Module, a: Args) => {
    if (!(a.input instanceof Tensor)) {
      throw pyError(
        "TypeError",
        `${functional}(): argument 'input' (position 1) must be Tensor, not ${typeOf(a.input).name}`,
      );
    }
    return toPy(self.forward(a.input));
  }];
}

/**
 * A torch.nn layer class: __init__ builds the runtime module into `self` (so tsl subclasses work),
 * forward calls the runtime forward and returns pairs as tuples.
 */
export function layerClass<M extends Module>(spec: LayerSpec<M>) {
  const proto = spec.jsClass.prototype;
  return nativeClass({
    name: spec.name,
    module: spec.module,
    jsClass: spec.jsClass,
    base: T_Module,
    create: () => Object.create(proto),
    init: [spec.signature, (self: M, a) => void Object.assign(self, spec.make(a))],
    methods: {
      forward: spec.forward ?? tensorForward(spec.functional ?? spec.name.toLowerCase()),
    },
    properties: Object.fromEntries(
      Object.entries(spec.attrs ?? {}).map(([k, get]) => [k, { get: (s: M) => toPy(get(s)) }]),
    ),
  });
}

/** A module argument (None allowed, as add_module allows it); add_module's TypeError otherwise. */
export function argModule(x: any): Module {
  if (x instanceof Module || x === null) return x;
  throw pyError("TypeError", `${typeOf(x).name} is not a Module subclass`);
}

// Reading values out to the host: item() and tolist(). Values come back as JS numbers (bool
// tensors as booleans); the binding makes Python ints or floats of them from the tensor's dtype.

import { valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { hostData } from "./host_read.ts";

export type NestedList = number | boolean | NestedList[];

/** `t.item()`: the value of a one-element tensor (PyTorch 1.13's Python message otherwise). */
export function item(t: Tensor): number | boolean {
  if (t.numel !== 1) throw valueError("only one element tensors can be converted to Python scalars");
  const v = hostData(t)[0];
  return t.dtype === "bool" ? v !== 0 : v;
}

/** `t.tolist()`: nested arrays following the shape; a 0-d tensor gives its value. */
export function tolist(t: Tensor): NestedList {
  const data = hostData(t);
  const asValue = t.dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  if (t.ndim === 0) return asValue(data[0]);
  let pos = 0;
  const build = (dim: number): NestedList[] => {
    const n = t.shape[dim];
    const out = new Array<NestedList>(n);
    for (let i = 0; i < n; i++) out[i] = dim === t.ndim - 1 ? asValue(data[pos++]) : build(dim + 1);
    return out;
  };
  return build(0);
}

// Python values <-> runtime values: scalars as operands, index expressions, nested data, items.

import { Ellipsis, PyFloat, PyTuple } from "../runtime/values.ts";
import { PySlice } from "../runtime/slices.ts";
import { argInt, pyError, pyFloat as pyFloatValue, typeOf } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { isFloating } from "../../runtime/dtype.ts";
import { type Operand, pyFloat, pyInt, type Scalar } from "../../runtime/ops/scalar.ts";
import type { Index, IndexComponent } from "../../runtime/ops/indexing.ts";
import type { NestedData } from "../../runtime/ops/tensor_data.ts";
import { hostData, needsAsyncRead, withHostReads } from "../../runtime/ops/host_read.ts";
import { LazyFloat, resolveAll } from "../runtime/lazy_float.ts";

/** A Python number as a runtime Scalar, or undefined when x is not a number. */
export function toScalar(x: any): Scalar | undefined {
  if (x instanceof PyFloat) return pyFloat(x.v);
  if (x instanceof LazyFloat && x.value !== undefined) return pyFloat(x.value);
  if (typeof x === "number") return pyInt(x);
  if (typeof x === "boolean") return x;
  if (typeof x === "bigint") return pyInt(Number(x));
  return undefined;
}

/** A tensor or Python number as an op operand, or undefined. */
export function toOperand(x: any): Operand | undefined {
  if (x instanceof Tensor) return x;
  return toScalar(x);
}

/** An operand argument; TypeError when it is neither a tensor nor a number. */
export function argOperand(x: any, fname: string, name = "other"): Operand {
  const o = toOperand(x);
  if (o === undefined) {
    throw pyError("TypeError", `${fname}(): argument '${name}' must be Tensor, not ${typeOf(x).name}`);
  }
  return o;
}

export function argTensor(x: any, fname: string, name = "input"): Tensor {
  if (x instanceof Tensor) return x;
  throw pyError("TypeError", `${fname}(): argument '${name}' (position 1) must be Tensor, not ${typeOf(x).name}`);
}

/** A scalar argument (number), TypeError otherwise. */
export function argScalar(x: any, fname: string, name: string): Scalar {
  const s = toScalar(x);
  if (s === undefined) {
    throw pyError("TypeError", `${fname}(): argument '${name}' must be Number, not ${typeOf(x).name}`);
  }
  return s;
}

/** A Python index expression as a runtime Index. */
export function toIndex(x: any): Index {
  if (x instanceof PyTuple) return { items: x.items.map(toComponent) };
  return toComponent(x);
}

/**
 * The tensors of a Python index whose values the indexing reads on the host (masks, one-element
 * tensors, slice bounds), on a device that is read asynchronously (see host_read.ts).
 */
export function indexHostTensors(x: any, value?: any): Tensor[] {
  const out: Tensor[] = [];
  const visit = (c: any, nested: boolean) => {
    if (needsAsyncRead(c)) {
      if (nested ? c.numel === 1 : c.dtype === "bool" || c.dtype === "uint8" || c.ndim === 0) out.push(c);
    } else if (c instanceof PyTuple) c.items.forEach((i) => visit(i, nested));
    else if (Array.isArray(c)) c.forEach((i) => visit(i, true));
    else if (c instanceof PySlice) [c.start, c.stop, c.step].forEach((i) => visit(i, true));
  };
  visit(x, false);
  if (needsAsyncRead(value) && value.numel === 1) out.push(value);
  return out;
}

function toComponent(x: any): IndexComponent {
  if (x === null || typeof x === "boolean" || typeof x === "number") return x;
  if (typeof x === "bigint") return Number(x);
  if (x === Ellipsis) return "...";
  if (x instanceof Tensor) return x;
  if (x instanceof PySlice) {
    const f = (
      v: any,
    ) => (v === null ? null : v instanceof Tensor ? Number(hostData(v)[0]) : argInt(v, "slice", "index"));
    return { start: f(x.start), stop: f(x.stop), step: f(x.step) };
  }
  if (Array.isArray(x)) return x.map(toListItem) as any;
  if (x instanceof PyTuple) return x.items.map(toListItem) as any;
  const t = typeOf(x);
  if (t.lookup("__index__") !== undefined) return argInt(x, "index", "index");
  // PyTorch takes a str index for a sequence and fails building a tensor of it.
  if (typeof x === "string") throw pyError("TypeError", "new(): invalid data type 'str'");
  throw pyError(
    "IndexError",
    "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got " +
      t.name + ")",
  );
}

function toListItem(x: any): any {
  if (Array.isArray(x)) return x.map(toListItem);
  if (x instanceof PyTuple) return x.items.map(toListItem);
  if (x instanceof Tensor) return x.numel === 1 ? Number(hostData(x)[0]) : x;
  if (typeof x === "number" || typeof x === "boolean") return x;
  return argInt(x, "index", "index");
}

/** Python data (nested lists/tuples of numbers or tensors) for torch.tensor. */
export function toNested(x: any): NestedData {
  if (x instanceof Tensor) return x;
  if (Array.isArray(x)) return x.map(toNested);
  if (x instanceof PyTuple) return x.items.map(toNested);
  const s = toScalar(x);
  if (s !== undefined) return s;
  throw pyError("TypeError", `new(): invalid data type '${typeOf(x).name}'`);
}

/**
 * Runs `fn` on Python data as NestedData once its values can be read on the host: lazy floats
 * resolved, tensors on another device read (all together). Synchronous when nothing must be read.
 */
export function withNestedData<T>(x: any, fn: (data: NestedData) => T): T | Promise<T> {
  const lazies: LazyFloat[] = [];
  const remote: Tensor[] = [];
  const visit = (v: any) => {
    if (v instanceof LazyFloat) lazies.push(v);
    else if (needsAsyncRead(v)) remote.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v instanceof PyTuple) v.items.forEach(visit);
  };
  visit(x);
  if (lazies.length === 0 && remote.length === 0) return fn(toNested(x));
  return (async () => {
    await resolveAll(lazies);
    return await withHostReads(remote, () => fn(toNested(x)));
  })();
}

/** A JS value read from a tensor of `floating` kind as a Python number. */
export function pyNumber(v: number | boolean, floating: boolean): any {
  if (typeof v === "boolean") return v;
  return floating ? pyFloatValue(v) : v;
}

/** t.item() as a Python value (async: works on every backend). */
export async function itemOf(t: Tensor): Promise<any> {
  if (t.numel !== 1) throw pyError("ValueError", "only one element tensors can be converted to Python scalars");
  const v = (await t.data())[0];
  if (t.dtype === "bool") return v !== 0;
  return isFloating(t.dtype) ? pyFloatValue(v) : v;
}

/** t.tolist() as Python lists. */
export async function tolistOf(t: Tensor): Promise<any> {
  const data = await t.data();
  const floating = isFloating(t.dtype);
  const conv = t.dtype === "bool"
    ? (v: number) => v !== 0
    : floating
    ? (v: number) => pyFloatValue(v)
    : (v: number) => v;
  if (t.ndim === 0) return conv(data[0]);
  let pos = 0;
  const build = (dim: number): any[] => {
    const n = t.shape[dim];
    const out = new Array<any>(n);
    for (let i = 0; i < n; i++) out[i] = dim === t.ndim - 1 ? conv(data[pos++]) : build(dim + 1);
    return out;
  };
  return build(0);
}

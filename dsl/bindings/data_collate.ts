// default_collate and default_convert over Python values (torch.utils.data._utils.collate, 1.13):
// tensors stacked, ints to an int64 tensor, floats to float64, bools to bool, strings kept as a
// list, dicts key by key, namedtuples as their type, tuples and lists position by position (a
// tuple sample collates to a list, as in PyTorch).

import { builtin, callPython, PyDict, pyError, PyFloat, PyTuple, repr, toArray, typeOf } from "../runtime/binding.ts";
import { T_list } from "../runtime/types.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { collateNumbers, collateTensors, collateTypeError, transpose } from "../../runtime/data/collate.ts";
import { tensor } from "../../runtime/ops/tensor_data.ts";
import { toNested, toScalar } from "./convert.ts";

const isNamedTuple = (x: any) => x instanceof PyTuple && typeOf(x).lookup("_fields") !== undefined;
const isNumber = (x: any) => typeof x === "number" || typeof x === "bigint" || typeof x === "boolean";

function stackAll(batch: any[]): Tensor {
  batch.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw pyError("TypeError", `expected Tensor as element ${i} in argument 0, but got ${typeOf(t).name}`);
    }
  });
  return collateTensors(batch);
}

function dictEntries(d: PyDict): [any, any][] {
  return [...d.map].map(([nk, v]) => [d.origKey(nk), v]);
}

/** default_collate(batch). */
export async function pyDefaultCollate(samples: any[] | PyTuple): Promise<any> {
  const batch = samples instanceof PyTuple ? samples.items : samples;
  const elem = batch[0];
  if (elem instanceof Tensor) return stackAll(batch);
  if (elem instanceof PyFloat) return tensor(toNested(batch), { dtype: "float64" });
  if (isNumber(elem)) {
    return batch.every(isNumber) ? collateNumbers(batch.map((x) => toScalar(x)!)) : tensor(toNested(batch));
  }
  if (typeof elem === "string") return samples;
  if (elem instanceof PyDict) {
    const out = new PyDict();
    for (const [key] of dictEntries(elem)) {
      const column = await Promise.all(batch.map((d) => d.get(key)));
      await out.set(key, await pyDefaultCollate(column));
    }
    return out;
  }
  if (isNamedTuple(elem)) {
    const columns = transpose(batch.map((x: PyTuple) => x.items));
    return await callPython(typeOf(elem), ...await collateEach(columns));
  }
  if (elem instanceof PyTuple || Array.isArray(elem)) {
    const rows = await Promise.all(batch.map(async (x) => [...await toArray(x)]));
    return await collateEach(transpose(rows));
  }
  throw collateTypeError(await repr(typeOf(elem)));
}

/** Collates each column; columns are tuples, as zip() makes them in PyTorch (strings come back so). */
async function collateEach(columns: any[][]): Promise<any[]> {
  const out = [];
  for (const c of columns) out.push(await pyDefaultCollate(new PyTuple(c)));
  return out;
}

/** default_convert(data): containers rebuilt with their elements converted; tuples become lists. */
export async function pyDefaultConvert(data: any): Promise<any> {
  if (data instanceof Tensor) return data;
  if (data instanceof PyDict) {
    const out = new PyDict();
    for (const [k, v] of dictEntries(data)) await out.set(k, await pyDefaultConvert(v));
    return out;
  }
  if (isNamedTuple(data)) return await callPython(typeOf(data), ...await convertEach(data.items));
  if (data instanceof PyTuple) return await convertEach(data.items);
  if (Array.isArray(data) && typeOf(data) === T_list) return await convertEach(data);
  return data;
}

async function convertEach(items: any[]): Promise<any[]> {
  const out = [];
  for (const x of items) out.push(await pyDefaultConvert(x));
  return out;
}

export const defaultCollateFn = builtin(
  "default_collate(batch)",
  async (a) => pyDefaultCollate([...await toArray(a.batch)]),
);
export const defaultConvertFn = builtin("default_convert(data)", (a) => pyDefaultConvert(a.data));

// default_collate (torch.utils.data._utils.collate, PyTorch 1.13) for JS values: merges a list of
// samples into a batch. Tensors are stacked along a new dim 0, numbers become a tensor (int64 for
// ints, float64 for floats, bool for booleans), strings stay a list, and arrays, Maps and plain
// objects are collated position by position or key by key. The Python binding applies the same
// rules to Python values with the helpers exported here.

import { runtimeError, typeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { stack } from "../ops/join.ts";
import { isPyScalar, isScalar, type Scalar } from "../ops/scalar.ts";
import { tensor } from "../ops/tensor_data.ts";

/** PyTorch's message for a batch element it cannot collate. */
export const collateTypeError = (typeName: string) =>
  typeError(`default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ${typeName}`);

/** A batch of tensors stacked along a new first dim (stack's own size-mismatch error otherwise). */
export const collateTensors = (batch: readonly Tensor[]): Tensor => stack(batch, 0);

/**
 * A batch of numbers as one tensor: float64 when the first is a float (PyTorch's collate_float_fn),
 * otherwise torch.tensor's inference (int64 for ints, bool for bools).
 */
export function collateNumbers(batch: readonly Scalar[]): Tensor {
  const first = batch[0];
  const isFloat = isPyScalar(first) ? first.isFloat : typeof first === "number" && !Number.isInteger(first);
  return isFloat ? tensor(batch as Scalar[], { dtype: "float64" }) : tensor(batch as Scalar[]);
}

/** The samples of a batch of equal-length sequences, regrouped by position. */
export function transpose<T>(batch: readonly (readonly T[])[]): T[][] {
  const size = batch[0].length;
  if (!batch.every((e) => e.length === size)) {
    throw runtimeError("each element in list of batch should be of equal size");
  }
  return Array.from({ length: size }, (_, k) => batch.map((e) => e[k]));
}

/** default_collate over JS values (see the header for the rules). */
export function defaultCollate(batch: readonly unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) return collateTensors(batch as Tensor[]);
  if (isScalar(elem)) {
    // JS numbers do not say int or float: a batch with any fractional value counts as floats.
    const anyFraction = batch.some((x) => typeof x === "number" && !Number.isInteger(x));
    return anyFraction ? tensor(batch as Scalar[], { dtype: "float64" }) : collateNumbers(batch as Scalar[]);
  }
  if (typeof elem === "string") return [...batch];
  if (elem instanceof Map) {
    const out = new Map();
    for (const key of elem.keys()) {
      out.set(
        key,
        defaultCollate(batch.map((d) => (d as Map<unknown, unknown>).get(key))),
      );
    }
    return out;
  }
  if (Array.isArray(elem)) return transpose(batch as unknown[][]).map(defaultCollate);
  if (elem !== null && typeof elem === "object" && Object.getPrototypeOf(elem) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) {
      out[key] = defaultCollate(batch.map((d) => (d as Record<string, unknown>)[key]));
    }
    return out;
  }
  throw collateTypeError(elem === null ? "null" : typeof elem);
}

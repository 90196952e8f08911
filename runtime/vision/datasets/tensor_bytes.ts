// Reading one image or label out of a dataset's tensors without copying the whole storage:
// `dataSync()` copies every element, which for `ds[i]` on 60,000 images would cost 47 MB per item.
// CPU tensors are read in place; other devices (rare: datasets live on the CPU) read asynchronously.

import { arrayOf } from "../../../kernels/cpu/backend.ts";
import { indexError, typeError } from "../../errors.ts";
import { gatherView, Tensor } from "../../tensor.ts";
import type { TypedArray } from "../../dtype.ts";
import type { MaybePromise } from "../../data/dataset.ts";

/** `index` within [0, size) with Python's negative indexing; torch's IndexError otherwise. */
export function checkIndex(index: number, size: number): number {
  const i = index < 0 ? index + size : index;
  if (i < 0 || i >= size) throw indexError(`index ${index} is out of bounds for dimension 0 with size ${size}`);
  return i;
}

/** Elements of the row-major window `view` of `t`'s storage, copied once. */
function viewElements(view: Tensor): MaybePromise<TypedArray> {
  if (view.device.type !== "cpu") return view.data();
  const all = arrayOf(view);
  const n = view.numel;
  if (view.isContiguous()) return all.slice(view.offset, view.offset + n);
  return gatherView(view, all);
}

/** `t[index]` of a uint8 tensor as bytes (one copy), e.g. one 28×28 image of an N×28×28 stack. */
export function rowBytes(t: Tensor, index: number): MaybePromise<Uint8Array> {
  if (t.dtype !== "uint8") throw typeError(`dataset images must be a uint8 tensor, not ${t.dtype}`);
  const i = checkIndex(index, t.shape[0]);
  const row = t.view(t.shape.slice(1), t.strides.slice(1), t.offset + i * t.strides[0]);
  return viewElements(row) as MaybePromise<Uint8Array>;
}

/** `int(targets[index])` for a 1-d tensor or a list of numbers. */
export function labelAt(targets: Tensor | readonly number[], index: number): MaybePromise<number> {
  if (!(targets instanceof Tensor)) {
    const i = index < 0 ? index + targets.length : index;
    if (i < 0 || i >= targets.length) throw indexError("list index out of range");
    return targets[i];
  }
  const i = checkIndex(index, targets.shape[0]);
  const one = targets.view([], [], targets.offset + i * targets.strides[0]);
  const v = viewElements(one);
  return v instanceof Promise ? v.then((a) => Math.trunc(a[0])) : Math.trunc(v[0]);
}

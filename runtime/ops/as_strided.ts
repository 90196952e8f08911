// as_strided: a view with any geometry on the input's storage (t.as_strided(size, stride, offset)).
// Its gradient is the one place where storage positions, not element indices, decide where a
// gradient goes.

import { DTYPES } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { formatShape } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import type { BackwardRule } from "./registry.ts";
import { index, index_put_ } from "./advanced_index.ts";
import { zeros } from "./creation.ts";
import { applyView1, defineView } from "./view_registry.ts";
import { reshape, view } from "./views.ts";

interface AsStridedParams {
  shape: number[];
  strides: number[];
  offset: number;
}

/** The storage position of every element of a geometry, in row-major order. */
function storagePositions(shape: readonly number[], strides: readonly number[], offset: number): number[] {
  let pos = [offset];
  shape.forEach((n, d) => {
    const next: number[] = [];
    for (const p of pos) for (let i = 0; i < n; i++) next.push(p + i * strides[d]);
    pos = next;
  });
  return pos;
}

/**
 * as_strided's gradient: each output element's gradient goes to the input element at the same
 * storage position, summed where windows overlap. The positions come from the geometries alone, so
 * no data is read. Unlike PyTorch, a window reaching storage outside the input (as_strided on a
 * view, escaping into its base) drops that part of the gradient.
 */
const asStridedBack: BackwardRule<AsStridedParams> = ([g], { inputs: [x], params }) => {
  if (!g) return [null];
  const elementAt = new Map<number, number>();
  storagePositions(x.shape, x.strides, x.offset).forEach((p, i) => elementAt.has(p) || elementAt.set(p, i));
  const from: number[] = [], to: number[] = [];
  storagePositions(params.shape, params.strides, params.offset).forEach((p, i) => {
    const e = elementAt.get(p);
    if (e !== undefined) from.push(i), to.push(e);
  });
  const long = (v: number[]) => Tensor.fromArray(v, [v.length], "int64", g.device);
  const flat = zeros([x.numel], { dtype: g.dtype, device: g.device });
  index_put_(flat, [long(to)], index(reshape(g, [-1]), [long(from)]), true);
  return [view(flat, x.shape)];
};

const asStridedOp = defineView<AsStridedParams>({
  name: "as_strided",
  gradName: "AsStridedBackward0",
  geometry: (_t, { shape, strides, offset }) => ({ shape: [...shape], strides: [...strides], offset }),
  backward: asStridedBack,
});

/** `t.as_strided(size, stride, storage_offset=t.storage_offset())`. */
export function as_strided(t: Tensor, size: readonly number[], stride: readonly number[], storage_offset?: number) {
  if (size.length !== stride.length) {
    throw runtimeError(`mismatch in length of strides and shape`);
  }
  const offset = storage_offset ?? t.offset;
  let last = offset;
  size.forEach((s, i) => (last += s > 0 ? (s - 1) * stride[i] : 0));
  if (size.every((s) => s > 0) && last >= t.storage.length) {
    throw runtimeError(
      `setStorage: sizes ${formatShape(size)}, strides ${formatShape(stride)}, storage offset ${offset}, and itemsize ${
        DTYPES[t.dtype].itemsize
      } requiring a storage size of ${(last + 1) * DTYPES[t.dtype].itemsize} are out of bounds for storage of size ${
        t.storage.length * DTYPES[t.dtype].itemsize
      }`,
    );
  }
  return applyView1(asStridedOp, t, { shape: [...size], strides: [...stride], offset });
}

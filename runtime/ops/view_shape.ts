// The shape arithmetic behind view/reshape: resolving a -1 size (at::infer_size) and finding
// strides that let a new shape alias the old storage (at::detail::computeStride).

import { runtimeError } from "../errors.ts";
import { type DType, DTYPES } from "../dtype.ts";
import { formatShape, numelOf } from "../shape.ts";

/** Replaces a single -1 in `shape` so that it holds `numel` elements; PyTorch's errors otherwise. */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let inferDim = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (inferDim >= 0) throw runtimeError("only one dimension can be inferred");
      inferDim = i;
    } else if (d >= 0) known *= d;
    else throw runtimeError(`invalid shape dimension ${d}`);
  }
  const out = [...shape];
  if (numel === known || (inferDim >= 0 && known > 0 && numel % known === 0)) {
    if (inferDim >= 0) {
      if (known === 0) {
        throw runtimeError(
          `cannot reshape tensor of 0 elements into shape ${
            formatShape(shape)
          } because the unspecified dimension size -1 can be any value and is ambiguous`,
        );
      }
      out[inferDim] = numel / known;
    }
    return out;
  }
  throw runtimeError(`shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
}

/**
 * Strides for viewing a tensor of `oldShape`/`oldStrides` as `newShape`, or null when some
 * dimension of the new shape would span two non-contiguous chunks of the old one.
 */
export function computeStride(
  oldShape: readonly number[],
  oldStrides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = numelOf(oldShape);
  if (numel === 0 && oldShape.length === newShape.length && oldShape.every((d, i) => d === newShape[i])) {
    return [...oldStrides];
  }
  const newStrides = new Array<number>(newShape.length);
  if (numel === 0) {
    for (let d = newShape.length - 1; d >= 0; d--) {
      newStrides[d] = d === newShape.length - 1 ? 1 : Math.max(newShape[d + 1], 1) * newStrides[d + 1];
    }
    return newStrides;
  }
  let viewD = newShape.length - 1;
  let chunkBaseStride = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= oldShape[tensorD];
    // At the end of a chunk of dims that are contiguous with each other, the view's dims must
    // tile that chunk exactly.
    if (tensorD === 0 || (oldShape[tensorD - 1] !== 1 && oldStrides[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = oldStrides[tensorD - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}

/** PyTorch's check on sizes given to factories and views: no negative dimension. */
export function checkSizeNonNegative(shape: readonly number[]): void {
  for (const d of shape) {
    if (d < 0) throw runtimeError(`Trying to create tensor with negative dimension ${d}: ${formatShape(shape)}`);
  }
}

const INT64_MAX = (1n << 63n) - 1n;

/** A factory's size whose byte count does not fit in int64 (c10's computeStorageNbytes check). */
export function checkStorageSize(shape: readonly number[], dtype: DType): void {
  let bytes = BigInt(DTYPES[dtype].itemsize);
  for (const d of shape) {
    bytes *= BigInt(d);
    if (bytes > INT64_MAX) throw runtimeError(`Storage size calculation overflowed with sizes=${formatShape(shape)}`);
  }
}

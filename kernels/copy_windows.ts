// Block moves (cat, stack, repeat) expressed as strided copies: each yields (src, dst) view pairs of
// equal shape, and a backend runs its own copy kernel on each pair. Pure geometry, shared by all backends.

import type { View } from "./backend.ts";
import { numelOf } from "../runtime/shape.ts";

export type CopyPair = [src: View, dst: View];

export const window = (v: View, shape: readonly number[], strides: readonly number[], offset: number): View => ({
  storage: v.storage,
  dtype: v.dtype,
  shape,
  strides,
  offset,
});

/** cat: each non-empty input goes to its slab of the output along `dim`. */
export function catPairs(inputs: readonly View[], out: View, dim: number): CopyPair[] {
  const pairs: CopyPair[] = [];
  let at = 0;
  for (const t of inputs) {
    if (numelOf(t.shape) === 0) continue;
    const shape = [...out.shape];
    shape[dim] = t.shape[dim];
    pairs.push([t, window(out, shape, out.strides, out.offset + at * out.strides[dim])]);
    at += t.shape[dim];
  }
  return pairs;
}

/** stack: input i goes to index i of the new dim. */
export function stackPairs(inputs: readonly View[], out: View, dim: number): CopyPair[] {
  const strides = out.strides.filter((_, i) => i !== dim);
  return inputs.map((t, i) => [t, window(out, t.shape, strides, out.offset + i * out.strides[dim])]);
}

/** repeat: each out dim of size r*s splits into (r, s) and the input repeats along r (stride 0). */
export function repeatPair(t: View, out: View, repeats: readonly number[]): CopyPair {
  const lead = repeats.length - t.shape.length;
  const shape: number[] = [], srcStrides: number[] = [], outStrides: number[] = [];
  repeats.forEach((r, d) => {
    const s = d < lead ? 1 : t.shape[d - lead];
    shape.push(r, s);
    srcStrides.push(0, d < lead ? 0 : t.strides[d - lead]);
    outStrides.push(s * out.strides[d], out.strides[d]);
  });
  return [window(t, shape, srcStrides, t.offset), window(out, shape, outStrides, out.offset)];
}

// Kernels that move whole blocks: cat, stack, repeat, flip, roll.

import type { View } from "../backend.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { storeConverter } from "./creation.ts";
import { forEachOffset } from "./strided.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { catPairs, repeatPair, stackPairs, window } from "../copy_windows.ts";

/** Copies src into dst (same shape), converting to dst's dtype. */
function copyView(src: View, dst: View): void {
  const from = arrayOf(src), to = arrayOf(dst);
  if (src.dtype === dst.dtype && isContiguous(src.shape, src.strides) && isContiguous(dst.shape, dst.strides)) {
    to.set(from.subarray(src.offset, src.offset + numelOf(src.shape)), dst.offset);
    return;
  }
  const conv = storeConverter(dst.dtype);
  forEachOffset(dst.shape, [src, dst], (_, [s, d]) => {
    to[d] = conv(from[s]);
  });
}

cpuKernels.register("cat", (inputs: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  for (const [src, dst] of catPairs(inputs, out, dim)) copyView(src, dst);
});

cpuKernels.register("stack", (inputs: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  for (const [src, dst] of stackPairs(inputs, out, dim)) copyView(src, dst);
});

cpuKernels.register("repeat", ([t]: readonly View[], [out]: readonly View[], { repeats }: { repeats: number[] }) => {
  copyView(...repeatPair(t, out, repeats));
});

cpuKernels.register("flip", ([t]: readonly View[], [out]: readonly View[], { dims }: { dims: number[] }) => {
  let offset = t.offset;
  const strides = t.strides.map((s, d) => {
    if (!dims.includes(d)) return s;
    offset += (t.shape[d] - 1) * s;
    return -s;
  });
  if (numelOf(t.shape) === 0) return;
  copyView(window(t, t.shape, strides, offset), out);
});

cpuKernels.register(
  "roll",
  ([t]: readonly View[], [out]: readonly View[], { shifts, dims }: { shifts: number[]; dims: number[] | null }) => {
    const from = arrayOf(t), to = arrayOf(out);
    const n = numelOf(t.shape);
    if (n === 0) return;
    if (dims === null) {
      // Rolled as a flat row-major sequence: gather the source in order, then rotate.
      const flat = new Array<number>(n);
      forEachOffset(t.shape, [t], (i, [s]) => {
        flat[i] = from[s];
      });
      const shift = ((shifts[0] % n) + n) % n;
      forEachOffset(out.shape, [out], (i, [o]) => {
        to[o] = flat[(i - shift + n) % n];
      });
      return;
    }
    // One rolled dim at a time would need temporaries; instead map each out coordinate back.
    const nd = t.shape.length;
    const shift = new Array<number>(nd).fill(0);
    dims.forEach((d, k) => (shift[d] = (((shift[d] + shifts[k]) % t.shape[d]) + t.shape[d]) % t.shape[d]));
    const coord = new Array<number>(nd).fill(0);
    forEachOffset(out.shape, [out], (_, [o]) => {
      let s = t.offset;
      for (let d = 0; d < nd; d++) s += ((coord[d] - shift[d] + t.shape[d]) % t.shape[d]) * t.strides[d];
      to[o] = from[s];
      for (let d = nd - 1; d >= 0; d--) {
        if (++coord[d] < t.shape[d]) break;
        coord[d] = 0;
      }
    });
  },
);

import type { View } from "../backend.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { allContiguous, forEachOffset } from "./strided.ts";
import { isFloating } from "../../runtime/dtype.ts";

cpuKernels.register("copy", ([src]: readonly View[], [dst]: readonly View[]) => {
  const from = arrayOf(src), to = arrayOf(dst);
  // Float→int truncates toward zero; →bool is "nonzero". Typed arrays handle the rest on store.
  const convert = dst.dtype === "bool"
    ? (x: number) => (x !== 0 ? 1 : 0)
    : isFloating(src.dtype) && !isFloating(dst.dtype)
    ? Math.trunc
    : null;
  // Typed-array stores convert exactly as the element loop below would, so one bulk set does.
  if (!convert && allContiguous(dst.shape, [src, dst])) {
    const n = to.length === from.length && src.offset === 0 && dst.offset === 0 ? from.length : -1;
    if (n >= 0) to.set(from);
    else to.set(from.subarray(src.offset, src.offset + count(dst)), dst.offset);
    return;
  }
  forEachOffset(dst.shape, [src, dst], (_, [s, d]) => {
    to[d] = convert ? convert(from[s]) : from[s];
  });
});

const count = (v: View) => v.shape.reduce((a, b) => a * b, 1);

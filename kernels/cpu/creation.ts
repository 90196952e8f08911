// Kernels that write values computed from their position: fill, arange, linspace.

import type { View } from "../backend.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { allContiguous, forEachOffset } from "./strided.ts";
import { numelOf } from "../../runtime/shape.ts";
import type { DType } from "../../runtime/dtype.ts";

/** How a double becomes an element of `dtype`: ints truncate toward zero, bool is "nonzero". */
export function storeConverter(dtype: DType): (x: number) => number {
  if (dtype === "bool") return (x) => (x !== 0 ? 1 : 0);
  if (dtype === "float32" || dtype === "float64") return (x) => x;
  return Math.trunc;
}

cpuKernels.register("fill", (_inputs: readonly View[], [out]: readonly View[], { value }: { value: number }) => {
  const data = arrayOf(out);
  const v = storeConverter(out.dtype)(value);
  if (allContiguous(out.shape, [out])) return void data.fill(v, out.offset, out.offset + numelOf(out.shape));
  forEachOffset(out.shape, [out], (_, [o]) => {
    data[o] = v;
  });
});

/**
 * PyTorch's CPU range kernels run vectorized (AVX2: 8 float or 4 double lanes, two vectors per
 * step) over the largest multiple of 2 * lanes elements, and scalar over the rest. A vector is
 * `base + lane * step` with base the scalar formula at the vector's first index, which rounds
 * differently from the scalar formula; reproducing both makes the values PyTorch's, bit for bit.
 */
function rangeValues(
  out: View,
  n: number,
  scalarAt: (i: number) => number,
  lane: (base: number, j: number) => number,
): void {
  const data = arrayOf(out);
  const conv = storeConverter(out.dtype);
  const lanes = out.dtype === "float64" || out.dtype === "int64" ? 4 : 8;
  const vecEnd = out.dtype === "float32" || out.dtype === "float64" ? n - (n % (2 * lanes)) : 0;
  forEachOffset(out.shape, [out], (i, [o]) => {
    if (i < vecEnd) {
      const j = i % lanes;
      data[o] = conv(lane(scalarAt(i - j), j));
    } else data[o] = conv(scalarAt(i));
  });
}

const identity = (x: number) => x;

/** arange: `start + i * step` in double (PyTorch's accumulate type), rounded into the element type. */
cpuKernels.register(
  "arange",
  (
    _inputs: readonly View[],
    [out]: readonly View[],
    { start, step, size }: { start: number; step: number; size: number },
  ) => {
    const round = out.dtype === "float32" ? Math.fround : identity;
    rangeValues(out, size, (i) => round(start + i * step), (base, j) => base + j * step);
  },
);

/**
 * linspace: the first half counts up from `start`, the second half down from `end`, so both ends
 * are exact. For float32 the step is a float32 and the scalar formula is one fused multiply-add
 * (PyTorch's build contracts it); vector lanes add a rounded `lane * step`.
 */
cpuKernels.register(
  "linspace",
  (
    _inputs: readonly View[],
    [out]: readonly View[],
    { start, end, steps }: { start: number; end: number; steps: number },
  ) => {
    const f32 = out.dtype === "float32";
    const round = f32 ? Math.fround : identity;
    const conv = storeConverter(out.dtype);
    // Integer outputs take integer ends and a double step.
    const s = f32 ? round(start) : conv(start), e = f32 ? round(end) : conv(end);
    const step = steps > 1 ? round(round(e - s) / (steps - 1)) : 0;
    const halfway = Math.floor(steps / 2);
    const at = (i: number) => steps === 1 ? s : round(i < halfway ? s + step * i : e - step * (steps - i - 1));
    rangeValues(out, steps, at, (base, j) => round(base + round(j * step)));
  },
);

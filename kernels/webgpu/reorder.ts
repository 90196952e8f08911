// flip and roll on the GPU. flip is the copy kernel reading through negative strides (the meta
// words are u32, whose wrap-around arithmetic steps backwards exactly as i32 would). roll maps each
// output coordinate back to its source: per rolled dim, or through the flattened index when no
// dims are given.

import type { View } from "../backend.ts";
import { numelOf } from "../../runtime/shape.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { window } from "../copy_windows.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { copyKernel } from "./copy.ts";
import { dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta, WGSL_LINEAR_ENTRY } from "./strided.ts";

webgpuKernels.register("flip", ([t]: readonly View[], [out]: readonly View[], { dims }: { dims: number[] }) => {
  if (numelOf(t.shape) === 0) return;
  let offset = t.offset;
  const strides = t.strides.map((s, d) => {
    if (!dims.includes(d)) return s;
    offset += (t.shape[d] - 1) * s;
    return -s;
  });
  copyKernel([window(t, t.shape, strides, offset)], [out]);
});

// Meta words: numel, ndim, the flat shift, offsets, then per dim: size, input and output strides, shift.
const ROLL_MAX_DIMS = 12;
const NUMEL = 0, NDIM = 1, FLAT_SHIFT = 2, IN_OFF = 3, OUT_OFF = 4, DIMS = 5;
const SIZE = DIMS, IN_STRIDE = SIZE + ROLL_MAX_DIMS, OUT_STRIDE = IN_STRIDE + ROLL_MAX_DIMS;
const SHIFT = OUT_STRIDE + ROLL_MAX_DIMS;

const rollSource: KernelSource = {
  key: "roll",
  wgsl: (header) =>
    `${header}
${WGSL_LINEAR_ENTRY}
  let n = mu(${NUMEL}u);
  var ri = i;
  var rj = (i + n - mu(${FLAT_SHIFT}u)) % n;
  var oi = mu(${OUT_OFF}u);
  var oj = mu(${IN_OFF}u);
  for (var d = i32(mu(${NDIM}u)) - 1; d >= 0; d--) {
    let ud = u32(d);
    let size = mu(${SIZE}u + ud);
    let ci = ri % size; ri /= size;
    let cj = rj % size; rj /= size;
    oi += ci * mu(${OUT_STRIDE}u + ud);
    oj += ((cj + size - mu(${SHIFT}u + ud)) % size) * mu(${IN_STRIDE}u + ud);
  }
  b1[oi] = b0[oj];
}`,
};

const mod = (a: number, n: number) => ((a % n) + n) % n;

webgpuKernels.register(
  "roll",
  ([t]: readonly View[], [out]: readonly View[], { shifts, dims }: { shifts: number[]; dims: number[] | null }) => {
    const n = numelOf(t.shape);
    if (n === 0) return;
    const nd = t.shape.length;
    if (nd > ROLL_MAX_DIMS) throw runtimeError(`roll on the WebGPU backend handles at most ${ROLL_MAX_DIMS} dims`);
    meta.reset(SHIFT + ROLL_MAX_DIMS);
    const u = meta.u32;
    u[NUMEL] = n;
    u[NDIM] = nd;
    u[FLAT_SHIFT] = dims === null ? mod(shifts[0], n) : 0;
    u[IN_OFF] = t.offset;
    u[OUT_OFF] = out.offset;
    u.set(t.shape, SIZE);
    u.set(t.strides, IN_STRIDE);
    u.set(out.strides, OUT_STRIDE);
    dims?.forEach((d, k) => (u[SHIFT + d] = mod(u[SHIFT + d] + shifts[k], t.shape[d])));
    dispatch(
      rollSource,
      [{ storage: storageOf(t) }, { storage: storageOf(out), write: true, whole: coversStorage(out) }],
      meta.words(),
      grid(n),
    );
  },
);

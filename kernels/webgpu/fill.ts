// fill: writes one value into every element of a strided output, converted to its dtype as a
// store from a Python number would be (int dtypes truncate, bool is "nonzero", uint8 wraps).

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { numelOf } from "../../runtime/shape.ts";
import { computeType, storeAs } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta, paramBase, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";

export interface FillParams {
  value: number | boolean;
}

const sources = new Map<string, KernelSource>();

function fillSource(dtype: DType, flat: boolean): KernelSource {
  const key = `fill:${dtype}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (!src) {
    const c = computeType(dtype);
    const value = c === "f32" ? `mf(${paramBase(1)}u)` : `mi(${paramBase(1)}u)`;
    src = {
      key,
      wgsl: (header) =>
        `${header}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(1, flat)}
  b0[o0] = ${storeAs(value, c, dtype)};
}`,
    };
    sources.set(key, src);
  }
  return src;
}

export function fillKernel(_: readonly View[], [dst]: readonly View[], { value }: FillParams): void {
  const n = numelOf(dst.shape);
  if (n === 0) return;
  // Zeroing a whole storage (zero_grad's zero_) only marks it logically zero, as a fresh one is:
  // queue.ts clears it before a kernel reads it, and the add that accumulates a gradient into it
  // skips reading it at all (elementwise.ts), so the fill costs no dispatch.
  if (Object.is(Number(value), 0) && coversStorage(dst)) {
    storageOf(dst).needsZero = true;
    return;
  }
  const { flat } = writeStrided(meta, dst.shape, [dst], 1);
  const v = Number(value);
  // The value travels as the compute type's bits; ints truncate here like the CPU backend's stores.
  if (computeType(dst.dtype) === "f32") meta.f32[paramBase(1)] = v;
  else meta.i32[paramBase(1)] = dst.dtype === "bool" ? (v !== 0 ? 1 : 0) : Math.trunc(v);
  dispatch(
    fillSource(dst.dtype, flat),
    [{ storage: storageOf(dst), write: true, whole: coversStorage(dst) }],
    meta.words(),
    grid(n),
  );
}

webgpuKernels.register("fill", fillKernel);

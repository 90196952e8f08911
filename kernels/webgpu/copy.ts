// copy: strided src (broadcast to dst's shape) → strided dst, converting the dtype as the CPU
// kernel does (float→int truncates toward zero, →bool is "nonzero", →uint8 wraps).

import type { View } from "../backend.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { computeType, loadAs, storageType, storeAs } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { copyWords, dispatch } from "./queue.ts";
import { grid, meta, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";
import type { KernelSource } from "./pipelines.ts";
import type { DType } from "../../runtime/dtype.ts";

const sources = new Map<string, KernelSource>();

function copySource(from: DType, to: DType, flat: boolean): KernelSource {
  const key = `copy:${from}:${to}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (!src) {
    const c = computeType(from);
    src = {
      key,
      wgsl: (header) =>
        `${header}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(2, flat)}
  b1[o1] = ${storeAs(loadAs("b0[o0]", from, c), c, to)};
}`,
    };
    sources.set(key, src);
  }
  return src;
}

/** Whether the stored words need no conversion (float64 already holds f32 values on the GPU). */
const sameBits = (a: DType, b: DType) =>
  a === b || (storageType(a) === storageType(b) && storageType(a) !== "u32") || (a === "bool" && b === "uint8");

export function copyKernel([src]: readonly View[], [dst]: readonly View[]): void {
  const n = numelOf(dst.shape);
  if (n === 0) return;
  const s = storageOf(src), d = storageOf(dst);
  // A contiguous same-format copy between different buffers is a plain buffer copy.
  if (
    sameBits(src.dtype, dst.dtype) && s !== d && numelOf(src.shape) === n &&
    isContiguous(src.shape, src.strides) && isContiguous(dst.shape, dst.strides)
  ) {
    copyWords(s, src.offset, d, dst.offset, n);
    return;
  }
  const { flat } = writeStrided(meta, dst.shape, [src, dst]);
  dispatch(
    copySource(src.dtype, dst.dtype, flat),
    [{ storage: s }, { storage: d, write: true, whole: coversStorage(dst) }],
    meta.words(),
    grid(n),
  );
}

webgpuKernels.register("copy", copyKernel);

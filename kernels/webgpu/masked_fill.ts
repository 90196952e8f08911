// masked_fill: out = mask ? value : self, self and mask broadcast to out's shape. The value is
// converted on the host into the word out's buffer stores, so the kernel only selects.

import type { View } from "../backend.ts";
import { numelOf } from "../../runtime/shape.ts";
import { packForGpu, storageType } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta, paramBase, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";
import type { DType } from "../../runtime/dtype.ts";

const sources = new Map<string, KernelSource>();

function source(out: DType, flat: boolean): KernelSource {
  const t = storageType(out);
  const key = `masked_fill:${t}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (!src) {
    src = {
      key,
      wgsl: (header) =>
        `${header}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(3, flat)}
  b2[o2] = select(b0[o0], bitcast<${t}>(mu(${paramBase(3)}u)), b1[o1] != 0u);
}`,
    };
    sources.set(key, src);
  }
  return src;
}

webgpuKernels.register(
  "masked_fill",
  ([self, mask]: readonly View[], [out]: readonly View[], { value }: { value: number }) => {
    const n = numelOf(out.shape);
    if (n === 0) return;
    const word = new Uint32Array(packForGpu(out.dtype, [value]).buffer)[0];
    const { flat } = writeStrided(meta, out.shape, [self, mask, out], 1);
    meta.u32[paramBase(3)] = word;
    dispatch(
      source(out.dtype, flat),
      [
        { storage: storageOf(self) },
        { storage: storageOf(mask) },
        { storage: storageOf(out), write: true, whole: coversStorage(out) },
      ],
      meta.words(),
      grid(n),
    );
  },
);

// index_select and gather: each output element reads self at the index found for it along `dim`.
// Both walk the output with three strided operands (self with `dim` pinned to stride 0, the index,
// the output), so the copy-style addressing of strided.ts serves them.
//
// Out-of-range indices read 0 and are reported at the next read of GPU data (index_check.ts).

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { numelOf } from "../../runtime/shape.ts";
import { storageType } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { faultBinding, IndexFault, wgslReportFault } from "./index_check.ts";
import { grid, meta, paramBase, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";

/** `v` with dim `dim` pinned (stride 0), seen over `shape`: the start of each line along `dim`. */
export const pinned = (v: View, shape: readonly number[], dim: number): View => ({
  storage: v.storage,
  dtype: v.dtype,
  shape,
  strides: shape.map((_, i) => (i === dim ? 0 : v.strides[i])),
  offset: v.offset,
});

const P = paramBase(3);
const sources = new Map<string, KernelSource>();

function source(dtype: DType, flat: boolean): KernelSource {
  const t = storageType(dtype);
  const key = `gather:${t}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (!src) {
    src = {
      key,
      wgsl: (header) =>
        `${header}
${wgslReportFault(3)}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(3, flat)}
  let ix = b1[o1];
  let size = mu(${P}u);
  if (ix >= 0 && u32(ix) < size) { b2[o2] = b0[o0 + u32(ix) * mu(${P + 1}u)]; } else {
    b2[o2] = ${t}(0);
    report_fault(mi(${P + 2}u), ix, mi(${P + 3}u), i32(size));
  }
}`,
    };
    sources.set(key, src);
  }
  return src;
}

/** out[..] = self[.., index at the same place, ..] along `dim`, with `index` seen over out's shape. */
function gatherAlong(self: View, index: View, out: View, dim: number, fault: number): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const scalar = self.shape.length === 0;
  const { flat } = writeStrided(meta, out.shape, [pinned(self, out.shape, dim), index, out], 4);
  meta.u32[P] = scalar ? 1 : self.shape[dim];
  meta.u32[P + 1] = scalar ? 0 : self.strides[dim];
  meta.u32[P + 2] = fault;
  meta.u32[P + 3] = dim;
  dispatch(
    source(out.dtype, flat),
    [
      { storage: storageOf(self) },
      { storage: storageOf(index) },
      { storage: storageOf(out), write: true, whole: coversStorage(out) },
      faultBinding(),
    ],
    meta.words(),
    grid(n),
  );
}

webgpuKernels.register(
  "index_select",
  ([self, index]: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
    // The index varies along `dim` only.
    const istride = index.shape.length ? index.strides[0] : 0;
    const idxView: View = {
      storage: index.storage,
      dtype: index.dtype,
      shape: out.shape,
      strides: out.shape.map((_, i) => (i === dim ? istride : 0)),
      offset: index.offset,
    };
    gatherAlong(self, idxView, out, dim, IndexFault.Select);
  },
);

webgpuKernels.register("gather", ([self, index]: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  gatherAlong(self, index, out, dim, IndexFault.Along);
});

// Index ops along one dim: index_select, gather, and the scatter family (which first copy self into
// the output when run out of place).

import type { View } from "../backend.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { storeConverter } from "./creation.ts";
import { forEachOffset } from "./strided.ts";
import { indexError, runtimeError } from "../../runtime/errors.ts";

/** `v` with dim `dim` pinned (stride 0): walking it visits the start of each line along `dim`. */
const pinned = (v: View, shape: readonly number[], dim: number): View => ({
  storage: v.storage,
  dtype: v.dtype,
  shape,
  strides: v.strides.map((s, i) => (i === dim ? 0 : s)),
  offset: v.offset,
});

cpuKernels.register(
  "index_select",
  ([self, index]: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
    const from = arrayOf(self), idx = arrayOf(index), to = arrayOf(out);
    const size = self.shape.length ? self.shape[dim] : 1;
    const stride = self.shape.length ? self.strides[dim] : 0;
    const istride = index.shape.length ? index.strides[0] : 0;
    if (out.shape.length === 0) {
      if (idx[index.offset] < 0 || idx[index.offset] >= size) throw indexError("index out of range in self");
      to[out.offset] = from[self.offset];
      return;
    }
    // The index varies along `dim` only.
    const idxView: View = {
      storage: index.storage,
      dtype: index.dtype,
      shape: out.shape,
      strides: out.shape.map((_, i) => (i === dim ? istride : 0)),
      offset: index.offset,
    };
    forEachOffset(out.shape, [pinned(self, out.shape, dim), idxView, out], (_, [s, i, o]) => {
      const ix = idx[i];
      if (ix < 0 || ix >= size) throw indexError("index out of range in self");
      to[o] = from[s + ix * stride];
    });
  },
);

cpuKernels.register("gather", ([self, index]: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  const from = arrayOf(self), idx = arrayOf(index), to = arrayOf(out);
  const size = self.shape.length ? self.shape[dim] : 1;
  const stride = self.shape.length ? self.strides[dim] : 0;
  forEachOffset(out.shape, [pinned(self, out.shape, dim), index, out], (_, [s, i, o]) => {
    const ix = idx[i];
    if (ix < 0 || ix >= size) throw runtimeError(`index ${ix} is out of bounds for dimension ${dim} with size ${size}`);
    to[o] = from[s + ix * stride];
  });
});

interface ScatterParams {
  dim: number;
  value: number | null;
  reduce: "none" | "add" | "multiply";
}

function scatterKernel([self, index, src]: readonly View[], [out]: readonly View[], p: ScatterParams): void {
  const to = arrayOf(out), idx = arrayOf(index);
  if (out.storage !== self.storage || out.offset !== self.offset) {
    const from = arrayOf(self);
    forEachOffset(out.shape, [self, out], (_, [s, o]) => {
      to[o] = from[s];
    });
  }
  const conv = storeConverter(out.dtype);
  const values = src ? arrayOf(src) : null;
  const size = out.shape.length ? out.shape[p.dim] : 1;
  const stride = out.shape.length ? out.strides[p.dim] : 0;
  const views = [pinned(out, index.shape, p.dim), index, ...(src ? [src] : [])];
  forEachOffset(index.shape, views, (_, offs) => {
    const ix = idx[offs[1]];
    if (ix < 0 || ix >= size) {
      throw runtimeError(`index ${ix} is out of bounds for dimension ${p.dim} with size ${size}`);
    }
    const at = offs[0] + ix * stride;
    const v = values ? values[offs[2]] : p.value!;
    to[at] = p.reduce === "add" ? conv(to[at] + v) : p.reduce === "multiply" ? conv(to[at] * v) : conv(v);
  });
}

cpuKernels.register("scatter", scatterKernel);
cpuKernels.register("scatter.value", scatterKernel);
cpuKernels.register("scatter_add", scatterKernel);

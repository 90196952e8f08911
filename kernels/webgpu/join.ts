// cat and stack on the GPU: each input is one strided copy into its window of the output, so the
// copy kernel's pipeline serves them (one dispatch per input, nothing waits).

import type { View } from "../backend.ts";
import { numelOf } from "../../runtime/shape.ts";
import { webgpuKernels } from "./backend.ts";
import { copyKernel } from "./copy.ts";

const window = (v: View, shape: readonly number[], strides: readonly number[], offset: number): View => ({
  storage: v.storage,
  dtype: v.dtype,
  shape,
  strides,
  offset,
});

webgpuKernels.register("cat", (inputs: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  let at = 0;
  for (const t of inputs) {
    if (numelOf(t.shape) === 0) continue;
    const shape = [...out.shape];
    shape[dim] = t.shape[dim];
    copyKernel([t], [window(out, shape, out.strides, out.offset + at * out.strides[dim])]);
    at += t.shape[dim];
  }
});

webgpuKernels.register("stack", (inputs: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  const strides = out.strides.filter((_, i) => i !== dim);
  inputs.forEach((t, i) => copyKernel([t], [window(out, t.shape, strides, out.offset + i * out.strides[dim])]));
});

webgpuKernels.register("repeat", ([t]: readonly View[], [out]: readonly View[], { repeats }: { repeats: number[] }) => {
  // As on the CPU: each out dim of size r*s splits into (r, s) and the input repeats along r (stride 0).
  const lead = repeats.length - t.shape.length;
  const shape: number[] = [], srcStrides: number[] = [], outStrides: number[] = [];
  repeats.forEach((r, d) => {
    const s = d < lead ? 1 : t.shape[d - lead];
    shape.push(r, s);
    srcStrides.push(0, d < lead ? 0 : t.strides[d - lead]);
    outStrides.push(s * out.strides[d], out.strides[d]);
  });
  copyKernel([window(t, shape, srcStrides, t.offset)], [window(out, shape, outStrides, out.offset)]);
});

// cat, stack and repeat on the GPU: strided copies into windows of the output (kernels/copy_windows.ts),
// so the copy kernel's pipeline serves them (one dispatch per input, nothing waits).

import type { View } from "../backend.ts";
import { catPairs, repeatPair, stackPairs } from "../copy_windows.ts";
import { webgpuKernels } from "./backend.ts";
import { copyKernel } from "./copy.ts";

webgpuKernels.register("cat", (inputs: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  for (const [src, dst] of catPairs(inputs, out, dim)) copyKernel([src], [dst]);
});

webgpuKernels.register("stack", (inputs: readonly View[], [out]: readonly View[], { dim }: { dim: number }) => {
  for (const [src, dst] of stackPairs(inputs, out, dim)) copyKernel([src], [dst]);
});

webgpuKernels.register("repeat", ([t]: readonly View[], [out]: readonly View[], { repeats }: { repeats: number[] }) => {
  const [src, dst] = repeatPair(t, out, repeats);
  copyKernel([src], [dst]);
});

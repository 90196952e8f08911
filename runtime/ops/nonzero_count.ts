// Data-dependent output sizes (masks, nonzero, masked_select) need the count of set elements before
// a kernel can run. It is read on the host here, the one synchronous read such ops make.

import type { Tensor } from "../tensor.ts";

export function countNonzero(t: Tensor): number {
  const data = t.dataSync();
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) n++;
  return n;
}

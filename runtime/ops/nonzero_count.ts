// Data-dependent output sizes (masks, nonzero, masked_select) need the count of set elements before
// a kernel can run. It is read on the host here (see host_read.ts for tensors on other devices).

import type { Tensor } from "../tensor.ts";
import { hostData } from "./host_read.ts";

export function countNonzero(t: Tensor): number {
  const data = hostData(t);
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) n++;
  return n;
}

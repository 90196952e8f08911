// str(tensor) for a live Tensor: reads its values (awaiting GPU readback) and adds PyTorch's
// suffixes for device, requires_grad and grad_fn.

import { defaultDevice } from "../device.ts";
import type { Tensor } from "../tensor.ts";
import { tensorStr } from "./tensor_str.ts";

export async function formatTensor(t: Tensor): Promise<string> {
  const suffixes: string[] = [];
  if (t.device !== defaultDevice()) suffixes.push(`device='${t.device}'`);
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return tensorStr({ values: await t.data(), shape: t.shape, dtype: t.dtype, suffixes });
}

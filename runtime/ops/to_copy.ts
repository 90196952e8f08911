// .to(dtype / device), .cpu(), .cuda(), .double(), .float(): a copy in another dtype or on another
// device that keeps autograd history (ToCopyBackward0), so a model's output moved between devices
// still backprops. Its gradient goes back to the source's device and dtype; reading WebGPU memory
// back is asynchronous, so that direction needs the async engine (runBackwardAsync).

import type { Device } from "../device.ts";
import { type DType } from "../dtype.ts";
import { Tensor } from "../tensor.ts";
import { runtimeError } from "../errors.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { clone } from "./copy.ts";
import { defineOp, recordView } from "./registry.ts";

export interface ToCopyParams {
  dtype: DType;
  device: Device;
}

/** `t` on `device` (same dtype); synchronous only when `t` is on the CPU or already there. */
function onDevice(t: Tensor, device: Device): Tensor | Promise<Tensor> {
  if (t.device === device) return t;
  if (t.device.type === "cpu") return Tensor.fromArray(t.dataSync(), t.shape, t.dtype, device);
  return t.data().then((data) => Tensor.fromArray(data, t.shape, t.dtype, device));
}

/** The gradient of the copy, as the source's dtype on the source's device. */
function gradToSource(g: Tensor, src: Tensor): Tensor | Promise<Tensor> {
  const cast = g.dtype === src.dtype ? g : clone(g, src.dtype);
  return onDevice(cast, src.device);
}

export const toCopyOp = defineOp<ToCopyParams>({
  name: "_to_copy",
  gradName: "ToCopyBackward0",
  infer: ([src], { dtype }) => [{ shape: [...src.shape], dtype }],
  backward([g], { inputs: [src] }) {
    const r = g && gradToSource(g, src);
    if (r instanceof Promise) {
      throw runtimeError("this gradient is read back from another device: run backward asynchronously");
    }
    return [r];
  },
  backwardMayWait([g], { inputs: [src] }) {
    const r = g && gradToSource(g, src);
    return r instanceof Promise ? r.then((t) => [t]) : [r];
  },
});

/**
 * `t.to(dtype, device)`: `t` itself when nothing changes (unless `copy`), else a copy recorded for
 * autograd. A Promise only when the data must be read back from a non-CPU device.
 */
export function toCopy(
  t: Tensor,
  dtype: DType = t.dtype,
  device: Device = t.device,
  copy = false,
): Tensor | Promise<Tensor> {
  if (dtype === t.dtype && device === t.device && !copy) return t;
  const finish = (out: Tensor) => {
    recordView(toCopyOp, [t], [out], { dtype, device });
    return out;
  };
  const moved = withGradMode(false, () => onDevice(dtype === t.dtype ? t : clone(t, dtype), device));
  if (moved instanceof Promise) return moved.then((m) => finish(m === t ? withGradMode(false, () => clone(t)) : m));
  return finish(moved === t ? withGradMode(false, () => clone(t)) : moved);
}

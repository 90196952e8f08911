// The WebGPU backend's public face. Bringing up an adapter is asynchronous, so the runtime awaits
// initWebGPU() once (at start-up, or before the first use of a `cuda` device); it registers the
// backend under "webgpu" when an adapter exists.
//
// Loading this module loads every kernel file, so that each registers in webgpuKernels.

import type { Backend } from "../backend.ts";
import { registerBackend } from "../../runtime/device.ts";
import { startGpu } from "./device.ts";
import { webgpuBackend } from "./backend.ts";
import { storagePool } from "./pool.ts";
import { clearBindGroups } from "./pipelines.ts";
import { emptyStagingCache } from "./queue.ts";
import "./copy.ts";
import "./join.ts";
import "./fill.ts";
import "./elementwise.ts";
import "./activation.ts";
import "./threshold_backward.ts";
import "./reduce.ts";
import "./matmul.ts";
import "./conv.ts";
import "./conv_grad.ts";
import "./pool2d.ts";
import "./adaptive_pool2d.ts";
import "./host.ts";
import "./fused_optim.ts";
import "./softmax.ts";
import "./scan.ts";
import "./reorder.ts";
import "./masked_fill.ts";
import "./gather.ts";
import "./scatter.ts";
import "./index.ts";
import "./loss_checks.ts";

/** Requests the adapter and device (once) and registers the backend; undefined without an adapter. */
export async function initWebGPU(): Promise<Backend | undefined> {
  const gpu = await startGpu();
  if (!gpu) return undefined;
  registerBackend("webgpu", () => webgpuBackend);
  return webgpuBackend;
}

/** torch.cuda.empty_cache(): destroys the pooled buffers no storage holds. */
export function emptyCache(): void {
  storagePool.emptyCache();
  emptyStagingCache();
  clearBindGroups();
}

export { deviceName, gpuStarted, isRealGpu, isWebGpuAvailable } from "./device.ts";
export {
  maxMemoryAllocated,
  memoryAllocated,
  memoryReserved,
  releaseDroppedIfDue,
  resetPeakMemoryStats,
  settleReleases,
} from "./pool.ts";
export { flush, queueStats, synchronize } from "./queue.ts";
export { awaitBacklog, backlogStats, drainGpu, MAX_IN_FLIGHT, setMaxInFlight, submitsInFlight } from "./backlog.ts";
export { atStepBoundary } from "./step_boundary.ts";
export { webgpuBackend, webgpuKernels } from "./backend.ts";

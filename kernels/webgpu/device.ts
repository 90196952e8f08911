// Brings up the one WebGPU adapter and device that tsl shares, and turns the device's asynchronous
// failures (loss, uncaptured validation or out-of-memory errors) into errors thrown at the next
// point where the runtime talks to the GPU, so a broken device never shows up as a hang.

import { runtimeError } from "../../runtime/errors.ts";

export interface Gpu {
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  readonly name: string;
  /** A software adapter (lavapipe, llvmpipe, SwiftShader, WARP): works, but slower than the CPU backend. */
  readonly isFallback: boolean;
}

let gpu: Gpu | undefined;
let starting: Promise<Gpu | undefined> | undefined;
/** Device loss: thrown by every later GPU call. */
let failure: Error | undefined;
/**
 * An uncaptured error (an invalid shader or command): the batch it was in did not run, so the
 * next GPU call throws it, once; the device itself stays usable.
 */
let pendingError: Error | undefined;
const failureListeners = new Set<(e: Error) => void>();

/** The adapter and device, requested once; undefined where no adapter exists. */
export function startGpu(): Promise<Gpu | undefined> {
  starting ??= requestGpu();
  return starting;
}

async function requestGpu(): Promise<Gpu | undefined> {
  if (typeof navigator === "undefined" || !navigator.gpu) return undefined;
  quietMesa();
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return undefined;
  const info = adapter.info;
  const name = info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(" ") ||
    "WebGPU adapter";
  const isFallback = Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter) ||
    /llvmpipe|lavapipe|softpipe|swiftshader|software|warp/i.test(name);
  // Ask for the adapter's own buffer limits: the defaults (128 MiB bindings) are far below what
  // real GPUs allow, and a tensor's storage is one binding.
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
    },
  });
  device.lost.then((lost) => {
    fail(runtimeError(`the WebGPU device was lost (${lost.reason}): ${lost.message || "no details"}`));
  });
  device.addEventListener("uncapturederror", (e) => {
    e.preventDefault(); // tsl reports it (below) instead of the console
    const error = (e as GPUUncapturedErrorEvent).error;
    // A buffer the device had no memory for: PyTorch's wording, so `"out of memory" in str(e)` works.
    const what = typeof GPUOutOfMemoryError !== "undefined" && error instanceof GPUOutOfMemoryError
      ? "CUDA out of memory. WebGPU"
      : "WebGPU error";
    pendingError ??= runtimeError(`${what}: ${error.message.trim()}`);
  });
  gpu = { adapter, device, name, isFallback };
  return gpu;
}

// Mesa's Vulkan drivers print "XDG_RUNTIME_DIR is invalid or not set" to stderr when the variable is
// missing (and lavapipe then takes seconds to start). A private, empty directory silences both;
// Deno.env.set changes the process environment that Mesa reads. The directory is one per user and
// kept, so that processes neither leak temporary directories nor race to delete a shared one.
function quietMesa(): void {
  try {
    if (Deno.env.get("XDG_RUNTIME_DIR")) return;
    let uid: number | null = null;
    try {
      uid = Deno.uid(); // needs --allow-sys; without it the mode check below still applies
    } catch { /* unknown */ }
    const dir = `${Deno.env.get("TMPDIR") ?? "/tmp"}/tsl-xdg-${uid ?? Deno.env.get("USER") ?? "user"}`;
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = Deno.statSync(dir);
    if ((uid !== null && st.uid !== uid) || ((st.mode ?? 0) & 0o077) !== 0) return; // not private
    Deno.env.set("XDG_RUNTIME_DIR", dir);
  } catch {
    // Without env, sys or write permission Mesa may print its warning; nothing else goes wrong.
  }
}

function fail(e: Error): void {
  if (failure) return;
  failure = e;
  for (const listener of failureListeners) listener(e);
}

/** Runs `listener` once the device is lost (pending reads reject through this rather than hang). */
export function onGpuFailure(listener: (e: Error) => void): () => void {
  if (failure) listener(failure);
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

/** Throws the device's loss, or an uncaptured error not reported yet. */
export function checkGpu(): void {
  if (failure) throw failure;
  const e = pendingError;
  pendingError = undefined;
  if (e) throw e;
}

/** The started device; throws where initWebGPU has not succeeded. */
export function gpuDevice(): GPUDevice {
  if (!gpu) throw runtimeError("the WebGPU backend is not initialised (await initWebGPU() first)");
  checkGpu();
  return gpu.device;
}

/** Whether the device is up (initWebGPU succeeded). */
export const gpuStarted = (): boolean => gpu !== undefined;

/** True on a hardware GPU adapter (false before initialisation and on software adapters). */
export const isRealGpu = (): boolean => gpu !== undefined && !gpu.isFallback;

/** The adapter's description, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"; "" before initialisation. */
export const deviceName = (): string => gpu?.name ?? "";

/**
 * What torch.cuda.is_available() answers: a real GPU, or any adapter when TSL_WEBGPU=1 (software
 * adapters are slower than the CPU backend, so scripts that pick CUDA when available stay on CPU).
 */
export function isWebGpuAvailable(): boolean {
  if (!gpu) return false;
  if (!gpu.isFallback) return true;
  try {
    return Deno.env.get("TSL_WEBGPU") === "1";
  } catch {
    return false;
  }
}

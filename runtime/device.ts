// Devices name where a tensor's storage lives. `cuda`, `cuda:0`, `gpu` and `webgpu` all mean the
// WebGPU device, so PyTorch scripts run unmodified.

import type { Backend } from "../kernels/backend.ts";
import { runtimeError } from "./errors.ts";

export type DeviceType = "cpu" | "webgpu";

export class Device {
  constructor(readonly type: DeviceType, readonly backend: Backend) {}

  /** What PyTorch prints for the device: tsl shows the WebGPU device as CUDA's first device. */
  toString(): string {
    return this.type === "cpu" ? "cpu" : "cuda:0";
  }
}

const backendLoaders = new Map<DeviceType, () => Backend>();
const devices = new Map<DeviceType, Device>();
let defaultType: DeviceType = "cpu";

/** Backends register themselves; a backend that needs async set-up registers once it is ready. */
export function registerBackend(type: DeviceType, load: () => Backend): void {
  backendLoaders.set(type, load);
  devices.delete(type);
}

export function hasBackend(type: DeviceType): boolean {
  return backendLoaders.has(type);
}

export function parseDeviceType(spec: string): DeviceType {
  const s = spec.trim();
  if (s === "cpu") return "cpu";
  if (/^(cuda|gpu|webgpu)(:0)?$/.test(s)) return "webgpu";
  if (/^(cuda|gpu|webgpu):\d+$/.test(s)) {
    throw runtimeError(`CUDA error: invalid device ordinal (tsl has one GPU: ${s})`);
  }
  if (!/^[a-zA-Z_]+(:([1-9]\d*|0))?$/.test(s)) throw runtimeError(`Invalid device string: '${s}'`);
  throw runtimeError(
    `Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string: ${s}`,
  );
}

export function getDevice(spec: string | DeviceType | Device = defaultType): Device {
  if (spec instanceof Device) return spec;
  const type = parseDeviceType(spec);
  let d = devices.get(type);
  if (d) return d;
  const load = backendLoaders.get(type);
  if (!load) {
    throw runtimeError(
      type === "webgpu" ? "no WebGPU adapter is available (navigator.gpu found none)" : `no backend for ${type}`,
    );
  }
  d = new Device(type, load());
  devices.set(type, d);
  return d;
}

export const defaultDevice = (): Device => getDevice(defaultType);

export function setDefaultDevice(spec: string): void {
  defaultType = parseDeviceType(spec);
  getDevice(defaultType);
}

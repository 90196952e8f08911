// Wires the backends into the device registry. The WebGPU backend registers itself once its
// adapter is up (kernels/webgpu).
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { registerBackend } from "./device.ts";

registerBackend("cpu", () => cpuBackend);

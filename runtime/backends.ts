// Wires the backends into the device registry. The WebGPU backend registers itself once its
// adapter is up (kernels/webgpu).
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { registerBackend } from "./device.ts";

registerBackend("cpu", () => cpuBackend);
export { initWebGPU } from "../kernels/webgpu/mod.ts"; // the runtime awaits it before the first WebGPU use

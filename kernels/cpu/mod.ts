// Loads every CPU kernel file, so that each registers its kernels in cpuKernels.
import "./copy.ts";

export { cpuBackend } from "./backend.ts";

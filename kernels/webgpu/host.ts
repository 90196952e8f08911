// Kernels without inputs whose values depend only on the position (arange, linspace): the CPU
// kernel of the same name computes them (the CPU backend is always loaded), and the values are
// uploaded and copied into the output view. That makes them bit-identical to the CPU's, which
// matters for arange's single rounding of start + i * step, at the price of one upload (no wait).

import type { View } from "../backend.ts";
import { cpuBackend } from "../cpu/mod.ts";
import { contiguousStrides, numelOf } from "../../runtime/shape.ts";
import { webgpuBackend, webgpuKernels } from "./backend.ts";
import { copyKernel } from "./copy.ts";
import type { GpuStorage } from "./pool.ts";

function hostKernel(name: string) {
  return (_inputs: readonly View[], [out]: readonly View[], params: unknown) => {
    const n = numelOf(out.shape);
    if (n === 0) return;
    const strides = contiguousStrides(out.shape);
    const host = cpuBackend.alloc(out.dtype, n);
    cpuBackend.kernel(name)!([], [{ storage: host, dtype: out.dtype, shape: out.shape, strides, offset: 0 }], params);
    const staged = webgpuBackend.upload(out.dtype, cpuBackend.readSync(host)!) as GpuStorage;
    copyKernel([{ storage: staged, dtype: out.dtype, shape: out.shape, strides, offset: 0 }], [out]);
    staged.release();
  };
}

for (const name of ["arange", "linspace"]) webgpuKernels.register(name, hostKernel(name));

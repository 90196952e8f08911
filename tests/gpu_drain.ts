// The GPU work a test module leaves queued must finish before the module's isolate ends: dropping
// the device with more than ~6 s of work queued makes wgpu panic, which kills the whole `deno test`
// run (kernels/webgpu/backlog.ts). `deno test` does not wait for pending GPU ops, so modules that
// use the GPU register this last.

import { drainGpu } from "../kernels/webgpu/mod.ts";

/** Registers a last test that waits for the GPU (nothing to do where `gpu` is undefined). */
export function drainGpuAtEnd(gpu: unknown): void {
  Deno.test({ name: "drain the GPU before the module ends", ignore: !gpu, fn: drainGpu });
}

// A rough per-kernel GPU-time profile for benchmarks: while tracing, queue.ts records every dispatch
// (pipeline, bind group, meta words, workgroup counts); profileTrace() then replays each recorded
// dispatch `reps` times alone in one pass and times it by wall clock. A wait costs ~11 ms on
// lavapipe, so the time of an empty submit-and-wait is measured too and subtracted.

import { gpuDevice } from "./device.ts";

export interface TracedDispatch {
  readonly key: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly meta: Uint32Array<ArrayBuffer>;
  readonly groups: readonly [number, number?, number?];
  readonly arena: GPUBuffer;
}

let trace: TracedDispatch[] | null = null;
let active = false;

export const tracing = (): boolean => active;
export function startTrace(): void {
  trace = [];
  active = true;
}
export function stopTrace(): void {
  active = false;
}
export function recordDispatch(d: TracedDispatch): void {
  trace?.push(d);
}

export interface KernelTime {
  readonly key: string;
  readonly calls: number;
  /** Microseconds per dispatch, summed over the calls. */
  readonly totalUs: number;
}

async function timed(encode: (pass: GPUComputePassEncoder) => void): Promise<number> {
  const device = gpuDevice();
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encode(pass);
  pass.end();
  const t0 = performance.now();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) * 1000;
}

/** Stops tracing and times each traced dispatch (median of `tries` runs of `reps` repetitions). */
export async function profileTrace(reps = 50, tries = 3): Promise<KernelTime[]> {
  const list = trace ?? [];
  trace = null;
  active = false;
  const device = gpuDevice();
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const empty: number[] = [];
  for (let i = 0; i < 5; i++) empty.push(await timed(() => {}));
  const base = median(empty);
  const byKey = new Map<string, { calls: number; totalUs: number }>();
  for (const d of list) {
    device.queue.writeBuffer(d.arena, 0, d.meta);
    const runs: number[] = [];
    for (let t = 0; t < tries; t++) {
      runs.push(
        await timed((pass) => {
          pass.setPipeline(d.pipeline);
          pass.setBindGroup(0, d.bindGroup, [0]);
          for (let r = 0; r < reps; r++) pass.dispatchWorkgroups(d.groups[0], d.groups[1] ?? 1, d.groups[2] ?? 1);
        }),
      );
    }
    const us = Math.max(0, median(runs) - base) / reps;
    const k = byKey.get(d.key) ?? { calls: 0, totalUs: 0 };
    k.calls++;
    k.totalUs += us;
    byKey.set(d.key, k);
  }
  return [...byKey].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.totalUs - a.totalUs);
}

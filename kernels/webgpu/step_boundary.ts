// What the runtime does with the GPU at each step boundary (every Module.__call__): return dropped
// storages to the pool when enough were created (pool.ts), and hold the CPU back when it is too
// many submits ahead of the GPU (backlog.ts). Both are usually nothing, and then this answers
// undefined so that the caller need not await.

import { awaitBacklog } from "./backlog.ts";
import { releaseDroppedIfDue } from "./pool.ts";

export function atStepBoundary(): Promise<void> | undefined {
  const settling = releaseDroppedIfDue();
  const backlog = awaitBacklog();
  if (!settling) return backlog;
  if (!backlog) return settling;
  return Promise.all([settling, backlog]).then(() => {});
}

// Host reads for data-dependent ops (masks, nonzero, masked_select, tensor-valued indices): their
// output shape depends on values, so the values must reach the host before the op can run. On the
// CPU that read is synchronous. A WebGPU tensor can only be read asynchronously, so the async entry
// points (nonzeroAsync, getitemAsync, ...) first read every tensor the op will look at, all reads
// issued together, then run the synchronous op with those contents in scope: hostData() answers from
// them. The scope lasts for one synchronous call only, so no write can slip in between.

import type { Storage } from "../../kernels/backend.ts";
import type { TypedArray } from "../dtype.ts";
import { gatherView, Tensor } from "../tensor.ts";

let inScope: Map<Storage, TypedArray> | null = null;

/** Whether reading `t` needs a wait (it lives on a device that cannot be read synchronously). */
export const needsAsyncRead = (t: unknown): t is Tensor => t instanceof Tensor && t.device.type !== "cpu";

/**
 * Runs `fn` with the contents of `tensors` readable through hostData(); a Promise only when some
 * tensor needs an asynchronous read.
 */
export function withHostReads<T>(tensors: readonly Tensor[], fn: () => T): T | Promise<T> {
  const storages = [...new Set(tensors.filter(needsAsyncRead).map((t) => t.storage))];
  if (storages.length === 0) return fn();
  return Promise.all(storages.map((s) => s.backend.read(s))).then((contents) => {
    const previous = inScope;
    inScope = new Map(previous ?? []);
    storages.forEach((s, i) => inScope!.set(s, contents[i]));
    try {
      return fn();
    } finally {
      inScope = previous;
    }
  });
}

/** The elements of `t` in row-major order, read on the host (see withHostReads for other devices). */
export function hostData(t: Tensor): TypedArray {
  const all = t.device.type === "cpu" ? undefined : inScope?.get(t.storage);
  return all ? gatherView(t, all) : t.dataSync();
}

// What the WebGPU convolution and pooling kernels share: f32 loads and stores of any dtype, the
// CPU kernels' convolution geometry, workgroup sizing and a cache of generated shader sources.

import type { DType } from "../../runtime/dtype.ts";
import { loadAs, storeAs } from "./dtypes.ts";
import type { KernelSource } from "./pipelines.ts";
import { type Binding, dispatch } from "./queue.ts";
import { meta } from "./strided.ts";

export { type ConvGeometry, convGeometry, type ConvKernelParams } from "../cpu/conv_im2col.ts";

/** WGSL: an f32 from a stored element of `d`. */
export const loadF32 = (d: DType) => (v: string): string => loadAs(v, d, "f32");
/** WGSL: a stored element of `d` from an f32. */
export const storeF32 = (d: DType) => (v: string): string => storeAs(v, "f32", d);

/** Invocations per workgroup, at most. */
export const WORKGROUP = 64;
export const pow2AtLeast = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

const sources = new Map<string, KernelSource>();

/** The source with `key`, its shader (after the binding header) made by `wgsl` once. */
export function cachedSource(key: string, wgsl: () => string, vec4?: readonly boolean[]): KernelSource {
  let source = sources.get(key);
  if (!source) {
    const shader = wgsl();
    source = { key, wgsl: (header) => `${header}\n${shader}`, vec4 };
    sources.set(key, source);
  }
  return source;
}

/** WebGPU's limit on workgroups per dimension. */
const MAX_GROUPS = 65535;

/**
 * Dispatches `groups`, splitting the y dimension (rows of `wy` invocations) into runs of at most
 * MAX_GROUPS workgroups; each run finds its first row in meta word `baseWord`.
 */
export function dispatchRows(
  src: KernelSource,
  bindings: readonly Binding[],
  groups: readonly [number, number, number],
  wy: number,
  baseWord: number,
): void {
  const [x, y, z] = groups;
  for (let base = 0; base < y; base += MAX_GROUPS) {
    meta.u32[baseWord] = base * wy;
    dispatch(src, bindings, meta.words(), [x, Math.min(MAX_GROUPS, y - base), z]);
  }
}

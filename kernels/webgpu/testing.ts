// Helpers for the WebGPU tests (tests/webgpu_*_test.ts): the same data as CPU and GPU views, and
// element comparison with the tolerance a dtype and op call for. Not loaded by the runtime.

import type { Backend, View } from "../backend.ts";
import type { DType, TypedArray } from "../../runtime/dtype.ts";
import { contiguousStrides, numelOf } from "../../runtime/shape.ts";

export interface Pair {
  cpu: View;
  gpu: View;
}

/** A view of `shape` over a fresh storage of `storageLength` elements holding `data`. */
export function viewOn(
  backend: Backend,
  dtype: DType,
  data: ArrayLike<number>,
  shape: readonly number[],
  strides: readonly number[] = contiguousStrides(shape),
  offset = 0,
): View {
  return { storage: backend.upload(dtype, data), dtype, shape, strides, offset };
}

/** The same values on both backends. */
export function pairOf(
  cpu: Backend,
  gpu: Backend,
  dtype: DType,
  data: ArrayLike<number>,
  shape: readonly number[],
  strides?: readonly number[],
  offset = 0,
): Pair {
  return {
    cpu: viewOn(cpu, dtype, data, shape, strides, offset),
    gpu: viewOn(gpu, dtype, data, shape, strides, offset),
  };
}

/** Zero-filled output views on both backends (contiguous unless strides are given). */
export function outputPair(
  cpu: Backend,
  gpu: Backend,
  dtype: DType,
  shape: readonly number[],
  strides: readonly number[] = contiguousStrides(shape),
  length = numelOf(shape),
): Pair {
  const mk = (b: Backend): View => ({ storage: b.alloc(dtype, length), dtype, shape, strides, offset: 0 });
  return { cpu: mk(cpu), gpu: mk(gpu) };
}

/** A seeded generator (mulberry32), so a failure reproduces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random values suited to `dtype` (floats in [-range, range), ints in [-range, range], bool 0/1). */
export function randomData(dtype: DType, n: number, rand: () => number, range = 10): number[] {
  return Array.from({ length: n }, () => {
    if (dtype === "bool") return rand() < 0.5 ? 0 : 1;
    if (dtype === "uint8") return Math.floor(rand() * 256);
    if (dtype === "float32" || dtype === "float64") return (rand() * 2 - 1) * range;
    return Math.floor((rand() * 2 - 1) * (range + 1));
  });
}

/**
 * The first index where `got` and `want` differ beyond `rel` relative (plus `abs` absolute)
 * tolerance, or -1. NaN matches NaN; with rel = 0 the comparison is exact (-0 matches 0).
 */
export function firstMismatch(got: TypedArray, want: TypedArray, rel = 0, abs = 0): number {
  if (got.length !== want.length) return 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i], w = want[i];
    if (g === w || (g !== g && w !== w)) continue;
    if (rel === 0 && abs === 0) return i;
    if (!(Math.abs(g - w) <= rel * Math.abs(w) + abs)) return i;
  }
  return -1;
}

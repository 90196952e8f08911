// Addressing for kernels that walk lines along one dim (softmax, log_softmax, cumsum, cumprod):
// the other dims (coalesced) number the lines, and each line is `n` elements at a fixed stride in
// the input and in the output. Shapes and strides travel in the meta block, so one pipeline serves
// every shape and dim.

import type { View } from "../backend.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { numelOf } from "../../runtime/shape.ts";
import { coalesce, MAX_DIMS, meta } from "./strided.ts";

// Meta words: line count, line length, the line dims (shape, input and output strides), offsets,
// the strides along the line; kernel params follow from LINE_PARAMS.
const LINES = 0, N = 1, K_NDIM = 2, K_SHAPE = 3, K_IN = K_SHAPE + MAX_DIMS, K_OUT = K_IN + MAX_DIMS;
const IN_OFF = K_OUT + MAX_DIMS, OUT_OFF = IN_OFF + 1, IN_STEP = OUT_OFF + 1, OUT_STEP = IN_STEP + 1;
export const LINE_PARAMS = OUT_STEP + 1;

/** Fills the meta block for the lines of `input` → `out` along `dim`; returns line count and length. */
export function writeLines(input: View, out: View, dim: number, nParams = 0): { lines: number; n: number } {
  const nd = input.shape.length;
  const kept = [...Array(nd).keys()].filter((d) => d !== dim);
  const k = coalesce(kept.map((d) => input.shape[d]), [
    kept.map((d) => input.strides[d]),
    kept.map((d) => out.strides[d]),
  ]);
  if (k.shape.length > MAX_DIMS) {
    throw runtimeError(`the WebGPU backend handles at most ${MAX_DIMS} non-mergeable dims besides the scanned one`);
  }
  const n = nd === 0 ? 1 : input.shape[dim];
  const lines = numelOf(k.shape);
  meta.reset(LINE_PARAMS + nParams);
  const u = meta.u32;
  u[LINES] = lines;
  u[N] = n;
  u[K_NDIM] = k.shape.length;
  u.set(k.shape, K_SHAPE);
  u.set(k.strides[0], K_IN);
  u.set(k.strides[1], K_OUT);
  u[IN_OFF] = input.offset;
  u[OUT_OFF] = out.offset;
  u[IN_STEP] = nd === 0 ? 0 : input.strides[dim];
  u[OUT_STEP] = nd === 0 ? 0 : out.strides[dim];
  return { lines, n };
}

/**
 * WGSL: `line_start(l)` gives line l's first input (x) and output (y) element; `in_step()` and
 * `out_step()` the strides along a line; `line_count()` and `line_len()`.
 */
export const WGSL_LINES = `
fn line_count() -> u32 { return mu(${LINES}u); }
fn line_len() -> u32 { return mu(${N}u); }
fn in_step() -> u32 { return mu(${IN_STEP}u); }
fn out_step() -> u32 { return mu(${OUT_STEP}u); }
fn line_start(l: u32) -> vec2<u32> {
  var rem = l;
  var at = vec2<u32>(mu(${IN_OFF}u), mu(${OUT_OFF}u));
  for (var d = i32(mu(${K_NDIM}u)) - 1; d >= 0; d--) {
    let ud = u32(d);
    let size = mu(${K_SHAPE}u + ud);
    let q = rem / size;
    let i = rem - q * size;
    rem = q;
    at += i * vec2<u32>(mu(${K_IN}u + ud), mu(${K_OUT}u + ud));
  }
  return at;
}`;

/** Invocations per workgroup when one workgroup handles one line. */
export const LINE_WG = 256;

/** Whether long lines go one workgroup each (few, long lines) rather than one invocation each. */
export const useWorkgroupPerLine = (lines: number, n: number): boolean => n > 256 && lines < 2048;

/** The entry point for either variant; declares `l` (the line) and `lid` (the invocation in its workgroup). */
export function wgslLineEntry(perLine: boolean): string {
  return `@compute @workgroup_size(${perLine ? LINE_WG : 64})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let l = ${perLine ? "wg.y * nwg.x + wg.x" : "(wg.y * nwg.x + wg.x) * 64u + lid"};
  if (l >= line_count()) { return; }`;
}

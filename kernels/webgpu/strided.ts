// Strided addressing for GPU kernels. Shapes and strides go in the meta block, not the WGSL, so a
// pipeline serves every shape. Before that, dims are coalesced (size-1 dims dropped, neighbours
// merged where every operand steps through them as one), which turns most real cases into one
// dim; those run a "flat" variant (offset + i * stride) without the per-dim division loop.
//
// Limit: after coalescing at most MAX_DIMS dims; more throws (PyTorch programs rarely get there).

import type { View } from "../backend.ts";
import { broadcastStrides, numelOf } from "../../runtime/shape.ts";
import { runtimeError } from "../../runtime/errors.ts";

export const MAX_DIMS = 6;

/** Meta words for shape and strides: numel, ndim, shape[MAX_DIMS], then per operand offset + strides. */
const OPERAND_WORDS = 1 + MAX_DIMS;
const HEAD_WORDS = 2 + MAX_DIMS;
export const operandBase = (k: number): number => HEAD_WORDS + k * OPERAND_WORDS;
export const paramBase = (nOperands: number): number => operandBase(nOperands);

/** Scratch builder for one dispatch's meta words (copied into the batch's arena by dispatch()). */
export class Meta {
  readonly u32 = new Uint32Array(64);
  readonly i32 = new Int32Array(this.u32.buffer);
  readonly f32 = new Float32Array(this.u32.buffer);
  length = 0;

  reset(length: number): this {
    this.u32.fill(0, 0, length);
    this.length = length;
    return this;
  }

  words(): Uint32Array {
    return this.u32.subarray(0, this.length);
  }
}

export const meta = new Meta();

export interface Layout {
  shape: number[];
  /** One stride list per operand, over `shape`. */
  strides: number[][];
}

/** Drops size-1 dims and merges dims that every operand walks contiguously. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Layout {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * n)) {
      outShape[last] *= n;
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(n);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Writes numel, the coalesced shape and each view's offset and strides (views broadcast to `shape`)
 * into `m` from word 0, leaving `nParams` words after them. Returns whether the flat variant
 * applies, and numel.
 */
export function writeStrided(
  m: Meta,
  shape: readonly number[],
  views: readonly View[],
  nParams = 0,
): { flat: boolean; numel: number } {
  const lay = coalesce(shape, views.map((v) => broadcastStrides(v.shape, v.strides, shape)));
  if (lay.shape.length > MAX_DIMS) {
    throw runtimeError(
      `the WebGPU backend handles at most ${MAX_DIMS} non-mergeable dims (got shape [${shape.join(", ")}])`,
    );
  }
  const numel = numelOf(shape);
  m.reset(paramBase(views.length) + nParams);
  m.u32[0] = numel;
  m.u32[1] = lay.shape.length;
  m.u32.set(lay.shape, 2);
  views.forEach((v, k) => {
    m.u32[operandBase(k)] = v.offset;
    m.u32.set(lay.strides[k], operandBase(k) + 1);
  });
  return { flat: lay.shape.length <= 1, numel };
}

/**
 * WGSL that declares `o0..o{n-1}`: the element offsets of each operand for linear index `i`
 * (a u32 in scope), following the meta layout of writeStrided.
 */
export function wgslOffsets(n: number, flat: boolean): string {
  const ks = [...Array(n).keys()];
  if (flat) {
    return ks.map((k) => `  let o${k} = mu(${operandBase(k)}u) + i * mu(${operandBase(k) + 1}u);`).join("\n");
  }
  return `${ks.map((k) => `  var o${k} = mu(${operandBase(k)}u);`).join("\n")}
  var rem = i;
  for (var d = i32(mu(1u)) - 1; d >= 0; d--) {
    let ud = u32(d);
    let size = mu(2u + ud);
    let q = rem / size;
    let r = rem - q * size;
    rem = q;
${ks.map((k) => `    o${k} += r * mu(${operandBase(k) + 1}u + ud);`).join("\n")}
  }`;
}

/** Invocations per workgroup of one-element-per-invocation kernels. */
export const WG = 256;

/** Workgroup counts for `n` invocations of WG each, folded into 2-D past WebGPU's 65535 limit. */
export function grid(n: number, perGroup = WG): [number, number] {
  const groups = Math.max(1, Math.ceil(n / perGroup));
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x)];
}

/** The entry point's signature and `i`, the invocation's linear index, for a grid() dispatch. */
export const WGSL_LINEAR_ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = (wg.y * nwg.x + wg.x) * ${WG}u + li;
  if (i >= mu(0u)) { return; }`;

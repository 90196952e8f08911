// The WebGPU conv2d kernel and what the gradient kernels (conv_grad.ts) share with it: the
// geometry in the meta block, the general implicit-GEMM shaders' sources and tiles. Stride-1
// convolutions take the faster sliding-window shader of conv_row.ts instead.
// Inputs are contiguous (runtime/ops/conv.ts sees to it) but may start at an offset. Floats compute
// in f32; integer convolutions too (exact while sums stay under 2^24).

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { isRealGpu } from "./device.ts";
import { type ConvMode, type ConvTile, convWgsl, CV } from "./conv_wgsl.ts";
import {
  cachedSource,
  type ConvGeometry,
  convGeometry,
  type ConvKernelParams,
  dispatchRows,
  loadF32,
  pow2AtLeast,
  storeF32,
  WORKGROUP,
} from "./conv_shared.ts";
import { rowConv, rowConvApplies } from "./conv_row.ts";
import type { KernelSource } from "./pipelines.ts";
import type { Binding } from "./queue.ts";
import { meta } from "./strided.ts";

/** Writes the geometry into the meta block (reset to CV.WORDS words). */
export function writeGeometry(g: ConvGeometry): void {
  meta.reset(CV.WORDS);
  const u = meta.u32;
  u.set([g.N, g.C, g.H, g.W, g.K, g.kH, g.kW, g.OH, g.OW, g.sH, g.sW, g.pH, g.pW, g.dH, g.dW], 0);
  u[CV.CG] = g.C / g.groups;
  u[CV.KG] = g.K / g.groups;
}

let tileOverride: Partial<Record<ConvMode, ConvTile>> = {};
/** Fixes the tiles of the conv kernels (for tuning on a new adapter); {} restores the choice. */
export function setConvTiles(tiles: Partial<Record<ConvMode, ConvTile>>): void {
  tileOverride = tiles;
}

/**
 * TM × TN outputs per invocation. The columns (channels, or wgrad's taps) are usually few, so TN
 * covers them when it can and TM takes the rest of the register budget: 8 × 8 on lavapipe (CPU
 * threads favour big blocks), 4 × 4 on a real GPU (more invocations in flight). The workgroup
 * spans the column tiles first, then rows, up to 64 invocations.
 */
export function convTile(mode: ConvMode, rows: number, cols: number): ConvTile {
  const fixed = tileOverride[mode];
  if (fixed) return { ...fixed };
  const budget = isRealGpu() ? 4 : 8;
  const tn = Math.min(cols, budget);
  const tm = Math.min(rows, isRealGpu() ? 4 : Math.max(4, Math.min(16, Math.floor(64 / tn))));
  const wx = Math.min(WORKGROUP, pow2AtLeast(Math.ceil(cols / tn)));
  const wy = Math.min(WORKGROUP / wx, pow2AtLeast(Math.ceil(rows / tm)));
  return { tm, tn, wx, wy };
}

/** The source of a general conv shader for operand dtype `d` and output dtype `out`. */
export function convSource(
  mode: ConvMode,
  tile: ConvTile,
  d: DType,
  out: DType,
  opts: { bias?: boolean; unitStride?: boolean } = {},
): KernelSource {
  const shape = `${tile.tm}x${tile.tn}:${tile.wx}x${tile.wy}x${tile.wc ?? 1}`;
  const key = `conv:${mode}:${shape}:${d}:${out}:${!!opts.bias}:${!!opts.unitStride}`;
  // b0 and b1 share a dtype for every conv (the shape rule checks it); b3 (bias) too.
  return cachedSource(key, () => convWgsl({ mode, tile, load: loadF32(d), store: storeF32(out), ...opts }));
}

/** Workgroups for `rows` × `cols` outputs in tiles of `t`, `z` deep. */
export const convGroups = (t: ConvTile, rows: number, cols: number, z: number): [number, number, number] => [
  Math.ceil(cols / (t.tn * t.wx)),
  Math.ceil(rows / (t.tm * t.wy)),
  z,
];

webgpuKernels.register("conv2d", (inputs: readonly View[], [out]: readonly View[], p: ConvKernelParams) => {
  const [x, w, b] = inputs;
  const g = convGeometry(x.shape, w.shape, out.shape, p);
  const rows = g.N * g.OH * g.OW, cols = g.K / g.groups;
  if (rows === 0 || cols === 0) return;
  if (rowConvApplies(g, false)) return rowConv({ src: x, w, dst: out, bias: b, g, transposed: false });
  const tile = convTile("fwd", rows, cols);
  writeGeometry(g);
  meta.u32.set([x.offset, w.offset, out.offset, b ? b.offset : 0], CV.OFF0);
  const bindings: Binding[] = [
    { storage: storageOf(x) },
    { storage: storageOf(w) },
    { storage: storageOf(out), write: true, whole: coversStorage(out) },
  ];
  if (b) bindings.push({ storage: storageOf(b) });
  const src = convSource("fwd", tile, x.dtype, out.dtype, { bias: !!b });
  // An empty reduction (no input channels) still writes the bias (or zeros).
  dispatchRows(src, bindings, convGroups(tile, rows, cols, g.groups), tile.wy, CV.ROW_BASE);
});

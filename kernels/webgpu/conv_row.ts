// Stride-1, dilation-1 convolutions (the common case) and their input gradients with the
// sliding-window row shader of conv_row_wgsl.ts, after repacking the weights for vec4 loads.

import type { View } from "../backend.ts";
import { coversStorage, storageOf, webgpuBackend } from "./backend.ts";
import { isRealGpu } from "./device.ts";
import {
  cachedSource,
  type ConvGeometry,
  dispatchRows,
  loadF32,
  pow2AtLeast,
  storeF32,
  WORKGROUP,
} from "./conv_shared.ts";
import { RC, REPACK_WGSL, type RowConvTile, rowConvWgsl } from "./conv_row_wgsl.ts";
import type { GpuStorage } from "./pool.ts";
import { type Binding, dispatch } from "./queue.ts";
import { grid, meta } from "./strided.ts";

/** The widest kernel the row shader unrolls. */
const MAX_ROW_KW = 9;

/**
 * Whether the sliding-window row shader (conv_row_wgsl.ts) runs this convolution's forward pass
 * (or, with `transposed`, its input gradient, which then pads by kernel − 1 − padding).
 */
export function rowConvApplies(g: ConvGeometry, transposed: boolean): boolean {
  const unit = g.sH === 1 && g.sW === 1 && g.dH === 1 && g.dW === 1 && g.kW <= MAX_ROW_KW && !rowConvOff;
  return unit && (!transposed || (g.pH <= g.kH - 1 && g.pW <= g.kW - 1));
}

let rowConvOff = false;
/** Turns the row shader off (so the general kernels can be measured and tested alone). */
export function setRowConv(on: boolean): void {
  rowConvOff = !on;
}

let vecSrcRows = true, knownWindow = true;
/**
 * Turns the row shader's vec4 source loads (lavapipe) and its compiled-in padding window off, for
 * measuring and testing the plain shader.
 */
export function setRowConvVecSrc(on: boolean, window = on): void {
  vecSrcRows = on;
  knownWindow = window;
}

let rowTileOverride: RowConvTile | undefined;
/** Fixes the row shader's tile (for tuning on a new adapter); undefined restores the choice. */
export function setRowConvTile(tile: RowConvTile | undefined): void {
  rowTileOverride = tile;
}

/**
 * Up to 16 outputs of a row per invocation on lavapipe (4 on a GPU), split evenly over the row,
 * and all the output channels up to 8 (4), so the loaded inputs serve them all. One row: more
 * rows per invocation (which share the weight loads) measured no faster on lavapipe.
 */
function rowTile(width: number, height: number, planes: number, channels: number): RowConvTile {
  const gpu = isRealGpu();
  const even = (size: number, max: number) => Math.ceil(size / Math.ceil(size / max));
  const tm = even(width, rowTileOverride?.tm ?? (gpu ? 4 : 16));
  // Several channel tiles start at multiples of 4 (aligned vec4 weight loads); one covers all.
  const maxTn = gpu ? 4 : 8;
  const tn = rowTileOverride?.tn ?? (channels <= maxTn ? channels : maxTn);
  const th = even(height, rowTileOverride?.th ?? 1);
  const rows = planes * Math.ceil(height / th) * Math.ceil(width / tm);
  const wy = rowTileOverride?.wy ?? Math.min(WORKGROUP, pow2AtLeast(rows));
  return { tm, tn, th, wy };
}

export interface RowConv {
  src: View;
  w: View;
  dst: View;
  bias?: View;
  g: ConvGeometry;
  /** The input gradient: src is the output gradient, dst the input's, the kernel flipped. */
  transposed: boolean;
}

/** Encodes a stride-1 convolution (or input gradient) with the row shader. */
export function rowConv({ src, w, dst, bias, g, transposed }: RowConv): void {
  const Cg = g.C / g.groups, Kg = g.K / g.groups, CKK = Cg * g.kH * g.kW;
  const [Hd, Wd, Og, Rg] = transposed ? [g.H, g.W, Cg, Kg] : [g.OH, g.OW, Kg, Cg];
  const tile = rowTile(Wd, Hd, g.N, Og);
  const tiles = Math.ceil(Wd / tile.tm), hTiles = Math.ceil(Hd / tile.th);
  meta.reset(RC.WORDS);
  const u = meta.u32;
  u[RC.N] = g.N;
  u.set(transposed ? [g.K, g.OH, g.OW, g.C, g.H, g.W] : [g.C, g.H, g.W, g.K, g.OH, g.OW], RC.SRC_C);
  u.set([g.kH, transposed ? g.kH - 1 - g.pH : g.pH, transposed ? g.kW - 1 - g.pW : g.pW, Rg, Og], RC.KH);
  const kk = g.kH * g.kW, Og4 = 4 * Math.ceil(Og / 4);
  u[RC.OG4] = Og4;
  u.set(transposed ? [Kg * CKK, kk, CKK] : [Kg * CKK, CKK, kk], RC.GS);
  u.set([src.offset, w.offset, dst.offset, bias?.offset ?? 0, tiles, hTiles], RC.SRC_OFF);
  const count = g.groups * Rg * kk * Og4;
  u.set([count, g.kW], RC.COUNT);
  // The last channel tile may read a vec4 past the last row: the buffer has room for it.
  const packed = webgpuBackend.alloc("float32", count + 4 * Math.ceil(tile.tn / 4)) as GpuStorage;
  dispatch(
    cachedSource(`conv:repack:${transposed}:${w.dtype}`, () => REPACK_WGSL(transposed, loadF32(w.dtype))),
    [{ storage: storageOf(w) }, { storage: packed, write: true }],
    meta.words(),
    grid(count, 64),
  );
  const unpadded = !transposed && g.pH === 0 && g.pW === 0;
  const padW = transposed ? g.kW - 1 - g.pW : g.pW;
  const srcW = transposed ? g.OW : g.W;
  const vecSrc = vecSrcRows && !isRealGpu() && src.dtype === "float32" && src.offset % 4 === 0 && srcW % 4 === 0 &&
    tile.tm % 4 === 0 && padW % 4 === 0;
  const window: [number, number] | undefined = tiles === 1 && padW > 0 && knownWindow ? [padW, padW + srcW] : undefined;
  const key = `conv:row:${tile.tm}x${tile.tn}x${tile.th}:${tile.wy}:${g.kW}:${!!bias}:${unpadded}:${vecSrc}:${
    window ?? "-"
  }:${src.dtype}:${dst.dtype}`;
  const source = cachedSource(key, () =>
    rowConvWgsl({
      tile,
      kw: g.kW,
      bias: !!bias,
      unpadded,
      load: loadF32(src.dtype),
      store: storeF32(dst.dtype),
      vecSrc,
      window,
    }), [vecSrc, true, false, false]);
  const bindings: Binding[] = [
    { storage: storageOf(src) },
    { storage: packed },
    { storage: storageOf(dst), write: true, whole: coversStorage(dst) },
  ];
  if (bias) bindings.push({ storage: storageOf(bias) });
  const rows = g.N * hTiles * tiles;
  const groups: [number, number, number] = [
    Math.ceil(Og / tile.tn),
    Math.ceil(rows / tile.wy),
    g.groups,
  ];
  dispatchRows(source, bindings, groups, tile.wy, RC.ROW_BASE);
  packed.release();
}

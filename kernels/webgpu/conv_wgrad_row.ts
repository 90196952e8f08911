// A sliding-window weight gradient for lavapipe, for stride-1, dilation-1, float32 convolutions
// without width padding whose rows are whole vec4s (LeNet's: 28x28→24x24 and 12x12→8x8):
//   dW[k, c, i, j] = Σ_(n, oh, ow) gy[n, k, oh, ow] · x[n, c, oh + i − pH, ow + j]
// An invocation owns TK output channels of one (input channel c, kernel row i) and all KW taps of
// that row, and walks a chunk of the (n, oh) output rows four outputs at a time: per step it loads
// one vec4 of gy per channel and the ⌈(KW + 3) / 4⌉ vec4s of x that the KW shifted windows share,
// against TK · KW · 4 FMAs. The general implicit GEMM (conv_wgsl.ts's wgrad) loads one masked scalar
// per operand per FMA row: on lavapipe every load is a per-lane gather, and they dominated it.
// Chunks write partial sums that a second dispatch adds (deterministic, as conv_grad.ts does).

import type { View } from "../backend.ts";
import { numelOf } from "../../runtime/shape.ts";
import { coversStorage, storageOf, webgpuBackend } from "./backend.ts";
import { isRealGpu } from "./device.ts";
import { cachedSource, type ConvGeometry, storeF32 } from "./conv_shared.ts";
import type { GpuStorage } from "./pool.ts";
import { dispatch } from "./queue.ts";
import { grid, meta } from "./strided.ts";

export const WR = {
  N: 0,
  C: 1,
  H: 2,
  W: 3,
  K: 4,
  KH: 5,
  OH: 6,
  OW: 7,
  PH: 8,
  CG: 9,
  KG: 10,
  GY_OFF: 11,
  X_OFF: 12,
  OUT_OFF: 13,
  ROWS_PER_CHUNK: 14,
  /** Invocations per chunk: groups · channel tiles · Cg · kH. */
  ITEMS: 15,
  K_TILES: 16,
  TOTAL: 17,
  WORDS: 18,
} as const;

const range = (n: number) => [...Array(n).keys()];
const each = (n: number, f: (i: number) => string) => range(n).map(f).join("\n");
const m = (k: keyof typeof WR) => `mu(${WR[k]}u)`;
const LANE = ["x", "y", "z", "w"];

/**
 * The shader for `tk` output channels per invocation and kernel width `kw`; b0 = gy and b1 = x
 * as vec4s, b2 the f32 output ([chunk][K][Cg][kH][kW] partial sums, or dW itself at OUT_OFF).
 */
export function rowWeightGradWgsl(
  tk: number,
  kw: number,
  ow4: number,
  groupSize: number,
  store: (v: string) => string,
): string {
  const vecs = Math.ceil((kw + 3) / 4);
  // x element e of the loaded window: lane e % 4 of vec4 e / 4.
  const xe = (e: number) => `xv${Math.floor(e / 4)}.${LANE[e % 4]}`;
  const dot = (t: number, j: number) =>
    range(4).reduce((acc, r) => `fma(g${t}.${LANE[r]}, ${xe(r + j)}, ${acc})`, `acc${t}_${j}`);
  const step = `${each(vecs, (v) => `      let xv${v} = b1[min(xb + q + ${v}u, xLast)];`)}
${each(tk, (t) => `      let g${t} = b0[gb${t} + q];`)}
${each(tk, (t) => each(kw, (j) => `      acc${t}_${j} = ${dot(t, j)};`))}`;
  return `@compute @workgroup_size(${groupSize})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let gid = (wg.y * nwg.x + wg.x) * ${groupSize}u + li;
  if (gid >= ${m("TOTAL")}) { return; }
  let N = ${m("N")}; let C = ${m("C")}; let H = i32(${m("H")}); let W = ${m("W")}; let K = ${m("K")};
  let kH = ${m("KH")}; let OH = ${m("OH")}; let OW = ${m("OW")}; let pH = i32(${m("PH")});
  let Cg = ${m("CG")}; let Kg = ${m("KG")}; let items = ${m("ITEMS")}; let kTiles = ${m("K_TILES")};
  // Neighbouring invocations take neighbouring kernel rows and channels of the same chunk: their
  // gy loads coincide.
  let chunk = gid / items; let item = gid % items;
  let i = item % kH; let rest = item / kH;
  let c = rest % Cg; let rest2 = rest / Cg;
  let kt = rest2 % kTiles; let grp = rest2 / kTiles;
  let P4 = OH * OW / 4u; let OW4 = OW / 4u; let W4 = W / 4u; let HW4 = u32(H) * W4;
  let xLast = arrayLength(&b1) - 1u;
${each(tk, (t) => `  let k${t} = grp * Kg + min(kt * ${tk}u + ${t}u, Kg - 1u);`)}
${each(tk, (t) => each(kw, (j) => `  var acc${t}_${j} = 0.0;`))}
  let r0 = chunk * ${m("ROWS_PER_CHUNK")};
  let r1 = min(r0 + ${m("ROWS_PER_CHUNK")}, N * OH);
  for (var nr = r0; nr < r1; nr++) {
    let n = nr / OH; let oh = nr - n * OH;
    let ih = i32(oh) + i32(i) - pH;
    if (ih < 0 || ih >= H) { continue; }
    let xb = ${m("X_OFF")} / 4u + (n * C + grp * Cg + c) * HW4 + u32(ih) * W4;
${each(tk, (t) => `    let gb${t} = ${m("GY_OFF")} / 4u + (n * K + k${t}) * P4 + oh * OW4;`)}
${
    ow4 > 0
      ? range(ow4).map((q) => `    {\n      let q = ${q}u;\n${step}\n    }`).join("\n")
      : `    for (var q = 0u; q < OW4; q++) {\n${step}\n    }`
  }
  }
  let ckk = Cg * kH * ${kw}u;
  let base = ${m("OUT_OFF")} + chunk * K * ckk + (c * kH + i) * ${kw}u;
${
    each(tk, (t) =>
      `  if (kt * ${tk}u + ${t}u < Kg) {
${each(kw, (j) => `    b2[base + k${t} * ckk + ${j}u] = ${store(`acc${t}_${j}`)};`)}
  }`)
  }
}`;
}

let rowWgradOff = false;
let tuning: { tk?: number; invocations?: number; unroll?: number; wg?: number } = {};
/** Turns the sliding-window weight gradient off, or fixes its tile (tuning); {} restores it. */
export function setRowWeightGrad(
  on: boolean,
  fixed: { tk?: number; invocations?: number; unroll?: number; wg?: number } = {},
): void {
  rowWgradOff = !on;
  tuning = fixed;
}

/** Whether rowWeightGrad runs this weight gradient (lavapipe only: GPUs keep the tiled GEMM). */
export function rowWeightGradApplies(g: ConvGeometry, gy: View, x: View, gw: View): boolean {
  return !rowWgradOff && !isRealGpu() && g.sH === 1 && g.sW === 1 && g.dH === 1 && g.dW === 1 && g.pW === 0 &&
    g.kW <= MAX_KW && g.W % 4 === 0 && g.OW % 4 === 0 && gy.dtype === "float32" &&
    x.dtype === "float32" && gy.offset % 4 === 0 && x.offset % 4 === 0 && numelOf(gw.shape) > 0;
}

const MAX_KW = 9;
const WORKGROUP_SIZE = 64;
/** Rows of at most this many vec4s are unrolled (compiled in): short loops cost more than their work. */
const MAX_UNROLL = 8;
/** lavapipe: invocations worth starting (a few CPU threads of 8 lanes, with room to balance). */
const TARGET_INVOCATIONS = 256;
/** Output rows per chunk, at least: shorter chunks cost more in partial sums than they spread. */
const MIN_ROWS = 4;

/**
 * Encodes dW (or, with several chunks, its partial sums: the caller adds them up with its
 * sum-over-parts kernel) and returns the partial sums' storage and count, or null when it wrote dW.
 */
export function rowWeightGrad(
  g: ConvGeometry,
  gy: View,
  x: View,
  gw: View,
): { part: GpuStorage; chunks: number } | null {
  const Cg = g.C / g.groups, Kg = g.K / g.groups;
  const tk = Math.min(Kg, tuning.tk ?? 8);
  const kTiles = Math.ceil(Kg / tk);
  const items = g.groups * kTiles * Cg * g.kH;
  const rows = g.N * g.OH;
  const target = tuning.invocations ?? TARGET_INVOCATIONS;
  let chunks = Math.max(1, Math.min(Math.ceil(target / items), Math.floor(rows / MIN_ROWS)));
  const rowsPerChunk = Math.max(1, Math.ceil(rows / chunks));
  chunks = Math.max(1, Math.ceil(rows / rowsPerChunk));
  const size = numelOf(gw.shape);
  const direct = chunks === 1;
  const part = direct ? null : webgpuBackend.alloc("float32", chunks * size) as GpuStorage;
  meta.reset(WR.WORDS);
  meta.u32.set([g.N, g.C, g.H, g.W, g.K, g.kH, g.OH, g.OW, g.pH, Cg, Kg, gy.offset, x.offset], 0);
  meta.u32.set([direct ? gw.offset : 0, rowsPerChunk, items, kTiles, items * chunks], WR.OUT_OFF);
  const out = direct ? gw.dtype : "float32";
  const wg = tuning.wg ?? WORKGROUP_SIZE;
  const ow4 = g.OW / 4 <= (tuning.unroll ?? MAX_UNROLL) ? g.OW / 4 : 0;
  const source = cachedSource(
    `conv:wgrad_row:${tk}:${g.kW}:${ow4}:${wg}:${out}`,
    () => rowWeightGradWgsl(tk, g.kW, ow4, wg, storeF32(out)),
    [true, true, false],
  );
  dispatch(
    source,
    [{ storage: storageOf(gy) }, { storage: storageOf(x) }, {
      storage: part ?? storageOf(gw),
      write: true,
      whole: part !== null || coversStorage(gw),
    }],
    meta.words(),
    grid(items * chunks, wg),
  );
  return part ? { part, chunks } : null;
}

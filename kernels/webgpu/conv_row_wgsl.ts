// WGSL for the common convolution case, stride 1 and dilation 1, as a sliding window along rows:
// an invocation computes TM consecutive outputs of one output row for TN output channels. For
// each input channel and kernel row it loads the TM + KW − 1 input elements those outputs share
// once, then reuses each for up to KW taps, so loads (and their bounds checks) drop KW-fold
// against the general implicit GEMM of conv_wgsl.ts. KW is compiled in (the taps are unrolled).
//
// The same shader runs the input gradient, which is a stride-1 convolution of the output
// gradient with the flipped kernel, channels swapped and padding KW − 1 − pW:
//   forward  src = x [N, C, H, W],     dst = y [N, K, OH, OW],  W[o, r, i, j]
//   dgrad    src = gy [N, K, OH, OW],  dst = gx [N, C, H, W],   W[r, o, kH−1−i, KW−1−j]
// Both read the weights repacked (REPACK_WGSL) as [group, r, tap, o] with o padded to a multiple
// of 4, so an invocation's TN channels of one tap are ⌈TN / 4⌉ vec4 loads: on lavapipe every load is
// a per-invocation gather, and the weights were most of them. On lavapipe, float32 sources whose
// rows, TM and width padding are multiples of 4 are read as vec4s too (vecSrc).

export const RC = {
  N: 0,
  SRC_C: 1,
  SRC_H: 2,
  SRC_W: 3,
  DST_C: 4,
  DST_H: 5,
  DST_W: 6,
  KH: 7,
  PH: 8,
  PW: 9,
  /** Reduction (source) and output channels per group. */
  RG: 10,
  OG: 11,
  /** Output channels per group padded to a multiple of 4 (the repacked weights' row). */
  OG4: 12,
  /** The original weights' strides (for REPACK_WGSL): per group, output and reduction channel. */
  GS: 13,
  OS: 14,
  RS: 15,
  SRC_OFF: 16,
  W_OFF: 17,
  DST_OFF: 18,
  BIAS_OFF: 19,
  /** Tiles per output row, and tiles of output rows per plane. */
  TILES: 20,
  H_TILES: 21,
  /** REPACK_WGSL: the repacked element count and kernel width. */
  COUNT: 22,
  KW: 23,
  /** The first row of invocations of this dispatch (see conv_shared.ts's dispatchRows). */
  ROW_BASE: 24,
  WORDS: 25,
} as const;

/**
 * The weights of (output channel o, reduction channel r, tap t), at off + group · GS + o · OS +
 * r · RS + (flip ? kH·KW − 1 − t : t), into [group, r, t, o] rows of OG4 (zeros past Og).
 */
export const REPACK_WGSL = (flip: boolean, load: (v: string) => string) => `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = g.y * nwg.x * 64u + g.x;
  if (i >= ${m("COUNT")}) { return; }
  let Og4 = ${m("OG4")}; let kHW = ${m("KH")} * ${m("KW")}; let Rg = ${m("RG")};
  let o = i % Og4; let rest = i / Og4;
  let t = rest % kHW; let rest2 = rest / kHW;
  let r = rest2 % Rg; let grp = rest2 / Rg;
  let tap = ${flip ? "kHW - 1u - t" : "t"};
  let at = ${m("W_OFF")} + grp * ${m("GS")} + min(o, ${m("OG")} - 1u) * ${m("OS")} + r * ${m("RS")} + tap;
  b1[i] = select(0.0, ${load("b0[at]")}, o < ${m("OG")});
}`;

export interface RowConvTile {
  /**
   * Consecutive outputs of a row, output channels (a multiple of 4 unless one tile covers all
   * the channels: tiles start at vec4 boundaries), and output rows per invocation.
   */
  tm: number;
  tn: number;
  th: number;
  /** Workgroup size (along x) in row tiles (the channel tiles are workgroups of their own). */
  wy: number;
}

export interface RowConvShader {
  tile: RowConvTile;
  /** The kernel width, compiled in. */
  kw: number;
  bias: boolean;
  /** Padding is 0, so every input that a stored output reads is in bounds: no masks. */
  unpadded: boolean;
  load: (v: string) => string;
  store: (v: string) => string;
  /**
   * float32 source bound as vec4s: its rows, TM and the width padding are multiples of 4, so each
   * vec4 of a window lies wholly inside or outside the row (one gather instead of four).
   */
  vecSrc?: boolean;
  /**
   * Compiled in when every invocation starts at output column 0 (one tile per row): only window
   * elements [lo, hi) can lie inside the source row (the input gradient's padding: KW − 1 − pW).
   */
  window?: [number, number];
}

const range = (n: number) => [...Array(n).keys()];
const each = (n: number, f: (i: number) => string) => range(n).map(f).join("\n");
const m = (k: keyof typeof RC) => `mu(${RC[k]}u)`;

export function rowConvWgsl(s: RowConvShader): string {
  const { tm, tn, th, wy } = s.tile;
  const span = tm + s.kw - 1;
  const bias = (c: number) => (s.bias ? ` + bias${c}` : "");
  const biasLoads = s.bias
    ? each(tn, (c) => `  let bias${c} = ${s.load(`b3[${m("BIAS_OFF")} + grp * Og + o${c}]`)};`)
    : "";
  const acc = (h: number, r: number, c: number) => `acc${h}_${r}_${c}`;
  // Unpadded, the loads past the row's end only feed outputs that are not stored.
  const load = (e: number) =>
    s.unpadded
      ? s.load(`b0[u32(rb + iw${e})]`)
      : `select(0.0, ${s.load(`b0[select(0u, u32(rb + iw${e}), ok${e})]`)}, ok${e})`;
  // Window elements known to lie in the padding add nothing: their products are left out (the
  // loads feeding only them are then dead code).
  const inWindow = (e: number) => !s.window || (e >= s.window[0] && e < s.window[1]);
  const vecs = Math.ceil(span / 4);
  // Unpadded, a window's last vec4 may pass the row's (and the buffer's) end: clamped, it only
  // feeds outputs that are not stored.
  const vecLoad = (v: number) =>
    s.unpadded
      ? `b0[min(u32(rb + iv${v}) / 4u, srcLast)]`
      : `select(vec4<f32>(0.0), b0[select(0u, u32(rb + iv${v}) / 4u, okv${v})], okv${v})`;
  const vecLoads = [
    each(vecs, (v) => `        ${s.unpadded ? "" : `let okv${v} = hv && vv${v}; `}let xv${v} = ${vecLoad(v)};`),
    each(span, (e) => `        let x${e} = xv${Math.floor(e / 4)}[${e % 4}];`),
  ].join("\n");
  const windows = s.vecSrc
    ? [
      "  let srcLast = arrayLength(&b0) - 1u;",
      each(vecs, (v) => `  let iv${v} = i32(ow0) - pW + ${4 * v}; let vv${v} = iv${v} >= 0 && iv${v} < Ws;`),
    ].join("\n")
    : each(span, (e) => `  let iw${e} = i32(ow0) - pW + ${e}; let wv${e} = iw${e} >= 0 && iw${e} < Ws;`);
  const stores = (h: number) =>
    each(
      tm,
      (r) =>
        each(tn, (c) =>
          `    if (live && oh < Hd && ow0 + ${r}u < Wd && col0 + ${c}u < Og) { b2[dst0 + (grp * Og + o${c}) * Hd * Wd + ${r}u] = ${
            s.store(`${acc(h, r, c)}${bias(c)}`)
          }; }`),
    );
  // The row tiles run along x: lavapipe runs a workgroup's x dimension in SIMD lanes and loops
  // over y, so (1, wy) filled one lane of eight (along x: 5× faster on LeNet's conv1).
  return `@compute @workgroup_size(${wy}, 1, 1)
fn main(@builtin(local_invocation_id) l: vec3<u32>, @builtin(workgroup_id) wg: vec3<u32>) {
  let N = ${m("N")}; let Cs = ${m("SRC_C")}; let Hs = i32(${m("SRC_H")}); let Ws = i32(${m("SRC_W")});
  let Cd = ${m("DST_C")}; let Hd = ${m("DST_H")}; let Wd = ${m("DST_W")};
  let kH = ${m("KH")}; let kHW = kH * ${s.kw}u; let pH = i32(${m("PH")}); let pW = i32(${m("PW")});
  let Rg = ${m("RG")}; let Og = ${m("OG")}; let tiles = ${m("TILES")}; let hTiles = ${m("H_TILES")};
  let grp = wg.z;
  let row = ${m("ROW_BASE")} + wg.y * ${wy}u + l.x;
  let col0 = wg.x * ${tn}u;
  let rows = N * hTiles * tiles;
  // No early return: kept in uniform control flow, a weight's address is the same for every
  // invocation of the workgroup, which lets a compiler load it once.
  let live = row < rows;
  let rowc = min(row, rows - 1u);
  // Neighbouring invocations take neighbouring samples at the same position, so the kernel rows
  // that fall in the padding are the same for all of them and the loop below skips them together.
  let n = rowc % N; let rest = rowc / N;
  let tile = rest % tiles; let oh0 = (rest / tiles) * ${th}u;
  let i0 = u32(max(0, pH - i32(oh0) - ${th - 1}));
  let i1 = u32(clamp(Hs + pH - i32(oh0), 0, i32(kH)));
  let ow0 = tile * ${tm}u;
${each(tn, (c) => `  let o${c} = min(col0 + ${c}u, Og - 1u);`)}
  let Og4 = ${m("OG4")};
  // The repacked weights of this group and channel tile, in vec4s.
  let wg4 = (grp * Rg * kHW * Og4 + col0) / 4u;
  let HWs = u32(Hs * Ws);
  let src0 = ${m("SRC_OFF")} + (n * Cs + grp * Rg) * HWs;
${windows}
${biasLoads}
${each(th, (h) => each(tm, (r) => each(tn, (c) => `  var ${acc(h, r, c)} = 0.0;`)))}
  for (var rc = 0u; rc < Rg; rc++) {
    for (var i = i0; i < i1; i++) {
      let wr = wg4 + ((rc * kH + i) * ${s.kw}u) * (Og4 / 4u);
${each(s.kw, (j) => each(Math.ceil(tn / 4), (q) => `      let w${j}_q${q} = b1[wr + ${j}u * (Og4 / 4u) + ${q}u];`))}
${
    each(th, (h) =>
      `      {
        let ih = i32(oh0 + ${h}u) - pH + i32(i);
        let hv = ih >= 0 && ih < Hs;
        let rb = i32(src0 + rc * HWs) + ih * Ws;
${
        s.vecSrc ? vecLoads : each(span, (e) =>
          `        let ok${e} = hv && wv${e};
        let x${e} = ${load(e)};`)
      }
${
        each(s.kw, (j) =>
          each(tm, (r) =>
            !inWindow(r + j)
              ? ""
              : each(tn, (c) =>
                `        ${acc(h, r, c)} = fma(x${r + j}, w${j}_q${Math.floor(c / 4)}[${c % 4}], ${acc(h, r, c)});`)))
      }
      }`)
  }
    }
  }
${
    each(th, (h) =>
      `  {
    let oh = oh0 + ${h}u;
    let dst0 = ${m("DST_OFF")} + n * Cd * Hd * Wd + oh * Wd + ow0;
${stores(h)}
  }`)
  }
}`;
}

// WebGPU max and average pooling kernels and their gradients, with the CPU kernels' names and
// params (kernels/cpu/pool.ts, whose window arithmetic they repeat so edge windows, ceil_mode,
// count_include_pad, divisor_override and NaNs agree). A 1-d pool is a 2-d one of height 1.
//
//   max_pool2d / avg_pool2d   one invocation per output element
//   avg_pool2d_grad           one per input element, gathering from the windows that contain it
//   max_pool2d_grad           one per plane, scattering through the indices in output order (the
//                             params hold no window, so a gather cannot find the outputs; planes
//                             are many in the conv nets that use pooling)
//
// Inputs are contiguous (the op functions see to it), possibly at an offset. Indices are int64,
// stored as i32 on the GPU.

import type { View } from "../backend.ts";
import { numelOf } from "../../runtime/shape.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { loadF32, storeF32 } from "./conv_shared.ts";
import type { KernelSource } from "./pipelines.ts";
import { type Binding, dispatch } from "./queue.ts";
import { grid, meta, WG } from "./strided.ts";
import type { DType } from "../../runtime/dtype.ts";

/** Meta words shared by the pooling kernels (adaptive_pool2d.ts too). */
export const PL = {
  COUNT: 0,
  H: 1,
  W: 2,
  OH: 3,
  OW: 4,
  KH: 5,
  KW: 6,
  SH: 7,
  SW: 8,
  PH: 9,
  PW: 10,
  DH: 11,
  DW: 12,
  /** avg: count_include_pad (0/1), divisor_override (0 = none). */
  INCLUDE_PAD: 13,
  DIVISOR: 14,
  OFF0: 15,
  OFF1: 16,
  OFF2: 17,
  WORDS: 18,
} as const;

/** Planes and plane sizes of an input `x` and output `y` pooled over their last `dims` dims. */
export function planes(x: readonly number[], y: readonly number[], dims: number) {
  const H = dims === 2 ? x[x.length - 2] : 1, W = x[x.length - 1];
  const OH = dims === 2 ? y[y.length - 2] : 1, OW = y[y.length - 1];
  return { n: H * W === 0 ? 0 : numelOf(x) / (H * W), H, W, OH, OW };
}

const pair = (v: readonly number[], unit: number): [number, number] => (v.length === 1 ? [unit, v[0]] : [v[0], v[1]]);

/** Writes the plane sizes, `count` (invocations) and the operand offsets; window words are 0. */
export function writePlanes(count: number, s: ReturnType<typeof planes>, offsets: readonly number[]): void {
  meta.reset(PL.WORDS);
  meta.u32.set([count, s.H, s.W, s.OH, s.OW], 0);
  meta.u32.set(offsets, PL.OFF0);
}

interface Window {
  kernel: readonly number[];
  stride: readonly number[];
  padding: readonly number[];
  dilation?: readonly number[];
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

function writeWindow(p: Window): void {
  const u = meta.u32;
  u.set([...pair(p.kernel, 1), ...pair(p.stride, 1), ...pair(p.padding, 0), ...pair(p.dilation ?? [1], 1)], PL.KH);
  u[PL.INCLUDE_PAD] = p.count_include_pad ? 1 : 0;
  u[PL.DIVISOR] = p.divisor_override ?? 0;
}

const sources = new Map<string, KernelSource>();
export function poolSource(key: string, body: string, vec4?: readonly boolean[]): KernelSource {
  let src = sources.get(key);
  if (!src) {
    src = {
      key,
      vec4,
      wgsl: (header) =>
        `${header}
fn is_nan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.y * nwg.x * ${WG}u + gid.x;
  if (i >= mu(0u)) { return; }
  let H = mu(1u); let W = mu(2u); let OH = mu(3u); let OW = mu(4u);
  let kH = mi(5u); let kW = mi(6u); let sH = mi(7u); let sW = mi(8u);
  let pH = mi(9u); let pW = mi(10u); let dH = mi(11u); let dW = mi(12u);
${body}
}`,
    };
    sources.set(key, src);
  }
  return src;
}

/** The output element `i`'s plane, row and column (ints), as `c`, `oh`, `ow`. */
export const OUTPUT_POSITION = `  let c = i / (OH * OW); let o = i - c * OH * OW;
  let oh = i32(o / OW); let ow = i32(o % OW);
  let base = mu(${PL.OFF0}u) + c * H * W;`;

/** Keeps the window's max and its index as the CPU does: a NaN wins, and a later NaN wins again. */
export const MAX_STEP = (load: string) =>
  `        let v = ${load};
        if (v > best || is_nan(v)) { best = v; at = ih * i32(W) + iw; }`;

const maxPool = (d: DType) =>
  `${OUTPUT_POSITION}
  var h0 = oh * sH - pH; let h1 = min(h0 + (kH - 1) * dH + 1, i32(H));
  var w0 = ow * sW - pW; let w1 = min(w0 + (kW - 1) * dW + 1, i32(W));
  if (h0 < 0) { h0 += ((dH - 1 - h0) / dH) * dH; }
  if (w0 < 0) { w0 += ((dW - 1 - w0) / dW) * dW; }
  var best = bitcast<f32>(0xff800000u);
  var at = h0 * i32(W) + w0;
  for (var ih = h0; ih < h1; ih += dH) {
    for (var iw = w0; iw < w1; iw += dW) {
${MAX_STEP(loadF32(d)(`b0[base + u32(ih * i32(W) + iw)]`))}
    }
  }
  b1[mu(${PL.OFF1}u) + i] = ${storeF32(d)("best")};
  b2[mu(${PL.OFF2}u) + i] = at;`;

/**
 * max_pool2d with a small window compiled in: no padding, no dilation and every window inside the
 * input (no edge windows), so the taps are unrolled loads. On lavapipe the general kernel's
 * data-dependent loops run under SIMD masks; LeNet's 2×2 pools took ~2.5× longer through them.
 */
const maxPoolUnrolled = (d: DType, kH: number, kW: number) =>
  `${OUTPUT_POSITION}
  let start = u32(oh * sH) * W + u32(ow * sW);
  var best = bitcast<f32>(0xff800000u);
  var at = i32(start);
${
    [...Array(kH).keys()].flatMap((a) =>
      [...Array(kW).keys()].map((b) =>
        `  { let k = start + ${a}u * W + ${b}u; let v = ${loadF32(d)("b0[base + k]")};
    if (v > best || is_nan(v)) { best = v; at = i32(k); } }`
      )
    ).join("\n")
  }
  b1[mu(${PL.OFF1}u) + i] = ${storeF32(d)("best")};
  b2[mu(${PL.OFF2}u) + i] = at;`;

/**
 * LeNet's case, float32 2×2 windows of stride 2 over rows of a multiple of 4: an invocation takes two
 * neighbouring outputs from two vec4 loads (x bound as vec4s) instead of eight scalar gathers. The
 * taps are visited in the general kernel's order, so ties, NaNs and indices agree. Meta count: pairs.
 */
const maxPoolPairs = (d: DType) =>
  `  let pairs = OH * OW / 2u;
  let c = i / pairs; let o2 = i - c * pairs;
  let oh = o2 / (OW / 2u); let q = o2 - oh * (OW / 2u);
  let k0 = 2u * oh * W + 4u * q;
  let base4 = (mu(${PL.OFF0}u) + c * H * W) / 4u;
  let r0 = b0[base4 + k0 / 4u]; let r1 = b0[base4 + (k0 + W) / 4u];
${
    [0, 1].map((e) => {
      const taps: [string, string][] = [
        [`r0[${2 * e}]`, `${2 * e}u`],
        [`r0[${2 * e + 1}]`, `${2 * e + 1}u`],
        [`r1[${2 * e}]`, `W + ${2 * e}u`],
        [`r1[${2 * e + 1}]`, `W + ${2 * e + 1}u`],
      ];
      return `  {
    var best = bitcast<f32>(0xff800000u);
    var at = k0 + ${2 * e}u;
${taps.map(([v, k]) => `    if (${v} > best || is_nan(${v})) { best = ${v}; at = k0 + ${k}; }`).join("\n")}
    let out = c * OH * OW + oh * OW + 2u * q + ${e}u;
    b1[mu(${PL.OFF1}u) + out] = ${storeF32(d)("best")};
    b2[mu(${PL.OFF2}u) + out] = i32(at);
  }`;
    }).join("\n")
  }`;

function pairsApply(p: Window, s: ReturnType<typeof planes>, x: View): boolean {
  const same = (v: readonly number[], to: number) => v.every((k) => k === to);
  return x.dtype === "float32" && x.offset % 4 === 0 && s.W % 4 === 0 && s.OW * 2 === s.W &&
    s.OH * 2 <= s.H && same(pair(p.kernel, 1), 2) && same(pair(p.stride, 1), 2) &&
    same(pair(p.padding, 0), 0) && same(pair(p.dilation ?? [1], 1), 1);
}

/** The window that maxPoolUnrolled can take, or undefined. */
function unrolledWindow(p: Window, s: ReturnType<typeof planes>): [number, number] | undefined {
  const [kH, kW] = pair(p.kernel, 1), [sH, sW] = pair(p.stride, 1);
  const plain = [...pair(p.padding, 0)].every((v) => v === 0) && pair(p.dilation ?? [1], 1).every((v) => v === 1);
  const inside = (s.OH - 1) * sH + kH <= s.H && (s.OW - 1) * sW + kW <= s.W;
  return plain && inside && kH * kW <= 16 ? [kH, kW] : undefined;
}

webgpuKernels.register("max_pool2d", ([x]: readonly View[], [y, ind]: readonly View[], p: Window) => {
  const s = planes(x.shape, y.shape, p.kernel.length);
  const count = s.n * s.OH * s.OW;
  if (count === 0) return;
  writePlanes(count, s, [x.offset, y.offset, ind.offset]);
  writeWindow(p);
  const bindings: Binding[] = [
    { storage: storageOf(x) },
    { storage: storageOf(y), write: true, whole: coversStorage(y) },
    { storage: storageOf(ind), write: true, whole: coversStorage(ind) },
  ];
  if (pairsApply(p, s, x)) {
    meta.u32[PL.COUNT] = count / 2;
    const src = poolSource(`pool:max:${x.dtype}:pairs`, maxPoolPairs(x.dtype), [true, false, false]);
    return dispatch(src, bindings, meta.words(), grid(count / 2));
  }
  const k = unrolledWindow(p, s);
  const src = k
    ? poolSource(`pool:max:${x.dtype}:${k.join("x")}`, maxPoolUnrolled(x.dtype, ...k))
    : poolSource(`pool:max:${x.dtype}`, maxPool(x.dtype));
  dispatch(src, bindings, meta.words(), grid(count));
});

/** One invocation per plane: zero it, then add each output gradient at its index, in order. */
const maxPoolGrad = (d: DType) =>
  `  let c = i;
  let base = mu(${PL.OFF2}u) + c * H * W;
  for (var k = 0u; k < H * W; k++) { b2[base + k] = ${storeF32(d)("0.0")}; }
  let P = OH * OW;
  for (var o = c * P; o < (c + 1u) * P; o++) {
    let at = base + u32(b1[mu(${PL.OFF1}u) + o]);
    b2[at] = ${storeF32(d)(`${loadF32(d)("b2[at]")} + ${loadF32(d)(`b0[mu(${PL.OFF0}u) + o]`)}`)};
  }`;

/**
 * maxPoolGrad for a float32 gx whose planes are whole vec4s, bound as vec4s: lanes work on
 * different planes, so each store is a scatter, and zeroing the plane in vec4s quarters them.
 */
const MAX_POOL_GRAD_VEC4 = `  let c = i;
  let base = mu(${PL.OFF2}u) + c * H * W;
  for (var k = 0u; k < H * W / 4u; k++) { b2[base / 4u + k] = vec4<f32>(0.0); }
  let P = OH * OW;
  for (var o = c * P; o < (c + 1u) * P; o++) {
    let at = base + u32(b1[mu(${PL.OFF1}u) + o]);
    b2[at / 4u][at % 4u] += b0[mu(${PL.OFF0}u) + o];
  }`;

webgpuKernels.register(
  "max_pool2d_grad",
  ([gy, ind]: readonly View[], [gx]: readonly View[], p: { dims: number }) => {
    const s = planes(gx.shape, gy.shape, p.dims);
    if (s.n === 0 || s.H * s.W === 0) return;
    writePlanes(s.n, s, [gy.offset, ind.offset, gx.offset]);
    const bindings: Binding[] = [
      { storage: storageOf(gy) },
      { storage: storageOf(ind) },
      { storage: storageOf(gx), write: true, whole: coversStorage(gx) },
    ];
    const vec4 = gx.dtype === "float32" && gx.offset % 4 === 0 && (s.H * s.W) % 4 === 0;
    const src = vec4
      ? poolSource("pool:max_grad:vec4", MAX_POOL_GRAD_VEC4, [false, false, true])
      : poolSource(`pool:max_grad:${gx.dtype}`, maxPoolGrad(gx.dtype));
    dispatch(src, bindings, meta.words(), grid(s.n, WG));
  },
);

/**
 * WGSL setting h0, h1, w0, w1 (the window of output (oh, ow) clipped to the input), `empty` (an
 * all-padding window) and `divisor`, as the CPU's avgWindows.
 */
const AVG_WINDOW = `    var h0 = oh * sH - pH; var w0 = ow * sW - pW;
    var h1 = min(h0 + kH, i32(H) + pH); var w1 = min(w0 + kW, i32(W) + pW);
    let pool_size = (h1 - h0) * (w1 - w0);
    h0 = max(h0, 0); w0 = max(w0, 0); h1 = min(h1, i32(H)); w1 = min(w1, i32(W));
    let empty = h0 >= h1 || w0 >= w1;
    var divisor = select((h1 - h0) * (w1 - w0), pool_size, mu(${PL.INCLUDE_PAD}u) == 1u);
    if (mu(${PL.DIVISOR}u) != 0u) { divisor = mi(${PL.DIVISOR}u); }`;

const avgPool = (d: DType) =>
  `${OUTPUT_POSITION}
  var s = 0.0;
  {
${AVG_WINDOW}
    if (!empty) {
      for (var ih = h0; ih < h1; ih++) {
        for (var iw = w0; iw < w1; iw++) { s += ${loadF32(d)(`b0[base + u32(ih * i32(W) + iw)]`)}; }
      }
      s = s / f32(divisor);
    }
  }
  b1[mu(${PL.OFF1}u) + i] = ${storeF32(d)("s")};`;

/** Input element i gathers g / divisor from the outputs whose windows hold it. */
const avgPoolGrad = (d: DType) =>
  `  let HW = H * W;
  let c = i / HW; let q = i - c * HW;
  let ih = i32(q / W); let iw = i32(q % W);
  let gbase = mu(${PL.OFF0}u) + c * OH * OW;
  // Windows start at o * s - p and span k: o ranges over [ceil((ih + p - k + 1) / s), (ih + p) / s].
  let oh0 = max(0, (ih + pH - kH + sH) / sH); let oh1 = min(i32(OH) - 1, (ih + pH) / sH);
  let ow0 = max(0, (iw + pW - kW + sW) / sW); let ow1 = min(i32(OW) - 1, (iw + pW) / sW);
  var s = 0.0;
  for (var oh = oh0; oh <= oh1; oh++) {
    for (var ow = ow0; ow <= ow1; ow++) {
${AVG_WINDOW}
      if (!empty && ih >= h0 && ih < h1 && iw >= w0 && iw < w1) {
        s += ${loadF32(d)(`b0[gbase + u32(oh) * OW + u32(ow)]`)} / f32(divisor);
      }
    }
  }
  b1[mu(${PL.OFF1}u) + i] = ${storeF32(d)("s")};`;

webgpuKernels.register("avg_pool2d", ([x]: readonly View[], [y]: readonly View[], p: Window) => {
  const s = planes(x.shape, y.shape, p.kernel.length);
  const count = s.n * s.OH * s.OW;
  if (count === 0) return;
  writePlanes(count, s, [x.offset, y.offset]);
  writeWindow(p);
  const bindings: Binding[] = [
    { storage: storageOf(x) },
    { storage: storageOf(y), write: true, whole: coversStorage(y) },
  ];
  dispatch(poolSource(`pool:avg:${x.dtype}`, avgPool(x.dtype)), bindings, meta.words(), grid(count));
});

webgpuKernels.register("avg_pool2d_grad", ([gy]: readonly View[], [gx]: readonly View[], p: Window) => {
  const s = planes(gx.shape, gy.shape, p.kernel.length);
  const count = s.n * s.H * s.W;
  if (count === 0) return;
  writePlanes(count, s, [gy.offset, gx.offset]);
  writeWindow(p);
  const bindings: Binding[] = [
    { storage: storageOf(gy) },
    { storage: storageOf(gx), write: true, whole: coversStorage(gx) },
  ];
  dispatch(poolSource(`pool:avg_grad:${gx.dtype}`, avgPoolGrad(gx.dtype)), bindings, meta.words(), grid(count));
});

// The float32 convolution kernels on the WebAssembly matrix product (wasm/): im2col + GEMM like
// the TypeScript kernels in conv.ts, but over many samples per product. Per group, with P output
// positions, CKK = Cg·kH·kW taps and the patches of nS samples side by side (columns s·P + p):
//   forward      Y [Kg × nS·P]     = W [Kg × CKK] · col [CKK × nS·P]
//   input grad   dcol [CKK × nS·P] = Wᵀ · dY, added back onto dX by col2im
//   weight grad  dWᵀ [CKK × Kg]   += col · dYᵀ
// The patch matrix col is never stored (an implicit GEMM): packing reads it from the input through
// offset tables. dY and the outputs are read and written in their [N, K, P] layout likewise.
//
// These use the fused multiply-add kernel: PyTorch's convolutions (oneDNN) round differently
// from any plain loop anyway. Each returns false, having written nothing, when the product does
// not fit the module's memory; the caller then runs the TypeScript kernel.

import type { ConvGeometry } from "./conv_im2col.ts";
import { col2im } from "./conv_im2col.ts";
import { type GemmJob, MR, NR, type SgemmRuntime } from "./wasm/sgemm_runtime.ts";
import { type Operand, packA, packB, split, strided } from "./wasm/sgemm_pack.ts";

/** A float32 array and the element offset of a tensor's first element in it. */
export interface F32 {
  data: Float32Array;
  off: number;
}

/** Patches per product stay under this many floats (16 MiB): more samples means more products. */
const COL_FLOATS = 1 << 22;

interface Sizes {
  Cg: number;
  Kg: number;
  P: number;
  CKK: number;
  HW: number;
  /** Samples per product. */
  chunk: number;
  pointwise: boolean;
}

function sizesOf(g: ConvGeometry): Sizes {
  const Cg = g.C / g.groups, P = g.OH * g.OW, CKK = Cg * g.kH * g.kW;
  const pointwise = g.kH === 1 && g.kW === 1 && g.sH === 1 && g.sW === 1 && g.pH === 0 && g.pW === 0;
  const chunk = Math.max(1, Math.min(g.N, Math.floor(COL_FLOATS / Math.max(1, CKK * P))));
  return { Cg, Kg: g.K / g.groups, P, CKK, HW: g.H * g.W, chunk, pointwise };
}

/** Each (group, first sample, samples) of the products, in order. */
function* chunks(g: ConvGeometry, s: Sizes): Generator<[number, number, number]> {
  for (let grp = 0; grp < g.groups; grp++) {
    for (let n0 = 0; n0 < g.N; n0 += s.chunk) yield [grp, n0, Math.min(s.chunk, g.N - n0)];
  }
}

/** The input's extent with its padding made real; the far side gets whatever the windows reach
 * (padding="same" with an even kernel pads it more). */
function paddedSize(g: ConvGeometry): { Hp: number; Wp: number; floats: number } {
  const Hp = Math.max(g.H + 2 * g.pH, (g.OH - 1) * g.sH + (g.kH - 1) * g.dH + 1);
  const Wp = Math.max(g.W + 2 * g.pW, (g.OW - 1) * g.sW + (g.kW - 1) * g.dW + 1);
  return { Hp, Wp, floats: g.N * g.C * Hp * Wp };
}

/** Copies the (padded) input into the job's staging area, where the packers read the patches. */
function stageInput(
  g: ConvGeometry,
  x: F32,
  job: GemmJob,
): { data: Float32Array; off: number; Hp: number; Wp: number } {
  const { Hp, Wp, floats } = paddedSize(g);
  const { mem, stage } = job;
  if (Hp === g.H && Wp === g.W) {
    mem.set(x.data.subarray(x.off, x.off + floats), stage);
    return { data: mem, off: stage, Hp, Wp };
  }
  mem.fill(0, stage, stage + floats);
  for (let p = 0; p < g.N * g.C; p++) {
    for (let h = 0; h < g.H; h++) {
      const src = x.off + (p * g.H + h) * g.W, dst = stage + (p * Hp + h + g.pH) * Wp + g.pW;
      mem.set(x.data.subarray(src, src + g.W), dst);
    }
  }
  return { data: mem, off: stage, Hp, Wp };
}

/** Staging floats for the input and the offset tables of one chunk's patches. */
const stageFloats = (g: ConvGeometry, s: Sizes) => paddedSize(g).floats + s.CKK + s.chunk * s.P;

/** Copies a patch operand's offset tables behind the staged input, for the WebAssembly packers. */
function stageTables(g: ConvGeometry, job: GemmJob, t: Operand): { rows: number; cols: number } {
  const rows = job.stage + paddedSize(g).floats, cols = rows + t.rows.length;
  job.i32.set(t.rows, rows);
  job.i32.set(t.cols, cols);
  return { rows, cols };
}

/**
 * The patch matrix [CKK × nS·P] of samples n0 .. n0 + nS of a group, never stored: its element
 * (tap (c, kh, kw), position (n, oh, ow)) is the padded input at an offset that is a sum of a tap
 * part and a position part, so offset tables describe it and packing reads the input directly.
 */
function patches(g: ConvGeometry, s: Sizes, xp: ReturnType<typeof stageInput>, grp: number, n0: number, nS: number) {
  const { Hp, Wp } = xp, plane = Hp * Wp;
  const rows = new Int32Array(s.CKK);
  let t = 0;
  for (let c = 0; c < s.Cg; c++) {
    for (let kh = 0; kh < g.kH; kh++) {
      for (let kw = 0; kw < g.kW; kw++) rows[t++] = xp.off + (grp * s.Cg + c) * plane + kh * g.dH * Wp + kw * g.dW;
    }
  }
  const cols = cachedTable(`patches ${n0} ${nS} ${g.C} ${plane} ${g.OH} ${g.OW} ${g.sH} ${g.sW} ${Wp}`, () => {
    const cols = new Int32Array(nS * s.P);
    let j = 0;
    for (let n = n0; n < n0 + nS; n++) {
      for (let oh = 0; oh < g.OH; oh++) {
        for (let ow = 0; ow < g.OW; ow++) cols[j++] = n * g.C * plane + oh * g.sH * Wp + ow * g.sW;
      }
    }
    return cols;
  });
  return { data: xp.data, rows, cols };
}

/** The output-gradient rows of a group for samples n0 .. n0 + nS: [Kg × nS·P] over [N, K, P]. */
const gradRows = (g: ConvGeometry, s: Sizes, gy: F32, grp: number, n0: number, nS: number): Operand => ({
  data: gy.data,
  rows: strided(s.Kg, gy.off + (n0 * g.K + grp * s.Kg) * s.P, s.P),
  cols: cachedTable(`grad ${nS} ${s.P} ${g.K}`, () => split(nS * s.P, 0, s.P, 1, g.K * s.P)),
});

/**
 * The large offset tables (one entry per output position of a chunk) depend only on the geometry,
 * so a training loop's convolutions build them once rather than every step. Never written after.
 */
const tables = new Map<string, Int32Array>();

function cachedTable(key: string, make: () => Int32Array): Int32Array {
  let t = tables.get(key);
  if (!t) {
    if (tables.size >= 64) tables.clear(); // a bound for programs that try many shapes
    tables.set(key, t = make());
  }
  return t;
}

export function convForwardWasm(rt: SgemmRuntime, g: ConvGeometry, x: F32, w: F32, bias: F32 | null, y: F32): boolean {
  const s = sizesOf(g);
  const stage = stageFloats(g, s);
  const first = rt.job(s.Kg, s.chunk * s.P, s.CKK, stage);
  if (!first) return false;
  const xp = stageInput(g, x, first);
  for (const [grp, n0, nS] of chunks(g, s)) {
    const job = rt.job(s.Kg, nS * s.P, s.CKK, stage)!;
    packA(job, { data: w.data, rows: strided(s.Kg, w.off + grp * s.Kg * s.CKK, s.CKK), cols: strided(s.CKK, 0, 1) });
    const b = patches(g, s, xp, grp, n0, nS);
    // Whole panels go to the WebAssembly packer, a ragged last one to packB.
    const whole = Math.floor(b.cols.length / NR), at = stageTables(g, job, b);
    rt.packBGatherStaged(job, 0, at.rows, at.cols, whole);
    packB(job, b, whole);
    rt.run(job, true);
    const { mem, c, ldc } = job;
    for (let k = 0; k < s.Kg; k++) {
      const add = bias ? bias.data[bias.off + grp * s.Kg + k] : 0;
      for (let n = 0; n < nS; n++) {
        const dst = y.off + ((n0 + n) * g.K + grp * s.Kg + k) * s.P, src = c + k * ldc + n * s.P;
        for (let p = 0; p < s.P; p++) y.data[dst + p] = mem[src + p] + add;
      }
    }
  }
  return true;
}

/** dX, which the caller has zeroed: dcol = Wᵀ · dY, spread back by col2im. */
export function convInputGradWasm(rt: SgemmRuntime, g: ConvGeometry, gy: F32, w: F32, gx: F32): boolean {
  const s = sizesOf(g);
  // With a width stride of 1, col2im runs in WebAssembly onto a zeroed copy of the chunk's dX in
  // the staging area, which then replaces dX's (zero) values: the same sums, in the same order.
  const staged = !s.pointwise && g.sW === 1;
  const stage = staged ? s.chunk * s.Cg * s.HW : 0;
  if (!rt.job(s.CKK, s.chunk * s.P, s.Kg, stage)) return false;
  for (const [grp, n0, nS] of chunks(g, s)) {
    const job = rt.job(s.CKK, nS * s.P, s.Kg, stage)!;
    packA(job, { data: w.data, rows: strided(s.CKK, w.off + grp * s.Kg * s.CKK, 1), cols: strided(s.Kg, 0, s.CKK) });
    packB(job, gradRows(g, s, gy, grp, n0, nS));
    rt.run(job, true);
    const { mem, c, ldc } = job;
    if (staged) {
      const plane = s.Cg * s.HW;
      mem.fill(0, job.stage, job.stage + nS * plane);
      for (let n = 0; n < nS; n++) {
        rt.col2imStaged(c + n * s.P, job.stage + n * plane, g, g, s.Cg, ldc);
        const dxAt = gx.off + ((n0 + n) * g.C + grp * s.Cg) * s.HW;
        gx.data.set(mem.subarray(job.stage + n * plane, job.stage + (n + 1) * plane), dxAt);
      }
      continue;
    }
    for (let n = 0; n < nS; n++) {
      const dxAt = gx.off + ((n0 + n) * g.C + grp * s.Cg) * s.HW;
      if (!s.pointwise) {
        col2im(g, s.Cg, mem, gx.data, dxAt, c + n * s.P, ldc);
        continue;
      }
      for (let ch = 0; ch < s.Cg; ch++) {
        const src = c + ch * ldc + n * s.P, dst = dxAt + ch * s.HW;
        for (let p = 0; p < s.P; p++) gx.data[dst + p] = mem[src + p];
      }
    }
  }
  return true;
}

/** dW, which the caller has zeroed: Σ over sample chunks of (col · dYᵀ)ᵀ (col is the larger operand,
 * so it is the one packed along its rows). */
export function convWeightGradWasm(rt: SgemmRuntime, g: ConvGeometry, gy: F32, x: F32, gw: F32): boolean {
  const s = sizesOf(g);
  const stage = stageFloats(g, s);
  const first = rt.job(s.CKK, s.Kg, s.chunk * s.P, stage);
  if (!first) return false;
  const xp = stageInput(g, x, first);
  for (const [grp, n0, nS] of chunks(g, s)) {
    const job = rt.job(s.CKK, s.Kg, nS * s.P, stage)!;
    const a = patches(g, s, xp, grp, n0, nS);
    // Whole row panels go to the WebAssembly packer, a ragged last one to packA.
    const whole = Math.floor(s.CKK / MR), at = stageTables(g, job, a);
    rt.packAStaged(job, 0, at.rows, at.cols, whole);
    packA(job, a, 1, whole);
    const dy = gradRows(g, s, gy, grp, n0, nS);
    packB(job, { data: dy.data, rows: dy.cols, cols: dy.rows }); // dYᵀ
    rt.run(job, true);
    const { mem, c, ldc } = job;
    for (let k = 0; k < s.Kg; k++) {
      const dst = gw.off + (grp * s.Kg + k) * s.CKK;
      for (let t = 0; t < s.CKK; t++) gw.data[dst + t] += mem[c + t * ldc + k];
    }
  }
  return true;
}

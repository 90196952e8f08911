// WGSL for convolution as implicit GEMM: no im2col buffer, each invocation computes a TM × TN
// block of a product whose operands it addresses through the convolution's geometry. Register
// blocking as in matmul_wgsl.ts (no workgroup memory: on lavapipe it measured slower; the tile
// sizes are parameters, chosen per adapter in conv.ts).
//
//   forward   rows = N·OH·OW output positions, cols = Kg output channels, sum over Cg·kH·kW taps
//   dgrad     rows = N·H·W input positions,    cols = Cg input channels,  sum over Kg·kH·kW
//             (a transposed convolution: the taps whose output position exists)
//   wgrad     rows = Kg output channels,       cols = Cg·kH·kW taps,      sum over a chunk of
//             the N·OH output rows (all OW in each); chunks write partial sums, reduced after.
//
// One group per workgroup z (wgrad: z = group · chunk groups + chunk group, and a group's
// chunks spread over the workgroup's invocations: see ConvTile.wc). Rows and columns past the edge
// are clamped on load and skipped on store. Out-of-bounds taps (padding) read 0.

/** Meta words: the geometry (see conv.ts's writeGeometry), operand offsets and wgrad's chunking. */
export const CV = {
  N: 0,
  C: 1,
  H: 2,
  W: 3,
  K: 4,
  KH: 5,
  KW: 6,
  OH: 7,
  OW: 8,
  SH: 9,
  SW: 10,
  PH: 11,
  PW: 12,
  DH: 13,
  DW: 14,
  CG: 15,
  KG: 16,
  /** Element offsets of bindings b0, b1 and b3 (bias) or the output. */
  OFF0: 17,
  OFF1: 18,
  OFF2: 19,
  OFF3: 20,
  /** wgrad: output rows (n, oh) per chunk, and the number of chunks. */
  ROWS_PER_CHUNK: 21,
  CHUNKS: 22,
  /** The first row of invocations of this dispatch (see conv_shared.ts's dispatchRows). */
  ROW_BASE: 23,
  WORDS: 24,
} as const;

export interface ConvTile {
  /** Rows and columns per invocation. */
  tm: number;
  tn: number;
  /** Workgroup size in columns (x) and rows (y). */
  wx: number;
  wy: number;
  /**
   * wgrad: chunks per workgroup (after its wx × wy tiles, one per invocation), so that a weight
   * gradient with few output tiles still fills a workgroup; 1 when absent.
   */
  wc?: number;
}

export type ConvMode = "fwd" | "dgrad" | "wgrad";

export interface ConvShader {
  mode: ConvMode;
  tile: ConvTile;
  /** WGSL converting a stored element `v` of b0 / b1 to f32. */
  load: (v: string) => string;
  /** WGSL converting the f32 result `v` for the output's storage. */
  store: (v: string) => string;
  /** fwd: add bias (binding b3) in the epilogue. */
  bias?: boolean;
  /** Every stride is 1 (dgrad skips its divisibility tests). */
  unitStride?: boolean;
}

const range = (n: number) => [...Array(n).keys()];
const each = (n: number, f: (i: number) => string) => range(n).map(f).join("\n");
const m = (k: keyof typeof CV) => `mu(${CV[k]}u)`;
const mi = (k: keyof typeof CV) => `i32(mu(${CV[k]}u))`;

const GEOMETRY = `  let N = ${m("N")}; let C = ${m("C")}; let H = ${m("H")}; let W = ${m("W")};
  let K = ${m("K")}; let kH = ${m("KH")}; let kW = ${m("KW")}; let OH = ${m("OH")}; let OW = ${m("OW")};
  let sH = ${mi("SH")}; let sW = ${mi("SW")}; let pH = ${mi("PH")}; let pW = ${mi("PW")};
  let dH = ${mi("DH")}; let dW = ${mi("DW")}; let Cg = ${m("CG")}; let Kg = ${m("KG")};
  let HW = H * W; let P = OH * OW; let CKK = Cg * kH * kW;`;

function accumulators(s: ConvShader): string {
  return each(s.tile.tm, (r) => each(s.tile.tn, (c) => `  var acc${r}_${c} = 0.0;`));
}

function fmas(s: ConvShader, a: (r: number) => string, b: (c: number) => string): string {
  return each(s.tile.tm, (r) => each(s.tile.tn, (c) => `      acc${r}_${c} = fma(${a(r)}, ${b(c)}, acc${r}_${c});`));
}

/** A masked load: 0 where `ok` is false, and then an in-bounds index. */
const masked = (s: ConvShader, buf: string, index: string, ok: string) =>
  `select(0.0, ${s.load(`${buf}[select(0u, u32(${index}), ${ok})]`)}, ${ok})`;

function forward(s: ConvShader): string {
  const { tm, tn } = s.tile;
  const bias = (c: number) => (s.bias ? ` + ${s.load(`b3[${m("OFF3")} + k${c}]`)}` : "");
  return `  let M = N * P;
  if (row0 >= M || col0 >= Kg) { return; }
${
    each(tm, (r) =>
      `  let m${r} = min(row0 + ${r}u, M - 1u); let n${r} = m${r} / P; let p${r} = m${r} - n${r} * P;
  let ih0_${r} = i32(p${r} / OW) * sH - pH; let iw0_${r} = i32(p${r} % OW) * sW - pW;
  let xb${r} = i32(${m("OFF0")} + (n${r} * C + grp * Cg) * HW);`)
  }
${each(tn, (c) => `  let k${c} = grp * Kg + min(col0 + ${c}u, Kg - 1u); let wb${c} = ${m("OFF1")} + k${c} * CKK;`)}
${accumulators(s)}
  var t = 0u;
  for (var ci = 0u; ci < Cg; ci++) {
    for (var i = 0u; i < kH; i++) {
${
    each(tm, (r) =>
      `      let ih${r} = ih0_${r} + i32(i) * dH; let hv${r} = ih${r} >= 0 && ih${r} < i32(H);
      let ro${r} = xb${r} + i32(ci * HW) + ih${r} * i32(W);`)
  }
      for (var j = 0u; j < kW; j++) {
${
    each(tm, (r) =>
      `      let iw${r} = iw0_${r} + i32(j) * dW;
      let x${r} = ${masked(s, "b0", `ro${r} + iw${r}`, `hv${r} && iw${r} >= 0 && iw${r} < i32(W)`)};`)
  }
${each(tn, (c) => `      let w${c} = ${s.load(`b1[wb${c} + t]`)};`)}
${fmas(s, (r) => `x${r}`, (c) => `w${c}`)}
        t++;
      }
    }
  }
${
    each(tm, (r) =>
      each(tn, (c) =>
        `  if (row0 + ${r}u < M && col0 + ${c}u < Kg) { b2[${m("OFF2")} + (n${r} * K + k${c}) * P + p${r}] = ${
          s.store(`acc${r}_${c}${bias(c)}`)
        }; }`))
  }`;
}

function dataGrad(s: ConvShader): string {
  const { tm, tn } = s.tile;
  // Output position oh = (ih + pH - i·dH) / sH exists when the division is exact and in range.
  const hit = (t: string, size: string, stride: string, o: string) =>
    s.unitStride ? `${t} >= 0 && ${t} < i32(${size})` : `${t} >= 0 && ${t} % ${stride} == 0 && ${o} < i32(${size})`;
  const div = (t: string, stride: string) => (s.unitStride ? t : `${t} / ${stride}`);
  return `  let M = N * HW;
  if (row0 >= M || col0 >= Cg) { return; }
${
    each(tm, (r) =>
      `  let m${r} = min(row0 + ${r}u, M - 1u); let n${r} = m${r} / HW; let q${r} = m${r} - n${r} * HW;
  let th0_${r} = i32(q${r} / W) + pH; let tw0_${r} = i32(q${r} % W) + pW;
  let gb${r} = i32(${m("OFF0")} + (n${r} * K + grp * Kg) * P);`)
  }
${
    each(tn, (c) =>
      `  let c${c} = min(col0 + ${c}u, Cg - 1u); let wb${c} = ${m("OFF1")} + grp * Kg * CKK + c${c} * kH * kW;`)
  }
${accumulators(s)}
  for (var kk = 0u; kk < Kg; kk++) {
    for (var i = 0u; i < kH; i++) {
${
    each(tm, (r) =>
      `      let th${r} = th0_${r} - i32(i) * dH; let oh${r} = ${div(`th${r}`, "sH")};
      let hv${r} = ${hit(`th${r}`, "OH", "sH", `oh${r}`)};
      let ro${r} = gb${r} + i32(kk * P) + oh${r} * i32(OW);`)
  }
      for (var j = 0u; j < kW; j++) {
${
    each(tm, (r) =>
      `      let tw${r} = tw0_${r} - i32(j) * dW; let ow${r} = ${div(`tw${r}`, "sW")};
      let g${r} = ${masked(s, "b0", `ro${r} + ow${r}`, `hv${r} && ${hit(`tw${r}`, "OW", "sW", `ow${r}`)}`)};`)
  }
${each(tn, (c) => `      let w${c} = ${s.load(`b1[wb${c} + kk * CKK + i * kW + j]`)};`)}
${fmas(s, (r) => `g${r}`, (c) => `w${c}`)}
      }
    }
  }
${
    each(tm, (r) =>
      each(tn, (c) =>
        `  if (row0 + ${r}u < M && col0 + ${c}u < Cg) { b2[${
          m("OFF2")
        } + (n${r} * C + grp * Cg + c${c}) * HW + q${r}] = ${s.store(`acc${r}_${c}`)}; }`))
  }`;
}

function weightGrad(s: ConvShader): string {
  const { tm, tn } = s.tile;
  return `  let chunks = ${m("CHUNKS")};
  let chunk = (wg.z % chunkGroups) * ${s.tile.wc ?? 1}u + l.z;
  if (row0 >= Kg || col0 >= CKK || chunk >= chunks) { return; }
  let rows = N * OH;
  let r0 = chunk * ${m("ROWS_PER_CHUNK")};
  let r1 = min(r0 + ${m("ROWS_PER_CHUNK")}, rows);
${each(tm, (r) => `  let k${r} = grp * Kg + min(row0 + ${r}u, Kg - 1u);`)}
${
    each(tn, (c) =>
      `  let t${c} = min(col0 + ${c}u, CKK - 1u); let ci${c} = t${c} / (kH * kW); let tap${c} = t${c} % (kH * kW);
  let dh${c} = i32(tap${c} / kW) * dH - pH; let dw${c} = i32(tap${c} % kW) * dW - pW;
  let xc${c} = i32(${m("OFF1")} + (grp * Cg + ci${c}) * HW);`)
  }
${accumulators(s)}
  for (var nr = r0; nr < r1; nr++) {
    let n = nr / OH; let oh = nr - n * OH;
${each(tm, (r) => `    let gb${r} = ${m("OFF0")} + (n * K + k${r}) * P + oh * OW;`)}
${
    each(tn, (c) =>
      `    let ih${c} = i32(oh) * sH + dh${c}; let hv${c} = ih${c} >= 0 && ih${c} < i32(H);
    let xr${c} = xc${c} + i32(n * C * HW) + ih${c} * i32(W);`)
  }
    for (var ow = 0u; ow < OW; ow++) {
${each(tm, (r) => `      let g${r} = ${s.load(`b0[gb${r} + ow]`)};`)}
${
    each(tn, (c) =>
      `      let iw${c} = i32(ow) * sW + dw${c};
      let x${c} = ${masked(s, "b1", `xr${c} + iw${c}`, `hv${c} && iw${c} >= 0 && iw${c} < i32(W)`)};`)
  }
${fmas(s, (r) => `g${r}`, (c) => `x${c}`)}
    }
  }
${
    each(tm, (r) =>
      each(tn, (c) =>
        `  if (row0 + ${r}u < Kg && col0 + ${c}u < CKK) { b2[${m("OFF2")} + (chunk * K + k${r}) * CKK + t${c}] = ${
          s.store(`acc${r}_${c}`)
        }; }`))
  }`;
}

/** The complete shader after the binding header. */
export function convWgsl(s: ConvShader): string {
  const body = s.mode === "fwd" ? forward(s) : s.mode === "dgrad" ? dataGrad(s) : weightGrad(s);
  const wc = s.tile.wc ?? 1;
  const wgrad = s.mode === "wgrad";
  const chunkGroups = wgrad ? `\n  let chunkGroups = (${m("CHUNKS")} + ${wc - 1}u) / ${wc}u;` : "";
  // A flat workgroup: lavapipe runs a workgroup's x dimension in SIMD lanes and loops over y,
  // so a (wx, wy) shape with few columns (wx = 1 for a 6-channel forward) would fill one lane
  // of eight. Flattened, every shape fills them (measured 5× faster on LeNet's conv1).
  const { wx, wy } = s.tile;
  return `@compute @workgroup_size(${wx * wy * wc}, 1, 1)
fn main(@builtin(local_invocation_id) flat: vec3<u32>, @builtin(workgroup_id) wg: vec3<u32>) {
  let l = vec3<u32>(flat.x % ${wx}u, (flat.x / ${wx}u) % ${wy}u, flat.x / ${wx * wy}u);
${GEOMETRY}${chunkGroups}
  let grp = ${wgrad ? "wg.z / chunkGroups" : "wg.z"};
  let row0 = (${m("ROW_BASE")} + wg.y * ${s.tile.wy}u + l.y) * ${s.tile.tm}u;
  let col0 = (wg.x * ${s.tile.wx}u + l.x) * ${s.tile.tn}u;
${body}
}`;
}

/**
 * Sums along the first dim: out[off + i] = Σ_s part[s · count + i] (wgrad's chunks, the bias
 * gradient's samples). Meta: count, parts, out offset; a linear grid over `count`.
 */
export const SUM_PARTS_WGSL = (store: (v: string) => string) => `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = g.y * nwg.x * 64u + g.x;
  let count = mu(0u);
  if (i >= count) { return; }
  var acc = 0.0;
  for (var s = 0u; s < mu(1u); s++) { acc += b0[s * count + i]; }
  b1[mu(2u) + i] = ${store("acc")};
}`;

/**
 * The bias gradient's first stage: part[n · K + k] = Σ_p gy[off + (n · K + k) · P + p].
 * Meta: N·K, P, gy offset.
 */
export const BIAS_PARTS_WGSL = (load: (v: string) => string) => `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = g.y * nwg.x * 64u + g.x;
  if (i >= mu(0u)) { return; }
  let P = mu(1u);
  let base = mu(2u) + i * P;
  var acc = 0.0;
  for (var p = 0u; p < P; p++) { acc += ${load("b0[base + p]")}; }
  b1[i] = acc;
}`;

/**
 * BIAS_PARTS_WGSL for float32 with P and the offset multiples of 4, gy bound as vec4s: on lavapipe
 * each lane's load is a gather, and one vec4 gather replaces four. The four lane sums are added
 * in the scalar kernel's order per lane, then together (float32 rounding differs from it only in
 * association, well within the tests' 1e-4).
 */
export const BIAS_PARTS_VEC4_WGSL = `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = g.y * nwg.x * 64u + g.x;
  if (i >= mu(0u)) { return; }
  let P4 = mu(1u) / 4u;
  let base = mu(2u) / 4u + i * P4;
  var acc = vec4<f32>(0.0);
  for (var p = 0u; p < P4; p++) { acc += b0[base + p]; }
  b1[i] = (acc.x + acc.y) + (acc.z + acc.w);
}`;

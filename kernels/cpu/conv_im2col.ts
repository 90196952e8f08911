// Convolution geometry and the im2col/col2im transforms of the CPU convolution kernels.
//
// A 1-d convolution is a 2-d one with H = kH = 1, so every kernel works on the 2-d geometry. The
// sizes come from the views' shapes (the op's shape rule has already validated them); the params
// carry only what shapes cannot tell: stride, padding, dilation and groups.

import type { FloatArray } from "./conv_gemm.ts";

/** The params shared by the conv kernels: lists of one value or one per spatial dim. */
export interface ConvKernelParams {
  stride: readonly number[];
  padding: readonly number[];
  dilation: readonly number[];
  groups: number;
}

export interface ConvGeometry {
  N: number;
  C: number;
  H: number;
  W: number;
  K: number;
  kH: number;
  kW: number;
  OH: number;
  OW: number;
  sH: number;
  sW: number;
  pH: number;
  pW: number;
  dH: number;
  dW: number;
  groups: number;
}

/**
 * The geometry of a convolution from the shapes of its input `x` ([N,] C, [H,] W), weight
 * (K, C/groups, [kH,] kW) and output `y` ([N,] K, [OH,] OW). The weight's rank tells the number of
 * spatial dims; the input is batched when it has one more dim than that plus channels.
 */
export function convGeometry(
  x: readonly number[],
  w: readonly number[],
  y: readonly number[],
  p: ConvKernelParams,
): ConvGeometry {
  const sp = w.length - 2;
  const batched = x.length === sp + 2;
  // A list of one value applies to every spatial dim, as in PyTorch's expand_param_if_needed.
  const at = (a: readonly number[], d: number, unit: number) =>
    sp === 1 ? (d === 0 ? unit : a[0]) : a[a.length === 1 ? 0 : d];
  const last = (s: readonly number[], back: number) => s[s.length - back];
  return {
    N: batched ? x[0] : 1,
    C: x[batched ? 1 : 0],
    H: sp === 2 ? last(x, 2) : 1,
    W: last(x, 1),
    K: w[0],
    kH: sp === 2 ? w[2] : 1,
    kW: last(w, 1),
    OH: sp === 2 ? last(y, 2) : 1,
    OW: last(y, 1),
    sH: at(p.stride, 0, 1),
    sW: at(p.stride, 1, 1),
    pH: at(p.padding, 0, 0),
    pW: at(p.padding, 1, 0),
    dH: at(p.dilation, 0, 1),
    dW: at(p.dilation, 1, 1),
    groups: p.groups,
  };
}

/**
 * The output positions `o` of one dim whose input index o·stride + off lands in [0, size): the
 * range [lo, hi). Working out the range once lets im2col copy whole rows without bounds tests.
 */
function validRange(off: number, stride: number, size: number, out: number): [number, number] {
  const lo = Math.min(out, Math.max(0, Math.ceil(-off / stride)));
  const hi = Math.max(lo, Math.min(out, Math.ceil((size - off) / stride)));
  return [lo, hi];
}

/**
 * One row of the patch matrix: for kernel tap (kh, kw) of the channel plane at `plane`, the input
 * value each output position multiplies (zero where it reads padding), written to
 * `out[at .. at + OH·OW)`. Filled a line of OW at a time from one input row, so reads and writes
 * run along memory.
 */
export function patchRow(
  g: ConvGeometry,
  x: FloatArray,
  plane: number,
  kh: number,
  kw: number,
  out: FloatArray,
  at: number,
) {
  const { H, W, OH, OW, sH, sW, pH, pW, dH, dW } = g;
  const hOff = kh * dH - pH, wOff = kw * dW - pW;
  const [lo, hi] = validRange(wOff, sW, W, OW);
  for (let oh = 0, dst = at; oh < OH; oh++, dst += OW) {
    const ih = oh * sH + hOff;
    if (ih < 0 || ih >= H || lo === hi) {
      out.fill(0, dst, dst + OW);
      continue;
    }
    if (lo > 0) out.fill(0, dst, dst + lo);
    if (hi < OW) out.fill(0, dst + hi, dst + OW);
    const src = plane + ih * W + wOff;
    if (sW === 1) { for (let ow = lo; ow < hi; ow++) out[dst + ow] = x[src + ow]; }
    else for (let ow = lo; ow < hi; ow++) out[dst + ow] = x[src + ow * sW];
  }
}

/**
 * Writes the patches of one (sample, group) into `col`, a [Cg·kH·kW × OH·OW] matrix whose row
 * (c, kh, kw) is that tap's patchRow. `xOff` is the element offset of the group's first channel.
 */
export function im2col(g: ConvGeometry, Cg: number, x: FloatArray, xOff: number, col: FloatArray): void {
  const { H, W, kH, kW, OH, OW } = g;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++, row += OH * OW) patchRow(g, x, xOff + c * H * W, kh, kw, col, row);
    }
  }
}

/** The adjoint of im2col: adds each entry of `col` back onto the input position it was read from. */
export function col2im(
  g: ConvGeometry,
  Cg: number,
  col: FloatArray,
  dx: FloatArray,
  dxOff: number,
  colOff = 0,
  rowStride = g.OH * g.OW,
): void {
  const { H, W, kH, kW, OH, OW, sH, sW, pH, pW, dH, dW } = g;
  let row = colOff;
  for (let c = 0; c < Cg; c++) {
    const plane = dxOff + c * H * W;
    for (let kh = 0; kh < kH; kh++) {
      const hOff = kh * dH - pH;
      for (let kw = 0; kw < kW; kw++, row += rowStride) {
        const wOff = kw * dW - pW;
        const [lo, hi] = validRange(wOff, sW, W, OW);
        for (let oh = 0, src = row; oh < OH; oh++, src += OW) {
          const ih = oh * sH + hOff;
          if (ih < 0 || ih >= H) continue;
          const dst = plane + ih * W + wOff;
          if (sW === 1) { for (let ow = lo; ow < hi; ow++) dx[dst + ow] += col[src + ow]; }
          else for (let ow = lo; ow < hi; ow++) dx[dst + ow * sW] += col[src + ow];
        }
      }
    }
  }
}

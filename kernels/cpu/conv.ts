// CPU convolution kernels: the forward pass and the three gradients (input, weight, bias), all by
// im2col + matrix product (conv_im2col.ts, conv_gemm.ts). Per sample and group, with P output
// positions and CKK = Cg·kH·kW taps:
//   forward      Y_g [Kg × P]   = W_g [Kg × CKK] · col [CKK × P]
//   weight grad  dW_g [Kg × CKK] += dY_g [Kg × P] · col [CKK × P]ᵀ
//   input grad   dcol [CKK × P]  = W_gᵀ · dY_g, added back onto dX by col2im
// A pointwise convolution (1×1 kernel, stride 1, no padding) skips im2col: the input is its own col.
// float32 tensors go to the WebAssembly versions (conv_wasm.ts), which batch samples per product.
//
// The op functions (runtime/ops/conv.ts) make inputs contiguous; outputs are the dispatcher's fresh
// contiguous tensors. Views may still start at an offset.

import type { View } from "../backend.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { type FloatArray, gemmAxpy, gemmDot } from "./conv_gemm.ts";
import { col2im, type ConvGeometry, convGeometry, type ConvKernelParams, im2col } from "./conv_im2col.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { convForwardWasm, convInputGradWasm, convWeightGradWasm, type F32 } from "./conv_wasm.ts";
import { sgemmRuntime } from "./wasm/sgemm_runtime.ts";

cpuKernels.register("conv2d", (inputs: readonly View[], [out]: readonly View[], p: ConvKernelParams) => {
  const [x, w, b] = inputs;
  const g = convGeometry(x.shape, w.shape, out.shape, p);
  const X = readFloat(x), Wt = readFloat(w), Y = writeFloat(out);
  const bias = b ? readFloat(b) : null;
  const { N, C, H, W, K, groups } = g;
  const Cg = C / groups, Kg = K / groups, P = g.OH * g.OW, CKK = Cg * g.kH * g.kW;
  const rt = wasmFor(X, Wt, Y, bias);
  if (rt && convForwardWasm(rt, g, X as F32, Wt as F32, bias as F32 | null, Y as F32)) return;
  const col = pointwise(g) ? null : Y.alloc(P * CKK);
  for (let n = 0; n < N; n++) {
    for (let grp = 0; grp < groups; grp++) {
      const yOff = Y.off + (n * K + grp * Kg) * P;
      for (let k = 0; k < Kg; k++) {
        Y.data.fill(bias ? bias.data[bias.off + grp * Kg + k] : 0, yOff + k * P, yOff + (k + 1) * P);
      }
      const xOff = X.off + (n * C + grp * Cg) * H * W, wOff = Wt.off + grp * Kg * CKK;
      if (col) im2col(g, Cg, X.data, xOff, col);
      gemmAxpy(Kg, P, CKK, Wt.data, wOff, CKK, 1, col ?? X.data, col ? 0 : xOff, Y.data, yOff);
    }
  }
  Y.flush();
});

// dL/dx: each output gradient spreads back over the patch it was computed from.
cpuKernels.register("conv2d_input_grad", ([gy, w]: readonly View[], [gx]: readonly View[], p: ConvKernelParams) => {
  const g = convGeometry(gx.shape, w.shape, gy.shape, p);
  const GY = readFloat(gy), Wt = readFloat(w), GX = writeFloat(gx);
  const { N, C, H, W, K, groups } = g;
  const Cg = C / groups, Kg = K / groups, P = g.OH * g.OW, CKK = Cg * g.kH * g.kW;
  GX.data.fill(0, GX.off, GX.off + N * C * H * W);
  const rt = wasmFor(GY, Wt, GX);
  if (rt && convInputGradWasm(rt, g, GY as F32, Wt as F32, GX as F32)) return;
  const col = pointwise(g) ? null : GX.alloc(P * CKK);
  for (let n = 0; n < N; n++) {
    for (let grp = 0; grp < groups; grp++) {
      const gyOff = GY.off + (n * K + grp * Kg) * P, wOff = Wt.off + grp * Kg * CKK;
      const gxOff = GX.off + (n * C + grp * Cg) * H * W;
      // Pointwise convolutions write dcol = dX directly.
      if (col) col.fill(0);
      gemmAxpy(CKK, P, Kg, Wt.data, wOff, 1, CKK, GY.data, gyOff, col ?? GX.data, col ? 0 : gxOff);
      if (col) col2im(g, Cg, col, GX.data, gxOff);
    }
  }
  GX.flush();
});

// dL/dW: the correlation of the output gradient with the input patches, summed over the batch.
cpuKernels.register("conv2d_weight_grad", ([gy, x]: readonly View[], [gw]: readonly View[], p: ConvKernelParams) => {
  const g = convGeometry(x.shape, gw.shape, gy.shape, p);
  const GY = readFloat(gy), X = readFloat(x), GW = writeFloat(gw);
  const { N, C, H, W, K, groups } = g;
  const Cg = C / groups, Kg = K / groups, P = g.OH * g.OW, CKK = Cg * g.kH * g.kW;
  GW.data.fill(0, GW.off, GW.off + K * CKK);
  const rt = wasmFor(GY, X, GW);
  if (rt && convWeightGradWasm(rt, g, GY as F32, X as F32, GW as F32)) return;
  const col = pointwise(g) ? null : GW.alloc(P * CKK);
  for (let n = 0; n < N; n++) {
    for (let grp = 0; grp < groups; grp++) {
      const gyOff = GY.off + (n * K + grp * Kg) * P, gwOff = GW.off + grp * Kg * CKK;
      const xOff = X.off + (n * C + grp * Cg) * H * W;
      if (col) im2col(g, Cg, X.data, xOff, col);
      gemmDot(Kg, CKK, P, GY.data, gyOff, col ?? X.data, col ? 0 : xOff, GW.data, gwOff, true);
    }
  }
  GW.flush();
});

/** Params of conv2d_bias_grad: how many trailing dims of the output gradient are spatial. */
export interface ConvBiasGradParams {
  dims: number;
}

// dL/db: the output gradient summed over every dim but the channel.
cpuKernels.register("conv2d_bias_grad", ([gy]: readonly View[], [gb]: readonly View[], p: ConvBiasGradParams) => {
  const GY = readFloat(gy), GB = writeFloat(gb);
  const K = gb.shape[0];
  const P = numelOf(gy.shape.slice(gy.shape.length - p.dims));
  const N = K * P === 0 ? 0 : numelOf(gy.shape) / (K * P);
  const data = GY.data;
  let k = 0;
  // Four channels at a time: each channel's sum is one chain of dependent adds (bound by the add's
  // latency), so four interleaved chains run about four times as fast, each in its own order.
  for (; k + 4 <= K; k += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let n = 0; n < N; n++) {
      const o = GY.off + (n * K + k) * P;
      for (let i = 0; i < P; i++) {
        s0 += data[o + i];
        s1 += data[o + P + i];
        s2 += data[o + 2 * P + i];
        s3 += data[o + 3 * P + i];
      }
    }
    GB.data[GB.off + k] = s0;
    GB.data[GB.off + k + 1] = s1;
    GB.data[GB.off + k + 2] = s2;
    GB.data[GB.off + k + 3] = s3;
  }
  for (; k < K; k++) {
    let s = 0;
    for (let n = 0; n < N; n++) {
      const o = GY.off + (n * K + k) * P;
      for (let i = 0; i < P; i++) s += data[o + i];
    }
    GB.data[GB.off + k] = s;
  }
  GB.flush();
});

/** The WebAssembly kernels, where every operand is float32 (and has elements) and they loaded. */
function wasmFor(...arrays: ({ data: FloatArray; off: number } | null)[]) {
  const all = arrays.filter((a) => a !== null);
  return all.every((a) => a.data instanceof Float32Array && a.data.length > 0) ? sgemmRuntime() : null;
}

const pointwise = (g: ConvGeometry) => g.kH === 1 && g.kW === 1 && g.sH === 1 && g.sW === 1 && g.pH === 0 && g.pW === 0;

/**
 * A contiguous view's elements as a float array to compute with: float32 and float64 (and int64,
 * which lives in a Float64Array) are read in place; other integer dtypes are copied to float64,
 * whose sums of integer products are exact.
 */
function readFloat(v: View): { data: FloatArray; off: number } {
  mustBeContiguous(v);
  const a = arrayOf(v);
  if (a instanceof Float32Array || a instanceof Float64Array) return { data: a, off: v.offset };
  return { data: Float64Array.from(a.subarray(v.offset, v.offset + numelOf(v.shape))), off: 0 };
}

/**
 * Where a kernel writes a contiguous output: in place for float arrays, else into a float64
 * scratch that `flush` stores into the output (the integer dtypes' arrays wrap on store, as C does).
 * `alloc` makes work buffers of the same float type, so the matrix loops see one array type.
 */
function writeFloat(v: View) {
  mustBeContiguous(v);
  const a = arrayOf(v);
  const n = numelOf(v.shape);
  const direct = a instanceof Float32Array || a instanceof Float64Array;
  const data: FloatArray = direct ? a : new Float64Array(n);
  const off = direct ? v.offset : 0;
  return {
    data,
    off,
    alloc: (len: number): FloatArray => (data instanceof Float32Array ? new Float32Array(len) : new Float64Array(len)),
    flush() {
      if (!direct) a.set(data, v.offset);
    },
  };
}

function mustBeContiguous(v: View): void {
  if (numelOf(v.shape) > 0 && !isContiguous(v.shape, v.strides)) {
    throw new Error("conv kernels expect contiguous tensors");
  }
}

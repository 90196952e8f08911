// CPU pooling kernels: max, average and adaptive average/max pooling over the last one or two
// dims, and their gradients. Every leading dim (batch, channel) is a "plane" pooled on its own.
// The window arithmetic follows PyTorch's CPU kernels (MaxPoolKernel.cpp, AvgPoolKernel.cpp,
// AdaptiveAvgPoolKernel.cpp) line for line, so edge windows, ceil_mode and NaNs agree.
//
// Sizes come from the views' shapes; params carry the window lists (one value per pooled dim, so
// their length tells 1-d from 2-d). Inputs are contiguous (the op functions see to it) and hold
// float32 or float64; max pooling's indices are int64 (a Float64Array).

import type { View } from "../backend.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { numelOf } from "../../runtime/shape.ts";

interface Window {
  kernel: readonly number[];
  stride: readonly number[];
  padding: readonly number[];
}

export interface MaxPoolKernelParams extends Window {
  dilation: readonly number[];
}

export interface AvgPoolKernelParams extends Window {
  count_include_pad: boolean;
  divisor_override: number | null;
}

/** Params of max_pool2d_grad (also adaptive max pooling's gradient): the number of pooled dims. */
export interface MaxPoolGradKernelParams {
  dims: number;
}

export interface AdaptivePoolKernelParams {
  output_size: readonly number[];
}

/** Planes and plane sizes of an input `x` and output `y` pooled over their last `dims` dims. */
function planes(x: readonly number[], y: readonly number[], dims: number) {
  const H = dims === 2 ? x[x.length - 2] : 1, W = x[x.length - 1];
  const OH = dims === 2 ? y[y.length - 2] : 1, OW = y[y.length - 1];
  const HW = H * W;
  return { n: HW === 0 ? 0 : numelOf(x) / HW, H, W, OH, OW };
}

/** [height, width] of a window list; a 1-d window is a 2-d one of height 1 (unit = 1 or 0). */
const pair = (v: readonly number[], unit: number): [number, number] => v.length === 1 ? [unit, v[0]] : [v[0], v[1]];

cpuKernels.register("max_pool2d", ([x]: readonly View[], [y, ind]: readonly View[], p: MaxPoolKernelParams) => {
  const X = arrayOf(x), Y = arrayOf(y), I = arrayOf(ind);
  const { n, H, W, OH, OW } = planes(x.shape, y.shape, p.kernel.length);
  const [kH, kW] = pair(p.kernel, 1), [sH, sW] = pair(p.stride, 1);
  const [pH, pW] = pair(p.padding, 0), [dH, dW] = pair(p.dilation, 1);
  if (
    kH === 2 && kW === 2 && sH === 2 && sW === 2 && pH === 0 && pW === 0 && dH === 1 && dW === 1 && 2 * OH <= H &&
    2 * OW <= W
  ) {
    maxPool2x2(X, x.offset, Y, y.offset, I, ind.offset, n, H, W, OH, OW);
    return;
  }
  let o = 0;
  for (let c = 0; c < n; c++) {
    const base = x.offset + c * H * W;
    for (let oh = 0; oh < OH; oh++) {
      let ih0 = oh * sH - pH;
      const ih1 = Math.min(ih0 + (kH - 1) * dH + 1, H);
      while (ih0 < 0) ih0 += dH;
      for (let ow = 0; ow < OW; ow++, o++) {
        let iw0 = ow * sW - pW;
        const iw1 = Math.min(iw0 + (kW - 1) * dW + 1, W);
        while (iw0 < 0) iw0 += dW;
        // PyTorch starts from the window's first in-bounds position and lets a NaN win.
        let best = ih0 * W + iw0, max = -Infinity;
        for (let ih = ih0; ih < ih1; ih += dH) {
          for (let iw = iw0; iw < iw1; iw += dW) {
            const v = X[base + ih * W + iw];
            if (v > max || v !== v) max = v, best = ih * W + iw;
          }
        }
        Y[y.offset + o] = max;
        I[ind.offset + o] = best;
      }
    }
  }
});

/**
 * LeNet's 2×2 stride-2 window with every window inside the input, unrolled and without branches:
 * random activations mispredict a comparison branch half the time, which cost 4× the loads. The
 * general loop's rule, step for step: the first element starts (its comparison against -Infinity
 * always takes it), then each later one takes over when greater or NaN; `win` is that test as 0/1
 * and moves `best`, and the running max is re-read from `best` (so -0 and NaN payloads stay exact).
 */
function maxPool2x2(
  X: ArrayLike<number>,
  xo: number,
  Y: { [i: number]: number },
  yo: number,
  I: { [i: number]: number },
  io: number,
  n: number,
  H: number,
  W: number,
  OH: number,
  OW: number,
): void {
  let o = 0;
  for (let c = 0; c < n; c++) {
    const base = xo + c * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const r0 = base + 2 * oh * W, r1 = r0 + W;
      for (let ow = 0; ow < OW; ow++, o++) {
        const a = r0 + 2 * ow, b = a + 1, d = r1 + 2 * ow, e = d + 1;
        let best = a, max = X[a], v = X[b];
        let win = +(v > max) | +(v !== v);
        best += win * (b - best);
        max = X[best];
        v = X[d];
        win = +(v > max) | +(v !== v);
        best += win * (d - best);
        max = X[best];
        v = X[e];
        win = +(v > max) | +(v !== v);
        best += win * (e - best);
        Y[yo + o] = X[best];
        I[io + o] = best - base;
      }
    }
  }
}

// Scatters each output gradient to the input position its max came from (indices per plane).
cpuKernels.register(
  "max_pool2d_grad",
  ([gy, ind]: readonly View[], [gx]: readonly View[], p: MaxPoolGradKernelParams) => {
    const GY = arrayOf(gy), I = arrayOf(ind), GX = arrayOf(gx);
    const { n, H, W, OH, OW } = planes(gx.shape, gy.shape, p.dims);
    GX.fill(0, gx.offset, gx.offset + n * H * W);
    const P = OH * OW;
    for (let c = 0; c < n; c++) {
      const base = gx.offset + c * H * W;
      for (let o = c * P; o < (c + 1) * P; o++) GX[base + I[ind.offset + o]] += GY[gy.offset + o];
    }
  },
);

/** Visits each output position's average-pooling window: clipped bounds and its divisor. */
function avgWindows(
  p: AvgPoolKernelParams,
  H: number,
  W: number,
  OH: number,
  OW: number,
  visit: (o: number, h0: number, h1: number, w0: number, w1: number, divisor: number) => void,
): void {
  const [kH, kW] = pair(p.kernel, 1), [sH, sW] = pair(p.stride, 1), [pH, pW] = pair(p.padding, 0);
  for (let oh = 0, o = 0; oh < OH; oh++) {
    for (let ow = 0; ow < OW; ow++, o++) {
      let h0 = oh * sH - pH, w0 = ow * sW - pW;
      let h1 = Math.min(h0 + kH, H + pH), w1 = Math.min(w0 + kW, W + pW);
      // The window clipped to input + padding counts padding; clipped to the input it does not.
      const poolSize = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0), w0 = Math.max(w0, 0), h1 = Math.min(h1, H), w1 = Math.min(w1, W);
      if (h0 >= h1 || w0 >= w1) continue; // an all-padding window: output 0, no gradient
      const divisor = p.divisor_override ?? (p.count_include_pad ? poolSize : (h1 - h0) * (w1 - w0));
      visit(o, h0, h1, w0, w1, divisor);
    }
  }
}

cpuKernels.register("avg_pool2d", ([x]: readonly View[], [y]: readonly View[], p: AvgPoolKernelParams) => {
  const X = arrayOf(x), Y = arrayOf(y);
  const { n, H, W, OH, OW } = planes(x.shape, y.shape, p.kernel.length);
  const P = OH * OW;
  Y.fill(0, y.offset, y.offset + n * P);
  for (let c = 0; c < n; c++) {
    const base = x.offset + c * H * W, out = y.offset + c * P;
    avgWindows(p, H, W, OH, OW, (o, h0, h1, w0, w1, divisor) => {
      let s = 0;
      for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += X[base + ih * W + iw];
      Y[out + o] = s / divisor;
    });
  }
});

cpuKernels.register("avg_pool2d_grad", ([gy]: readonly View[], [gx]: readonly View[], p: AvgPoolKernelParams) => {
  const GY = arrayOf(gy), GX = arrayOf(gx);
  const { n, H, W, OH, OW } = planes(gx.shape, gy.shape, p.kernel.length);
  const P = OH * OW;
  GX.fill(0, gx.offset, gx.offset + n * H * W);
  for (let c = 0; c < n; c++) {
    const base = gx.offset + c * H * W, out = gy.offset + c * P;
    avgWindows(p, H, W, OH, OW, (o, h0, h1, w0, w1, divisor) => {
      const g = GY[out + o] / divisor;
      for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) GX[base + ih * W + iw] += g;
    });
  }
});

/** PyTorch's adaptive windows: output i of `out` reads [floor(i·in/out), ceil((i+1)·in/out)). */
const startIndex = (i: number, out: number, size: number) => Math.floor((i * size) / out);
const endIndex = (i: number, out: number, size: number) => Math.ceil(((i + 1) * size) / out);

/** Visits each adaptive window of one plane: output index and input bounds. */
function adaptiveWindows(
  H: number,
  W: number,
  OH: number,
  OW: number,
  visit: (o: number, h0: number, h1: number, w0: number, w1: number) => void,
): void {
  for (let oh = 0, o = 0; oh < OH; oh++) {
    const h0 = startIndex(oh, OH, H), h1 = endIndex(oh, OH, H);
    for (let ow = 0; ow < OW; ow++, o++) visit(o, h0, h1, startIndex(ow, OW, W), endIndex(ow, OW, W));
  }
}

cpuKernels.register(
  "adaptive_avg_pool2d",
  ([x]: readonly View[], [y]: readonly View[], p: AdaptivePoolKernelParams) => {
    const X = arrayOf(x), Y = arrayOf(y);
    const { n, H, W, OH, OW } = planes(x.shape, y.shape, p.output_size.length);
    for (let c = 0; c < n; c++) {
      const base = x.offset + c * H * W, out = y.offset + c * OH * OW;
      adaptiveWindows(H, W, OH, OW, (o, h0, h1, w0, w1) => {
        let s = 0;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += X[base + ih * W + iw];
        Y[out + o] = s / ((h1 - h0) * (w1 - w0));
      });
    }
  },
);

cpuKernels.register(
  "adaptive_avg_pool2d_grad",
  ([gy]: readonly View[], [gx]: readonly View[], p: AdaptivePoolKernelParams) => {
    const GY = arrayOf(gy), GX = arrayOf(gx);
    const { n, H, W, OH, OW } = planes(gx.shape, gy.shape, p.output_size.length);
    GX.fill(0, gx.offset, gx.offset + n * H * W);
    for (let c = 0; c < n; c++) {
      const base = gx.offset + c * H * W, out = gy.offset + c * OH * OW;
      adaptiveWindows(H, W, OH, OW, (o, h0, h1, w0, w1) => {
        const g = GY[out + o] / ((h1 - h0) * (w1 - w0));
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) GX[base + ih * W + iw] += g;
      });
    }
  },
);

// Its gradient is max_pool2d_grad: the indices have the same per-plane meaning.
cpuKernels.register(
  "adaptive_max_pool2d",
  ([x]: readonly View[], [y, ind]: readonly View[], p: AdaptivePoolKernelParams) => {
    const X = arrayOf(x), Y = arrayOf(y), I = arrayOf(ind);
    const { n, H, W, OH, OW } = planes(x.shape, y.shape, p.output_size.length);
    for (let c = 0; c < n; c++) {
      const base = x.offset + c * H * W, out = c * OH * OW;
      adaptiveWindows(H, W, OH, OW, (o, h0, h1, w0, w1) => {
        let best = h0 * W + w0, max = -Infinity;
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const v = X[base + ih * W + iw];
            if (v > max || v !== v) max = v, best = ih * W + iw;
          }
        }
        Y[y.offset + out + o] = max;
        I[ind.offset + out + o] = best;
      });
    }
  },
);

// WebGPU adaptive pooling kernels with the CPU kernels' names and params: adaptive_avg_pool2d, its
// gradient, and adaptive_max_pool2d (whose gradient is max_pool2d_grad, in pool2d.ts). Output i
// of a dim reads input [floor(i·in/out), ceil((i+1)·in/out)), as PyTorch's kernels.
//
// Forward kernels run one invocation per output element; the gradient one per input element,
// gathering from the (at most a few) windows that contain it.

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { loadF32, storeF32 } from "./conv_shared.ts";
import { MAX_STEP, OUTPUT_POSITION, PL, planes, poolSource, writePlanes } from "./pool2d.ts";
import { type Binding, dispatch } from "./queue.ts";
import { grid, meta } from "./strided.ts";

interface AdaptiveParams {
  output_size: readonly number[];
}

/** WGSL window bounds of output `o` of `out` over an input dim of `size` (all i32). */
const start = (o: string, out: string, size: string) => `((${o} * ${size}) / ${out})`;
const end = (o: string, out: string, size: string) => `((((${o}) + 1) * ${size} + ${out} - 1) / ${out})`;

const WINDOW = `  let h0 = ${start("oh", "i32(OH)", "i32(H)")}; let h1 = ${end("oh", "i32(OH)", "i32(H)")};
  let w0 = ${start("ow", "i32(OW)", "i32(W)")}; let w1 = ${end("ow", "i32(OW)", "i32(W)")};`;

const adaptiveAvg = (d: DType) =>
  `${OUTPUT_POSITION}
${WINDOW}
  var s = 0.0;
  for (var ih = h0; ih < h1; ih++) {
    for (var iw = w0; iw < w1; iw++) { s += ${loadF32(d)(`b0[base + u32(ih * i32(W) + iw)]`)}; }
  }
  b1[mu(${PL.OFF1}u) + i] = ${storeF32(d)("s / f32((h1 - h0) * (w1 - w0))")};`;

const adaptiveMax = (d: DType) =>
  `${OUTPUT_POSITION}
${WINDOW}
  var best = bitcast<f32>(0xff800000u);
  var at = h0 * i32(W) + w0;
  for (var ih = h0; ih < h1; ih++) {
    for (var iw = w0; iw < w1; iw++) {
${MAX_STEP(loadF32(d)(`b0[base + u32(ih * i32(W) + iw)]`))}
    }
  }
  b1[mu(${PL.OFF1}u) + i] = ${storeF32(d)("best")};
  b2[mu(${PL.OFF2}u) + i] = at;`;

// The outputs whose windows may hold input ih start at floor(ih·OH/H) and end before
// ceil((ih+1)·OH/H); each is checked against its real window.
const adaptiveAvgGrad = (d: DType) =>
  `  let HW = H * W;
  let c = i / HW; let q = i - c * HW;
  let ih = i32(q / W); let iw = i32(q % W);
  let gbase = mu(${PL.OFF0}u) + c * OH * OW;
  let oh0 = ${start("ih", "i32(H)", "i32(OH)")}; let oh1 = ${end("ih", "i32(H)", "i32(OH)")};
  let ow0 = ${start("iw", "i32(W)", "i32(OW)")}; let ow1 = ${end("iw", "i32(W)", "i32(OW)")};
  var s = 0.0;
  for (var oh = oh0; oh < oh1; oh++) {
    for (var ow = ow0; ow < ow1; ow++) {
${WINDOW}
      if (ih >= h0 && ih < h1 && iw >= w0 && iw < w1) {
        s += ${loadF32(d)(`b0[gbase + u32(oh) * OW + u32(ow)]`)} / f32((h1 - h0) * (w1 - w0));
      }
    }
  }
  b1[mu(${PL.OFF1}u) + i] = ${storeF32(d)("s")};`;

webgpuKernels.register("adaptive_avg_pool2d", ([x]: readonly View[], [y]: readonly View[], p: AdaptiveParams) => {
  const s = planes(x.shape, y.shape, p.output_size.length);
  const count = s.n * s.OH * s.OW;
  if (count === 0) return;
  writePlanes(count, s, [x.offset, y.offset]);
  const bindings: Binding[] = [
    { storage: storageOf(x) },
    { storage: storageOf(y), write: true, whole: coversStorage(y) },
  ];
  dispatch(poolSource(`pool:adaptive_avg:${x.dtype}`, adaptiveAvg(x.dtype)), bindings, meta.words(), grid(count));
});

webgpuKernels.register(
  "adaptive_avg_pool2d_grad",
  ([gy]: readonly View[], [gx]: readonly View[], p: AdaptiveParams) => {
    const s = planes(gx.shape, gy.shape, p.output_size.length);
    const count = s.n * s.H * s.W;
    if (count === 0) return;
    writePlanes(count, s, [gy.offset, gx.offset]);
    const bindings: Binding[] = [
      { storage: storageOf(gy) },
      { storage: storageOf(gx), write: true, whole: coversStorage(gx) },
    ];
    const src = poolSource(`pool:adaptive_avg_grad:${gx.dtype}`, adaptiveAvgGrad(gx.dtype));
    dispatch(src, bindings, meta.words(), grid(count));
  },
);

webgpuKernels.register(
  "adaptive_max_pool2d",
  ([x]: readonly View[], [y, ind]: readonly View[], p: AdaptiveParams) => {
    const s = planes(x.shape, y.shape, p.output_size.length);
    const count = s.n * s.OH * s.OW;
    if (count === 0) return;
    writePlanes(count, s, [x.offset, y.offset, ind.offset]);
    const bindings: Binding[] = [
      { storage: storageOf(x) },
      { storage: storageOf(y), write: true, whole: coversStorage(y) },
      { storage: storageOf(ind), write: true, whole: coversStorage(ind) },
    ];
    dispatch(poolSource(`pool:adaptive_max:${x.dtype}`, adaptiveMax(x.dtype)), bindings, meta.words(), grid(count));
  },
);

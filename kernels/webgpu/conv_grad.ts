// The WebGPU kernels of convolution's gradients, with the CPU kernels' names and params:
//   conv2d_input_grad  [gy, w] → dx: the transposed convolution, as implicit GEMM (conv_wgsl "dgrad")
//   conv2d_weight_grad [gy, x] → dw: a GEMM whose reduction runs over every output position. Its
//                      output is small (K × Cg·kH·kW) and its reduction long (N·OH·OW), so the
//                      reduction is split into chunks that run in parallel and write partial sums,
//                      which a second dispatch adds up (deterministic, no atomics). On lavapipe,
//                      stride-1 rows of whole vec4s take the sliding window of conv_wgrad_row.ts.
//   conv2d_bias_grad   [gy] → db: per-sample sums, then a sum over samples.

import type { View } from "../backend.ts";
import { numelOf } from "../../runtime/shape.ts";
import { coversStorage, storageOf, webgpuBackend, webgpuKernels } from "./backend.ts";
import { isRealGpu } from "./device.ts";
import { convGroups, convSource, convTile, writeGeometry } from "./conv.ts";
import {
  cachedSource,
  convGeometry,
  type ConvKernelParams,
  dispatchRows,
  loadF32,
  pow2AtLeast,
  storeF32,
  WORKGROUP,
} from "./conv_shared.ts";
import { rowConv, rowConvApplies } from "./conv_row.ts";
import { rowWeightGrad, rowWeightGradApplies } from "./conv_wgrad_row.ts";
import { BIAS_PARTS_VEC4_WGSL, BIAS_PARTS_WGSL, CV, SUM_PARTS_WGSL } from "./conv_wgsl.ts";
import type { DType } from "../../runtime/dtype.ts";
import type { GpuStorage } from "./pool.ts";
import { dispatch } from "./queue.ts";
import { grid, meta } from "./strided.ts";

webgpuKernels.register("conv2d_input_grad", ([gy, w]: readonly View[], [gx]: readonly View[], p: ConvKernelParams) => {
  const g = convGeometry(gx.shape, w.shape, gy.shape, p);
  const rows = g.N * g.H * g.W, cols = g.C / g.groups;
  if (rows === 0 || cols === 0) return;
  if (rowConvApplies(g, true)) return rowConv({ src: gy, w, dst: gx, g, transposed: true });
  const tile = convTile("dgrad", rows, cols);
  writeGeometry(g);
  meta.u32.set([gy.offset, w.offset, gx.offset], CV.OFF0);
  const unitStride = g.sH === 1 && g.sW === 1;
  dispatchRows(
    convSource("dgrad", tile, gy.dtype, gx.dtype, { unitStride }),
    [{ storage: storageOf(gy) }, { storage: storageOf(w) }, {
      storage: storageOf(gx),
      write: true,
      whole: coversStorage(gx),
    }],
    convGroups(tile, rows, cols, g.groups),
    tile.wy,
    CV.ROW_BASE,
  );
});

/**
 * Invocations worth starting for a weight gradient: enough to fill the adapter's cores (lavapipe:
 * a few CPU threads; a GPU: thousands of lanes), never chunks of fewer than MIN_CHUNK positions.
 */
const targetInvocations = () => (isRealGpu() ? 1 << 16 : 1 << 9);
const MIN_CHUNK = 64;
/** lavapipe: rows and columns of a weight gradient's tile when its lanes take chunks. */
const WGRAD_TILE = 8;
/** lavapipe's SIMD lanes (256-bit f32 vectors). */
const LAVAPIPE_LANES = 8;
const MAX_Z = 65535;

webgpuKernels.register("conv2d_weight_grad", ([gy, x]: readonly View[], [gw]: readonly View[], p: ConvKernelParams) => {
  const g = convGeometry(x.shape, gw.shape, gy.shape, p);
  const rows = g.K / g.groups, cols = (g.C / g.groups) * g.kH * g.kW;
  if (rows === 0 || cols === 0) return;
  if (rowWeightGradApplies(g, gy, x, gw)) {
    const partial = rowWeightGrad(g, gy, x, gw);
    if (partial) {
      sumParts(partial.part, partial.chunks, numelOf(gw.shape), gw);
      partial.part.release();
    }
    return;
  }
  // lavapipe runs a workgroup in SIMD lanes: when the outputs' tiles cannot fill them (LeNet
  // conv1's 4 column tiles filled half), a workgroup takes one tile and its lanes take chunks.
  const tiled = convTile("wgrad", rows, cols);
  const chunkLanes = !isRealGpu() && tiled.wx * tiled.wy < LAVAPIPE_LANES;
  const tile = chunkLanes ? { tm: Math.min(rows, WGRAD_TILE), tn: Math.min(cols, WGRAD_TILE), wx: 1, wy: 1 } : tiled;
  const outRows = g.N * g.OH;
  const perChunk = Math.ceil(rows / tile.tm) * Math.ceil(cols / tile.tn) * g.groups;
  let chunks = Math.min(
    Math.ceil(targetInvocations() / perChunk),
    Math.floor((outRows * g.OW) / MIN_CHUNK),
    Math.floor(MAX_Z / g.groups),
  );
  chunks = Math.max(1, chunks);
  const rowsPerChunk = Math.max(1, Math.ceil(outRows / chunks));
  chunks = outRows === 0 ? 1 : Math.ceil(outRows / rowsPerChunk);
  const wc = chunkLanes ? Math.min(WORKGROUP, pow2AtLeast(chunks)) : 1;
  const chunkGroups = Math.ceil(chunks / wc);
  const size = numelOf(gw.shape);
  const part = chunks > 1 ? webgpuBackend.alloc("float32", chunks * size) as GpuStorage : null;
  writeGeometry(g);
  meta.u32.set([gy.offset, x.offset, part ? 0 : gw.offset], CV.OFF0);
  meta.u32[CV.ROWS_PER_CHUNK] = rowsPerChunk;
  meta.u32[CV.CHUNKS] = chunks;
  const out = part ?? storageOf(gw);
  dispatchRows(
    convSource("wgrad", { ...tile, wc }, gy.dtype, part ? "float32" : gw.dtype),
    [{ storage: storageOf(gy) }, { storage: storageOf(x) }, {
      storage: out,
      write: true,
      whole: part !== null || coversStorage(gw),
    }],
    convGroups(tile, rows, cols, g.groups * chunkGroups),
    tile.wy,
    CV.ROW_BASE,
  );
  if (part) {
    sumParts(part, chunks, size, gw);
    part.release();
  }
});

const sumSource = (key: string, wgsl: string) => cachedSource(key, () => wgsl);

/** out[i] = Σ_s part[s · count + i] for the `count` elements of `out`. */
function sumParts(part: GpuStorage, parts: number, count: number, out: View): void {
  meta.reset(3);
  meta.u32.set([count, parts, out.offset]);
  dispatch(
    sumSource(`conv:sum_parts:${out.dtype}`, SUM_PARTS_WGSL(storeF32(out.dtype))),
    [{ storage: part }, { storage: storageOf(out), write: true, whole: coversStorage(out) }],
    meta.words(),
    grid(count, 64),
  );
}

/** Params of conv2d_bias_grad: how many trailing dims of the output gradient are spatial. */
interface ConvBiasGradParams {
  dims: number;
}

webgpuKernels.register("conv2d_bias_grad", ([gy]: readonly View[], [gb]: readonly View[], p: ConvBiasGradParams) => {
  const K = gb.shape[0];
  const P = numelOf(gy.shape.slice(gy.shape.length - p.dims));
  const N = K * P === 0 ? 0 : numelOf(gy.shape) / (K * P);
  if (K === 0) return;
  const part = webgpuBackend.alloc("float32", Math.max(1, N * K)) as GpuStorage;
  if (N > 0) {
    meta.reset(3);
    meta.u32.set([N * K, P, gy.offset]);
    const d: DType = gy.dtype;
    const vec4 = d === "float32" && P % 4 === 0 && gy.offset % 4 === 0;
    dispatch(
      vec4
        ? cachedSource("conv:bias_parts:vec4", () => BIAS_PARTS_VEC4_WGSL, [true, false])
        : sumSource(`conv:bias_parts:${d}`, BIAS_PARTS_WGSL(loadF32(d))),
      [{ storage: storageOf(gy) }, { storage: part, write: true, whole: true }],
      meta.words(),
      grid(N * K, 64),
    );
  }
  sumParts(part, N, K, gb);
  part.release();
});

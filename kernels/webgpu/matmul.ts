// Matrix-product kernels with the CPU kernels' names and params: mm, mv, dot, bmm, addmm
// ({ beta, alpha }), matmul (broadcast batch dims, 1-d operands as a row or column with stride 0)
// and outer (the mul kernel over two broadcast views). All run one batched strided gemm.
//
// Float products take a vec4 layout when A is row-major and B is row-major ("nn") or
// column-major ("nt", a transposed weight, as in nn.Linear), or A is column-major and B row-major
// ("tn", a weight gradient x.t() @ g); other float layouts are first copied
// to contiguous buffers when the product is big enough for that to pay, else run the scalar
// "any" layout, which also serves integers. Products accumulate in f32 (the CPU: doubles).

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { broadcastShapes, broadcastStrides, contiguousStrides, numelOf } from "../../runtime/shape.ts";
import { coversStorage, storageOf, webgpuBackend, webgpuKernels } from "./backend.ts";
import { isRealGpu } from "./device.ts";
import { computeType, loadAs, storeAs } from "./dtypes.ts";
import { copyKernel } from "./copy.ts";
import { type MatmulLayout, matmulWgsl, MAX_BATCH_DIMS, MM, type Tile } from "./matmul_wgsl.ts";
import type { KernelSource } from "./pipelines.ts";
import type { GpuStorage } from "./pool.ts";
import { type Binding, dispatch } from "./queue.ts";
import { coalesce, meta } from "./strided.ts";

/** A strided matrix: element (i, j) at offset + i * rs + j * cs (stride 0 for a missing dim). */
interface Mat {
  view: View;
  offset: number;
  rs: number;
  cs: number;
}

interface Gemm {
  M: number;
  K: number;
  N: number;
  batch: readonly number[];
  /** Batch strides of A, B and C over `batch`. */
  batchStrides: readonly (readonly number[])[];
  a: Mat;
  b: Mat;
  c: Mat;
  addmm?: { input: Mat; alpha: number; beta: number };
}

/**
 * Tiles: 8×8 outputs per invocation in 8×8 workgroups measured best both on lavapipe (10-15
 * GFLOP/s) and on an H100 at 4096³ (15 TFLOP/s "nn", 10 "nt"); on a GPU, products under 2048²
 * outputs take 4×4 so that more invocations run. Scalar "any" products take 4×4 (fewer registers).
 * Few workgroups shrink the workgroup so that small products still spread over the cores.
 */
function tileFor(layout: MatmulLayout, M: number, N: number): Tile {
  if (tileOverride) return { ...tileOverride };
  const small = layout === "any" || (isRealGpu() && M * N < 2048 * 2048);
  const t: Tile = small ? { tm: 4, tn: 4, wx: 8, wy: 8 } : { tm: 8, tn: 8, wx: 8, wy: 8 };
  while (t.wx > 2 && Math.ceil(N / (t.tn * t.wx)) * Math.ceil(M / (t.tm * t.wy)) < 16) {
    t.wx /= 2;
    t.wy /= 2;
  }
  return t;
}

let tileOverride: Tile | undefined;
/** Fixes the tile of every product (for tuning on a new adapter); undefined restores the choice. */
export function setMatmulTile(tile: Tile | undefined): void {
  tileOverride = tile;
}

const aligned = (...xs: number[]) => xs.every((x) => x % 4 === 0);

function layoutOf(g: Gemm, float: boolean): MatmulLayout {
  if (!float) return "any";
  const { a, b, batchStrides: [aB, bB] } = g;
  const bRows = b.cs === 1 && g.N % 4 === 0 && aligned(b.offset, g.K > 1 ? b.rs : 0, ...bB);
  const aVec = g.K % 4 === 0 && a.cs === 1 && aligned(a.offset, g.M > 1 ? a.rs : 0, ...aB);
  if (aVec && bRows) return "nn";
  if (aVec && b.rs === 1 && aligned(b.offset, g.N > 1 ? b.cs : 0, ...bB)) return "nt";
  // A transposed (x.t() in a weight gradient): read it along M instead of copying it.
  const aCols = a.rs === 1 && g.M % 4 === 0 && aligned(a.offset, g.K > 1 ? a.cs : 0, ...aB);
  if (aCols && bRows && g.M > 1) return "tn";
  return "any";
}

/** A contiguous copy of a batched matrix operand, as [batch..., rows, cols]. */
function contiguous(m: Mat, batch: readonly number[], strides: readonly number[], rows: number, cols: number) {
  const shape = [...batch, rows, cols];
  // m.view may be a Tensor, whose dtype getter a spread would drop.
  const src: View = {
    storage: m.view.storage,
    dtype: m.view.dtype,
    shape,
    strides: [...strides, m.rs, m.cs],
    offset: m.offset,
  };
  const storage = webgpuBackend.alloc(m.view.dtype, numelOf(shape)) as GpuStorage;
  const dst: View = { storage, dtype: m.view.dtype, shape, strides: contiguousStrides(shape), offset: 0 };
  copyKernel([src], [dst]);
  const mat: Mat = { view: dst, offset: 0, rs: cols, cs: 1 };
  return { mat, batchStrides: contiguousStrides(shape).slice(0, batch.length), storage };
}

const sources = new Map<string, KernelSource>();

function source(layout: MatmulLayout, tile: Tile, dtype: DType, out: DType, addmm: boolean): KernelSource {
  const key = `mm:${layout}:${tile.tm}x${tile.tn}:${tile.wx}x${tile.wy}:${dtype}:${out}:${addmm}`;
  let src = sources.get(key);
  if (!src) {
    const t = computeType(dtype);
    const shader = matmulWgsl({
      layout,
      tile,
      t,
      load: (v) => loadAs(v, dtype, t),
      store: (v) => storeAs(v, t, out),
      addmm,
    });
    const vec = layout !== "any";
    src = { key, wgsl: (header) => `${header}\n${shader}`, vec4: [vec, vec, false, false] };
    sources.set(key, src);
  }
  return src;
}

function gemm(g: Gemm): void {
  if (g.M === 0 || g.N === 0 || numelOf(g.batch) === 0) return;
  const lay = coalesce(g.batch, g.batchStrides);
  if (lay.shape.length > MAX_BATCH_DIMS) {
    throw runtimeError(`matmul on WebGPU supports at most ${MAX_BATCH_DIMS} batch dims`);
  }
  g = { ...g, batch: lay.shape, batchStrides: lay.strides };
  const float = computeType(g.a.view.dtype) === "f32";
  let layout = layoutOf(g, float);
  const temps: GpuStorage[] = [];
  // A transposed A (a weight gradient) or an odd-strided B: one copy makes the product vec4-able.
  if (layout === "any" && float && g.K % 4 === 0 && g.M * g.N * g.K >= 1 << 15) {
    const rows = (m: Mat, r: number, c: number, j: number) => {
      const t = contiguous(m, g.batch, g.batchStrides[j], r, c);
      temps.push(t.storage);
      return t;
    };
    const a = rows(g.a, g.M, g.K, 0);
    const b = g.N % 4 === 0 || g.b.rs === 1 ? null : rows(g.b, g.K, g.N, 1);
    const batchStrides = [a.batchStrides, b?.batchStrides ?? g.batchStrides[1], g.batchStrides[2]];
    const tried = { ...g, a: a.mat, b: b?.mat ?? g.b, batchStrides };
    if (layoutOf(tried, true) !== "any") {
      g = tried;
      layout = layoutOf(tried, true);
    }
  }
  const tile = tileFor(layout, g.M, g.N);
  const bindings: Binding[] = [
    { storage: storageOf(g.a.view) },
    { storage: storageOf(g.b.view) },
    { storage: storageOf(g.c.view), write: true, whole: coversStorage(g.c.view) },
  ];
  if (g.addmm) bindings.push({ storage: storageOf(g.addmm.input.view) });
  const src = source(layout, tile, g.a.view.dtype, g.c.view.dtype, !!g.addmm);
  const batches = numelOf(g.batch);
  for (let base = 0; base < batches; base += 65535) {
    writeMeta(g, base, computeType(g.a.view.dtype) === "f32");
    const groups: [number, number, number] = [
      Math.ceil(g.N / (tile.tn * tile.wx)),
      Math.ceil(g.M / (tile.tm * tile.wy)),
      Math.min(65535, batches - base),
    ];
    dispatch(src, bindings, meta.words(), groups);
  }
  for (const t of temps) t.release();
}

function writeMeta(g: Gemm, batchBase: number, float: boolean): void {
  meta.reset(MM.I + 3);
  const u = meta.u32;
  u[MM.M] = g.M;
  u[MM.K] = g.K;
  u[MM.N] = g.N;
  u[MM.B_NDIM] = g.batch.length;
  u.set(g.batch, MM.B_SHAPE);
  [MM.A_BATCH, MM.B_BATCH, MM.C_BATCH].forEach((at, j) => u.set(g.batchStrides[j], at));
  [[MM.A, g.a], [MM.B, g.b], [MM.C, g.c]].forEach(([at, m]) =>
    u.set([(m as Mat).offset, (m as Mat).rs, (m as Mat).cs], at as number)
  );
  u[MM.BATCH_BASE] = batchBase;
  if (g.addmm) {
    const { input, alpha, beta } = g.addmm;
    u.set([input.offset, input.rs, input.cs], MM.I);
    if (float) meta.f32.set([alpha, beta], MM.ALPHA);
    else meta.i32.set([Math.trunc(alpha), Math.trunc(beta)], MM.ALPHA);
  }
}

/** Element (i, j) of `v` at dims (r, c); a missing dim (null) has stride 0. */
const mat = (v: View, r: number | null, c: number | null): Mat => ({
  view: v,
  offset: v.offset,
  rs: r === null ? 0 : v.strides[r],
  cs: c === null ? 0 : v.strides[c],
});

const NO_BATCH = { batch: [], batchStrides: [[], [], []] };

webgpuKernels.register("mm", ([a, b]: readonly View[], [out]: readonly View[]) => {
  gemm({
    M: a.shape[0],
    K: a.shape[1],
    N: b.shape[1],
    ...NO_BATCH,
    a: mat(a, 0, 1),
    b: mat(b, 0, 1),
    c: mat(out, 0, 1),
  });
});

webgpuKernels.register("mv", ([a, v]: readonly View[], [out]: readonly View[]) => {
  gemm({ M: a.shape[0], K: a.shape[1], N: 1, ...NO_BATCH, a: mat(a, 0, 1), b: mat(v, 0, null), c: mat(out, 0, null) });
});

webgpuKernels.register("dot", ([a, b]: readonly View[], [out]: readonly View[]) => {
  gemm({ M: 1, K: a.shape[0], N: 1, ...NO_BATCH, a: mat(a, null, 0), b: mat(b, 0, null), c: mat(out, null, null) });
});

webgpuKernels.register("bmm", ([a, b]: readonly View[], [out]: readonly View[]) => {
  gemm({
    M: a.shape[1],
    K: a.shape[2],
    N: b.shape[2],
    batch: [a.shape[0]],
    batchStrides: [[a.strides[0]], [b.strides[0]], [out.strides[0]]],
    a: mat(a, 1, 2),
    b: mat(b, 1, 2),
    c: mat(out, 1, 2),
  });
});

webgpuKernels.register(
  "addmm",
  ([input, a, b]: readonly View[], [out]: readonly View[], { beta, alpha }: { beta: number; alpha: number }) => {
    const [rs, cs] = broadcastStrides(input.shape, input.strides, out.shape);
    gemm({
      M: out.shape[0],
      K: a.shape[1],
      N: out.shape[1],
      ...NO_BATCH,
      a: mat(a, 0, 1),
      b: mat(b, 0, 1),
      c: mat(out, 0, 1),
      addmm: { input: { view: input, offset: input.offset, rs, cs }, alpha, beta },
    });
  },
);

webgpuKernels.register("matmul", ([a, b]: readonly View[], [out]: readonly View[]) => {
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch);
  const nb = batch.length;
  const [M, K] = a.shape.length === 1 ? [1, a.shape[0]] : a.shape.slice(-2);
  const N = b.shape.length === 1 ? 1 : b.shape[b.shape.length - 1];
  gemm({
    M,
    K,
    N,
    batch,
    batchStrides: [
      broadcastStrides(aBatch, a.strides.slice(0, aBatch.length), batch),
      broadcastStrides(bBatch, b.strides.slice(0, bBatch.length), batch),
      out.strides.slice(0, nb),
    ],
    a: a.shape.length === 1 ? mat(a, null, 0) : mat(a, a.shape.length - 2, a.shape.length - 1),
    b: b.shape.length === 1 ? mat(b, 0, null) : mat(b, b.shape.length - 2, b.shape.length - 1),
    c: mat(out, a.shape.length === 1 ? null : nb, b.shape.length === 1 ? null : out.shape.length - 1),
  });
});

webgpuKernels.register("outer", ([a, b]: readonly View[], [out]: readonly View[], { dtype }: { dtype: DType }) => {
  // Kernels get Tensors, whose dtype is a getter that a spread ({ ...a }) would drop.
  const col: View = {
    storage: a.storage,
    dtype: a.dtype,
    offset: a.offset,
    shape: [a.shape[0], 1],
    strides: [a.strides[0], 0],
  };
  const row: View = {
    storage: b.storage,
    dtype: b.dtype,
    offset: b.offset,
    shape: [1, b.shape[0]],
    strides: [0, b.strides[0]],
  };
  webgpuKernels.get("mul")!([col, row], [out], { dtype });
});

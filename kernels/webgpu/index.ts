// Advanced indexing on the GPU: index (gather by integer index tensors) and index_put (scatter by
// them, optionally accumulating). The source is seen through the params' permutation, whose dims
// [before, before + indexed) are the indexed ones; the index tensors are already broadcast to one
// shape B, which replaces those dims in the result (runtime/ops/advanced_index.ts).
//
// index runs one invocation per result element. index_put is deterministic without atomics: one
// invocation per "fiber" (the non-indexed coordinates) walks all of B in row-major order, so
// repeated indices accumulate in the CPU kernel's order and the last write wins as on the CPU;
// two fibers never write the same element.
//
// Out-of-range indices read 0 (index) or are skipped (index_put), and are reported at the next
// read of GPU data (index_check.ts).

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import type { IndexParams } from "../../runtime/ops/advanced_index.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { broadcastStrides, numelOf } from "../../runtime/shape.ts";
import { computeType, loadConverted, storageType, storeAs } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { type Binding, dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { coalesce, grid, meta, paramBase, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";
import { window } from "../copy_windows.ts";
import { faultBinding, IndexFault, wgslReportFault } from "./index_check.ts";

/** Index tensors per kernel (the meta block's room; PyTorch code rarely indexes more dims at once). */
const MAX_INDICES = 4;
/** Dims of B, after coalescing, that index_put's fiber loop walks. */
const MAX_B_DIMS = 4;

interface Layout {
  /** The result's shape: before-dims, B, after-dims. */
  shape: number[];
  /** The source's element for the non-indexed coordinates (stride 0 over B). */
  base: View;
  /** Each index tensor seen over `shape` (stride 0 outside B). */
  indices: View[];
  sizes: number[];
  strides: number[];
}

function layout(src: View, indices: readonly View[], { perm, before, indexed }: IndexParams): Layout {
  if (indices.length > MAX_INDICES) {
    throw runtimeError(`the WebGPU backend indexes with at most ${MAX_INDICES} index tensors at once`);
  }
  const pshape = perm.map((d) => src.shape[d]);
  const pstrides = perm.map((d) => src.strides[d]);
  const bshape = indices[0]?.shape ?? [];
  const pre = pshape.slice(0, before), post = pshape.slice(before + indexed);
  const shape = [...pre, ...bshape, ...post];
  const base = window(src, shape, [
    ...pstrides.slice(0, before),
    ...bshape.map(() => 0),
    ...pstrides.slice(before + indexed),
  ], src.offset);
  const idx = indices.map((ix) =>
    window(ix, shape, [...pre.map(() => 0), ...ix.strides, ...post.map(() => 0)], ix.offset)
  );
  return {
    shape,
    base,
    indices: idx,
    sizes: pshape.slice(before, before + indexed),
    strides: pstrides.slice(before, before + indexed),
  };
}

/** WGSL adding index k's element (read at `off`) to `at`, or clearing `ok` when out of range. */
const wgslIndexStep = (k: number, off: string, sizeWord: number, strideWord: number) => `
  {
    let given = b${2 + k}[${off}];
    let size = mi(${sizeWord}u);
    let ix = select(given, given + size, given < 0);
    if (ix < 0 || ix >= size) {
      ok = false;
      report_fault(${IndexFault.Advanced}, given, ${k}, size);
    } else { at += u32(ix) * mu(${strideWord}u); }
  }`;

const sources = new Map<string, KernelSource>();

function indexSource(dtype: DType, m: number, flat: boolean): KernelSource {
  const t = storageType(dtype);
  const key = `index:${t}:${m}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (src) return src;
  const P = paramBase(m + 2);
  const steps = [...Array(m).keys()].map((k) => wgslIndexStep(k, `o${2 + k}`, P + 2 * k, P + 2 * k + 1));
  src = {
    key,
    wgsl: (header) =>
      `${header}
${wgslReportFault(m + 2)}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(m + 2, flat)}
  var at = o0;
  var ok = true;
${steps.join("")}
  if (ok) { b1[o1] = b0[at]; } else { b1[o1] = ${t}(0); }
}`,
  };
  sources.set(key, src);
  return src;
}

webgpuKernels.register("index", ([src, ...indices]: readonly View[], [out]: readonly View[], p: IndexParams) => {
  const lay = layout(src, indices, p);
  const n = numelOf(lay.shape);
  if (n === 0) return;
  const m = indices.length;
  const { flat } = writeStrided(meta, lay.shape, [lay.base, out, ...lay.indices], 2 * m);
  const P = paramBase(m + 2);
  lay.sizes.forEach((s, k) => {
    meta.i32[P + 2 * k] = s;
    meta.u32[P + 2 * k + 1] = lay.strides[k];
  });
  const bindings: Binding[] = [
    { storage: storageOf(src) },
    { storage: storageOf(out), write: true, whole: coversStorage(out) },
    ...indices.map((ix) => ({ storage: storageOf(ix) })),
    faultBinding(),
  ];
  dispatch(indexSource(out.dtype, m, flat), bindings, meta.words(), grid(n));
});

// index_put's params after the two strided operands (self's base and the values, over the fiber):
// B's element count and coalesced dims, the values' strides over them, then per index tensor its
// offset, the indexed dim's size and stride, and its strides over B's dims.
const B_NUMEL = 0, B_NDIM = 1, B_SHAPE = 2, VAL_STRIDES = B_SHAPE + MAX_B_DIMS, PER_INDEX = VAL_STRIDES + MAX_B_DIMS;
const INDEX_WORDS = 3 + MAX_B_DIMS;

function indexPutSource(dtype: DType, values: DType, m: number, accumulate: boolean, flat: boolean): KernelSource {
  const key = `index_put:${dtype}:${values}:${m}:${accumulate}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (src) return src;
  const P = paramBase(2);
  const ks = [...Array(m).keys()];
  const word = (k: number, j: number) => P + PER_INDEX + k * INDEX_WORDS + j;
  const c = computeType(dtype);
  const v = loadConverted("b1[vo]", values, dtype);
  const value = accumulate ? `${loadConverted("b0[at]", dtype, dtype)} + ${v}` : v;
  src = {
    key,
    wgsl: (header) =>
      `${header}
${wgslReportFault(m + 2)}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(2, flat)}
  for (var b = 0u; b < mu(${P + B_NUMEL}u); b++) {
    var rem = b;
    var vo = o1;
${ks.map((k) => `    var io${k} = mu(${word(k, 0)}u);`).join("\n")}
    for (var d = i32(mu(${P + B_NDIM}u)) - 1; d >= 0; d--) {
      let ud = u32(d);
      let size = mu(${P + B_SHAPE}u + ud);
      let q = rem / size;
      let r = rem - q * size;
      rem = q;
      vo += r * mu(${P + VAL_STRIDES}u + ud);
${ks.map((k) => `      io${k} += r * mu(${word(k, 3)}u + ud);`).join("\n")}
    }
    var at = o0;
    var ok = true;
${ks.map((k) => wgslIndexStep(k, `io${k}`, word(k, 1), word(k, 2))).join("")}
    if (ok) { b0[at] = ${storeAs(`(${value})`, c, dtype)}; }
  }
}`,
  };
  sources.set(key, src);
  return src;
}

webgpuKernels.register(
  "index_put",
  ([, values, ...indices]: readonly View[], [self]: readonly View[], p: IndexParams & { accumulate: boolean }) => {
    const lay = layout(self, indices, p);
    if (numelOf(lay.shape) === 0) return;
    const m = indices.length;
    const { before } = p;
    const nb = indices[0]?.shape.length ?? 0;
    const bshape = lay.shape.slice(before, before + nb);
    const fiber = lay.shape.map((n, d) => (d >= before && d < before + nb ? 1 : n));
    const valStrides = broadcastStrides(values.shape, values.strides, lay.shape);
    const b = coalesce(bshape, [
      valStrides.slice(before, before + nb),
      ...indices.map((ix) => [...ix.strides]),
    ]);
    if (b.shape.length > MAX_B_DIMS) {
      throw runtimeError(`the WebGPU backend's index_put handles index tensors of at most ${MAX_B_DIMS} dims`);
    }
    const { flat, numel } = writeStrided(meta, fiber, [
      { ...lay.base, shape: fiber },
      window(values, fiber, valStrides, values.offset),
    ], PER_INDEX + m * INDEX_WORDS);
    const P = paramBase(2);
    const u = meta.u32;
    u[P + B_NUMEL] = numelOf(bshape);
    u[P + B_NDIM] = b.shape.length;
    u.set(b.shape, P + B_SHAPE);
    u.set(b.strides[0], P + VAL_STRIDES);
    indices.forEach((ix, k) => {
      const at = P + PER_INDEX + k * INDEX_WORDS;
      u[at] = ix.offset;
      meta.i32[at + 1] = lay.sizes[k];
      u[at + 2] = lay.strides[k];
      u.set(b.strides[1 + k], at + 3);
    });
    const bindings: Binding[] = [
      { storage: storageOf(self), write: true },
      { storage: storageOf(values) },
      ...indices.map((ix) => ({ storage: storageOf(ix) })),
      faultBinding(),
    ];
    dispatch(indexPutSource(self.dtype, values.dtype, m, p.accumulate, flat), bindings, meta.words(), grid(numel));
  },
);

// scatter, scatter.value and scatter_add (with reduce none / add / multiply).
//
// Deterministic formulation, no atomics: the index entries that can hit the same output element
// share all coordinates but `dim`, i.e. lie on one "fiber" along `dim`. One invocation walks one
// fiber in order, so duplicates combine in the CPU kernel's order (identical float sums, and the
// last write wins for plain scatter) and different invocations never touch the same element.
// The cost is a serial loop of index.shape[dim] steps per invocation, which is short in the uses
// that matter (gather's backward in nll/cross-entropy has one entry per fiber).
//
// Out-of-range indices are skipped and reported at the next read of GPU data (index_check.ts).

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { numelOf } from "../../runtime/shape.ts";
import { computeType, loadAs, packForGpu, storageType, storeAs } from "./dtypes.ts";
import { storageOf, webgpuKernels } from "./backend.ts";
import { type Binding, dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta, paramBase, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";
import { copyKernel } from "./copy.ts";
import { pinned } from "./gather.ts";
import { faultBinding, IndexFault, wgslReportFault } from "./index_check.ts";

interface ScatterParams {
  dim: number;
  value: number | null;
  reduce: "none" | "add" | "multiply";
}

// Params after the strided operands: fiber length, out size and stride along dim, index and src
// strides along dim, the fill value (as out's stored word, and as a compute-type word), the dim.
const K = 0, SIZE = 1, OUT_STEP = 2, IDX_STEP = 3, SRC_STEP = 4, VALUE_WORD = 5, VALUE_COMPUTE = 6, DIM = 7;

const sources = new Map<string, KernelSource>();

function source(dtype: DType, reduce: ScatterParams["reduce"], hasSrc: boolean, flat: boolean): KernelSource {
  const key = `scatter:${dtype}:${reduce}:${hasSrc ? "src" : "value"}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (src) return src;
  const nOps = hasSrc ? 3 : 2;
  const P = paramBase(nOps);
  const t = storageType(dtype), c = computeType(dtype);
  const stored = hasSrc ? `b2[o2 + k * mu(${P + SRC_STEP}u)]` : `bitcast<${t}>(mu(${P + VALUE_WORD}u))`;
  const v = hasSrc ? loadAs(stored, dtype, c) : `bitcast<${c}>(mu(${P + VALUE_COMPUTE}u))`;
  const old = loadAs("b0[at]", dtype, c);
  const write = reduce === "none"
    ? `b0[at] = ${stored};`
    : `b0[at] = ${storeAs(`${old} ${reduce === "add" ? "+" : "*"} ${v}`, c, dtype)};`;
  src = {
    key,
    wgsl: (header) =>
      `${header}
${wgslReportFault(nOps)}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(nOps, flat)}
  let size = mu(${P + SIZE}u);
  for (var k = 0u; k < mu(${P + K}u); k++) {
    let ix = b1[o1 + k * mu(${P + IDX_STEP}u)];
    if (ix < 0 || u32(ix) >= size) {
      report_fault(${IndexFault.Along}, ix, mi(${P + DIM}u), i32(size));
      continue;
    }
    let at = o0 + u32(ix) * mu(${P + OUT_STEP}u);
    ${write}
  }
}`,
  };
  sources.set(key, src);
  return src;
}

function scatterKernel([self, index, src]: readonly View[], [out]: readonly View[], p: ScatterParams): void {
  if (out.storage !== self.storage || out.offset !== self.offset) copyKernel([self], [out]);
  if (numelOf(index.shape) === 0 || numelOf(out.shape) === 0) return;
  const scalar = index.shape.length === 0;
  const fiber = index.shape.map((n, d) => (d === p.dim ? 1 : n));
  const views = [pinned(out, fiber, p.dim), { ...index, shape: fiber }];
  if (src) {
    const strides = src.shape.length ? src.strides.slice(0, fiber.length) : fiber.map(() => 0);
    views.push({ ...src, shape: fiber, strides });
  }
  const nOps = views.length;
  const { flat, numel } = writeStrided(meta, fiber, views, DIM + 1);
  const P = paramBase(nOps);
  const u = meta.u32;
  u[P + K] = scalar ? 1 : index.shape[p.dim];
  u[P + SIZE] = out.shape.length ? out.shape[p.dim] : 1;
  u[P + OUT_STEP] = out.shape.length ? out.strides[p.dim] : 0;
  u[P + IDX_STEP] = scalar ? 0 : index.strides[p.dim];
  u[P + SRC_STEP] = src && src.shape.length ? src.strides[p.dim] : 0;
  u[P + DIM] = p.dim;
  if (!src) {
    u[P + VALUE_WORD] = new Uint32Array(packForGpu(out.dtype, [p.value ?? 0]).buffer)[0];
    if (computeType(out.dtype) === "f32") meta.f32[P + VALUE_COMPUTE] = p.value ?? 0;
    else meta.i32[P + VALUE_COMPUTE] = Math.trunc(p.value ?? 0);
  }
  const bindings: Binding[] = [{ storage: storageOf(out), write: true }, { storage: storageOf(index) }];
  if (src) bindings.push({ storage: storageOf(src) });
  bindings.push(faultBinding());
  dispatch(source(out.dtype, p.reduce, !!src, flat), bindings, meta.words(), grid(numel));
}

webgpuKernels.register("scatter", scatterKernel);
webgpuKernels.register("scatter.value", scatterKernel);
webgpuKernels.register("scatter_add", scatterKernel);

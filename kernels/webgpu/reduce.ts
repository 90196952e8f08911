// Reduction kernels (sum, mean, prod, all, any, var, std, norm, logsumexp, argmax, argmin, max,
// min and their _dim forms) with the CPU kernels' params: { dims (sorted), keepdim, ... }.
//
// Each output element reduces a set of input elements: the kept dims place it, the reduced dims
// (coalesced, walked in row-major order, so argmax sees flattened positions) enumerate its inputs.
// Two variants: "serial", one invocation per output (many outputs or short runs), and "tree",
// one workgroup per output whose invocations stride over the run and then combine in workgroup
// memory.

import type { Kernel, View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { numelOf } from "../../runtime/shape.ts";
import { storeAs } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { type Binding, dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { type ArgSpec, type Fold, type FoldSpec, REDUCE_HELPERS, type ReduceSpec, REDUCTIONS } from "./reduce_ops.ts";
import { coalesce, grid, MAX_DIMS, meta } from "./strided.ts";
import { helpersFor } from "./elementwise.ts";
import { runtimeError } from "../../runtime/errors.ts";

// Meta words: counts, the kept dims (shape, input/output strides), offsets, the reduced dims.
const NUMEL_OUT = 0, N = 1, K_NDIM = 2, K_SHAPE = 3, K_IN = 9, K_OUT0 = 15, K_OUT1 = 21;
const OFFSETS = 27, R_NDIM = 30, R_SHAPE = 31, R_STRIDES = 37, PARAMS = 43;
/** Invocations per workgroup of the tree variant. */
const TREE = 256;

export interface ReduceParams {
  dims: readonly number[];
  keepdim: boolean;
}

/** Fills the meta block; returns the output count, the run length and whether runs are flat. */
function writeMeta(input: View, outs: readonly View[], { dims, keepdim }: ReduceParams, numbers: readonly number[]) {
  const reduced = new Set(dims);
  const kept = input.shape.map((_, d) => d).filter((d) => !reduced.has(d));
  const k = coalesce(kept.map((d) => input.shape[d]), [
    kept.map((d) => input.strides[d]),
    ...outs.map((o) => kept.map((d, j) => o.strides[keepdim ? d : j])),
  ]);
  const r = coalesce(dims.map((d) => input.shape[d]), [dims.map((d) => input.strides[d])]);
  if (k.shape.length > MAX_DIMS || r.shape.length > MAX_DIMS) {
    throw runtimeError(`the WebGPU backend reduces over at most ${MAX_DIMS} non-mergeable dims`);
  }
  const numelOut = numelOf(k.shape), n = numelOf(r.shape);
  meta.reset(PARAMS + numbers.length);
  const u = meta.u32;
  u[NUMEL_OUT] = numelOut;
  u[N] = n;
  u[K_NDIM] = k.shape.length;
  u.set(k.shape, K_SHAPE);
  [K_IN, K_OUT0, K_OUT1].forEach((at, j) => u.set(k.strides[j] ?? [], at));
  u[OFFSETS] = input.offset;
  outs.forEach((o, j) => (u[OFFSETS + 1 + j] = o.offset));
  u[R_NDIM] = r.shape.length;
  u.set(r.shape, R_SHAPE);
  u.set(r.strides[0], R_STRIDES);
  numbers.forEach((x, j) => (meta.f32[PARAMS + j] = x));
  return { numelOut, n, flat: r.shape.length <= 1 };
}

// Offsets of output element `o`: the input's base and each output's element.
const WGSL_ADDRESSING = (flat: boolean) => `
fn kept_offsets(o: u32) -> vec3<u32> {
  var rem = o;
  var at = vec3<u32>(mu(${OFFSETS}u), mu(${OFFSETS + 1}u), mu(${OFFSETS + 2}u));
  for (var d = i32(mu(${K_NDIM}u)) - 1; d >= 0; d--) {
    let ud = u32(d);
    let size = mu(${K_SHAPE}u + ud);
    let q = rem / size;
    let i = rem - q * size;
    rem = q;
    at += i * vec3<u32>(mu(${K_IN}u + ud), mu(${K_OUT0}u + ud), mu(${K_OUT1}u + ud));
  }
  return at;
}
fn run_offset(r: u32) -> u32 {
${
  flat ? `  return r * mu(${R_STRIDES}u);` : `  var rem = r;
  var at = 0u;
  for (var d = i32(mu(${R_NDIM}u)) - 1; d >= 0; d--) {
    let ud = u32(d);
    let size = mu(${R_SHAPE}u + ud);
    let q = rem / size;
    at += (rem - q * size) * mu(${R_STRIDES}u + ud);
    rem = q;
  }
  return at;`
}
}`;

/** WGSL folding the run into `acc` (serial: one invocation; tree: the workgroup, via `sh`). */
function foldCode(f: Fold, tree: boolean, assignTo: string): string {
  const loop = tree ? `for (var r = lid; r < n; r += ${TREE}u)` : `for (var r = 0u; r < n; r++)`;
  const combineShared = tree
    ? `
    sh[lid] = acc;
    workgroupBarrier();
    for (var s = ${TREE / 2}u; s > 0u; s >>= 1u) {
      if (lid < s) { sh[lid] = ${f.combine("sh[lid]", "sh[lid + s]")}; }
      workgroupBarrier();
    }
    acc = sh[0];
    workgroupBarrier();`
    : "";
  return `  {
    var acc: ${f.t} = ${f.init};
    ${loop} { acc = ${f.combine("acc", f.load("b0[base + run_offset(r)]"))}; }${combineShared}
    ${assignTo} = ${f.fin};
  }`;
}

function foldBody(spec: FoldSpec, out: DType, tree: boolean): { shared: string; body: string } {
  const shared = tree ? `var<workgroup> sh: array<${spec.t}, ${TREE}>;` : "";
  const center = spec.center ? `  var c = 0.0;\n${foldCode(spec.center, tree, "c")}\n` : "";
  const body = `${center}  var result: ${spec.t};
${foldCode(spec, tree, "result")}
  if (${tree ? "lid == 0u" : "true"}) { b1[at.y] = ${storeAs("result", spec.t, out)}; }`;
  return { shared, body };
}

function argBody(spec: ArgSpec, outs: readonly DType[], tree: boolean): { shared: string; body: string } {
  const shared = tree ? `var<workgroup> shv: array<${spec.t}, ${TREE}>;\nvar<workgroup> shi: array<i32, ${TREE}>;` : "";
  const loop = tree ? `for (var r = lid; r < n; r += ${TREE}u)` : `for (var r = 0u; r < n; r++)`;
  const combine = tree
    ? `
  shv[lid] = v; shi[lid] = idx;
  workgroupBarrier();
  for (var s = ${TREE / 2}u; s > 0u; s >>= 1u) {
    if (lid < s && better(shv[lid + s], shi[lid + s], shv[lid], shi[lid])) { shv[lid] = shv[lid + s]; shi[lid] = shi[lid + s]; }
    workgroupBarrier();
  }
  v = shv[0]; idx = shi[0];`
    : "";
  const stores = spec.outputs === "index"
    ? `b1[at.y] = ${storeAs("idx", "i32", outs[0])};`
    : spec.outputs === "value"
    ? `b1[at.y] = ${storeAs("v", spec.t, outs[0])};`
    : `b1[at.y] = ${storeAs("v", spec.t, outs[0])}; b2[at.z] = ${storeAs("idx", "i32", outs[1])};`;
  const body = `  var v = ${spec.t}(0); var idx = -1;
  ${loop} {
    let x = ${spec.load("b0[base + run_offset(r)]")};
    if (better(x, i32(r), v, idx)) { v = x; idx = i32(r); }
  }${combine}
  if (${tree ? "lid == 0u" : "true"}) { ${stores} }`;
  return { shared, body };
}

/** Whether (bv, bi) beats (av, ai): unset loses; NaN beats numbers; ties go to the lower index. */
function betterFn(spec: ArgSpec): string {
  const nan = spec.t === "f32"
    ? `let bn = f_isnan(bv); let an = f_isnan(av);
  if (an || bn) { return bn && (!an || bi < ai); }`
    : "";
  return `fn better(bv: ${spec.t}, bi: i32, av: ${spec.t}, ai: i32) -> bool {
  if (bi < 0) { return false; }
  if (ai < 0) { return true; }
  ${nan}
  return bv ${spec.max ? ">" : "<"} av || (bv == av && bi < ai);
}`;
}

const sources = new Map<string, KernelSource>();
const foldText = (f: Fold) => `${f.t}|${f.init}|${f.load("v")}|${f.combine("a", "b")}|${f.fin}`;

function source(name: string, spec: ReduceSpec, input: DType, outs: readonly DType[], tree: boolean, flat: boolean) {
  // The spec's WGSL identifies the variant (norm's p picks different code under one name).
  const code = spec.kind === "fold" ? [spec.center, spec].map((f) => f && foldText(f)).join(";") : "";
  const key = `reduce:${name}:${input}:${outs.join(",")}:${tree ? "tree" : "serial"}:${flat ? "flat" : "nd"}:${code}`;
  let src = sources.get(key);
  if (src) return src;
  const { shared, body } = spec.kind === "fold" ? foldBody(spec, outs[0], tree) : argBody(spec, outs, tree);
  const nP = spec.kind === "fold" ? spec.numbers?.length ?? 0 : 0;
  const params = Array.from({ length: nP }, (_, j) => `  let P${j} = mf(${PARAMS + j}u);`).join("\n");
  const wgsl = `${spec.kind === "arg" ? betterFn(spec) : ""}
${shared}
${WGSL_ADDRESSING(flat)}
@compute @workgroup_size(${tree ? TREE : 64})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let o = ${tree ? "wg.y * nwg.x + wg.x" : "(wg.y * nwg.x + wg.x) * 64u + lid"};
  if (o >= mu(${NUMEL_OUT}u)) { return; }
  let n = mu(${N}u);
  let N = f32(n);
  let at = kept_offsets(o);
  let base = at.x;
${params}
${body}
}`;
  src = { key, wgsl: (header) => `${header}\n${helpersFor(wgsl, REDUCE_HELPERS)}\n${wgsl}` };
  sources.set(key, src);
  return src;
}

/** Runs on one invocation per output when outputs are many or runs short, else a workgroup each. */
const useTree = (numelOut: number, n: number) => n > 256 && numelOut < 2048;

function reductionKernel(name: string): Kernel {
  return (inputs: readonly View[], outs: readonly View[], p: ReduceParams) => {
    const [input] = inputs;
    const spec = REDUCTIONS[name](input.dtype, outs[0].dtype, p);
    const numbers = spec.kind === "fold" ? spec.numbers ?? [] : [];
    const { numelOut, n, flat } = writeMeta(input, outs, p, numbers);
    if (numelOut === 0) return;
    const tree = useTree(numelOut, n);
    const bindings: Binding[] = [{ storage: storageOf(input) }];
    for (const o of outs) bindings.push({ storage: storageOf(o), write: true, whole: coversStorage(o) });
    const groups = tree ? grid(numelOut, 1) : grid(numelOut, 64);
    dispatch(source(name, spec, input.dtype, outs.map((o) => o.dtype), tree, flat), bindings, meta.words(), groups);
  };
}

for (const name of Object.keys(REDUCTIONS)) webgpuKernels.register(name, reductionKernel(name));

// Elementwise kernels, generated from the table in elementwise_ops.ts: inputs are read through
// their strides (broadcast to the output's shape) and converted to the compute dtype
// (params.dtype), the op's expression combines them, and the result is stored into the (possibly
// strided) output with its dtype's conversion. The pipeline depends on the expression and dtypes
// only; shapes and scalar params travel in the meta block.

import type { Kernel, View } from "../backend.ts";
import { type DType, isFloating } from "../../runtime/dtype.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { numelOf } from "../../runtime/shape.ts";
import { computeType, loadAs, loadConverted, storeAs } from "./dtypes.ts";
import { ELEMENTWISE, type ElementwiseOp, HELPERS, type Spec } from "./elementwise_ops.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { type Binding, dispatch } from "./queue.ts";
import { isRealGpu } from "./device.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta, operandBase, paramBase, WG, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";

const sources = new Map<string, KernelSource>();
const NAMES = ["a", "b", "c"];

/** The helper functions `code` uses, each once (WGSL does not care about their order). */
export function helpersFor(
  code: string,
  extra: Readonly<Record<string, string>> = {},
  seen = new Set<string>(),
): string {
  let out = "";
  for (const [name, fn] of [...Object.entries(HELPERS), ...Object.entries(extra)]) {
    if (seen.has(name) || !new RegExp(`\\b${name}\\b`).test(code)) continue;
    seen.add(name);
    out += helpersFor(fn, extra, seen) + fn + "\n";
  }
  return out;
}

/** How a kernel finds its operands' elements: one stride, two dims (transposes), or any dims. */
type Addressing = "flat" | "2d" | "nd";

/** WGSL offsets o0..o{n-1} of two coalesced dims (meta as strided.ts's writeStrided). */
function offsets2d(n: number): string {
  return `  let q = i / mu(3u);
  let r = i - q * mu(3u);
${
    [...Array(n).keys()].map((k) =>
      `  let o${k} = mu(${operandBase(k)}u) + q * mu(${operandBase(k) + 1}u) + r * mu(${operandBase(k) + 2}u);`
    ).join("\n")
  }`;
}

function source(spec: Spec, ins: readonly DType[], d: DType, out: DType, addressing: Addressing): KernelSource {
  const raw = ins.map((_, k) => spec.raw?.[k] ?? false);
  const per = addressing === "nd" ? 1 : flatPerInvocation();
  const key = `ew:${spec.expr}:${ins.join(",")}:${raw.map(Number).join("")}:${d}:${out}:${addressing}${per}`;
  let src = sources.get(key);
  if (src) return src;
  const c = computeType(d);
  const n = ins.length;
  const pBase = paramBase(n + 1);
  const nP = spec.numbers?.length ?? 0;
  const pt = spec.floatNumbers ? "f" : c === "f32" ? "f" : "i";
  const loads = ins.map((from, k) => {
    const v = `b${k}[o${k}]`;
    return `  let ${NAMES[k]} = ${raw[k] ? loadAs(v, from, computeType(from)) : loadConverted(v, from, d)};`;
  });
  const params = Array.from({ length: nP }, (_, k) => `  let P${k} = m${pt}(${pBase + k}u);`);
  const offsets = addressing === "2d" ? offsets2d(n + 1) : wgslOffsets(n + 1, addressing === "flat");
  const body = `${offsets}
${[...loads, ...params].join("\n")}
  b${n}[o${n}] = ${storeAs(`(${spec.expr})`, spec.mask ? "i32" : c, out)};`;
  src = {
    key,
    wgsl: (header) =>
      `${header}
alias T = ${c};
${helpersFor(spec.expr, spec.helpers)}
${addressing === "nd" ? `${WGSL_LINEAR_ENTRY}\n${body}\n}` : wgslFlatEntry(body, per)}`,
  };
  sources.set(key, src);
  return src;
}

/**
 * Flat and 2-d kernels take `flatPerInvocation()` elements per invocation, WG apart (so neighbouring
 * invocations still touch neighbouring elements): on lavapipe each invocation carries a fixed cost
 * that dominates a load, an op and a store (4 per invocation made relu on 64x6x24x24 ~1.7x faster
 * there); real GPUs want one element per invocation and many workgroups. `override` is for
 * benchmarks comparing the two.
 */
export const elementwiseTuning = { override: 0 };
const flatPerInvocation = () => elementwiseTuning.override || (isRealGpu() ? 1 : 4);

function wgslFlatEntry(body: string, per: number): string {
  return `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let first = (wg.y * nwg.x + wg.x) * ${per * WG}u + li;
  for (var e = 0u; e < ${per}u; e++) {
    let i = first + e * ${WG}u;
    if (i >= mu(0u)) { return; }
${body.replace(/^/gm, "  ")}
  }
}`;
}

/** The kernel of table entry `name` (or of `op`): inputs → outputs [out], computing in params.dtype. */
export function elementwiseKernel(name: string, op: ElementwiseOp = ELEMENTWISE[name]): Kernel {
  return (inputs: readonly View[], [out]: readonly View[], params: { dtype?: DType } = {}) => {
    const n = numelOf(out.shape);
    if (n === 0) return;
    const d = params.dtype ?? out.dtype;
    const ins = inputs.map((v) => v.dtype);
    const spec = op.spec(params, d, ins);
    if (!spec) throw runtimeError(`"${name}" is not implemented for '${d}' on the WebGPU backend`);
    const nums = spec.numbers ?? [];
    const { flat } = writeStrided(meta, out.shape, [...inputs, out], nums.length);
    const addressing: Addressing = flat ? "flat" : meta.u32[1] === 2 ? "2d" : "nd";
    const base = paramBase(inputs.length + 1);
    const asFloat = spec.floatNumbers || computeType(d) === "f32";
    nums.forEach((x, k) => {
      if (asFloat) meta.f32[base + k] = x;
      else meta.i32[base + k] = Math.trunc(x);
    });
    const bindings: Binding[] = inputs.map((v) => ({ storage: storageOf(v) }));
    bindings.push({ storage: storageOf(out), write: true, whole: coversStorage(out) });
    const src = source(spec, ins, d, out.dtype, addressing);
    dispatch(src, bindings, meta.words(), grid(n, addressing === "nd" ? WG : flatPerInvocation() * WG));
  };
}

for (const name of Object.keys(ELEMENTWISE)) if (name !== "add") webgpuKernels.register(name, elementwiseKernel(name));

// add(a, b) with `a` still logically zero (fill.ts: gradients after zero_grad) is 0 + b: computed
// from b alone, so a is neither cleared nor read. 0 + b turns -0 into +0 as the full add would;
// f_opaque keeps the compiler from folding the + 0.
const addKernel = elementwiseKernel("add");
const zeroPlus = elementwiseKernel("add", {
  arity: 1,
  spec: (_, d) => ({ expr: isFloating(d) ? "a + f_opaque(0.0)" : "a" }),
});
webgpuKernels.register<{ dtype: DType; alpha: number }>("add", (inputs, outputs, p) => {
  if (p.alpha === 1 && inputs.length === 2 && storageOf(inputs[0]).needsZero) zeroPlus([inputs[1]], outputs, p);
  else addKernel(inputs, outputs, p);
});

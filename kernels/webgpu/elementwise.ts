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

/**
 * How a kernel finds its operands' elements: one stride, two dims (transposes), or any dims; "vec4"
 * is "flat" with every operand contiguous, float32 and 16-byte aligned, read and written as vec4s;
 * "t4" a unary op on the transpose of a contiguous matrix into a contiguous one, in 4×4 blocks.
 */
type Addressing = "flat" | "2d" | "nd" | "vec4" | "t4";

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
  if (addressing === "vec4") return vec4Source(spec, ins.length);
  if (addressing === "t4") return transposeSource(spec);
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
 * float32 operands, all contiguous with offsets and numel multiples of 4: on lavapipe every scalar
 * load is a per-lane gather with its own bounds check, so one vec4 load per operand (the expression
 * evaluated per component) cuts the loads and checks fourfold.
 */
function vec4Source(spec: Spec, n: number): KernelSource {
  const per = flatPerInvocation();
  const key = `ew:${spec.expr}:${n}:vec4x${per}`;
  let src = sources.get(key);
  if (src) return src;
  const nP = spec.numbers?.length ?? 0;
  const ks = [...Array(n).keys()];
  const body = `${[...ks, n].map((k) => `  let o${k} = mu(${operandBase(k)}u) / 4u + i;`).join("\n")}
${ks.map((k) => `  let v${k} = b${k}[o${k}];`).join("\n")}
${Array.from({ length: nP }, (_, k) => `  let P${k} = mf(${paramBase(n + 1) + k}u);`).join("\n")}
  var r = vec4<f32>();
${
    [0, 1, 2, 3].map((e) =>
      `  { ${ks.map((k) => `let ${NAMES[k]} = v${k}[${e}]; `).join("")}r[${e}] = (${spec.expr}); }`
    )
      .join("\n")
  }
  b${n}[o${n}] = r;`;
  src = {
    key,
    wgsl: (header) =>
      `${header}
alias T = f32;
${helpersFor(spec.expr, spec.helpers)}
${wgslFlatEntry(body, per, 4)}`,
    vec4: Array(n + 1).fill(true),
  };
  sources.set(key, src);
  return src;
}

/**
 * A float32 unary op from the transpose of a contiguous [C, R] matrix into a contiguous [R, C] one
 * (a weight gradient accumulated through w.t()), R and C multiples of 4, offsets 16-byte aligned:
 * each invocation reads a 4×4 block as four vec4 columns and writes it as four vec4 rows, where the
 * 2-d kernel took sixteen strided gathers and scattered stores on lavapipe.
 */
function transposeSource(spec: Spec): KernelSource {
  const per = flatPerInvocation();
  const key = `ew:${spec.expr}:1:t4x${per}`;
  let src = sources.get(key);
  if (src) return src;
  const nP = spec.numbers?.length ?? 0;
  const body = `  let R4 = mu(2u) / 4u; let C4 = mu(3u) / 4u;
  let br = i / C4; let bc = i - br * C4;
${[0, 1, 2, 3].map((j) => `  let v${j} = b0[mu(${operandBase(0)}u) / 4u + (4u * bc + ${j}u) * R4 + br];`).join("\n")}
${Array.from({ length: nP }, (_, k) => `  let P${k} = mf(${paramBase(2) + k}u);`).join("\n")}
${
    [0, 1, 2, 3].map((r) =>
      `  { var o = vec4<f32>();
${
        [0, 1, 2, 3].map((j) =>
          `    { let a = v${j}[${r}]; o[${j}] = (${spec.expr}); }`
        ).join("\n")
      }
    b1[mu(${operandBase(1)}u) / 4u + (4u * br + ${r}u) * C4 + bc] = o; }`
    ).join("\n")
  }`;
  src = {
    key,
    wgsl: (header) =>
      `${header}
alias T = f32;
${helpersFor(spec.expr, spec.helpers)}
${wgslFlatEntry(body, per, 16)}`,
    vec4: [true, true],
  };
  sources.set(key, src);
  return src;
}

/** Whether a 2-d dispatch (meta written) can take transposeSource: see there. */
function transposeAble(spec: Spec, ins: readonly DType[], d: DType, out: DType): boolean {
  if (ins.length !== 1 || ins[0] !== "float32" || spec.raw?.[0] || spec.mask) return false;
  if (d !== "float32" || out !== "float32") return false;
  const u = meta.u32, [R, C] = [u[2], u[3]], a = operandBase(0), o = operandBase(1);
  return R % 4 === 0 && C % 4 === 0 && u[a] % 4 === 0 && u[o] % 4 === 0 &&
    u[a + 1] === 1 && u[a + 2] === R && u[o + 1] === C && u[o + 2] === 1;
}

/** Whether a flat dispatch (meta written) can take vec4Source: see there. */
function vec4Able(spec: Spec, ins: readonly DType[], d: DType, out: DType, n: number): boolean {
  if (spec.mask || d !== "float32" || out !== "float32" || n % 4 !== 0) return false;
  if (ins.some((t, k) => t !== "float32" || spec.raw?.[k])) return false;
  return [...ins.keys(), ins.length].every((k) =>
    meta.u32[operandBase(k) + 1] === 1 && meta.u32[operandBase(k)] % 4 === 0
  );
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

/** The entry of flat kernels; `lanes` elements per index `i` (4 for vec4 operands). */
function wgslFlatEntry(body: string, per: number, lanes = 1): string {
  return `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let first = (wg.y * nwg.x + wg.x) * ${per * WG}u + li;
  for (var e = 0u; e < ${per}u; e++) {
    let i = first + e * ${WG}u;
    if (i${lanes > 1 ? ` * ${lanes}u` : ""} >= mu(0u)) { return; }
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
    const addressing: Addressing = !flat
      ? (meta.u32[1] !== 2 ? "nd" : transposeAble(spec, ins, d, out.dtype) ? "t4" : "2d")
      : vec4Able(spec, ins, d, out.dtype, n)
      ? "vec4"
      : "flat";
    const base = paramBase(inputs.length + 1);
    const asFloat = spec.floatNumbers || computeType(d) === "f32";
    nums.forEach((x, k) => {
      if (asFloat) meta.f32[base + k] = x;
      else meta.i32[base + k] = Math.trunc(x);
    });
    const bindings: Binding[] = inputs.map((v) => ({ storage: storageOf(v) }));
    bindings.push({ storage: storageOf(out), write: true, whole: coversStorage(out) });
    const src = source(spec, ins, d, out.dtype, addressing);
    const lanes = addressing === "vec4" ? 4 : addressing === "t4" ? 16 : 1;
    const perGroup = addressing === "nd" ? WG : flatPerInvocation() * WG * lanes;
    dispatch(src, bindings, meta.words(), grid(n, perGroup));
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

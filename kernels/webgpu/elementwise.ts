// Elementwise kernels, generated from the table in elementwise_ops.ts: inputs are read through
// their strides (broadcast to the output's shape) and converted to the compute dtype
// (params.dtype), the op's expression combines them, and the result is stored into the (possibly
// strided) output with its dtype's conversion. The pipeline depends on the expression and dtypes
// only; shapes and scalar params travel in the meta block.

import type { Kernel, View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { numelOf } from "../../runtime/shape.ts";
import { computeType, loadAs, loadConverted, storeAs } from "./dtypes.ts";
import { ELEMENTWISE, type ElementwiseOp, HELPERS, type Spec } from "./elementwise_ops.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { type Binding, dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta, paramBase, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";

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

function source(spec: Spec, ins: readonly DType[], d: DType, out: DType, flat: boolean): KernelSource {
  const raw = ins.map((_, k) => spec.raw?.[k] ?? false);
  const key = `ew:${spec.expr}:${ins.join(",")}:${raw.map(Number).join("")}:${d}:${out}:${flat ? "flat" : "nd"}`;
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
  src = {
    key,
    wgsl: (header) =>
      `${header}
alias T = ${c};
${helpersFor(spec.expr, spec.helpers)}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(n + 1, flat)}
${[...loads, ...params].join("\n")}
  b${n}[o${n}] = ${storeAs(`(${spec.expr})`, spec.mask ? "i32" : c, out)};
}`,
  };
  sources.set(key, src);
  return src;
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
    const base = paramBase(inputs.length + 1);
    const asFloat = spec.floatNumbers || computeType(d) === "f32";
    nums.forEach((x, k) => {
      if (asFloat) meta.f32[base + k] = x;
      else meta.i32[base + k] = Math.trunc(x);
    });
    const bindings: Binding[] = inputs.map((v) => ({ storage: storageOf(v) }));
    bindings.push({ storage: storageOf(out), write: true, whole: coversStorage(out) });
    dispatch(source(spec, ins, d, out.dtype, flat), bindings, meta.words(), grid(n));
  };
}

for (const name of Object.keys(ELEMENTWISE)) webgpuKernels.register(name, elementwiseKernel(name));

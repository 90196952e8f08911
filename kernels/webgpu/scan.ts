// cumsum and cumprod along any dim. Inputs convert to the output dtype as they load (bool and
// integers accumulate into int64, stored as i32 on the GPU). Floats accumulate in two f32 words
// (two_float.ts), because the CPU kernel, like PyTorch's, accumulates float32 in double: a plain
// f32 running sum drifts from it by ~1e-3 relative after a few hundred steps. Short lines (or many lines) run one
// invocation per line in the CPU's order; few long lines run one workgroup per line: each
// invocation scans a chunk, the chunk totals are scanned in workgroup memory, then each chunk is
// rescanned from its prefix.

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import type { ScanParams } from "../../runtime/ops/scan.ts";
import { numelOf } from "../../runtime/shape.ts";
import { computeType, loadConverted, storeAs } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta } from "./strided.ts";
import { TWO_FLOAT } from "./two_float.ts";
import { LINE_WG, useWorkgroupPerLine, WGSL_LINES, wgslLineEntry, writeLines } from "./lines.ts";

type Kind = "cumsum" | "cumprod";

/** The accumulator: its WGSL type, identity, step by an element, combination and final value. */
interface Acc {
  t: string;
  id: string;
  step: (acc: string, x: string) => string;
  combine: (a: string, b: string) => string;
  value: (acc: string) => string;
}

function accumulator(kind: Kind, to: DType): Acc {
  const c = computeType(to);
  if (c === "f32") {
    const [one, two] = kind === "cumsum" ? ["tf_add", "tf_add2"] : ["tf_mul", "tf_mul2"];
    return {
      t: "vec2<f32>",
      id: `vec2<f32>(${kind === "cumsum" ? "0.0" : "1.0"}, 0.0)`,
      step: (a, x) => `${one}(${a}, ${x})`,
      combine: (a, b) => `${two}(${a}, ${b})`,
      value: (a) => `${a}.x`,
    };
  }
  const op = kind === "cumsum" ? "+" : "*";
  return {
    t: c,
    id: `${c}(${kind === "cumsum" ? 0 : 1})`,
    step: (a, x) => `${a} ${op} ${x}`,
    combine: (a, b) => `${a} ${op} ${b}`,
    value: (a) => a,
  };
}

function body(acc: Acc, perLine: boolean, from: DType, to: DType): string {
  const x = (i: string) => loadConverted(`b0[at.x + ${i} * si]`, from, to);
  const store = (i: string) => `b1[at.y + ${i} * so] = ${storeAs(acc.value("acc"), computeType(to), to)};`;
  const head = `  let at = line_start(l);
  let n = line_len(); let si = in_step(); let so = out_step();`;
  if (!perLine) {
    return `${head}
  var acc = ${acc.id};
  for (var i = 0u; i < n; i++) { acc = ${acc.step("acc", x("i"))}; ${store("i")} }
}`;
  }
  return `${head}
  let chunk = (n + ${LINE_WG - 1}u) / ${LINE_WG}u;
  let lo = min(lid * chunk, n);
  let hi = min(lo + chunk, n);
  var t = ${acc.id};
  for (var i = lo; i < hi; i++) { t = ${acc.step("t", x("i"))}; }
  sh[lid] = t;
  workgroupBarrier();
  for (var s = 1u; s < ${LINE_WG}u; s <<= 1u) {
    var v = sh[lid];
    if (lid >= s) { v = ${acc.combine("sh[lid - s]", "v")}; }
    workgroupBarrier();
    sh[lid] = v;
    workgroupBarrier();
  }
  var acc = ${acc.id};
  if (lid > 0u) { acc = sh[lid - 1u]; }
  for (var i = lo; i < hi; i++) { acc = ${acc.step("acc", x("i"))}; ${store("i")} }
}`;
}

const sources = new Map<string, KernelSource>();

function source(kind: Kind, perLine: boolean, from: DType, to: DType): KernelSource {
  const key = `${kind}:${from}:${to}:${perLine ? "wg" : "serial"}`;
  let src = sources.get(key);
  if (src) return src;
  const acc = accumulator(kind, to);
  const code = `${perLine ? `var<workgroup> sh: array<${acc.t}, ${LINE_WG}>;` : ""}
${acc.t === "vec2<f32>" ? TWO_FLOAT : ""}
${WGSL_LINES}
${wgslLineEntry(perLine)}
${body(acc, perLine, from, to)}`;
  src = { key, wgsl: (header) => `${header}\n${code}` };
  sources.set(key, src);
  return src;
}

function scanKernel(kind: Kind) {
  return ([input]: readonly View[], [out]: readonly View[], { dim }: ScanParams) => {
    if (numelOf(out.shape) === 0) return;
    const { lines, n } = writeLines(input, out, dim);
    const perLine = useWorkgroupPerLine(lines, n);
    dispatch(
      source(kind, perLine, input.dtype, out.dtype),
      [{ storage: storageOf(input) }, { storage: storageOf(out), write: true, whole: coversStorage(out) }],
      meta.words(),
      perLine ? grid(lines, 1) : grid(lines, 64),
    );
  };
}

webgpuKernels.register("cumsum", scanKernel("cumsum"));
webgpuKernels.register("cumprod", scanKernel("cumprod"));

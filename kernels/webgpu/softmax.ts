// softmax and log_softmax along any dim, with the CPU kernels' formulas (kernels/cpu/scan.ts):
// m = max of the line (NaN wins), e = exp(x - m).
// - softmax stores e, sums it in f32 in line order and multiplies by the rounded 1 / sum, as
//   PyTorch does, so that sums of rows print as PyTorch's do (1 ± 1 ulp).
// - log_softmax is (x - m) - log(sum), where the CPU sums in double. Here the sum leaves out the
//   max's own term (exactly 1) and is kept in two f32 words, and log(sum) = log1p(rest): outputs
//   near 0 (the max of a peaked line) then keep their relative precision.
//
// Short lines run one invocation each, in the CPU's order; long ones (when few) run one workgroup
// each, reducing max and sums in workgroup memory (two-word sums for both ops).

import type { View } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import type { ScanParams } from "../../runtime/ops/scan.ts";
import { numelOf } from "../../runtime/shape.ts";
import { loadAs } from "./dtypes.ts";
import { coversStorage, storageOf, webgpuKernels } from "./backend.ts";
import { dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { grid, meta } from "./strided.ts";
import { helpersFor } from "./elementwise.ts";
import { TWO_FLOAT } from "./two_float.ts";
import { LINE_WG, WGSL_LINES, wgslLineEntry, writeLines } from "./lines.ts";

type Kind = "softmax" | "log_softmax";

/**
 * When a line goes to one workgroup rather than one invocation. softmax's f32 sum must follow the
 * CPU's order to stay within 1e-6 of it, so it runs lines serially up to 4096; log_softmax's
 * two-word sums do not depend on the order, so it parallelises lines past 256 (when few).
 */
const perLineFor = (kind: Kind, lines: number, n: number) => n > (kind === "softmax" ? 4096 : 256) && lines < 2048;

const WG_MEMORY = `var<workgroup> shm: array<f32, ${LINE_WG}>;
var<workgroup> shi: array<u32, ${LINE_WG}>;
var<workgroup> shv: array<vec2<f32>, ${LINE_WG}>;`;
const NEG_INF = "bitcast<f32>(0xff800000u)";
// A max of ±inf or NaN makes the CPU's whole line NaN (exp(inf - inf) enters its sum): so here too.
const NAN = "bitcast<f32>(0x7fc00000u)";
// (value, index) of the first maximum; NaN wins.
const HELPERS = `
fn max_better(bv: f32, bi: u32, av: f32, ai: u32) -> bool {
  if (f_isnan(av)) { return false; }
  if (f_isnan(bv)) { return true; }
  return bv > av || (bv == av && bi < ai);
}`;

/** WGSL reducing the invocations' (m, mi) to the workgroup's first maximum. */
const WG_MAX = `
  shm[lid] = m; shi[lid] = mi;
  workgroupBarrier();
  for (var s = LINE_WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s && max_better(shm[lid + s], shi[lid + s], shm[lid], shi[lid])) {
      shm[lid] = shm[lid + s]; shi[lid] = shi[lid + s];
    }
    workgroupBarrier();
  }
  m = shm[0]; mi = shi[0];
  workgroupBarrier();`;

/** WGSL summing the invocations' two-word `v` over the workgroup. */
const wgSum = (v: string) => `
  shv[lid] = ${v};
  workgroupBarrier();
  for (var s = LINE_WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { shv[lid] = tf_add2(shv[lid], shv[lid + s]); }
    workgroupBarrier();
  }
  ${v} = shv[0];
  workgroupBarrier();`;

function body(kind: Kind, perLine: boolean, dtype: DType): string {
  const x = (i: string) => loadAs(`b0[at.x + ${i} * si]`, dtype, "f32");
  const loop = perLine ? "for (var i = lid; i < n; i += LINE_WG)" : "for (var i = 0u; i < n; i++)";
  const max = `  var m = ${NEG_INF};
  var mi = n;
  ${loop} { let v = ${x("i")}; if (max_better(v, i, m, mi)) { m = v; mi = i; } }${perLine ? WG_MAX : ""}`;
  if (kind === "softmax") {
    const sum = perLine
      ? `  var sum2 = vec2<f32>(0.0, 0.0);
  ${loop} { let e = f_exp(${x("i")} - m); b1[at.y + i * so] = e; sum2 = tf_add(sum2, e); }${wgSum("sum2")}
  let sum = sum2.x;`
      : `  var sum = 0.0;
  ${loop} { let e = f_exp(${x("i")} - m); b1[at.y + i * so] = e; sum += e; }`;
    return `${max}
${sum}
  let inv = select(f_div(1.0, sum), ${NAN}, tf_special(m));
  ${loop} { b1[at.y + i * so] = b1[at.y + i * so] * inv; }`;
  }
  return `${max}
  var rest = vec2<f32>(0.0, 0.0);
  ${loop} { if (i != mi) { rest = tf_add(rest, f_exp(${x("i")} - m)); } }${perLine ? wgSum("rest") : ""}
  let ls = select(f_log1p(rest.x) + rest.y / (1.0 + rest.x), ${NAN}, tf_special(m));
  ${loop} { b1[at.y + i * so] = (${x("i")} - m) - ls; }`;
}

const sources = new Map<string, KernelSource>();

function source(kind: Kind, perLine: boolean, dtype: DType): KernelSource {
  const key = `${kind}:${dtype}:${perLine ? "wg" : "serial"}`;
  let src = sources.get(key);
  if (src) return src;
  const code = `const LINE_WG = ${LINE_WG}u;
${perLine ? WG_MEMORY : ""}
${HELPERS}
${TWO_FLOAT}
${WGSL_LINES}
${wgslLineEntry(perLine)}
  let at = line_start(l);
  let n = line_len(); let si = in_step(); let so = out_step();
${body(kind, perLine, dtype)}
}`;
  src = { key, wgsl: (header) => `${header}\n${helpersFor(code)}\n${code}` };
  sources.set(key, src);
  return src;
}

function softmaxKernel(kind: Kind) {
  return ([input]: readonly View[], [out]: readonly View[], { dim }: ScanParams) => {
    if (numelOf(out.shape) === 0) return;
    const { lines, n } = writeLines(input, out, dim);
    const perLine = perLineFor(kind, lines, n);
    dispatch(
      source(kind, perLine, input.dtype),
      [{ storage: storageOf(input) }, { storage: storageOf(out), write: true, whole: coversStorage(out) }],
      meta.words(),
      perLine ? grid(lines, 1) : grid(lines, 64),
    );
  };
}

webgpuKernels.register("softmax", softmaxKernel("softmax"));
webgpuKernels.register("log_softmax", softmaxKernel("log_softmax"));

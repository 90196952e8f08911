// The value checks of the losses (runtime/nn/loss_value_checks.ts), which the CPU makes on the host:
// every nll_loss target a class (or ignore_index), every binary_cross_entropy input in [0, 1]. Here
// they record a fault in index_check.ts's flag, raised at the next read, as CUDA's device-side
// asserts are: no wait is added to a training step.
//
// One workgroup scans the whole tensor and reports the first bad element in order, so the message
// names the target the CPU names (PyTorch's CPU kernels stop at the first one). Loss inputs are a
// batch of targets or probabilities, small enough that one workgroup costs next to nothing.

import type { View } from "../backend.ts";
import { numelOf } from "../../runtime/shape.ts";
import { storageType, type WgslStorageType } from "./dtypes.ts";
import { storageOf, webgpuKernels } from "./backend.ts";
import { dispatch } from "./queue.ts";
import type { KernelSource } from "./pipelines.ts";
import { faultBinding, ValueFault, wgslReportFault } from "./index_check.ts";
import { meta, paramBase, WG, wgslOffsets, writeStrided } from "./strided.ts";

const P = paramBase(1);
const NONE = "0xffffffffu";

interface ScanRule {
  key: string;
  code: number;
  /** The WGSL type of the checked tensor's storage. */
  valueType: WgslStorageType;
  /** WGSL body of `fn bad(v) -> bool`. */
  bad: string;
  /** WGSL (i32) of the value the fault records, from `v`. */
  reported: string;
}

const sources = new Map<string, KernelSource>();

/** A kernel over binding b0 (the checked tensor) that reports the first element for which `bad(v)` holds. */
function scanSource(rule: ScanRule, flat: boolean): KernelSource {
  const key = `${rule.key}:${rule.valueType}:${flat ? "flat" : "nd"}`;
  let src = sources.get(key);
  if (src) return src;
  src = {
    key,
    wgsl: (header) =>
      `${header}
${wgslReportFault(1)}
fn bad(v: ${rule.valueType}) -> bool { ${rule.bad} }
fn reported(v: ${rule.valueType}) -> i32 { return ${rule.reported}; }
fn offset_of(i: u32) -> u32 {
${wgslOffsets(1, flat)}
  return o0;
}
var<workgroup> first: array<u32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) li: u32) {
  var found = ${NONE};
  for (var i = li; i < mu(0u); i += ${WG}u) {
    if (bad(b0[offset_of(i)])) { found = i; break; }
  }
  first[li] = found;
  workgroupBarrier();
  for (var half = ${WG / 2}u; half > 0u; half >>= 1u) {
    if (li < half) { first[li] = min(first[li], first[li + half]); }
    workgroupBarrier();
  }
  if (li == 0u && first[0] != ${NONE}) {
    report_fault(${rule.code}, reported(b0[offset_of(first[0])]), 0, 0);
  }
}`,
  };
  sources.set(key, src);
  return src;
}

/** Dispatches `rule`'s scan of `x`, with `params` writing its meta words from P on. */
function scan(x: View, rule: ScanRule, nParams: number, params: () => void = () => {}): void {
  if (numelOf(x.shape) === 0) return;
  const { flat } = writeStrided(meta, x.shape, [x], nParams);
  params();
  dispatch(scanSource(rule, flat), [{ storage: storageOf(x) }, faultBinding()], meta.words(), [1]);
}

/** Targets are int64 (the op checked the dtype), stored as i32 on the GPU. */
const classTarget: ScanRule = {
  key: "nll_loss_target_check",
  code: ValueFault.ClassTarget,
  valueType: "i32",
  // Words P..P+2: classes, ignore_index, whether ignore_index fits in i32 (else no target equals it).
  bad: `return !(mu(${P + 2}u) != 0u && v == mi(${P + 1}u)) && (v < 0 || v >= mi(${P}u));`,
  reported: "v",
};

webgpuKernels.register(
  "nll_loss_target_check",
  ([target]: readonly View[], _out: readonly View[], p: { classes: number; ignoreIndex: number }) => {
    const ignoreFits = p.ignoreIndex >= -(2 ** 31) && p.ignoreIndex < 2 ** 31;
    scan(target, classTarget, 3, () => {
      meta.i32[P] = p.classes;
      meta.i32[P + 1] = ignoreFits ? p.ignoreIndex : 0;
      meta.u32[P + 2] = ignoreFits ? 1 : 0;
    });
  },
);

/** NaN is out of range too; WGSL may assume no NaN in comparisons, so its bits are tested. */
const probability = (valueType: WgslStorageType): ScanRule => ({
  key: "binary_cross_entropy_input_check",
  code: ValueFault.Probability,
  valueType,
  bad: `let x = f32(v);
  return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u || x < 0.0 || x > 1.0;`,
  reported: "0",
});

webgpuKernels.register("binary_cross_entropy_input_check", ([input]: readonly View[]) => {
  scan(input, probability(storageType(input.dtype)), 0);
});

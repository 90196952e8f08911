// Out-of-range indices and values on the GPU, checked without waiting. The CPU kernels raise
// PyTorch's error at once; a GPU kernel cannot, and reading back a verdict per op would cost a wait
// (~11 ms on lavapipe). Instead the indexing kernels record the first bad index in a small flag
// buffer and skip it (reads give 0, writes are dropped), and the loss checks (loss_checks.ts)
// record a bad target or probability; every later read of GPU data (the next sync point: print,
// item, tolist...) copies the flag along, in the same wait, and raises the recorded error there.
// This is how PyTorch's CUDA backend reports them too (device-side asserts, at a later call).

import { indexError, runtimeError } from "../../runtime/errors.ts";
import type { GpuStorage } from "./pool.ts";
import { readChecks, upload } from "./queue.ts";
import { webgpuBackend } from "./backend.ts";
import type { Binding } from "./queue.ts";

/** What the flag's first word says: which message the recorded index gets. */
export const IndexFault = {
  /** index_select: IndexError "index out of range in self". */
  Select: 1,
  /** gather, scatter: RuntimeError "index {i} is out of bounds for dimension {dim} with size {size}". */
  Along: 2,
  /** index, index_put: IndexError "index {i} is out of bounds for dimension {dim} with size {size}". */
  Advanced: 3,
} as const;

/** The loss checks' faults, recorded in the same flag. */
export const ValueFault = {
  /** nll_loss (and cross_entropy) class target: IndexError "Target {t} is out of bounds.". */
  ClassTarget: 4,
  /** binary_cross_entropy input: RuntimeError "all elements of input should be between 0 and 1". */
  Probability: 5,
} as const;

let flag: GpuStorage | undefined;
/** Whether a kernel that may have set the flag ran since the flag was last read. */
let unchecked = false;

/** The flag's binding for a kernel about to be dispatched (bind it last). */
export function faultBinding(): Binding {
  flag ??= webgpuBackend.alloc("int32", 4) as GpuStorage;
  unchecked = true;
  return { storage: flag, write: true };
}

/**
 * WGSL of `report_fault(code, index, dim, size)` writing binding `b{binding}`: the first fault
 * recorded wins (a race between invocations may mix two faults' words; either is a true fault).
 */
export const wgslReportFault = (binding: number): string => `
fn report_fault(code: i32, ix: i32, dim: i32, size: i32) {
  if (b${binding}[0] == 0) { b${binding}[0] = code; b${binding}[1] = ix; b${binding}[2] = dim; b${binding}[3] = size; }
}`;

function raise(words: ArrayLike<number>): void {
  const [code, ix, dim, size] = Array.from(words);
  if (code === IndexFault.Select) throw indexError("index out of range in self");
  if (code === ValueFault.ClassTarget) throw indexError(`Target ${ix} is out of bounds.`);
  if (code === ValueFault.Probability) throw runtimeError("all elements of input should be between 0 and 1");
  const msg = `index ${ix} is out of bounds for dimension ${dim} with size ${size}`;
  throw code === IndexFault.Along ? runtimeError(msg) : indexError(msg);
}

readChecks.push(() => {
  if (!unchecked || !flag) return undefined;
  unchecked = false;
  const f = flag;
  return {
    storage: f,
    verdict(words) {
      if (!words[0]) return;
      // Cleared for the kernels after this (kernels encoded meanwhile keep it: it is not released).
      upload(f, [0, 0, 0, 0]);
      raise(words);
    },
  };
});

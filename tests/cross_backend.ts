// Running one computation on the CPU and on WebGPU from the same input values, and comparing what
// came out (tests/webgpu_cross_backend_test.ts). A case is a function of tensors: it runs with the
// default device set to the device under test, so constants that it creates inside (index tensors,
// masks) land on that device too.
//
// GPU reads are the expensive part (one wait each on lavapipe), so running a case only encodes and
// starts its reads; the caller awaits many cases' reads together.

import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { runBackwardAsync } from "../runtime/autograd/engine.ts";
import { defaultDevice, type Device, setDefaultDevice } from "../runtime/device.ts";
import type { DType, TypedArray } from "../runtime/dtype.ts";
import * as B from "../runtime/ops/binary.ts";
import { sum } from "../runtime/ops/reduce.ts";
import { Tensor } from "../runtime/tensor.ts";
import { rng } from "../kernels/webgpu/testing.ts";

/** One input of a case: its values (the same on both devices) and whether it gets a gradient. */
export interface Operand {
  data: readonly number[];
  shape: readonly number[];
  dtype: DType;
  requiresGrad?: boolean;
}

/** A case: may answer with a Promise (the *Async entry points of data-dependent ops on WebGPU). */
export type CaseFn = (...xs: Tensor[]) => Tensor | Tensor[] | Promise<Tensor | Tensor[]>;

/** What a run produced, as values: its outputs, then one gradient per operand (null without one). */
export interface RunValues {
  outputs: { dtype: DType; shape: readonly number[]; values: TypedArray }[];
  grads: (TypedArray | null)[];
}

/**
 * Runs `fn` on `device` and starts reading the results. With `backward`, also backprops
 * sum(out * w) over every output, with weights drawn from `weightSeed` (so equal on both devices).
 */
export async function runOn(
  device: Device,
  fn: CaseFn,
  operands: readonly Operand[],
  backward: boolean,
  weightSeed = 1,
): Promise<() => Promise<RunValues>> {
  const previous = defaultDevice().type;
  setDefaultDevice(device.type);
  try {
    const xs = operands.map((o) => {
      const t = Tensor.fromArray(o.data, o.shape, o.dtype, device);
      if (o.requiresGrad) t.requiresGrad = true;
      return t;
    });
    const result = await fn(...xs);
    const outs = Array.isArray(result) ? result : [result];
    if (backward) {
      const rand = rng(weightSeed);
      const losses = outs.map((o) => {
        const w = Array.from({ length: o.numel }, () => 2 * rand() - 1);
        return sum(B.mul(o, Tensor.fromArray(w, o.shape, o.dtype, device)));
      });
      const loss = losses.reduce((a, b) => B.add(a, b));
      await runBackwardAsync([loss], [Tensor.fromArray([1], [], loss.dtype, device)]);
    }
    const reads = Promise.all([
      Promise.all(outs.map((o) => o.data())),
      Promise.all(xs.map((x) => x.grad ? x.grad.data() : null)),
    ]);
    // A failed read is reported when its case is compared, not as an unhandled rejection now.
    reads.catch(() => {});
    return async () => {
      const [values, grads] = await reads;
      return { outputs: outs.map((o, i) => ({ dtype: o.dtype, shape: o.shape, values: values[i] })), grads };
    };
  } finally {
    setDefaultDevice(previous);
  }
}

export interface Tolerance {
  rel: number;
  abs: number;
}

/** Differences between two runs of one case, as messages (none when they agree). */
export function differences(got: RunValues, want: RunValues, tol: Tolerance): string[] {
  const out: string[] = [];
  if (got.outputs.length !== want.outputs.length) {
    return [`${got.outputs.length} outputs, want ${want.outputs.length}`];
  }
  got.outputs.forEach((g, i) => {
    const w = want.outputs[i];
    if (g.dtype !== w.dtype) out.push(`output ${i}: dtype ${g.dtype}, want ${w.dtype}`);
    else if (g.shape.join() !== w.shape.join()) out.push(`output ${i}: shape [${g.shape}], want [${w.shape}]`);
    else {
      const d = mismatch(g.values, w.values, tol);
      if (d) out.push(`output ${i}: ${d}`);
    }
  });
  want.grads.forEach((w, i) => {
    const g = got.grads[i];
    if (!w !== !g) out.push(`input ${i}: ${g ? "a" : "no"} gradient, want ${w ? "one" : "none"}`);
    else if (g && w) {
      const d = mismatch(g, w, tol);
      if (d) out.push(`gradient of input ${i}: ${d}`);
    }
  });
  return out;
}

/**
 * The first element beyond `rel` relative plus `abs` absolute tolerance (the absolute part scaled
 * by the largest reference magnitude, so sums of large terms may cancel), or "" when all agree.
 * NaN matches NaN and infinities must match exactly.
 */
function mismatch(got: TypedArray, want: TypedArray, tol: Tolerance): string {
  if (got.length !== want.length) return `${got.length} elements, want ${want.length}`;
  let scale = 1;
  for (let i = 0; i < want.length; i++) if (Number.isFinite(want[i])) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < got.length; i++) {
    const g = got[i], w = want[i];
    if (g === w || (g !== g && w !== w)) continue;
    if (!(Math.abs(g - w) <= tol.rel * Math.abs(w) + tol.abs * scale)) {
      return `element ${i}: got ${g}, want ${w} (got begins ${head(got)}; want begins ${head(want)})`;
    }
  }
  return "";
}

const head = (a: TypedArray) => Array.from(a.slice(0, 8), (v) => +v.toPrecision(6)).join(" ");

// Numerical gradient checks shared by the autograd, nn and loss tests: autograd's gradient of
// sum(fn(xs) * w) against float64 central differences, for every input.

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { withGradMode } from "../runtime/autograd/grad_mode.ts";
import * as B from "../runtime/ops/binary.ts";
import { sum } from "../runtime/ops/reduce.ts";
import { toCopy } from "../runtime/ops/to_copy.ts";
import { Tensor } from "../runtime/tensor.ts";
import { FunctionNode, type Node } from "../runtime/autograd/node.ts";
import { assertClose, values } from "./helpers.ts";

let seed = 12345;
export function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

export type Init = "any" | "pos" | "away";
/** A value for `init` from a uniform draw `r` in [0, 1). */
export const sample = (init: Init, r = rand()): number => {
  if (init === "pos") return 0.5 + 1.5 * r;
  if (init === "away") return (r < 0.5 ? -1 : 1) * (0.3 + r); // away from 0 and from each other's ties
  return 4 * r - 2;
};

export const randT = (shape: readonly number[], init: Init) =>
  Tensor.fromArray(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => sample(init)), shape, "float64");

/**
 * `t` copied to the dtype and device of the case's input `x`: a constant captured by a case, so
 * the case also runs in float32 on WebGPU (tests/webgpu_cross_backend_test.ts).
 */
export const constantLike = (t: Tensor, x: Tensor): Tensor => toCopy(t, x.dtype, x.device) as Tensor;

const scalar1 = () => Tensor.fromArray([1], [], "float64");

/**
 * The registry names of the ops whose gradient rule some gradcheck verified in this process
 * (tests/gradcheck_coverage_test.ts asserts that every op with a backward is in it).
 */
export const checkedOps = new Set<string>();

/** One gradcheck call, kept so that other tests can re-run it elsewhere (on WebGPU, in float32). */
/**
 * A checked function. It may call the *Async entry points of data-dependent ops (getitemAsync,
 * masked_selectAsync...), as scripts do: they answer synchronously on the CPU, and with a Promise
 * where values must first be read back from WebGPU.
 */
export type CheckedFn = (...xs: Tensor[]) => Tensor | Promise<Tensor>;

export interface GradcheckCase {
  fn: CheckedFn;
  shapes: number[][];
  init: Init;
  /** The call site (file:line), to name the case in failures. */
  where: string;
  /** The registry names of the ops in the checked graph. */
  ops: string[];
}

/** Every gradcheck that passed in this process, in call order (tests/webgpu_cross_backend_test.ts). */
export const gradcheckCases: GradcheckCase[] = [];

/** The first stack frame outside this file: the test line that called gradcheck. */
function callSite(): string {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  const frame = frames.find((f) => !f.includes("/tests/gradcheck.ts")) ?? "";
  const m = frame.match(/tests\/([^/]+\.ts):(\d+)/);
  return m ? `${m[1]}:${m[2]}` : frame.trim();
}

/** Every op recorded in the graph below `out`: all of their rules run when the check backprops. */
function graphOps(out: Tensor): string[] {
  const names = new Set<string>();
  const stack: Node[] = out.gradFn ? [out.gradFn as Node] : [];
  const seen = new Set<Node>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n instanceof FunctionNode && n.opName) names.add(n.opName);
    for (const [next] of n.nextFunctions) if (next) stack.push(next);
  }
  return [...names];
}

/** Compares autograd's gradients of sum(fn(xs) * w) with central differences, for every input. */
export function gradcheck(checked: CheckedFn, shapes: number[][], init: Init = "any"): void {
  const where = callSite();
  const fn = (...xs: Tensor[]) => {
    const out = checked(...xs);
    if (out instanceof Promise) throw new Error("gradcheck runs on the CPU: the checked function must not wait");
    return out;
  };
  const xs = shapes.map((s) => randT(s, init));
  const out0 = withGradMode(false, () => fn(...xs));
  const w = randT(out0.shape, "any");
  const loss = (args: Tensor[]) => sum(B.mul(fn(...args), w));
  const lossOf = (out: Tensor) => sum(B.mul(out, w));
  const leaves = xs.map((x) => {
    const l = Tensor.fromArray(x.dataSync(), x.shape, "float64");
    l.requiresGrad = true;
    return l;
  });
  const out = fn(...leaves);
  runBackward([lossOf(out)], [scalar1()]);
  const eps = 1e-6;
  xs.forEach((x, i) => {
    const base = Array.from(x.dataSync());
    const numeric = base.map((_, j) => {
      const at = (d: number) => {
        const v = base.slice();
        v[j] += d;
        const args = xs.slice();
        args[i] = Tensor.fromArray(v, x.shape, "float64");
        return withGradMode(false, () => loss(args).dataSync()[0]);
      };
      return (at(eps) - at(-eps)) / (2 * eps);
    });
    const g = leaves[i].grad;
    assert.ok(g, `input ${i} got no gradient`);
    assert.deepEqual(g.shape, x.shape);
    assert.equal(g.dtype, "float64");
    assertClose(values(g), numeric, { rtol: 1e-5, atol: 1e-6 });
  });
  const ops = graphOps(out);
  for (const op of ops) checkedOps.add(op);
  gradcheckCases.push({ fn: checked, shapes, init, where, ops });
}

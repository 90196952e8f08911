// The flat fast path of the CPU elementwise kernels (loops.ts): contiguous operands of the output's
// shape, or single-element scalars, need none of runElementwise's per-call planning (converting,
// broadcasting, coalescing, building a loop key), which costs a few µs: most of a small op.
// Same element functions, same order, so the same results.

import type { View } from "../backend.ts";
import type { DType, TypedArray } from "../../runtime/dtype.ts";
import { isContiguous, numelOf, shapeEquals } from "../../runtime/shape.ts";
import { arrayOf } from "./backend.ts";
import { type ElementFn, type Fn1, type Fn2, loopFor, needsConvert } from "./loops.ts";

const flatIds = new WeakMap<ElementFn, number>();
let nextFlatId = 0;

/** Flat loops by element function, then by "out dtype|compute dtype|scalar operand". */
const flatLoops = new WeakMap<ElementFn, Map<string, (...args: any[]) => void>>();

function flatLoop(name: string, fn: ElementFn, variant: string, template: (...args: any[]) => void) {
  let byVariant = flatLoops.get(fn);
  if (!byVariant) flatLoops.set(fn, byVariant = new Map());
  let f = byVariant.get(variant);
  if (!f) {
    let id = flatIds.get(fn);
    if (id === undefined) flatIds.set(fn, id = nextFlatId++);
    f = loopFor(`flat:${name}#${id}|${variant}`, template);
    byVariant.set(variant, f);
  }
  return f;
}

/**
 * The common case without runElementwise's per-call planning (a few µs, which is most of a small
 * op): a contiguous output, and inputs that are contiguous tensors of its shape already in the
 * compute dtype, or single-element scalars (read once, converted like runElementwise's readAs).
 * False when the operands are anything else.
 */
export function runFlat(
  name: string,
  fn: ElementFn,
  inputs: readonly View[],
  out: View,
  dtype: DType,
  params: Float64Array,
): boolean {
  const n = inputs.length;
  if (n > 2 || !isContiguous(out.shape, out.strides)) return false;
  let scalarAt = -1, scalar = 0;
  for (let i = 0; i < n; i++) {
    const v = inputs[i];
    if (v.shape.length === 0 && n === 2 && scalarAt < 0 && (dtype === "float32" || dtype === "float64")) {
      scalarAt = i;
      scalar = arrayOf(v)[v.offset];
      if (dtype === "float32" && needsConvert(v.dtype, dtype)) scalar = Math.fround(scalar);
      continue;
    }
    if (v.dtype !== dtype || !shapeEquals(v.shape, out.shape) || !isContiguous(v.shape, v.strides)) return false;
  }
  const count = numelOf(out.shape);
  if (count === 0) return true;
  const o = arrayOf(out);
  const variant = `${out.dtype}|${dtype}|${scalarAt}`;
  if (n === 1) {
    flatLoop(name, fn, variant, flat1)(fn, params, count, o, out.offset, arrayOf(inputs[0]), inputs[0].offset);
  } else if (scalarAt === 1) {
    flatLoop(name, fn, variant, flat2y)(fn, params, count, o, out.offset, arrayOf(inputs[0]), inputs[0].offset, scalar);
  } else if (scalarAt === 0) {
    flatLoop(name, fn, variant, flat2x)(fn, params, count, o, out.offset, scalar, arrayOf(inputs[1]), inputs[1].offset);
  } else {
    const [a, b] = inputs;
    flatLoop(name, fn, variant, flat2)(fn, params, count, o, out.offset, arrayOf(a), a.offset, arrayOf(b), b.offset);
  }
  return true;
}

// The templates below are compiled from their source text (loopFor): they must not refer to
// anything outside their own bodies.

function flat1(f: Fn1, P: Float64Array, n: number, o: TypedArray, oo: number, a: TypedArray, ao: number): void {
  for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], P);
}

function flat2(
  f: Fn2,
  P: Float64Array,
  n: number,
  o: TypedArray,
  oo: number,
  a: TypedArray,
  ao: number,
  b: TypedArray,
  bo: number,
): void {
  for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], b[bo + i], P);
}

function flat2y(f: Fn2, P: Float64Array, n: number, o: TypedArray, oo: number, a: TypedArray, ao: number, y: number) {
  for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], y, P);
}

function flat2x(f: Fn2, P: Float64Array, n: number, o: TypedArray, oo: number, x: number, b: TypedArray, bo: number) {
  for (let i = 0; i < n; i++) o[oo + i] = f(x, b[bo + i], P);
}

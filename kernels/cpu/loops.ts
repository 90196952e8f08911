// Elementwise loops for the CPU kernels. A kernel supplies a per-element function; runElementwise
// converts the inputs to the dtype the op computes in, broadcasts them to the output's shape,
// merges dimensions that are contiguous for every operand, and runs a loop whose innermost
// dimension is a plain typed-array loop (with unit-stride and scalar-operand fast paths).
//
// Each (op, dtype) pair gets its own copy of the loop, compiled from the template's source: a loop
// shared by every op would see dozens of element functions at its call site and V8 would stop
// inlining them (a 1e6-element add measured 11 ms shared against 1 ms specialised).

import type { View } from "../backend.ts";
import { type DType, DTYPES, isFloating, type TypedArray } from "../../runtime/dtype.ts";
import { broadcastStrides, contiguousStrides, isContiguous, numelOf } from "../../runtime/shape.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { forEachOffset } from "./strided.ts";
import { runFlat } from "./loops_flat.ts";

/** Element functions get the op's numeric params (alpha, clamp bounds, ...) as `P`. */
export type Fn1 = (x: number, P: Float64Array) => number;
export type Fn2 = (x: number, y: number, P: Float64Array) => number;
export type Fn3 = (x: number, y: number, z: number, P: Float64Array) => number;
export type ElementFn = Fn1 | Fn2 | Fn3;

const NO_PARAMS = new Float64Array(0);

/**
 * Runs `fn` over the broadcast inputs into `out`. `convert[i]` is the dtype input i is converted
 * to before `fn` sees it (null: raw stored values, e.g. for logical ops that only test nonzero).
 */
export function runElementwise(
  key: string,
  fn: ElementFn,
  inputs: readonly View[],
  out: View,
  convert: readonly (DType | null)[],
  params: Float64Array = NO_PARAMS,
): void {
  const shape = out.shape;
  if (numelOf(shape) === 0) return;
  const ops = inputs.map((v, i) => readAs(v, convert[i] ?? null));
  const [cShape, cStrides] = coalesce(shape, [
    broadcastStrides(shape, out.strides, shape),
    ...ops.map((o) => broadcastStrides(o.shape, o.strides, shape)),
  ]);
  const loopKey = `${key}|${out.dtype}|${ops.map((o) => o.data.constructor.name).join(",")}`;
  const o = arrayOf(out);
  switch (inputs.length) {
    case 1:
      loopFor(loopKey, loop1)(
        fn as Fn1,
        params,
        cShape,
        o,
        out.offset,
        cStrides[0],
        ops[0].data,
        ops[0].offset,
        cStrides[1],
      );
      break;
    case 2:
      loopFor(loopKey, loop2)(
        fn as Fn2,
        params,
        cShape,
        o,
        out.offset,
        cStrides[0],
        ops[0].data,
        ops[0].offset,
        cStrides[1],
        ops[1].data,
        ops[1].offset,
        cStrides[2],
      );
      break;
    case 3:
      loopFor(loopKey, loop3)(fn as Fn3, params, cShape, o, out.offset, cStrides, ops.map((x) => x.data), [
        ops[0].offset,
        ops[1].offset,
        ops[2].offset,
      ]);
      break;
    default:
      throw new Error(`runElementwise: ${inputs.length} inputs`);
  }
}

export interface ElementwiseKernelOptions<P> {
  /** Per input: read stored values as they are (true) instead of converting to `params.dtype`. */
  raw?: readonly boolean[];
  /** The numeric params the element function reads as `P`. */
  numbers?: (p: P, out: View) => number[];
  /** A specialised kernel tried first; it returns false, having written nothing, to fall back to the loop. */
  fast?: (inputs: readonly View[], out: View, p: P) => boolean;
}

const fnIds = new WeakMap<ElementFn, number>();
let nextFnId = 0;

/**
 * Registers the CPU kernel of an elementwise op: `choose` picks the element function for the
 * op's compute dtype (each must be a module-level constant, so that loops can be cached by it).
 */
export function registerElementwise<P extends { dtype: DType }>(
  name: string,
  choose: (p: P) => ElementFn,
  opts: ElementwiseKernelOptions<P> = {},
): void {
  const fast = opts.fast;
  const anyRaw = opts.raw?.some((r) => r) ?? false;
  cpuKernels.register<P>(name, (inputs, [out], p) => {
    if (fast && fast(inputs, out, p)) return;
    const fn = choose(p);
    // Not Float64Array.from: its iterator protocol costs more than a small op's whole loop.
    const numbers = opts.numbers ? new Float64Array(opts.numbers(p, out)) : NO_PARAMS;
    if (!anyRaw && runFlat(name, fn, inputs, out, p.dtype, numbers)) return;
    let id = fnIds.get(fn);
    if (id === undefined) fnIds.set(fn, id = nextFnId++);
    const convert = inputs.map((_, i) => (opts.raw?.[i] ? null : p.dtype));
    runElementwise(`${name}#${id}`, fn, inputs, out, convert, numbers);
  });
}

interface Operand {
  data: TypedArray;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}

/** Whether reading a `from` value as `to` changes it (widening reads are left to the loop). */
export function needsConvert(from: DType, to: DType): boolean {
  if (from === to) return false;
  switch (to) {
    case "float64":
      return false;
    case "float32":
      return from === "int32" || from === "int64" || from === "float64";
    case "int64":
      return isFloating(from);
    case "int32":
      return from === "int64" || isFloating(from);
    case "uint8":
      return from !== "bool";
    case "bool":
      return true;
  }
}

function readAs(v: View, dtype: DType | null): Operand {
  const data = arrayOf(v);
  if (dtype === null || !needsConvert(v.dtype, dtype)) {
    return { data, shape: v.shape, strides: v.strides, offset: v.offset };
  }
  // Converting through a typed array of the target dtype rounds and wraps exactly like a store.
  const n = numelOf(v.shape);
  const to = new DTYPES[dtype].array(n);
  const fix = dtype === "bool" ? (x: number) => (x !== 0 ? 1 : 0) : dtype === "int64" ? Math.trunc : null;
  if (!fix && isContiguous(v.shape, v.strides)) to.set(data.subarray(v.offset, v.offset + n));
  else {
    forEachOffset(v.shape, [v], (i, [s]) => {
      to[i] = fix ? fix(data[s]) : data[s];
    });
  }
  return { data: to, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 };
}

/**
 * Drops size-1 dims and merges neighbouring dims that are contiguous for every operand, so a
 * contiguous (or scalar-broadcast) operation becomes a single flat loop.
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): [number[], number[][]] {
  const outShape: number[] = [];
  const outStrides = strides.map(() => [] as number[]);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * n)) {
      outShape[last] *= n;
      for (let k = 0; k < strides.length; k++) outStrides[k][last] = strides[k][d];
    } else {
      outShape.push(n);
      for (let k = 0; k < strides.length; k++) outStrides[k].push(strides[k][d]);
    }
  }
  return [outShape, outStrides];
}

let uid = 0;
const loops = new Map<string, (...args: any[]) => void>();

/** A private copy of `template` for `key` (the unique comment defeats V8's eval cache). */
export function loopFor<F extends (...args: any[]) => void>(key: string, template: F): F {
  const k = `${template.name}:${key}`;
  let f = loops.get(k);
  if (!f) {
    f = new Function(`// ${k} #${++uid}\nreturn ${template.toString()};`)() as F;
    loops.set(k, f);
  }
  return f as F;
}

// The templates below are compiled from their source text: they must not refer to anything
// outside their own bodies.

function loop1(
  f: Fn1,
  P: Float64Array,
  shape: number[],
  o: TypedArray,
  oo: number,
  os: number[],
  a: TypedArray,
  ao: number,
  as: number[],
): void {
  const nd = shape.length;
  if (nd === 0) {
    o[oo] = f(a[ao], P);
    return;
  }
  const last = nd - 1, n = shape[last], so = os[last], sa = as[last];
  let outer = 1;
  for (let d = 0; d < last; d++) outer *= shape[d];
  const idx = new Int32Array(nd);
  for (let r = 0; r < outer; r++) {
    if (so === 1 && sa === 1) {
      for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], P);
    } else {
      for (let i = 0, po = oo, pa = ao; i < n; i++, po += so, pa += sa) o[po] = f(a[pa], P);
    }
    for (let d = last - 1; d >= 0; d--) {
      oo += os[d];
      ao += as[d];
      if (++idx[d] < shape[d]) break;
      oo -= os[d] * shape[d];
      ao -= as[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function loop2(
  f: Fn2,
  P: Float64Array,
  shape: number[],
  o: TypedArray,
  oo: number,
  os: number[],
  a: TypedArray,
  ao: number,
  as: number[],
  b: TypedArray,
  bo: number,
  bs: number[],
): void {
  const nd = shape.length;
  if (nd === 0) {
    o[oo] = f(a[ao], b[bo], P);
    return;
  }
  const last = nd - 1, n = shape[last], so = os[last], sa = as[last], sb = bs[last];
  let outer = 1;
  for (let d = 0; d < last; d++) outer *= shape[d];
  const idx = new Int32Array(nd);
  for (let r = 0; r < outer; r++) {
    if (so === 1 && sa === 1 && sb === 1) {
      for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], b[bo + i], P);
    } else if (so === 1 && sa === 1 && sb === 0) {
      const y = b[bo];
      for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], y, P);
    } else if (so === 1 && sa === 0 && sb === 1) {
      const x = a[ao];
      for (let i = 0; i < n; i++) o[oo + i] = f(x, b[bo + i], P);
    } else {
      for (let i = 0, po = oo, pa = ao, pb = bo; i < n; i++, po += so, pa += sa, pb += sb) o[po] = f(a[pa], b[pb], P);
    }
    for (let d = last - 1; d >= 0; d--) {
      oo += os[d];
      ao += as[d];
      bo += bs[d];
      if (++idx[d] < shape[d]) break;
      oo -= os[d] * shape[d];
      ao -= as[d] * shape[d];
      bo -= bs[d] * shape[d];
      idx[d] = 0;
    }
  }
}

// Three-input ops (where, clamp with tensor bounds) are not hot paths: strided inner loop only.
function loop3(
  f: Fn3,
  P: Float64Array,
  shape: number[],
  o: TypedArray,
  oo: number,
  strides: number[][],
  data: TypedArray[],
  offsets: number[],
): void {
  const [os, as, bs, cs] = strides;
  const [a, b, c] = data;
  let [ao, bo, co] = offsets;
  const nd = shape.length;
  if (nd === 0) {
    o[oo] = f(a[ao], b[bo], c[co], P);
    return;
  }
  const last = nd - 1, n = shape[last];
  const so = os[last], sa = as[last], sb = bs[last], sc = cs[last];
  let outer = 1;
  for (let d = 0; d < last; d++) outer *= shape[d];
  const idx = new Int32Array(nd);
  for (let r = 0; r < outer; r++) {
    for (let i = 0, po = oo, pa = ao, pb = bo, pc = co; i < n; i++, po += so, pa += sa, pb += sb, pc += sc) {
      o[po] = f(a[pa], b[pb], c[pc], P);
    }
    for (let d = last - 1; d >= 0; d--) {
      oo += os[d];
      ao += as[d];
      bo += bs[d];
      co += cs[d];
      if (++idx[d] < shape[d]) break;
      oo -= os[d] * shape[d];
      ao -= as[d] * shape[d];
      bo -= bs[d] * shape[d];
      co -= cs[d] * shape[d];
      idx[d] = 0;
    }
  }
}

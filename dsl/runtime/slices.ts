// range and slice objects, and the index arithmetic shared by every sequence.

import { PyTuple } from "./values.ts";
import { T_range, T_slice } from "./types.ts";
import { indexErr, pyErr, typeErr } from "./exceptions.ts";
import { abandon, indexValue } from "./convert.ts";
import { registerNativeIter } from "./iteration.ts";
import { DONE } from "./values.ts";

export class PySlice {
  declare $cls: any;
  constructor(readonly start: any, readonly stop: any, readonly step: any) {}

  /** CPython's PySlice_GetIndicesEx: clamped [start, stop, step] for a sequence of `len`. */
  indices(len: number): [number, number, number] {
    let step = 1;
    if (this.step !== null) {
      step = toIdx(this.step);
      if (step === 0) throw pyErr("ValueError", "slice step cannot be zero");
    }
    const lower = step < 0 ? -1 : 0;
    const upper = step < 0 ? len - 1 : len;
    const clamp = (v: any, dflt: number): number => {
      if (v === null) return dflt;
      let i = toIdx(v);
      if (i < 0) {
        i += len;
        if (i < lower) i = lower;
      } else if (i > upper) i = upper;
      return i;
    };
    return [clamp(this.start, step < 0 ? upper : lower), clamp(this.stop, step < 0 ? lower : upper), step];
  }
}
(PySlice.prototype as any).$cls = T_slice;

function toIdx(v: any): number {
  if (typeof v === "number") return v;
  const r = indexValue(v);
  if (r instanceof Promise) {
    abandon(r);
    throw typeErr("slice indices must be integers or None or have an __index__ method");
  }
  return Number(r);
}

/** Number of items a clamped slice selects. */
export function sliceLength(start: number, stop: number, step: number): number {
  if (step > 0) return start < stop ? Math.floor((stop - start - 1) / step) + 1 : 0;
  return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
}

/** The items of `a` selected by slice `s`. */
export function sliceArray(a: any[], s: PySlice): any[] {
  const [start, stop, step] = s.indices(a.length);
  if (step === 1) return a.slice(start, Math.max(start, stop));
  const out: any[] = [];
  if (step > 0) { for (let i = start; i < stop; i += step) out.push(a[i]); }
  else for (let i = start; i > stop; i += step) out.push(a[i]);
  return out;
}

export function sliceString(str: string, s: PySlice): string {
  const [start, stop, step] = s.indices(str.length);
  if (step === 1) return str.slice(start, Math.max(start, stop));
  let out = "";
  if (step > 0) { for (let i = start; i < stop; i += step) out += str[i]; }
  else for (let i = start; i > stop; i += step) out += str[i];
  return out;
}

/** Normalises a (possibly negative) index for a sequence of `len`; throws IndexError `what` if out of range. */
export function seqIndex(i: number, len: number, what: string): number {
  const j = i < 0 ? i + len : i;
  if (j < 0 || j >= len) throw indexErr(what);
  return j;
}

export class PyRange {
  declare $cls: any;
  readonly length: number;
  constructor(readonly start: number, readonly stop: number, readonly step: number) {
    this.length = sliceLength(start, stop, step);
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
  has(v: number): boolean {
    if (this.step > 0 ? v < this.start || v >= this.stop : v > this.start || v <= this.stop) return false;
    return (v - this.start) % this.step === 0;
  }
}
(PyRange.prototype as any).$cls = T_range;

export class RangeIter {
  declare $cls: any;
  private cur: number;
  constructor(readonly r: PyRange) {
    this.cur = r.start;
  }
  next(): any {
    const { stop, step } = this.r;
    if (step > 0 ? this.cur >= stop : this.cur <= stop) return DONE;
    const v = this.cur;
    this.cur += step;
    return v;
  }
}
registerNativeIter(RangeIter);

export function sliceTuple(t: PyTuple, s: PySlice): PyTuple {
  return new PyTuple(sliceArray(t.items, s));
}

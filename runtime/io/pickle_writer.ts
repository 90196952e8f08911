// Writes pickles at protocol 2, as torch.save does, from the values of pickle_values.ts plus three
// instructions for what plain data cannot say: a reference to a global, a call of one (REDUCE, with an
// optional BUILD state), and a persistent id (how torch.save points at storage records).
// Objects reached twice are written once and fetched from the memo, so sharing survives a round trip.

import { PickleDict, PickleFloat, PickleTuple } from "./pickle_values.ts";
import { runtimeError } from "../errors.ts";

export class PickleGlobal {
  constructor(readonly module: string, readonly name: string) {}
}

export class PickleReduce {
  constructor(readonly func: PickleGlobal, readonly args: unknown[], readonly state?: unknown) {}
}

export class PicklePersistent {
  constructor(readonly pid: unknown) {}
}

const encoder = new TextEncoder();
const ORDERED_DICT = new PickleGlobal("collections", "OrderedDict");
const BATCH = 1000;

class ByteSink {
  buf = new Uint8Array(1024);
  length = 0;
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  u16(v: number): void {
    this.bytes(new Uint8Array([v & 0xff, v >>> 8]));
  }
  i32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, v, true);
    this.bytes(b);
  }
  u32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.bytes(b);
  }
  ascii(s: string): void {
    this.bytes(encoder.encode(s));
  }
}

/** Little-endian two's complement, shortest form (LONG1's payload). */
function encodeLong(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const out: number[] = [];
  let x = v;
  for (;;) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
    const signBit = (out[out.length - 1] & 0x80) !== 0;
    if ((x === 0n && !signBit) || (x === -1n && signBit)) break;
  }
  return new Uint8Array(out);
}

export function writePickle(root: unknown): Uint8Array {
  const out = new ByteSink();
  const memo = new Map<unknown, number>();
  const globals = new Map<string, number>();

  let nextIndex = 0;
  const put = (key: unknown, table: Map<unknown, number>) => {
    const i = nextIndex++;
    table.set(key, i);
    if (i < 256) (out.byte(0x71), out.byte(i)); // BINPUT
    else (out.byte(0x72), out.u32(i)); // LONG_BINPUT
  };
  const get = (i: number) => {
    if (i < 256) (out.byte(0x68), out.byte(i)); // BINGET
    else (out.byte(0x6a), out.u32(i)); // LONG_BINGET
  };
  const memoized = (x: unknown): boolean => {
    const i = memo.get(x);
    if (i === undefined) return false;
    get(i);
    return true;
  };

  const writeGlobal = (g: PickleGlobal) => {
    const key = `${g.module}\n${g.name}`;
    const i = globals.get(key);
    if (i !== undefined) return get(i);
    out.byte(0x63); // GLOBAL
    out.ascii(`${key}\n`);
    put(key, globals as Map<unknown, number>);
  };

  const writeInt = (v: number | bigint) => {
    if (typeof v === "number" && Number.isInteger(v)) {
      if (v >= 0 && v < 256) return (out.byte(0x4b), out.byte(v)); // BININT1
      if (v >= 0 && v < 65536) return (out.byte(0x4d), out.u16(v)); // BININT2
      if (v >= -0x80000000 && v <= 0x7fffffff) return (out.byte(0x4a), out.i32(v)); // BININT
    }
    const payload = encodeLong(BigInt(v));
    out.byte(0x8a); // LONG1
    out.byte(payload.length);
    out.bytes(payload);
  };

  const writeItems = (items: unknown[], one: number, many: number) => {
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      if (batch.length === 1) (write(batch[0]), out.byte(one));
      else {
        out.byte(0x28); // MARK
        batch.forEach(write);
        out.byte(many);
      }
    }
  };

  const writeDictItems = (d: PickleDict) => {
    const flat: unknown[] = [];
    for (const [k, v] of d.entries) flat.push(k, v);
    for (let i = 0; i < flat.length; i += 2 * BATCH) {
      const batch = flat.slice(i, i + 2 * BATCH);
      out.byte(0x28);
      batch.forEach(write);
      out.byte(0x75); // SETITEMS
    }
  };

  const write = (x: unknown): void => {
    if (x === null || x === undefined) return out.byte(0x4e); // NONE
    if (x === true) return out.byte(0x88);
    if (x === false) return out.byte(0x89);
    if (typeof x === "number" || typeof x === "bigint") {
      if (typeof x === "number" && !Number.isInteger(x)) throw runtimeError(`pickle: ${x} is not an int`);
      return writeInt(x);
    }
    if (x instanceof PickleFloat) {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, x.value, false);
      out.byte(0x47); // BINFLOAT
      return out.bytes(b);
    }
    if (typeof x === "string") {
      if (memoized(x)) return;
      const b = encoder.encode(x);
      out.byte(0x58); // BINUNICODE
      out.u32(b.length);
      out.bytes(b);
      return put(x, memo);
    }
    if (x instanceof PickleGlobal) return writeGlobal(x);
    if (memoized(x)) return;
    if (x instanceof PickleTuple) {
      if (x.items.length === 0) return out.byte(0x29); // EMPTY_TUPLE
      if (x.items.length <= 3) {
        x.items.forEach(write);
        out.byte([0x85, 0x86, 0x87][x.items.length - 1]); // TUPLE1..3
      } else {
        out.byte(0x28);
        x.items.forEach(write);
        out.byte(0x74); // TUPLE
      }
      return put(x, memo);
    }
    if (Array.isArray(x)) {
      out.byte(0x5d); // EMPTY_LIST
      put(x, memo);
      return writeItems(x, 0x61, 0x65); // APPEND / APPENDS
    }
    if (x instanceof PickleDict) {
      if (x.ordered) {
        writeGlobal(ORDERED_DICT);
        out.byte(0x29);
        out.byte(0x52); // REDUCE
      } else out.byte(0x7d); // EMPTY_DICT
      put(x, memo);
      if (x.entries.size) writeDictItems(x);
      if (x.attributes.size) {
        const state = new PickleDict();
        for (const [k, v] of x.attributes) state.set(k, v);
        write(state);
        out.byte(0x62); // BUILD
      }
      return;
    }
    if (x instanceof Uint8Array) {
      // Python 3 writes bytes at protocol 2 as _codecs.encode(latin-1 text, 'latin1').
      writeGlobal(new PickleGlobal("_codecs", "encode"));
      let text = "";
      for (const b of x) text += String.fromCharCode(b);
      write(new PickleTuple([text, "latin1"]));
      out.byte(0x52);
      return put(x, memo);
    }
    if (x instanceof PickleReduce) {
      writeGlobal(x.func);
      write(new PickleTuple(x.args));
      out.byte(0x52); // REDUCE
      put(x, memo);
      if (x.state !== undefined) (write(x.state), out.byte(0x62));
      return;
    }
    if (x instanceof PicklePersistent) {
      write(x.pid);
      return out.byte(0x51); // BINPERSID
    }
    throw runtimeError(`pickle: cannot write ${(x as object)?.constructor?.name}`);
  };

  out.byte(0x80); // PROTO 2
  out.byte(2);
  write(root);
  out.byte(0x2e); // STOP
  return out.buf.slice(0, out.length);
}

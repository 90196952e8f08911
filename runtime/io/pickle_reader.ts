// A restricted pickle VM (protocols 0-5, as far as checkpoints and datasets use them). Like PyTorch's
// weights_only unpickler it never runs code: every GLOBAL goes through the caller's `findClass`, which
// returns a handler for the few callables a format needs, or nothing, and then loading stops with
// "Unsupported class module.name".

import { PickleDict, PickleFloat, PickleTuple, UnpicklingError } from "./pickle_values.ts";

/** What a GLOBAL resolves to: REDUCE and NEWOBJ call it with the argument tuple's items. */
export interface PickleClass {
  readonly module: string;
  readonly name: string;
  call(args: unknown[]): unknown;
}

/** Objects that accept a BUILD (their `__setstate__`). */
export interface PickleBuildable {
  pickleBuild(state: unknown): void;
}

export type FindClass = (module: string, name: string) => PickleClass | undefined;

export interface PickleReadOptions {
  findClass: FindClass;
  /** BINPERSID / PERSID: torch.load resolves storages through this. */
  persistentLoad?: (pid: unknown) => unknown;
  /** How py2 `str` (STRING, BINSTRING) decodes: "latin1" as torchvision reads CIFAR, or "bytes". */
  encoding?: "latin1" | "bytes" | "ascii";
}

/** Builds a handler for a global that simply calls a TypeScript function. */
export function pickleFunction(module: string, name: string, fn: (args: unknown[]) => unknown): PickleClass {
  return { module, name, call: fn };
}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

function keyText(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
}

function hasBuild(x: unknown): x is PickleBuildable {
  return typeof x === "object" && x !== null && typeof (x as PickleBuildable).pickleBuild === "function";
}

export function readPickle(bytes: Uint8Array, options: PickleReadOptions): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;

  const need = (n: number) => {
    if (pos + n > bytes.length) throw new UnpicklingError("pickle data was truncated");
  };
  const u8 = () => (need(1), bytes[pos++]);
  const u16 = () => (need(2), pos += 2, view.getUint16(pos - 2, true));
  const u32 = () => (need(4), pos += 4, view.getUint32(pos - 4, true));
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnpicklingError("String is too long");
    return Number(v);
  };
  const take = (n: number) => (need(n), pos += n, bytes.subarray(pos - n, pos));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new UnpicklingError("pickle data was truncated");
    const s = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0 || stack.length <= (marks.at(-1) ?? -1)) {
      throw new UnpicklingError("unpickling stack underflow");
    }
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) throw new UnpicklingError("unpickling stack underflow");
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) throw new UnpicklingError("could not find MARK");
    return stack.splice(m);
  };
  const py2String = (raw: Uint8Array): unknown => {
    if (options.encoding === "bytes") return raw.slice();
    return latin1.decode(raw);
  };
  const findGlobal = (module: string, name: string): PickleClass => {
    const found = options.findClass(module, name);
    if (!found) throw new UnpicklingError(`Unsupported class ${module}.${name}`);
    return found;
  };
  const callable = (f: unknown): PickleClass => {
    if (typeof f === "object" && f !== null && typeof (f as PickleClass).call === "function") return f as PickleClass;
    throw new UnpicklingError("REDUCE argument is not callable");
  };
  const argsOf = (t: unknown): unknown[] => {
    if (t instanceof PickleTuple) return t.items;
    throw new UnpicklingError("argument list must be a tuple");
  };
  const setItems = (target: unknown, items: unknown[]) => {
    if (!(target instanceof PickleDict)) throw new UnpicklingError("SETITEMS on a non-dict");
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  const appendItems = (target: unknown, items: unknown[]) => {
    if (!Array.isArray(target)) throw new UnpicklingError("APPENDS on a non-list");
    for (const x of items) target.push(x);
  };
  const persistent = (pid: unknown) => {
    if (!options.persistentLoad) {
      throw new UnpicklingError(
        "A load persistent id instruction was encountered,\nbut no persistent_load function was specified.",
      );
    }
    return options.persistentLoad(pid);
  };

  if (bytes.length === 0) throw new UnpicklingError("Ran out of input");
  for (;;) {
    if (pos >= bytes.length) throw new UnpicklingError("pickle data was truncated");
    const op = bytes[pos++];
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME: the frame length is only a read-ahead hint
        u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        if (stack.length && stack.length > (marks.at(-1) ?? -1)) stack.pop();
        else popMark();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x49: { // INT (protocol 0; I01/I00 are True/False)
        const s = line();
        if (s === "01") stack.push(true);
        else if (s === "00") stack.push(false);
        else stack.push(parseIntText(s));
        break;
      }
      case 0x4c: // LONG (protocol 0)
        stack.push(parseIntText(line().replace(/L$/, "")));
        break;
      case 0x8a: // LONG1
        stack.push(decodeLong(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(decodeLong(take(u32())));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(new PickleFloat(view.getFloat64(pos, false)));
        pos += 8;
        break;
      case 0x46: // FLOAT (protocol 0)
        stack.push(new PickleFloat(parseFloat(line())));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8.decode(take(u64())));
        break;
      case 0x56: // UNICODE (raw-unicode-escape)
        stack.push(line().replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
        break;
      case 0x54: { // BINSTRING (py2 str)
        need(4);
        const n = view.getInt32(pos, true);
        pos += 4;
        if (n < 0) throw new UnpicklingError("BINSTRING pickle has negative byte count");
        stack.push(py2String(take(n)));
        break;
      }
      case 0x55: // SHORT_BINSTRING
        stack.push(py2String(take(u8())));
        break;
      case 0x53: // STRING (quoted py2 str)
        stack.push(py2String(unquote(line())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: { // APPEND
        const x = pop();
        appendItems(top(), [x]);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push(new PickleTuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new PickleTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new PickleTuple([pop()]));
        break;
      case 0x86: { // TUPLE2
        const b = pop();
        stack.push(new PickleTuple([pop(), b]));
        break;
      }
      case 0x87: { // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new PickleTuple([pop(), b, c]));
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict());
        break;
      case 0x64: { // DICT
        const d = new PickleDict();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x63: { // GLOBAL
        const module = line();
        stack.push(findGlobal(module, line()));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") {
          throw new UnpicklingError("STACK_GLOBAL requires str");
        }
        stack.push(findGlobal(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const args = argsOf(pop());
        stack.push(callable(pop()).call(args));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = argsOf(pop());
        stack.push(callable(pop()).call(args));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const target = top();
        if (hasBuild(target)) target.pickleBuild(state);
        else if (target instanceof PickleDict && state instanceof PickleDict) {
          for (const [k, v] of state.entries) target.attributes.set(String(k), v);
        } else if (state !== null) throw new UnpicklingError("BUILD on an object that takes no state");
        break;
      }
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x67: // GET
        stack.push(memoGet(memo, Number(line())));
        break;
      case 0x68: // BINGET
        stack.push(memoGet(memo, u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(memo, u32()));
        break;
      case 0x51: // BINPERSID
        stack.push(persistent(pop()));
        break;
      case 0x50: // PERSID
        stack.push(persistent(line()));
        break;
      default:
        if (pos === 1) throw new UnpicklingError(`invalid load key, '${keyText(op)}'.`);
        throw new UnpicklingError(`Unsupported operand ${op}`);
    }
  }
}

function memoGet(memo: Map<number, unknown>, i: number): unknown {
  if (!memo.has(i)) throw new UnpicklingError(`Memo value not found at index ${i}`);
  return memo.get(i);
}

function parseIntText(s: string): number | bigint {
  const b = BigInt(s.trim());
  return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

/** Little-endian two's-complement integers of any length (LONG1 / LONG4). */
export function decodeLong(raw: Uint8Array): number | bigint {
  if (raw.length === 0) return 0;
  let v = 0n;
  for (let i = raw.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[i]);
  if (raw[raw.length - 1] & 0x80) v -= 1n << BigInt(raw.length * 8);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** A protocol-0 quoted string literal ('abc' or "abc" with Python escapes) as raw bytes. */
function unquote(s: string): Uint8Array {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q) {
    throw new UnpicklingError("the STRING opcode argument must be quoted");
  }
  const body = s.slice(1, -1);
  const out: number[] = [];
  const simple: Record<string, number> = { n: 10, r: 13, t: 9, "\\": 92, "'": 39, '"': 34, "0": 0 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const e = body[++i];
    if (e === "x") {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(simple[e] ?? e.charCodeAt(0));
  }
  return new Uint8Array(out);
}

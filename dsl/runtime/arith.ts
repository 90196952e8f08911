// Binary and unary arithmetic with Python semantics: int/float/bool mixing, true vs floor division,
// Python's sign rules for // and %, int ** negative -> float, arbitrary-precision ints (bigint past
// 2^53), sequence concatenation/repetition, and the __op__/__rop__ dunder protocol (with the rule that a
// subclass's reflected method is tried first). The compiler inlines the int fast paths; these are the
// complete slow paths. Results may be Promises when a Python dunder runs.

import { MAX_SAFE, normBig, NotImplemented, PyFloat, PyTuple } from "./values.ts";
import { T_list, T_tuple, typeOf } from "./types.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { call1, call2 } from "./functions.ts";
import { indexValue } from "./convert.ts";
import { lazyBinop, LazyFloat, lazyNeg, withResolved } from "./lazy_float.ts";

/** double value of an int-like or float, or undefined for non-numbers. */
function toDouble(x: any): number | undefined {
  if (typeof x === "number") return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "bigint") {
    const d = Number(x);
    if (!Number.isFinite(d)) throw pyErr("OverflowError", "int too large to convert to float");
    return d;
  }
  return undefined;
}

const isIntLike = (x: any): boolean => typeof x === "number" || typeof x === "bigint" || typeof x === "boolean";
const toBig = (x: any): bigint => (typeof x === "bigint" ? x : BigInt(typeof x === "boolean" ? +x : x));
const toNumInt = (x: any): number | bigint => (typeof x === "boolean" ? +x : x);

export type NumOp = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "<<" | ">>" | "&" | "|" | "^";

/** Integer arithmetic on number|bigint|boolean operands. */
export function intOp(op: NumOp, a0: any, b0: any): any {
  const a = toNumInt(a0);
  const b = toNumInt(b0);
  if (typeof a === "number" && typeof b === "number") {
    let r: number;
    switch (op) {
      case "+":
        r = a + b;
        break;
      case "-":
        r = a - b;
        break;
      case "*":
        r = a * b + 0;
        break;
      case "/":
        if (b === 0) throw pyErr("ZeroDivisionError", "division by zero");
        return new PyFloat(a / b);
      case "//": {
        if (b === 0) throw pyErr("ZeroDivisionError", "integer division or modulo by zero");
        const m = a % b;
        r = (a - m) / b;
        if (m !== 0 && (m < 0) !== (b < 0)) r -= 1;
        return r + 0;
      }
      case "%": {
        if (b === 0) throw pyErr("ZeroDivisionError", "integer modulo by zero");
        r = a % b;
        if (r !== 0 && (r < 0) !== (b < 0)) r += b;
        return r + 0;
      }
      case "**":
        return intPow(a, b);
      case "&":
      case "|":
      case "^":
        if ((a | 0) === a && (b | 0) === b) return op === "&" ? a & b : op === "|" ? a | b : a ^ b;
        return bigOp(op, BigInt(a), BigInt(b));
      case "<<":
      case ">>":
        if (b < 0) throw pyErr("ValueError", "negative shift count");
        if (op === ">>") return b > 60 ? (a < 0 ? -1 : 0) : Math.floor(a / 2 ** b);
        return bigOp(op, BigInt(a), BigInt(b));
    }
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return bigOp(op, toBig(a), toBig(b));
}

/** A big-int operation; a result past JS's BigInt size limit is CPython's MemoryError (it cannot allocate it). */
function bigOp(op: NumOp, a: bigint, b: bigint): any {
  try {
    return bigOpExact(op, a, b);
  } catch (e) {
    if (e instanceof RangeError) throw pyErr("MemoryError");
    throw e;
  }
}

function bigOpExact(op: NumOp, a: bigint, b: bigint): any {
  switch (op) {
    case "+":
      return normBig(a + b);
    case "-":
      return normBig(a - b);
    case "*":
      return normBig(a * b);
    case "/":
      if (b === 0n) throw pyErr("ZeroDivisionError", "division by zero");
      return new PyFloat(bigTrueDiv(a, b));
    case "//": {
      if (b === 0n) throw pyErr("ZeroDivisionError", "integer division or modulo by zero");
      let q = a / b;
      if (a % b !== 0n && (a < 0n) !== (b < 0n)) q -= 1n;
      return normBig(q);
    }
    case "%": {
      if (b === 0n) throw pyErr("ZeroDivisionError", "integer modulo by zero");
      let r = a % b;
      if (r !== 0n && (r < 0n) !== (b < 0n)) r += b;
      return normBig(r);
    }
    case "**":
      if (b < 0n) return floatPow(Number(a), Number(b));
      return normBig(a ** b);
    case "&":
      return normBig(a & b);
    case "|":
      return normBig(a | b);
    case "^":
      return normBig(a ^ b);
    case "<<":
      if (b < 0n) throw pyErr("ValueError", "negative shift count");
      return normBig(a << b);
    case ">>":
      if (b < 0n) throw pyErr("ValueError", "negative shift count");
      return normBig(a >> b);
  }
}

/** a / b for big ints, correctly rounded when both fit in doubles exactly (the common case). */
function bigTrueDiv(a: bigint, b: bigint): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && BigInt(x) === a && BigInt(y) === b) return x / y;
  // Scale to keep 64 significant bits of quotient, then divide.
  const q = (a << 64n) / b;
  const r = Number(q) / 2 ** 64;
  if (!Number.isFinite(r)) throw pyErr("OverflowError", "integer division result too large for a float");
  return r;
}

function intPow(a: number, b: number): any {
  if (b < 0) return floatPow(a, b);
  let result = 1;
  let base = a;
  let e = b;
  while (e > 0) {
    if (e & 1) {
      result *= base;
      if (result > MAX_SAFE || result < -MAX_SAFE) return normBig(BigInt(a) ** BigInt(b));
    }
    e = Math.floor(e / 2);
    if (e > 0) {
      base *= base;
      if (base > MAX_SAFE || base < -MAX_SAFE) return normBig(BigInt(a) ** BigInt(b));
    }
  }
  return result;
}

function floatPow(a: number, b: number): PyFloat {
  if (a === 0 && b < 0) throw pyErr("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  if (a === 1 || b === 0) return new PyFloat(1);
  if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) {
    throw pyErr("ValueError", "complex results are not supported in tsl");
  }
  const r = Math.pow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) {
    throw pyErr("OverflowError", "(34, 'Numerical result out of range')");
  }
  return new PyFloat(r);
}

/** Float arithmetic; x and y are doubles, `op` names the Python operator. */
export function floatOp(op: NumOp, x: number, y: number): any {
  switch (op) {
    case "+":
      return new PyFloat(x + y);
    case "-":
      return new PyFloat(x - y);
    case "*":
      return new PyFloat(x * y);
    case "/":
      if (y === 0) throw pyErr("ZeroDivisionError", "float division by zero");
      return new PyFloat(x / y);
    case "//":
      if (y === 0) throw pyErr("ZeroDivisionError", "float floor division by zero");
      return new PyFloat(floatDivmod(x, y)[0]);
    case "%":
      if (y === 0) throw pyErr("ZeroDivisionError", "float modulo");
      return new PyFloat(floatDivmod(x, y)[1]);
    case "**":
      return floatPow(x, y);
  }
  return undefined;
}

/** CPython's float_divmod. */
export function floatDivmod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if ((wx < 0) !== (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else mod = wx < 0 ? -0 : 0;
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else floordiv = (vx / wx < 0 || Object.is(vx / wx, -0)) ? -0 : 0;
  return [floordiv, mod];
}

const DUNDERS: Record<string, [string, string]> = {
  "+": ["__add__", "__radd__"],
  "-": ["__sub__", "__rsub__"],
  "*": ["__mul__", "__rmul__"],
  "/": ["__truediv__", "__rtruediv__"],
  "//": ["__floordiv__", "__rfloordiv__"],
  "%": ["__mod__", "__rmod__"],
  "**": ["__pow__", "__rpow__"],
  "@": ["__matmul__", "__rmatmul__"],
  "<<": ["__lshift__", "__rlshift__"],
  ">>": ["__rshift__", "__rrshift__"],
  "&": ["__and__", "__rand__"],
  "|": ["__or__", "__ror__"],
  "^": ["__xor__", "__rxor__"],
};

export const INPLACE: Record<string, string> = {
  "+": "__iadd__",
  "-": "__isub__",
  "*": "__imul__",
  "/": "__itruediv__",
  "//": "__ifloordiv__",
  "%": "__imod__",
  "**": "__ipow__",
  "@": "__imatmul__",
  "<<": "__ilshift__",
  ">>": "__irshift__",
  "&": "__iand__",
  "|": "__ior__",
  "^": "__ixor__",
};

/** `a op b` for any operands. */
export function binop(op: string, a: any, b: any): any {
  if (isIntLike(a) && isIntLike(b)) {
    if (op === "@") return dunderOp(op, a, b);
    return intOp(op as NumOp, a, b);
  }
  const x = toDouble(a);
  if (x !== undefined) {
    const y = toDouble(b);
    if (y !== undefined && op !== "@" && op !== "<<" && op !== ">>" && op !== "&" && op !== "|" && op !== "^") {
      return floatOp(op as NumOp, x, y);
    }
  }
  if (a instanceof LazyFloat || b instanceof LazyFloat) return lazyBinop(op, a, b, binop);
  const seq = sequenceOp(op, a, b);
  if (seq !== undefined) return seq;
  return dunderOp(op, a, b);
}

/** Concatenation and repetition of exact str/list/tuple (subclasses go through their dunders). */
function sequenceOp(op: string, a: any, b: any): any {
  if (op === "+") {
    if (typeof a === "string") {
      if (typeof b === "string") return a + b;
      if (typeOf(b).lookup("__radd__") === undefined) {
        throw typeErr(`can only concatenate str (not "${typeOf(b).name}") to str`);
      }
    } else if (Array.isArray(a) && a.$cls === T_list) {
      if (Array.isArray(b)) return a.concat(b);
      if (typeOf(b).lookup("__radd__") === undefined) {
        throw typeErr(`can only concatenate list (not "${typeOf(b).name}") to list`);
      }
    } else if (a instanceof PyTuple && a.$cls === T_tuple) {
      if (b instanceof PyTuple) return new PyTuple(a.items.concat(b.items));
      if (typeOf(b).lookup("__radd__") === undefined) {
        throw typeErr(`can only concatenate tuple (not "${typeOf(b).name}") to tuple`);
      }
    }
    return undefined;
  }
  if (op === "*") {
    if (isSeq(a) && (isIntLike(b) || typeOf(b).lookup("__rmul__") === undefined)) return repeat(a, b);
    if (isSeq(b) && isIntLike(a)) return repeat(b, a);
  }
  if (op === "%" && typeof a === "string") return HOOK.percentFormat(a, b);
  return undefined;
}

/** Set by setup.ts: str % args. */
export const HOOK = { percentFormat: null as unknown as (fmt: string, args: any) => any };

const isSeq = (x: any): boolean =>
  typeof x === "string" || (Array.isArray(x) && x.$cls === T_list) || (x instanceof PyTuple && x.$cls === T_tuple);

function repeat(seq: any, n0: any): any {
  if (!isIntLike(n0) && typeOf(n0).lookup("__index__") === undefined) {
    throw typeErr(`can't multiply sequence by non-int of type '${typeOf(n0).name}'`);
  }
  const n = Math.max(0, Number(indexValue(n0)));
  if (typeof seq === "string") return seq.repeat(n);
  const items: any[] = Array.isArray(seq) ? seq : seq.items;
  const out: any[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < items.length; j++) out.push(items[j]);
  return Array.isArray(seq) ? out : new PyTuple(out);
}

/** Tries a.__op__(b), then b.__rop__(a) (reflected first when b's type subclasses a's). */
export function dunderOp(op: string, a: any, b: any): any {
  const [name, rname] = DUNDERS[op];
  const ta = typeOf(a);
  const tb = typeOf(b);
  const cands: [any, any, any][] = [];
  const fa = ta.lookup(name);
  const rb = tb !== ta ? tb.lookup(rname) : undefined;
  if (rb !== undefined && tb.isSubclassOf(ta) && rb !== ta.lookup(rname)) cands.push([rb, b, a]);
  if (fa !== undefined) cands.push([fa, a, b]);
  if (rb !== undefined && !cands.some((c) => c[0] === rb)) cands.push([rb, b, a]);
  return tryCandidates(cands, 0, () => typeErr(`unsupported operand type(s) for ${op}: '${ta.name}' and '${tb.name}'`));
}

export function tryCandidates(cands: [any, any, any][], i: number, err: () => any): any {
  for (; i < cands.length; i++) {
    const [f, x, y] = cands[i];
    if (f === null) continue;
    const r = call2(f, x, y);
    if (r instanceof Promise) {
      const next = i + 1;
      return r.then((v) => (v !== NotImplemented ? v : tryCandidates(cands, next, err)));
    }
    if (r !== NotImplemented) return r;
  }
  throw err();
}

/** `a op= b`: __iop__ first, else the binary operator. Lists extend in place. */
export function inplaceOp(op: string, a: any, b: any): any {
  if (typeof a === "number" || typeof a === "string" || a instanceof PyFloat || a instanceof LazyFloat) {
    return binop(op, a, b);
  }
  if (Array.isArray(a) && op === "+" && a.$cls === T_list) return HOOK_INPLACE.listExtend(a, b);
  const f = typeOf(a).lookup(INPLACE[op]);
  if (f !== undefined) {
    const r = call2(f, a, b);
    if (r instanceof Promise) return r.then((v) => (v !== NotImplemented ? v : binop(op, a, b)));
    if (r !== NotImplemented) return r;
  }
  return binop(op, a, b);
}

export const HOOK_INPLACE = { listExtend: null as unknown as (a: any[], b: any) => any };

// ------------------------------------------------------------------ unary

export function neg(a: any): any {
  if (typeof a === "number") return 0 - a;
  if (a instanceof PyFloat) return new PyFloat(-a.v);
  if (typeof a === "boolean") return a ? -1 : 0;
  if (typeof a === "bigint") return normBig(-a);
  if (a instanceof LazyFloat) return lazyNeg(a);
  return unaryDunder(a, "__neg__", "-");
}

export function pos(a: any): any {
  if (typeof a === "number" || a instanceof PyFloat || typeof a === "bigint") return a;
  if (typeof a === "boolean") return a ? 1 : 0;
  return unaryDunder(a, "__pos__", "+");
}

export function invert(a: any): any {
  if (a instanceof LazyFloat) return withResolved(invert, a);
  if (typeof a === "number") return (a | 0) === a ? ~a : normBig(~BigInt(a));
  if (typeof a === "boolean") return a ? -2 : -1;
  if (typeof a === "bigint") return normBig(~a);
  return unaryDunder(a, "__invert__", "~");
}

function unaryDunder(a: any, name: string, sym: string): any {
  const f = typeOf(a).lookup(name);
  if (f === undefined) throw typeErr(`bad operand type for unary ${sym}: '${typeOf(a).name}'`);
  return call1(f, a);
}

// Exception plumbing for generated code: raising (`raise X from Y`, bare re-raise, assert), matching
// except clauses, implicit chaining (__context__) and with-statement exits; plus the NameError family
// and function creation.

import { PyTuple } from "./values.ts";
import { PyType, typeOf } from "./types.ts";
import { addFrame, type CodeInfo, EXC, isExcType, pyErr, PyException, toPyException, typeErr } from "./exceptions.ts";
import { call0, call1, callArgs, PyFunction } from "./functions.ts";
import { missingError, type Signature } from "./signature.ts";
import { callMethod0 } from "./attributes.ts";

/** An exception caught by an except/with in this frame: recorded in its traceback. */
export function catchHere(e: any, code: CodeInfo, line: number): PyException {
  return addFrame(e, code, line, true);
}

/** `except T` / `except (T1, T2)`. */
export function excMatches(e: PyException, t: any): boolean {
  if (t instanceof PyTuple) return t.items.some((x) => excMatches(e, x));
  if (!isExcType(t)) throw typeErr("catching classes that do not inherit from BaseException is not allowed");
  return e.$cls.isSubclassOf(t);
}

/** An exception escaping an except clause gets the handled one as its __context__. */
export function chainContext(e: any, handled: PyException): PyException {
  const x = toPyException(e);
  if (x !== handled && x.context === null) {
    // Avoid cycles: don't chain to something that already chains to x.
    let c: any = handled;
    while (c) {
      if (c === x) return x;
      c = c.context;
    }
    x.context = handled;
  }
  return x;
}

export function reraise(current: PyException | undefined): PyException {
  if (current === undefined) return pyErr("RuntimeError", "No active exception to reraise");
  return current;
}

/** The exception instance for `raise exc [from cause]` (a class is instantiated with no arguments). */
export function makeRaise(exc: any, cause: any, hasCause: boolean): any {
  const inst = instantiate(exc, "exceptions must derive from BaseException");
  const finish = (x: PyException, c: any) => {
    if (hasCause) {
      x.cause = c;
      x.suppressContext = true;
    }
    return x;
  };
  const withCause = (x: PyException) => {
    if (!hasCause || cause === null) return finish(x, null);
    const c = instantiate(cause, "exception causes must derive from BaseException");
    return c instanceof Promise ? c.then((cc) => finish(x, cc)) : finish(x, c);
  };
  return inst instanceof Promise ? inst.then(withCause) : withCause(inst);
}

function instantiate(x: any, msg: string): any {
  if (x instanceof PyException) return x;
  if (isExcType(x)) {
    const r = call0(x);
    return r instanceof Promise ? r.then((v) => check(v, msg)) : check(r, msg);
  }
  throw typeErr(msg);
}

function check(v: any, msg: string): PyException {
  if (!(v instanceof PyException)) throw typeErr(msg);
  return v;
}

export function assertionError(msg: any): any {
  if (msg === undefined) return pyErr("AssertionError");
  return pyErr("AssertionError", msg);
}

/** The bound __exit__ of a context manager, looked up before __enter__ runs (as CPython does). */
export function lookupExit(mgr: any): any {
  const t = typeOf(mgr);
  const exit = t.lookup("__exit__");
  if (exit === undefined || t.lookup("__enter__") === undefined) {
    throw typeErr(`'${t.name}' object does not support the context manager protocol`);
  }
  return exit;
}

/** Calls __exit__(type, value, traceback); e null for a normal exit. */
export function callExit(exit: any, mgr: any, e: PyException | null): any {
  if (e === null) return callArgs(exit, [mgr, null, null, null], null);
  return callArgs(exit, [mgr, e.$cls, e, null], null);
}

export function unboundLocal(name: string): never {
  throw pyErr("UnboundLocalError", `cannot access local variable '${name}' where it is not associated with a value`);
}

export function unboundFree(name: string): never {
  throw pyErr(
    "NameError",
    `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`,
  );
}

export function nameError(name: string): PyException {
  const e = pyErr("NameError", `name '${name}' is not defined`);
  e.$d.name = name;
  return e;
}

export function delGlobal(ns: Record<string, any>, name: string): void {
  if (ns[name] === undefined) throw nameError(name);
  delete ns[name];
}

/** Prologue check of fast functions: which required positional arguments are missing. */
export function missingArgs(sig: Signature, qualname: string, values: any[]): PyException {
  const ndef = sig.pos.length - values.length;
  void ndef;
  const missing: string[] = [];
  // Required = those without defaults; the prologue only calls this when one is undefined.
  for (let i = 0; i < values.length; i++) {
    if (values[i] === undefined && i < requiredCount.get(sig)!) missing.push(sig.pos[i]);
  }
  return missingError(qualname, missing, "positional");
}

const requiredCount = new WeakMap<Signature, number>();

/** Creates the PyFunction for a compiled def/lambda. */
export function mkfn(
  sig: Signature,
  qualname: string,
  fn: (...a: any[]) => any,
  defaults: any[],
  kwDefaults: any[] | null,
  module: string,
  doc: string | null,
): PyFunction {
  requiredCount.set(sig, sig.pos.length - defaults.length);
  const f = new PyFunction(sig.name, qualname, fn, sig, defaults, kwDefaults ?? []);
  f.module = module ?? "__main__";
  f.doc = doc;
  return f;
}

/** Helper used by `with` and others: calls obj.__enter__(). */
export function enter(mgr: any): any {
  return callMethod0(mgr, "__enter__");
}

export { call1, EXC, PyType };

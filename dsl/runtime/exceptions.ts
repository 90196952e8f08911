// Python exceptions: the class hierarchy, the JS object that represents an exception instance, and the
// conversion of anything JS code throws (TorchError, stack overflow, plain bugs) into a Python exception.

import { Namespace, PyTuple } from "./values.ts";
import { PyType, T_object } from "./types.ts";

/** One traceback line: where a frame was when the exception passed through it. */
export interface TbEntry {
  code: CodeInfo;
  line: number;
  /** Set when an `except` clause caught it in this frame (so leaving the frame later adds no duplicate). */
  caught?: boolean;
}

/** What a traceback needs to know about a function or module body. */
export interface CodeInfo {
  filename: string;
  name: string;
  lines: string[];
}

/** An instance of BaseException or a subclass. Thrown as-is by JS `throw` (no JS stack is captured). */
export class PyException {
  $d: Record<string, any> = new Namespace();
  args: PyTuple = new PyTuple([]);
  tb: TbEntry[] = [];
  cause: any = null;
  context: any = null;
  suppressContext = false;
  /** The JS error this came from (internal errors), shown when TSL_DEBUG=1. */
  jsError: unknown = null;
  constructor(public $cls: PyType) {}
}

export const T_BaseException = new PyType("BaseException", [T_object], (cls, args) => {
  const e = new PyException(cls);
  e.args = new PyTuple(args.slice());
  return e;
});
T_BaseException.jsClass = PyException;

/** Builtin exception classes by name. */
export const EXC: Record<string, PyType> = { BaseException: T_BaseException };

function def(name: string, base: string): PyType {
  const t = new PyType(name, [EXC[base]]);
  EXC[name] = t;
  return t;
}

const HIERARCHY: [string, string][] = [
  ["Exception", "BaseException"],
  ["SystemExit", "BaseException"],
  ["KeyboardInterrupt", "BaseException"],
  ["GeneratorExit", "BaseException"],
  ["ArithmeticError", "Exception"],
  ["ZeroDivisionError", "ArithmeticError"],
  ["OverflowError", "ArithmeticError"],
  ["FloatingPointError", "ArithmeticError"],
  ["LookupError", "Exception"],
  ["IndexError", "LookupError"],
  ["KeyError", "LookupError"],
  ["ValueError", "Exception"],
  ["UnicodeError", "ValueError"],
  ["TypeError", "Exception"],
  ["AttributeError", "Exception"],
  ["NameError", "Exception"],
  ["UnboundLocalError", "NameError"],
  ["RuntimeError", "Exception"],
  ["NotImplementedError", "RuntimeError"],
  ["RecursionError", "RuntimeError"],
  ["StopIteration", "Exception"],
  ["StopAsyncIteration", "Exception"],
  ["AssertionError", "Exception"],
  ["OSError", "Exception"],
  ["FileNotFoundError", "OSError"],
  ["FileExistsError", "OSError"],
  ["PermissionError", "OSError"],
  ["IsADirectoryError", "OSError"],
  ["NotADirectoryError", "OSError"],
  ["TimeoutError", "OSError"],
  ["ImportError", "Exception"],
  ["ModuleNotFoundError", "ImportError"],
  ["EOFError", "Exception"],
  ["MemoryError", "Exception"],
  ["BufferError", "Exception"],
  ["SyntaxError", "Exception"],
  ["IndentationError", "SyntaxError"],
  ["Warning", "Exception"],
  ["UserWarning", "Warning"],
  ["DeprecationWarning", "Warning"],
  ["RuntimeWarning", "Warning"],
  ["PendingDeprecationWarning", "Warning"],
  ["FutureWarning", "Warning"],
  ["SyntaxWarning", "Warning"],
  ["ImportWarning", "Warning"],
  ["ResourceWarning", "Warning"],
  ["UnicodeWarning", "Warning"],
  ["BytesWarning", "Warning"],
];
for (const [name, base] of HIERARCHY) def(name, base);
EXC.IOError = EXC.OSError;
EXC.EnvironmentError = EXC.OSError;

/** A new Python exception of the builtin class `type` with the given args. */
export function pyErr(type: string, ...args: any[]): PyException {
  const cls = EXC[type] ?? EXC.RuntimeError;
  const e = new PyException(cls);
  e.args = new PyTuple(args);
  return e;
}

export const typeErr = (msg: string): PyException => pyErr("TypeError", msg);
export const valueErr = (msg: string): PyException => pyErr("ValueError", msg);
export const attrErr = (msg: string): PyException => pyErr("AttributeError", msg);
export const indexErr = (msg: string): PyException => pyErr("IndexError", msg);

export function isExcType(x: any): x is PyType {
  return x instanceof PyType && x.isSubclassOf(T_BaseException);
}

const debug = (() => {
  try {
    return Deno.env.get("TSL_DEBUG") === "1";
  } catch {
    return false;
  }
})();

/** True when TSL_DEBUG=1: internal errors then show their JS stack. */
export const DEBUG: boolean = debug;

/**
 * Called with every JS error that becomes a Python "internal error" (a tsl bug), even one the program
 * then catches; the fuzzer (scripts/fuzz) counts them.
 */
export const INTERNAL_ERRORS: { observer: ((e: unknown) => void) | null } = { observer: null };

/** Anything a JS `throw` produced, as a Python exception. */
export function toPyException(e: any): PyException {
  if (e instanceof PyException) return e;
  if (e instanceof Error) {
    const pyType = (e as any).pyType;
    if (typeof pyType === "string" && EXC[pyType]) {
      const x = pyErr(pyType, e.message);
      x.jsError = e;
      return x;
    }
    if (e instanceof RangeError && (e.message.includes("call stack") || e.message.includes("overflow"))) {
      return pyErr("RecursionError", "maximum recursion depth exceeded");
    }
    const mapped = fromDenoError(e);
    if (mapped) return mapped;
    const x = pyErr("RuntimeError", "internal error: " + (e.message || e.name));
    x.jsError = e;
    INTERNAL_ERRORS.observer?.(e);
    return x;
  }
  const x = pyErr("RuntimeError", "internal error: " + String(e));
  x.jsError = e;
  INTERNAL_ERRORS.observer?.(e);
  return x;
}

/** Deno's file-system errors, as OSError subclasses (used when a native let one escape). */
function fromDenoError(e: Error): PyException | null {
  const D = (globalThis as any).Deno?.errors;
  if (!D) return null;
  if (e instanceof D.NotFound) return pyErr("FileNotFoundError", 2, "No such file or directory");
  if (e instanceof D.PermissionDenied || e instanceof D.NotCapable) {
    return pyErr("PermissionError", 13, "Permission denied");
  }
  if (e instanceof D.AlreadyExists) return pyErr("FileExistsError", 17, "File exists");
  return null;
}

/** Records that `e` passed through (or was caught in) a frame of `code` at `line`. */
export function addFrame(e: any, code: CodeInfo, line: number, caught = false): PyException {
  const x = toPyException(e);
  const tb = x.tb;
  const last = tb[tb.length - 1];
  if (last !== undefined && last.caught && last.code === code) {
    // Caught here earlier and re-raised: keep the line where it was first seen in this frame.
    last.caught = caught;
    return x;
  }
  tb.push({ code, line, caught });
  return x;
}

/** Python call depth (CPython's default recursion limit is 1000 frames). */
export const DEPTH = { v: 0, limit: 1000 };

export function recursionError(): PyException {
  DEPTH.v--;
  return pyErr("RecursionError", "maximum recursion depth exceeded");
}

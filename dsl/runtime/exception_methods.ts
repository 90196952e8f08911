// BaseException's Python-visible behaviour: args, str/repr (KeyError's repr-of-key, OSError's
// `[Errno 2] ...: 'file'`), __cause__/__context__/__traceback__, StopIteration.value, SystemExit.code.

import { PyTuple } from "./values.ts";
import { EXC, PyException, T_BaseException } from "./exceptions.ts";
import { defMethod, defProp } from "./define.ts";
import { joinReprs, repr, str } from "./repr.ts";

defMethod(T_BaseException, "__init__(self, *args)", (e: PyException, args: any[]) => {
  e.args = new PyTuple(args);
  return null;
});

/** str(exception). */
export function excStr(e: PyException): any {
  const args = e.args.items;
  const t = e.$cls;
  if (t.isSubclassOf(EXC.KeyError) && args.length === 1) return repr(args[0]);
  if (t.isSubclassOf(EXC.OSError) && args.length >= 2 && typeof args[0] === "number") {
    const base = `[Errno ${args[0]}] ${args[1]}`;
    if (args.length >= 3 && args[2] !== null) {
      const f = repr(args[2]);
      return f instanceof Promise ? f.then((s: string) => `${base}: ${s}`) : `${base}: ${f}`;
    }
    return base;
  }
  if (args.length === 0) return "";
  if (args.length === 1) return str(args[0]);
  return repr(e.args);
}

defMethod(T_BaseException, "__str__(self, /)", excStr);
defMethod(T_BaseException, "__repr__(self, /)", (e: PyException) => {
  const name = e.$cls.name;
  const args = e.args.items;
  if (args.length === 1) {
    const r = repr(args[0]);
    return r instanceof Promise ? r.then((s: string) => `${name}(${s})`) : `${name}(${r})`;
  }
  const inner = joinReprs(args);
  return inner instanceof Promise ? inner.then((s: string) => `${name}(${s})`) : `${name}(${inner})`;
});
defProp(T_BaseException, "args", (e: PyException) => e.args, (e: PyException, v: any) => {
  e.args = v instanceof PyTuple ? v : new PyTuple(Array.isArray(v) ? v : [v]);
});
defProp(T_BaseException, "__cause__", (e: PyException) => e.cause, (e: PyException, v: any) => {
  e.cause = v;
  e.suppressContext = true;
});
defProp(T_BaseException, "__context__", (e: PyException) => e.context, (e: PyException, v: any) => {
  e.context = v;
});
defProp(T_BaseException, "__suppress_context__", (e: PyException) => e.suppressContext, (e: PyException, v) => {
  e.suppressContext = !!v;
});
defProp(T_BaseException, "__traceback__", () => null);
defMethod(T_BaseException, "with_traceback(self, tb, /)", (e) => e);
defMethod(T_BaseException, "add_note(self, note, /)", (e: PyException, note: string) => {
  (e.$d.__notes__ ??= []).push(note);
  return null;
});

const firstArg = (e: PyException) => (e.args.items.length ? e.args.items[0] : null);
defProp(EXC.StopIteration, "value", firstArg);
defProp(
  EXC.SystemExit,
  "code",
  (e: PyException) => e.args.items.length === 0 ? null : e.args.items.length === 1 ? e.args.items[0] : e.args,
);
defProp(EXC.OSError, "errno", (e: PyException) => (e.args.items.length >= 2 ? e.args.items[0] : null));
defProp(EXC.OSError, "strerror", (e: PyException) => (e.args.items.length >= 2 ? e.args.items[1] : null));
defProp(EXC.OSError, "filename", (e: PyException) => (e.args.items.length >= 3 ? e.args.items[2] : null));

/** `Type: message` as the last line of a traceback prints it. */
export function exceptionLine(e: PyException): any {
  const t = e.$cls;
  // CPython's traceback omits the module for __main__ and builtins classes.
  const mod = t.isUserClass ? t.$d.__module__ ?? t.module : t.module;
  const name = mod === "__main__" || mod === "builtins" ? t.qualname : `${mod}.${t.qualname}`;
  const s = str(e);
  const fin = (msg: string) => (msg === "" ? name : `${name}: ${msg}`);
  return s instanceof Promise ? s.then(fin) : fin(s);
}

// Small helpers to populate builtin types' dicts with native methods and properties.

import { type PyType } from "./types.ts";
import { NativeProperty, PyBuiltin } from "./functions.ts";

/** Adds a native method; `sig` includes self: `append(self, x, /)`. impl gets (self, ...slots). */
export function defMethod(t: PyType, sig: string, impl: (...slots: any[]) => any, fillDefaults = false): PyBuiltin {
  const b = new PyBuiltin(sig, impl, true, fillDefaults);
  b.qualname = `${t.name}.${b.sig.name}`;
  t.$d[b.sig.name] = b;
  return b;
}

/** Adds a read-only (or read-write) attribute computed by JS. */
export function defProp(t: PyType, name: string, get: (self: any) => any, set?: (self: any, v: any) => any): void {
  t.$d[name] = new NativeProperty(name, get, set ?? null);
}

/** Adds a plain class attribute. */
export function defAttr(t: PyType, name: string, value: any): void {
  t.$d[name] = value;
}

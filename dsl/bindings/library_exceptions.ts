// Exception classes that a library module defines (safetensors_rust.SafetensorError,
// _pickle.UnpicklingError, urllib.error.URLError): shown with their module's name, as the library's
// own tracebacks show them, and raised with one message.

import { PyException, PyTuple, PyType } from "../runtime/binding.ts";
import { EXC } from "../runtime/exceptions.ts";

/** A new exception class `module.name` under `base` (Exception unless given). */
export function libraryExceptionClass(module: string, name: string, base: PyType = EXC.Exception): PyType {
  const cls = new PyType(name, [base]);
  cls.module = module;
  return cls;
}

/** An instance of `cls` whose only argument is `message`, ready to throw. */
export function libraryException(cls: PyType, message: string): PyException {
  const e = new PyException(cls);
  e.args = new PyTuple([message]);
  return e;
}

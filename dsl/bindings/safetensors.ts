// safetensors.torch: save_file(tensors, filename, metadata=None) and load_file(filename, device="cpu"),
// over runtime/io/safetensors.ts. Argument checks and their messages follow the library's Python
// side (safetensors 0.3): a dict of tensors, no two sharing memory, each contiguous; metadata maps
// str to str. tsl has no `bytes` type, so the in-memory save()/load() pair is not offered.

import { builtin, PyDict, pyError, typeOf } from "../runtime/binding.ts";
import { osError } from "../runtime/file_io.ts";
import { Tensor } from "../../runtime/tensor.ts";
import {
  assertNoSharedTensors,
  readSafetensors,
  SafetensorError,
  saveSafetensors,
} from "../../runtime/io/safetensors.ts";
import { argDevice } from "./dtype_device.ts";
import { libraryException, libraryExceptionClass } from "./library_exceptions.ts";

/** The library's exception class, `safetensors_rust.SafetensorError`. */
const T_SafetensorError = libraryExceptionClass("safetensors_rust", "SafetensorError");

const typeName = (x: unknown) => `<class '${typeOf(x).name}'>`;

function tensorsArg(x: unknown): Map<string, Tensor> {
  if (!(x instanceof PyDict)) {
    throw pyError("ValueError", `Expected a dict of [str, torch.Tensor] but received ${typeName(x)}`);
  }
  const tensors = new Map<string, Tensor>();
  for (const [nk, v] of x.map) {
    const k = x.origKey(nk);
    if (!(v instanceof Tensor)) {
      throw pyError("ValueError", `Key \`${k}\` is invalid, expected torch.Tensor but received ${typeName(v)}`);
    }
    if (typeof k !== "string") {
      throw pyError("TypeError", `argument 'tensors': '${typeOf(k).name}' object cannot be converted to 'PyString'`);
    }
    tensors.set(k, v);
  }
  assertNoSharedTensors(tensors);
  for (const [k, t] of tensors) {
    if (!t.isContiguous()) {
      throw pyError(
        "ValueError",
        `You are trying to save a non contiguous tensor: \`${k}\` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call \`.contiguous()\` on your tensor to pack it before saving.`,
      );
    }
  }
  return tensors;
}

function metadataArg(x: unknown): Record<string, string> | null {
  if (x === null) return null;
  if (!(x instanceof PyDict)) {
    throw pyError("TypeError", `argument 'metadata': '${typeOf(x).name}' object cannot be converted to 'PyDict'`);
  }
  const out: Record<string, string> = {};
  for (const [nk, v] of x.map) {
    const k = x.origKey(nk);
    for (const s of [k, v]) {
      if (typeof s !== "string") {
        throw pyError("TypeError", `argument 'metadata': '${typeOf(s).name}' object cannot be converted to 'PyString'`);
      }
    }
    out[k] = v;
  }
  return out;
}

function filenameArg(x: unknown, fname: string): string {
  if (typeof x !== "string") {
    throw pyError("TypeError", `${fname}() argument 'filename' must be str, not ${typeOf(x).name}`);
  }
  return x;
}

/** Format errors as the library's SafetensorError; file-system errors as OSError subclasses. */
function pythonError(e: unknown, path: string): unknown {
  if (e instanceof SafetensorError) return libraryException(T_SafetensorError, e.message);
  if (
    e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied ||
    e instanceof Deno.errors.IsADirectory
  ) {
    return osError(e, path);
  }
  return e;
}

export function safetensorsTorchAttributes(): Record<string, unknown> {
  return {
    save_file: builtin("save_file(tensors, filename, metadata=None)", async (a) => {
      const tensors = tensorsArg(a.tensors);
      const metadata = metadataArg(a.metadata);
      const path = filenameArg(a.filename, "save_file");
      try {
        await saveSafetensors(tensors, path, metadata);
      } catch (e) {
        throw pythonError(e, path);
      }
    }),
    load_file: builtin("load_file(filename, device='cpu')", async (a) => {
      const path = filenameArg(a.filename, "load_file");
      const device = argDevice(a.device) ?? "cpu";
      try {
        const { tensors } = await readSafetensors(path, device);
        const d = new PyDict();
        for (const [k, t] of tensors) d.map.set(k, t);
        return d;
      } catch (e) {
        throw pythonError(e, path);
      }
    }),
  };
}

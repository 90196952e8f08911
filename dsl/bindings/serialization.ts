// torch.save / torch.load: argument parsing and the conversion between Python values and the plain
// values of runtime/io (pickle_values.ts). The file format lives in runtime/io/torch_save.ts and
// torch_load.ts.

import {
  type Args,
  builtin,
  PyDict,
  pyError,
  PyException,
  PyFloat,
  PyTuple,
  PyType,
  registerModule,
  typeOf,
} from "../runtime/binding.ts";
import { T_OrderedDict } from "../runtime/mod_misc.ts";
import { osError, PyFile } from "../runtime/file_io.ts";
import { newNamespace } from "../runtime/values.ts";
import { LazyFloat, resolveAll } from "../runtime/lazy_float.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { Module } from "../../runtime/nn/module.ts";
import type { Device } from "../../runtime/device.ts";
import { PickleDevice, PickleDict, PickleFloat, PickleTuple, UnpicklingError } from "../../runtime/io/pickle_values.ts";
import { torchSave } from "../../runtime/io/torch_save.ts";
import { type MapLocation, torchLoadBytes } from "../../runtime/io/torch_load.ts";
import { ZipReader } from "../../runtime/io/zip_reader.ts";
import { argDevice, PyDevice } from "./dtype_device.ts";
import { initWebGPU } from "../../runtime/backends.ts";
import { libraryException, libraryExceptionClass } from "./library_exceptions.ts";

/** pickle.UnpicklingError, shown as `_pickle.UnpicklingError` like CPython's C unpickler raises it. */
const T_PickleError = libraryExceptionClass("_pickle", "PickleError");
export const T_UnpicklingError = libraryExceptionClass("_pickle", "UnpicklingError", T_PickleError);

// Only the exception classes, so that `except pickle.UnpicklingError` works around torch.load.
registerModule("pickle", () => ({
  PickleError: T_PickleError,
  UnpicklingError: T_UnpicklingError,
  HIGHEST_PROTOCOL: 5,
  DEFAULT_PROTOCOL: 4,
}));

const isOrdered = (d: PyDict) => d.$cls instanceof PyType && d.$cls.isSubclassOf(T_OrderedDict);

function notSaveable(x: unknown): PyException {
  const name = typeOf(x).name;
  if (x instanceof Module) {
    return pyError(
      "TypeError",
      `cannot pickle '${name}' object: tsl's torch.save does not save whole modules; ` +
        `save model.state_dict() instead and load it with model.load_state_dict(torch.load(path))`,
    );
  }
  return pyError(
    "TypeError",
    `cannot pickle '${name}' object: tsl's torch.save writes tensors, numbers, strings, None and ` +
      `dicts, lists and tuples of them (state_dicts and checkpoints)`,
  );
}

/** The floats of a value tree that a device has yet to deliver (loss.item() on WebGPU). */
function pendingFloats(x: any, out: LazyFloat[], seen = new Set<any>()): LazyFloat[] {
  if (typeof x !== "object" || x === null || seen.has(x)) return out;
  seen.add(x);
  if (x instanceof LazyFloat) out.push(x);
  else if (Array.isArray(x)) { for (const i of x) pendingFloats(i, out, seen); }
  else if (x instanceof PyTuple) { for (const i of x.items) pendingFloats(i, out, seen); }
  else if (x instanceof PyDict) {
    for (const [k, v] of x.map) {
      (pendingFloats(k, out, seen), pendingFloats(v, out, seen));
    }
  }
  return out;
}

/** A Python value as the plain value tree torch_save.ts writes; shared objects stay shared. */
function toSaveable(x: any, floats: Map<LazyFloat, PyFloat>, seen = new Map<any, unknown>()): unknown {
  if (x === null || typeof x === "boolean" || typeof x === "number" || typeof x === "bigint") return x;
  if (typeof x === "string") return x;
  if (x instanceof PyFloat) return new PickleFloat(x.v);
  if (x instanceof LazyFloat) return new PickleFloat(floats.get(x)!.v);
  if (x instanceof Tensor) return x;
  const done = seen.get(x);
  if (done !== undefined) return done;
  if (x instanceof PyDevice) return new PickleDevice(x.type, x.index);
  if (Array.isArray(x)) {
    const list: unknown[] = [];
    seen.set(x, list);
    for (const item of x) list.push(toSaveable(item, floats, seen));
    return list;
  }
  if (x instanceof PyTuple) {
    const t = new PickleTuple(x.items.map((i) => toSaveable(i, floats, seen)));
    seen.set(x, t);
    return t;
  }
  if (x instanceof PyDict) {
    const d = new PickleDict(isOrdered(x));
    seen.set(x, d);
    for (const [nk, v] of x.map) d.set(toSaveable(x.origKey(nk), floats, seen), toSaveable(v, floats, seen));
    const metadata = x.$d?._metadata;
    if (metadata !== undefined) d.attributes.set("_metadata", toSaveable(metadata, floats, seen));
    return d;
  }
  throw notSaveable(x);
}

/** A loaded value tree as Python values. */
async function toPython(x: unknown, seen = new Map<unknown, any>()): Promise<any> {
  if (x === null || x === undefined) return null;
  if (typeof x !== "object") return x;
  if (x instanceof Tensor) return x;
  if (x instanceof PickleFloat) return new PyFloat(x.value);
  const done = seen.get(x);
  if (done !== undefined) return done;
  if (x instanceof PickleDevice) return new PyDevice(x.type, x.index);
  if (Array.isArray(x)) {
    const list: any[] = [];
    seen.set(x, list);
    for (const item of x) list.push(await toPython(item, seen));
    return list;
  }
  if (x instanceof PickleTuple) {
    const t = new PyTuple(await Promise.all(x.items.map((i) => toPython(i, seen))));
    seen.set(x, t);
    return t;
  }
  if (x instanceof PickleDict) {
    const d = new PyDict();
    if (x.ordered) d.$cls = T_OrderedDict;
    seen.set(x, d);
    for (const [k, v] of x.entries) await d.set(await toPython(k, seen), await toPython(v, seen));
    if (x.attributes.size) {
      d.$d ??= newNamespace();
      for (const [k, v] of x.attributes) d.$d[k] = await toPython(v, seen);
    }
    return d;
  }
  throw pyError("TypeError", `torch.load: cannot represent a ${Object.prototype.toString.call(x)} in tsl`);
}

/** The path of torch.save/torch.load's `f`: a str, or a file object opened on a path. */
function pathOf(f: unknown, fname: string): string {
  if (typeof f === "string") return f;
  if (f instanceof PyFile) return f.name;
  throw pyError("TypeError", `${fname}(): expected str or a file opened with open(path), not ${typeOf(f).name}`);
}

function mapLocationOf(spec: unknown): MapLocation | undefined {
  if (spec === null || spec === undefined) return undefined;
  if (typeof spec === "string" || spec instanceof PyDevice) {
    const device = argDevice(spec) as Device;
    return () => device;
  }
  if (spec instanceof PyDict) {
    const table = new Map<string, Device>();
    for (const [nk, v] of spec.map) table.set(String(spec.origKey(nk)), argDevice(v) as Device);
    return (location) => table.get(location) ?? (location === "cuda" ? table.get("cuda:0") : undefined);
  }
  throw pyError("TypeError", "torch.load(): tsl takes map_location as a str, a torch.device or a dict of locations");
}

function mentionsCuda(spec: unknown): boolean {
  if (typeof spec === "string") return !spec.startsWith("cpu");
  if (spec instanceof PyDevice) return spec.type !== "cpu";
  if (spec instanceof PyDict) return [...spec.map.values()].some(mentionsCuda);
  return false;
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  for (let i = bytes.indexOf(first); i >= 0 && i + text.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < text.length && bytes[i + j] === text.charCodeAt(j)) j++;
    if (j === text.length) return true;
  }
  return false;
}

/** Whether a torch.save archive's pickle names a CUDA location (a malformed file is left to torch.load). */
function pickleMentionsCuda(bytes: Uint8Array): boolean {
  try {
    const zip = new ZipReader(bytes);
    const pickle = zip.names().find((n) => n.endsWith("/data.pkl"));
    return pickle !== undefined && containsAscii(zip.read(pickle), "cuda");
  } catch {
    return false;
  }
}

/** Runtime and file-system errors as the Python exceptions PyTorch raises. */
function fileErrors(path: string): (e: unknown) => never {
  return (e) => {
    if (e instanceof UnpicklingError) throw libraryException(T_UnpicklingError, e.message);
    if (e instanceof Error && Object.values(Deno.errors).some((cls) => e instanceof cls)) throw osError(e, path);
    throw e;
  };
}

export function serializationAttributes(): Record<string, unknown> {
  return {
    save: builtin(
      "save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True)",
      async (a: Args) => {
        const path = pathOf(a.f, "save");
        const lazy = pendingFloats(a.obj, []);
        const resolved = await resolveAll(lazy);
        const value = toSaveable(a.obj, new Map(lazy.map((f, i) => [f, resolved[i]])));
        await torchSave(value, path).catch(fileErrors(path));
        return null;
      },
    ),
    load: builtin(
      "load(f, map_location=None, pickle_module=None, *, weights_only=False, **pickle_load_args)",
      async (a: Args) => {
        const path = pathOf(a.f, "load");
        let value: unknown;
        try {
          const bytes = Deno.readFileSync(path);
          // The WebGPU device registers once its adapter is up: start it when the file or the map names CUDA.
          if (mentionsCuda(a.map_location) || (a.map_location === null && pickleMentionsCuda(bytes))) {
            await initWebGPU();
          }
          value = torchLoadBytes(bytes, { mapLocation: mapLocationOf(a.map_location) });
        } catch (e) {
          fileErrors(path)(e);
        }
        return await toPython(value);
      },
    ),
  };
}

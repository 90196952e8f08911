// torch.load for PyTorch's zip format, behaving like weights_only=True: only the globals that state
// dicts and checkpoints use are resolved, nothing else runs. Non-zip input goes through the pickle VM
// like PyTorch's legacy path, so garbage gives the same errors PyTorch gives.

import type { Storage } from "../../kernels/backend.ts";
import { type Device, getDevice, hasBackend } from "../device.ts";
import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { Parameter } from "../nn/parameter.ts";
import { type FindClass, type PickleClass, pickleFunction, readPickle } from "./pickle_reader.ts";
import { PickleDevice, PickleDict, PickleTuple, UnpicklingError } from "./pickle_values.ts";
import { bytesToStorage, foreignStorageDType, storageDType } from "./storage_bytes.ts";
import { ZipReader } from "./zip_reader.ts";
import type { DType } from "../dtype.ts";

/** Where a storage saved at `location` ("cpu", "cuda:0") goes; undefined keeps the saved location. */
export type MapLocation = (location: string) => Device | undefined;

export interface TorchLoadOptions {
  mapLocation?: MapLocation;
}

/** Python's EOFError (what pickle raises for empty input). */
export class EOFError extends Error {
  readonly pyType = "EOFError";
}

export const WEIGHTS_ONLY_MESSAGE = "Weights only load failed. Re-running `torch.load` with `weights_only` set to " +
  "`False` will likely succeed, but it can result in arbitrary code execution.Do it only if you get the file " +
  "from a trusted source. WeightsUnpickler error: ";

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/** A typed-storage class (torch.FloatStorage, ...) as the persistent ids name it. */
interface StorageClass extends PickleClass {
  readonly dtype: DType;
}

function storageClass(name: string): StorageClass | undefined {
  const dtype = storageDType(name);
  if (dtype === undefined) {
    const foreign = foreignStorageDType(name);
    if (foreign) throw runtimeError(`tsl has no ${foreign} tensors (torch.${name} in the checkpoint)`);
    return undefined;
  }
  return {
    module: "torch",
    name,
    dtype,
    call: () => {
      throw new UnpicklingError(`Trying to instantiate unsupported class torch.${name}`);
    },
  };
}

class LoadedStorage {
  constructor(readonly storage: Storage) {}
}

const intTuple = (x: unknown, what: string): number[] => {
  if (!(x instanceof PickleTuple) || !x.items.every((i) => typeof i === "number")) {
    throw new UnpicklingError(`_rebuild_tensor_v2: ${what} must be a tuple of ints`);
  }
  return x.items as number[];
};

function rebuildTensor(args: unknown[]): Tensor {
  const [storage, offset, size, stride, requiresGrad] = args;
  if (!(storage instanceof LoadedStorage) || typeof offset !== "number") {
    throw new UnpicklingError("_rebuild_tensor_v2: unexpected arguments");
  }
  const t = new Tensor(storage.storage, intTuple(size, "size"), intTuple(stride, "stride"), offset);
  t.requiresGrad = requiresGrad === true;
  return t;
}

function rebuildParameter(args: unknown[]): Parameter {
  const [data, requiresGrad] = args;
  if (!(data instanceof Tensor)) throw new UnpicklingError("_rebuild_parameter: data must be a tensor");
  return new Parameter(data, requiresGrad !== false);
}

function orderedDict(args: unknown[]): PickleDict {
  const d = new PickleDict(true);
  const items = args[0];
  if (Array.isArray(items)) {
    for (const pair of items) if (pair instanceof PickleTuple) d.set(pair.items[0], pair.items[1]);
  }
  return d;
}

const TORCH_GLOBALS: Record<string, PickleClass> = {
  "collections.OrderedDict": pickleFunction("collections", "OrderedDict", orderedDict),
  "torch._utils._rebuild_tensor_v2": pickleFunction("torch._utils", "_rebuild_tensor_v2", rebuildTensor),
  "torch._utils._rebuild_parameter": pickleFunction("torch._utils", "_rebuild_parameter", rebuildParameter),
  "torch.device": pickleFunction("torch", "device", (args) => {
    const [spec, index] = args;
    if (typeof spec !== "string") throw new UnpicklingError("torch.device: expected a str");
    const [type, fromSpec] = spec.split(":");
    return new PickleDevice(type, typeof index === "number" ? index : fromSpec ? Number(fromSpec) : null);
  }),
  "torch.Size": pickleFunction("torch", "Size", (args) => new PickleTuple([...(args[0] as PickleTuple).items])),
};

export const findTorchClass: FindClass = (module, name) => {
  const known = TORCH_GLOBALS[`${module}.${name}`];
  if (known) return known;
  return module === "torch" ? storageClass(name) : undefined;
};

function defaultLocation(location: string): Device {
  if (location === "cpu") return getDevice("cpu");
  if (/^cuda(:\d+)?$/.test(location)) {
    if (!hasBackend("webgpu")) {
      throw runtimeError(
        "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are " +
          "running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map " +
          "your storages to the CPU.",
      );
    }
    return getDevice("cuda");
  }
  throw runtimeError(
    `don't know how to restore data location of torch.storage.UntypedStorage (tagged with ${location})`,
  );
}

function withWeightsOnlyMessage<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnpicklingError && /^(Unsupported class|Trying to instantiate)/.test(e.message)) {
      throw new UnpicklingError(WEIGHTS_ONLY_MESSAGE + e.message);
    }
    throw e;
  }
}

function loadLegacy(bytes: Uint8Array): never {
  if (bytes.length === 0) throw new EOFError("Ran out of input");
  const magic = withWeightsOnlyMessage(() => readPickle(bytes, { findClass: () => undefined }));
  if (typeof magic === "bigint" && magic === LEGACY_MAGIC) {
    throw runtimeError(
      "tsl cannot read PyTorch's legacy (pre-1.6) torch.save format; re-save the file with PyTorch >= 1.6",
    );
  }
  throw runtimeError("Invalid magic number; corrupt file?");
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The object saved in `bytes` (a torch.save archive), with tensors on the mapped devices. */
export function torchLoadBytes(bytes: Uint8Array, options: TorchLoadOptions = {}): unknown {
  if (!isZip(bytes)) loadLegacy(bytes);
  const zip = new ZipReader(bytes);
  const first = zip.names()[0];
  if (first === undefined) throw runtimeError("PytorchStreamReader failed reading zip archive: not a ZIP archive");
  const slash = first.indexOf("/");
  if (slash < 0) throw runtimeError(`file in archive is not in a subdirectory: ${first}`);
  const prefix = first.slice(0, slash + 1);
  if (!zip.has(`${prefix}version`) && !zip.has(`${prefix}.data/version`)) {
    throw runtimeError(
      'Expected hasRecord("version") to be true, but got false.  (Could this error message be improved?  If so, ' +
        "please report an enhancement request to PyTorch.)",
    );
  }
  const pickle = zip.read(`${prefix}data.pkl`);
  const storages = new Map<string, LoadedStorage>();
  const persistentLoad = (pid: unknown): LoadedStorage => {
    if (!(pid instanceof PickleTuple) || pid.items[0] !== "storage") {
      throw new UnpicklingError("unsupported persistent id encountered");
    }
    const [, cls, key, location, numel] = pid.items;
    if (typeof key !== "string" || typeof location !== "string" || typeof numel !== "number") {
      throw new UnpicklingError("unsupported persistent id encountered");
    }
    const dtype = (cls as StorageClass)?.dtype;
    if (dtype === undefined) throw new UnpicklingError("unsupported persistent id encountered");
    let loaded = storages.get(key);
    if (!loaded) {
      const record = `${prefix}data/${key}`;
      const device = options.mapLocation?.(location) ?? defaultLocation(location);
      const data = bytesToStorage(dtype, zip.read(record), numel, record);
      loaded = new LoadedStorage(device.backend.upload(dtype, data));
      storages.set(key, loaded);
    }
    return loaded;
  };
  return withWeightsOnlyMessage(() => readPickle(pickle, { findClass: findTorchClass, persistentLoad }));
}

/** torch.load(path): reads the whole file, then decodes it. */
export function torchLoad(path: string, options: TorchLoadOptions = {}): unknown {
  return torchLoadBytes(Deno.readFileSync(path), options);
}

// torch.save in PyTorch's own format (since 1.6): a zip archive `<name>/data.pkl` (a protocol-2 pickle
// in which each tensor is torch._utils._rebuild_tensor_v2 over a persistent-id storage reference),
// `<name>/data/<key>` (one record per storage: tensors viewing one storage share it) and
// `<name>/version` ("3"). The value tree is pickle_values.ts's, with Tensors (and Parameters) inside.

import type { Storage } from "../../kernels/backend.ts";
import { Tensor } from "../tensor.ts";
import { Parameter } from "../nn/parameter.ts";
import { PickleDevice, PickleDict, PickleTuple } from "./pickle_values.ts";
import { PickleGlobal, PicklePersistent, PickleReduce, writePickle } from "./pickle_writer.ts";
import { STORAGE_CLASS, storageToBytes } from "./storage_bytes.ts";
import { ZipWriter } from "./zip_writer.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import { runtimeError } from "../errors.ts";

const REBUILD_TENSOR = new PickleGlobal("torch._utils", "_rebuild_tensor_v2");
const TORCH_DEVICE = new PickleGlobal("torch", "device");
const REBUILD_PARAMETER = new PickleGlobal("torch._utils", "_rebuild_parameter");

/** The archive's folder name: PyTorch uses the file name up to its last dot. */
export function archiveNameFor(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base || "archive";
}

class PickleBuilder {
  readonly storages = new Map<Storage, string>();
  readonly #done = new Map<unknown, unknown>();

  convert(x: unknown): unknown {
    if (typeof x !== "object" || x === null) return x;
    const seen = this.#done.get(x);
    if (seen !== undefined) return seen;
    let out: unknown;
    if (x instanceof Tensor) out = this.#tensor(x);
    else if (Array.isArray(x)) {
      const list: unknown[] = [];
      this.#done.set(x, list);
      for (const item of x) list.push(this.convert(item));
      return list;
    } else if (x instanceof PickleTuple) out = new PickleTuple(x.items.map((i) => this.convert(i)));
    else if (x instanceof PickleDevice) {
      out = new PickleReduce(TORCH_DEVICE, x.index === null ? [x.type] : [x.type, x.index]);
    } else if (x instanceof PickleDict) {
      const d = new PickleDict(x.ordered);
      this.#done.set(x, d);
      for (const [k, v] of x.entries) d.set(this.convert(k), this.convert(v));
      for (const [k, v] of x.attributes) d.attributes.set(k, this.convert(v));
      return d;
    } else out = x;
    this.#done.set(x, out);
    return out;
  }

  #storageRef(t: Tensor): PicklePersistent {
    let key = this.storages.get(t.storage);
    if (key === undefined) {
      key = String(this.storages.size);
      this.storages.set(t.storage, key);
    }
    const location = t.storage.backend.name === "cpu" ? "cpu" : "cuda:0";
    const cls = new PickleGlobal("torch", STORAGE_CLASS[t.dtype]);
    return new PicklePersistent(new PickleTuple(["storage", cls, key, location, t.storage.length]));
  }

  #tensor(t: Tensor): PickleReduce {
    const rebuilt = new PickleReduce(REBUILD_TENSOR, [
      this.#storageRef(t),
      t.offset,
      new PickleTuple([...t.shape]),
      new PickleTuple([...t.strides]),
      t instanceof Parameter || t.isParameter ? false : t.requiresGrad,
      new PickleDict(true),
    ]);
    if (!(t instanceof Parameter || t.isParameter)) return rebuilt;
    return new PickleReduce(REBUILD_PARAMETER, [rebuilt, t.requiresGrad, new PickleDict(true)]);
  }
}

/** The archive for `value` as chunks (pickle first, then storages, then version), as torch.save orders them. */
export async function torchSaveChunks(value: unknown, archiveName = "archive"): Promise<Uint8Array[]> {
  const builder = new PickleBuilder();
  const pickle = writePickle(builder.convert(value));
  const zip = new ZipWriter();
  zip.addRecord(`${archiveName}/data.pkl`, pickle);
  for (const [storage, key] of builder.storages) {
    const data = storage.backend.readSync(storage) ?? await storage.backend.read(storage);
    zip.addRecord(`${archiveName}/data/${key}`, storageToBytes(storage.dtype, data));
  }
  zip.addRecord(`${archiveName}/version`, new TextEncoder().encode("3\n"));
  return zip.finish();
}

function checkParentFolder(path: string): void {
  const slash = path.lastIndexOf("/");
  if (slash <= 0) return;
  const folder = path.slice(0, slash);
  try {
    Deno.statSync(folder);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw runtimeError(`Parent directory ${folder} does not exist.`);
    // Without read access to the folder, the write itself reports whether it is allowed.
    if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) return;
    throw e;
  }
}

/** torch.save(value, path): written to a temporary file, then renamed into place. */
export async function torchSave(value: unknown, path: string): Promise<void> {
  checkParentFolder(path);
  writeFileAtomic(path, await torchSaveChunks(value, archiveNameFor(path)));
}

/** The archive as one byte array (for io.BytesIO-style targets and tests). */
export async function torchSaveBytes(value: unknown, archiveName = "archive"): Promise<Uint8Array> {
  const chunks = await torchSaveChunks(value, archiveName);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), at += c.length);
  return out;
}

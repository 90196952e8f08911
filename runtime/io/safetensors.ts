// safetensors files for tensors: the TypeScript API behind `safetensors.torch.save_file/load_file`.
//
//   await saveSafetensors(new Map([["w", w], ["b", b]]), "model.safetensors", { format: "pt" });
//   const tensors = await loadSafetensors("model.safetensors", "webgpu");   // Map name -> Tensor
//
// Tensors are written packed in row-major order whatever their strides (the Python binding refuses
// non-contiguous tensors first, as the library does). tsl has no 16-bit or 8-bit dtypes, so reading
// widens them losslessly: F16 and BF16 become float32, I8/I16/U16 int32, U32 int64.

import { type Device, getDevice } from "../device.ts";
import type { DType, TypedArray } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import {
  byteCompare,
  type DecodedEntry,
  decodeSafetensors,
  type EncodedEntry,
  encodeSafetensors,
  SafetensorError,
  type SafetensorsDType,
} from "./safetensors_format.ts";

export { SafetensorError };

export type TensorDict = Map<string, Tensor> | Record<string, Tensor>;

const FORMAT_DTYPE: Record<DType, SafetensorsDType> = {
  float32: "F32",
  float64: "F64",
  int64: "I64",
  int32: "I32",
  uint8: "U8",
  bool: "BOOL",
};

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error("tsl's safetensors support assumes a little-endian host");
}

const bytesOf = (a: TypedArray | BigInt64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A tensor's elements as the format's little-endian bytes, read from any device. */
export async function tensorBytes(t: Tensor): Promise<Uint8Array> {
  const values = await t.data();
  if (t.dtype === "int64") return bytesOf(BigInt64Array.from(values, (v) => BigInt(v)));
  return bytesOf(values);
}

const entriesOf = (tensors: TensorDict): [string, Tensor][] =>
  tensors instanceof Map ? [...tensors] : Object.entries(tensors);

/**
 * Groups of names whose tensors overlap in memory (two views of one storage that share elements).
 * Saving them would duplicate the data and lose the tie, so the library refuses; so does tsl.
 */
export function findSharedTensors(tensors: TensorDict): string[][] {
  const spans = entriesOf(tensors).filter(([, t]) => t.numel > 0).map(([name, t]) => {
    const last = t.shape.reduce((acc, n, i) => acc + (n - 1) * Math.abs(t.strides[i]), 0);
    return { name, storage: t.storage, begin: t.offset, end: t.offset + last + 1 };
  });
  const group = spans.map((_, i) => i);
  const root = (i: number): number => group[i] === i ? i : (group[i] = root(group[i]));
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i], b = spans[j];
      if (a.storage === b.storage && a.begin < b.end && b.begin < a.end) group[root(j)] = root(i);
    }
  }
  const byRoot = new Map<number, string[]>();
  spans.forEach((s, i) => byRoot.set(root(i), [...(byRoot.get(root(i)) ?? []), s.name]));
  return [...byRoot.values()].filter((names) => names.length > 1);
}

/** The library's refusal of tensors that share memory (a RuntimeError, as in safetensors 0.3). */
export function assertNoSharedTensors(tensors: TensorDict): void {
  const shared = findSharedTensors(tensors);
  if (shared.length === 0) return;
  const groups = shared.map((names) => `{${names.map((n) => `'${n}'`).join(", ")}}`).join(", ");
  throw runtimeError(
    `Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: [${groups}]`,
  );
}

/** The whole file as bytes (tensors on any device). */
export async function serializeSafetensors(
  tensors: TensorDict,
  metadata: Record<string, string> | null = null,
): Promise<Uint8Array> {
  assertNoSharedTensors(tensors);
  const entries: EncodedEntry[] = [];
  for (const [name, t] of entriesOf(tensors)) {
    entries.push({ name, dtype: FORMAT_DTYPE[t.dtype], shape: [...t.shape], data: await tensorBytes(t) });
  }
  return encodeSafetensors(entries, metadata);
}

/** A file's tensors (sorted by name, as the library's load_file returns them) and its metadata. */
export interface SafetensorsContents {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string> | null;
}

/** Parses a whole file's bytes; `source` names it in error messages. */
export function deserializeSafetensors(
  bytes: Uint8Array,
  device: string | Device = "cpu",
  source = "<bytes>",
): SafetensorsContents {
  const { entries, metadata } = decodeSafetensors(bytes, source);
  const dev = getDevice(device);
  const tensors = new Map<string, Tensor>();
  for (const e of [...entries].sort((a, b) => byteCompare(a.name, b.name))) {
    const [dtype, values] = decodeValues(e, source);
    tensors.set(e.name, Tensor.fromArray(values, e.shape, dtype, dev));
  }
  return { tensors, metadata };
}

/** The entry's elements in the tsl dtype that holds them exactly. */
function decodeValues(e: DecodedEntry, source: string): [DType, ArrayLike<number>] {
  // Copying first gives an aligned buffer whatever the entry's offset in the file.
  const buf = e.data.slice().buffer;
  switch (e.dtype) {
    case "F32":
      return ["float32", new Float32Array(buf)];
    case "F64":
      return ["float64", new Float64Array(buf)];
    case "I64":
      return ["int64", Float64Array.from(new BigInt64Array(buf), Number)];
    case "I32":
      return ["int32", new Int32Array(buf)];
    case "U8":
      return ["uint8", new Uint8Array(buf)];
    case "BOOL":
      return ["bool", new Uint8Array(buf).map((v) => (v ? 1 : 0))];
    case "F16":
      return ["float32", Float32Array.from(new Uint16Array(buf), halfToFloat)];
    case "BF16":
      return ["float32", new Float32Array(Uint32Array.from(new Uint16Array(buf), (h) => h << 16).buffer)];
    case "I8":
      return ["int32", Int32Array.from(new Int8Array(buf))];
    case "I16":
      return ["int32", Int32Array.from(new Int16Array(buf))];
    case "U16":
      return ["int32", Int32Array.from(new Uint16Array(buf))];
    case "U32":
      return ["int64", Float64Array.from(new Uint32Array(buf))];
    default:
      throw runtimeError(`${source}: tensor '${e.name}' has dtype ${e.dtype}, which tsl cannot represent`);
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** `safetensors.torch.save_file(tensors, filename, metadata)`. */
export async function saveSafetensors(
  tensors: TensorDict,
  path: string,
  metadata: Record<string, string> | null = null,
): Promise<void> {
  writeFileAtomic(path, [await serializeSafetensors(tensors, metadata)]);
}

/** `safetensors.torch.load_file(filename, device)`: the tensors, sorted by name. */
export async function loadSafetensors(path: string, device: string | Device = "cpu"): Promise<Map<string, Tensor>> {
  return (await readSafetensors(path, device)).tensors;
}

/** The tensors and the `__metadata__` of a file. */
export async function readSafetensors(path: string, device: string | Device = "cpu"): Promise<SafetensorsContents> {
  return deserializeSafetensors(await Deno.readFile(path), device, `file '${path}'`);
}

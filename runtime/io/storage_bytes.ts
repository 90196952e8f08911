// Storage records of a torch.save archive: the raw little-endian elements of one storage, and the
// typed-storage class names (torch.FloatStorage, ...) that tell which dtype they hold.

import { type DType, DTYPES, type TypedArray } from "../dtype.ts";
import { runtimeError } from "../errors.ts";

export const STORAGE_CLASS: Readonly<Record<DType, string>> = {
  float32: "FloatStorage",
  float64: "DoubleStorage",
  int64: "LongStorage",
  int32: "IntStorage",
  uint8: "ByteStorage",
  bool: "BoolStorage",
};

/** PyTorch's storages that tsl has no dtype for, named for the error message. */
const FOREIGN_STORAGE: Readonly<Record<string, string>> = {
  HalfStorage: "torch.float16",
  BFloat16Storage: "torch.bfloat16",
  ShortStorage: "torch.int16",
  CharStorage: "torch.int8",
  ComplexFloatStorage: "torch.complex64",
  ComplexDoubleStorage: "torch.complex128",
};

export function storageDType(className: string): DType | undefined {
  for (const [dtype, name] of Object.entries(STORAGE_CLASS)) if (name === className) return dtype as DType;
  return undefined;
}

export function foreignStorageDType(className: string): string | undefined {
  return FOREIGN_STORAGE[className];
}

/** A storage's elements as the bytes torch.save writes (int64 from tsl's Float64Array as real int64). */
export function storageToBytes(dtype: DType, data: TypedArray): Uint8Array {
  if (dtype === "int64") {
    const out = new BigInt64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = BigInt(Math.trunc(data[i]));
    return new Uint8Array(out.buffer);
  }
  if (dtype === "bool") {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
    return out;
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The elements of a storage record, as tsl's array type for `dtype`. A view into `bytes` where the record
 * is aligned (torch.save aligns records to 64 bytes), so callers must copy it (Backend.upload does).
 */
export function bytesToStorage(dtype: DType, bytes: Uint8Array, numel: number, record: string): TypedArray {
  const itemsize = DTYPES[dtype].itemsize;
  if (bytes.length < numel * itemsize) {
    throw runtimeError(`storage record ${record} holds ${bytes.length} bytes, expected ${numel * itemsize}`);
  }
  const raw = bytes.byteOffset % itemsize === 0 ? bytes : bytes.slice(0, numel * itemsize);
  const [buffer, at] = [raw.buffer, raw.byteOffset];
  switch (dtype) {
    case "float32":
      return new Float32Array(buffer, at, numel);
    case "float64":
      return new Float64Array(buffer, at, numel);
    case "int32":
      return new Int32Array(buffer, at, numel);
    case "int64": {
      const src = new BigInt64Array(buffer, at, numel);
      const out = new Float64Array(numel);
      for (let i = 0; i < numel; i++) out[i] = Number(src[i]);
      return out;
    }
    case "bool": // Backend.upload turns any non-zero byte into true
    case "uint8":
      return raw.subarray(0, numel);
  }
}

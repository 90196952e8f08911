// How tsl's logical dtypes live on the GPU. WebGPU has no f64, no 64-bit integers and no 8-bit
// storage, so every GPU element is one 32-bit word:
//   float32 → f32            float64 → f32 (computed in f32; reads give a Float64Array of f32 values)
//   int32   → i32            int64   → i32 (exact only within ±2^31; upload refuses larger values)
//   uint8   → u32 (0..255)   bool    → u32 (0 or 1)
// The storage keeps the logical dtype, so printing and type promotion behave as on the CPU.
// Kernels compute in one of two WGSL types: f32 for floating dtypes and i32 for everything else
// (bool and uint8 included: bool + bool = 2 stores as True, uint8 wrap-around is a mask on store).

import { type DType, DTYPES, isFloating, type TypedArray } from "../../runtime/dtype.ts";
import { runtimeError } from "../../runtime/errors.ts";

/** The WGSL element type of a storage buffer holding `dtype`. */
export type WgslStorageType = "f32" | "i32" | "u32";
/** The WGSL type kernels compute in. */
export type WgslComputeType = "f32" | "i32";

export const storageType = (d: DType): WgslStorageType =>
  isFloating(d) ? "f32" : d === "int32" || d === "int64" ? "i32" : "u32";

export const computeType = (d: DType): WgslComputeType => (isFloating(d) ? "f32" : "i32");

/** Every GPU element is 4 bytes, whatever the logical dtype. */
export const GPU_ITEMSIZE = 4;

/** WGSL that turns a stored value `v` (of `from`'s storage type) into compute type `to`. */
export function loadAs(v: string, from: DType, to: WgslComputeType): string {
  const s = storageType(from);
  return s === to ? v : `${to}(${v})`;
}

/**
 * WGSL testing `x` (of WGSL type `t`) for "nonzero". For f32 it tests the bits: NaN is nonzero,
 * and WGSL lets compilers assume no NaN in comparisons (lavapipe's NaN != 0 is false).
 */
export const nonzero = (x: string, t: WgslComputeType | WgslStorageType): string =>
  t === "f32" ? `((bitcast<u32>(${x}) & 0x7fffffffu) != 0u)` : `(${x} != ${t}(0))`;

/**
 * WGSL for stored value `v` of dtype `from` converted to dtype `to` (in `to`'s compute type), as
 * the CPU backend converts kernel inputs: through a store into `to` (truncation into integers,
 * "nonzero" into bool, wrap-around into uint8).
 */
export function loadConverted(v: string, from: DType, to: DType): string {
  const c = computeType(from);
  const x = loadAs(v, from, c);
  if (from === to) return x;
  switch (to) {
    case "bool":
      return from === "bool" ? x : `select(0, 1, ${nonzero(x, c)})`;
    case "uint8":
      return from === "bool" ? x : c === "f32" ? `(i32(${x}) & 255)` : `(${x} & 255)`;
    case "int32":
    case "int64":
      return c === "f32" ? `i32(${x})` : x;
    default:
      return c === "f32" ? x : `f32(${x})`;
  }
}

/**
 * WGSL that turns a value `v` of compute type `from` into what a `to` buffer stores: floats
 * truncate toward zero into integers (WGSL's f32→i32 conversion), bool is "nonzero", uint8 wraps
 * modulo 256 as PyTorch's (and the CPU backend's Uint8Array) does.
 */
export function storeAs(v: string, from: WgslComputeType, to: DType): string {
  if (to === "bool") return `select(0u, 1u, ${nonzero(v, from)})`;
  if (to === "uint8") return from === "f32" ? `(u32(i32(${v})) & 255u)` : `(u32(${v}) & 255u)`;
  const s = storageType(to);
  return s === from ? v : `${s}(${v})`;
}

let warnedFloat64 = false;

/**
 * Says once per process, on stderr as Python's warnings do, that float64 is computed in float32 here;
 * the printed dtype stays float64, so without it results that differ in the last digits would surprise.
 */
export function warnFloat64OnGpu(): void {
  if (warnedFloat64) return;
  warnedFloat64 = true;
  console.error(
    "UserWarning: float64 tensors on the WebGPU device are stored and computed as float32 " +
      "(WebGPU has no 64-bit floats); their values may differ from the CPU's after about 7 significant digits",
  );
}

const INT32_MIN = -2147483648, INT32_MAX = 2147483647;

/** `data` as the 32-bit words a GPU buffer of `dtype` holds (conversions as in the CPU backend). */
export function packForGpu(
  dtype: DType,
  data: ArrayLike<number>,
): Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  const n = data.length;
  switch (storageType(dtype)) {
    case "f32":
      return data instanceof Float32Array && data.buffer instanceof ArrayBuffer
        ? data as Float32Array<ArrayBuffer>
        : Float32Array.from(data);
    case "i32": {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = Math.trunc(data[i]);
        if (dtype === "int64" && (v < INT32_MIN || v > INT32_MAX)) {
          throw runtimeError(
            `int64 value ${v} is out of range for the WebGPU backend, which stores int64 as 32-bit integers`,
          );
        }
        out[i] = v;
      }
      return out;
    }
    case "u32": {
      const out = new Uint32Array(n);
      if (dtype === "bool") { for (let i = 0; i < n; i++) out[i] = data[i] ? 1 : 0; }
      else for (let i = 0; i < n; i++) out[i] = Math.trunc(data[i]) & 255;
      return out;
    }
  }
}

/** The logical dtype's array (as CpuBackend.read returns it) from the raw bytes of a GPU buffer. */
export function unpackFromGpu(dtype: DType, bytes: ArrayBuffer, length: number, byteOffset = 0): TypedArray {
  const Out = DTYPES[dtype].array;
  switch (storageType(dtype)) {
    case "f32": {
      const words = new Float32Array(bytes, byteOffset, length);
      return dtype === "float32" ? words.slice() : new Out(words);
    }
    case "i32": {
      const words = new Int32Array(bytes, byteOffset, length);
      return dtype === "int32" ? words.slice() : new Out(words);
    }
    case "u32":
      return new Out(new Uint32Array(bytes, byteOffset, length));
  }
}

// Conversions between VisionImage and tensors, and the per-pixel tensor maps: to_tensor,
// pil_to_tensor, to_pil_image, convert_image_dtype, normalize, rgb_to_grayscale. Each is one typed-array
// pass on the host in float32 steps as PyTorch rounds them; ToTensor followed by Normalize fuses into a
// 256-entry table per channel.

import { type DType, isFloating } from "../../dtype.ts";
import { runtimeError, typeError, valueError } from "../../errors.ts";
import { Tensor } from "../../tensor.ts";
import { readValues, roundFor, tensorOf } from "./host_tensor.ts";
import { copyInto } from "../../ops/copy.ts";
import { type ImageMode, VisionImage } from "../image.ts";

/** HWC bytes -> CHW values, each byte looked up in its channel's table (or copied when there is none). */
function planar<T extends Float32Array | Uint8Array>(
  img: VisionImage,
  out: T,
  tables: readonly Float32Array[] | null,
): T {
  const { width, height, channels: c, data } = img;
  const plane = width * height;
  for (let ch = 0; ch < c; ch++) {
    const base = ch * plane;
    const table = tables?.[ch];
    if (table) { for (let i = 0, s = ch; i < plane; i++, s += c) out[base + i] = table[data[s]]; }
    else for (let i = 0, s = ch; i < plane; i++, s += c) out[base + i] = data[s];
  }
  return out;
}

const shapeOf = (img: VisionImage) => [img.channels, img.height, img.width];

let unitTable: Float32Array | null = null;

/** `F.to_tensor(pic)`: float32 CHW in [0, 1]. */
export function toTensor(img: VisionImage): Tensor {
  const table = unitTable ??= byteTable((v) => Math.fround(v / 255));
  const out = planar(img, new Float32Array(img.data.length), new Array(img.channels).fill(table));
  return tensorOf(out, shapeOf(img), "float32");
}

/** `F.pil_to_tensor(pic)`: uint8 CHW. */
export function pilToTensor(img: VisionImage): Tensor {
  return tensorOf(planar(img, new Uint8Array(img.data.length), null), shapeOf(img), "uint8");
}

function byteTable(f: (v: number) => number): Float32Array {
  const t = new Float32Array(256);
  for (let v = 0; v < 256; v++) t[v] = f(v);
  return t;
}

/** The per-channel value of a length-1 or length-C mean/std, or null when it does not broadcast. */
function perChannel(values: readonly number[], channels: number): ((c: number) => number) | null {
  if (values.length === 1) return () => values[0];
  return values.length === channels ? (c) => values[c] : null;
}

let fusedTables: { mean: readonly number[]; std: readonly number[]; tables: Float32Array[] } | null = null;

/** ToTensor then Normalize in one pass: ((v / 255) - mean) / std per channel, as float32 steps. */
export function toTensorNormalized(img: VisionImage, mean: readonly number[], std: readonly number[]): Tensor {
  const m = perChannel(mean, img.channels), s = perChannel(std, img.channels);
  if (!m || !s) return normalize(toTensor(img), mean, std);
  checkStd(std, "float32");
  // A Normalize keeps its mean and std arrays, so one cached set of tables serves a whole epoch.
  if (fusedTables?.mean !== mean || fusedTables.std !== std || fusedTables.tables.length !== img.channels) {
    const f = Math.fround;
    const tables = Array.from({ length: img.channels }, (_, c) => {
      const mc = f(m(c)), sc = f(s(c));
      return byteTable((v) => f(f(f(v / 255) - mc) / sc));
    });
    fusedTables = { mean, std, tables };
  }
  const out = planar(img, new Float32Array(img.data.length), fusedTables.tables);
  return tensorOf(out, shapeOf(img), "float32");
}

function checkStd(std: readonly number[], dtype: DType): void {
  const r = roundFor(dtype);
  if (std.some((v) => r(v) === 0)) {
    throw valueError(`std evaluated to zero after conversion to torch.${dtype}, leading to division by zero.`);
  }
}

/**
 * `F.normalize(tensor, mean, std, inplace)`: (t - mean) / std over dim -3. Reads on the host: call
 * inside withHostReads for a non-CPU tensor. The result carries no autograd history.
 */
export function normalize(t: Tensor, mean: readonly number[], std: readonly number[], inplace = false): Tensor {
  if (!isFloating(t.dtype)) throw typeError(`Input tensor should be a float tensor. Got torch.${t.dtype}.`);
  if (t.ndim < 3) {
    throw valueError(
      `Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = torch.Size([${
        t.shape.join(", ")
      }])`,
    );
  }
  checkStd(std, t.dtype);
  const [c, h, w] = t.shape.slice(-3);
  const m = perChannel(mean, c), s = perChannel(std, c);
  if (!m || !s) {
    const bad = m ? std.length : mean.length;
    throw runtimeError(
      `The size of tensor a (${c}) must match the size of tensor b (${bad}) at non-singleton dimension 0`,
    );
  }
  const src = readValues(t), plane = h * w;
  const f64 = t.dtype === "float64";
  const out = f64 ? new Float64Array(src.length) : new Float32Array(src.length);
  // (t - mean) / std, each step rounded to the tensor's precision (a float32 store rounds the quotient).
  const round = roundFor(t.dtype);
  for (let start = 0, ch = 0; start < src.length; start += plane, ch = (ch + 1) % c) {
    const mean = round(m(ch)), std = round(s(ch));
    for (let i = start; i < start + plane; i++) out[i] = round(src[i] - mean) / std;
  }
  const result = tensorOf(out, t.shape, t.dtype, t.device);
  return inplace ? copyInto(t, result) : result;
}

const MODE_BY_CHANNELS: Record<number, ImageMode | undefined> = { 1: "L", 3: "RGB", 4: "RGBA" };
const PERMITTED: Record<number, string[]> = { 2: ["LA"], 3: ["RGB", "YCbCr", "HSV"], 4: ["RGBA", "CMYK", "RGBX"] };

/** `F.to_pil_image(pic, mode)` for a CHW (or HW) tensor; floats are scaled by 255 and truncated. */
export function toPILImage(t: Tensor, mode: string | null = null): VisionImage {
  if (t.ndim !== 2 && t.ndim !== 3) throw valueError(`pic should be 2/3 dimensional. Got ${t.ndim} dimensions.`);
  const [c, h, w] = t.ndim === 2 ? [1, ...t.shape] : t.shape;
  if (c > 4) throw valueError(`pic should not have > 4 channels. Got ${c} channels.`);
  const floating = isFloating(t.dtype) && mode !== "F";
  if (c === 1) {
    const expected = floating || t.dtype === "uint8" ? "L" : t.dtype === "int32" ? "I" : null;
    if (mode !== null && mode !== expected) {
      throw valueError(`Incorrect mode (${mode}) supplied for input type <class 'numpy.dtype'>. Should be ${expected}`);
    }
  } else if (mode !== null && !PERMITTED[c].includes(mode)) {
    throw valueError(`Only modes [${PERMITTED[c].map((m) => `'${m}'`).join(", ")}] are supported for ${c}D inputs`);
  }
  const target = MODE_BY_CHANNELS[c];
  if ((mode !== null && mode !== target) || !target || !(floating || t.dtype === "uint8")) {
    throw typeError(`Input type ${t.dtype} is not supported`);
  }
  const src = readValues(t), plane = h * w, out = new Uint8Array(src.length);
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < plane; i++) {
      const v = src[ch * plane + i];
      // pic.mul(255).byte(): a float32 product truncated and wrapped into a byte.
      out[i * c + ch] = floating ? Math.trunc(Math.fround(v * 255)) & 255 : v;
    }
  }
  return new VisionImage(w, h, target, out);
}

const MAX_VALUE: Partial<Record<DType, number>> = { uint8: 255, int32: 2147483647, int64: 9223372036854775807 };

/** `F.convert_image_dtype(image, dtype)`: rescales between integer ranges and [0, 1]. */
export function convertImageDtype(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const src = readValues(t), out = new Float64Array(src.length);
  const toFloat = isFloating(dtype), r = roundFor(dtype);
  if (isFloating(t.dtype)) {
    if (toFloat) out.set(src);
    else {
      if (
        (t.dtype === "float32" && (dtype === "int32" || dtype === "int64")) ||
        (t.dtype === "float64" && dtype === "int64")
      ) {
        throw runtimeError(`The cast from torch.${t.dtype} to torch.${dtype} cannot be performed safely.`);
      }
      const scale = (MAX_VALUE[dtype] ?? 1) + 1 - 1e-3, rs = roundFor(t.dtype);
      for (let i = 0; i < src.length; i++) out[i] = Math.trunc(rs(src[i] * rs(scale)));
    }
  } else {
    const inMax = MAX_VALUE[t.dtype] ?? 1;
    if (toFloat) { for (let i = 0; i < src.length; i++) out[i] = r(src[i] / r(inMax)); }
    else {
      const outMax = MAX_VALUE[dtype] ?? 1;
      const factor = inMax > outMax ? Math.floor((inMax + 1) / (outMax + 1)) : Math.floor((outMax + 1) / (inMax + 1));
      for (let i = 0; i < src.length; i++) out[i] = inMax > outMax ? Math.floor(src[i] / factor) : src[i] * factor;
    }
  }
  return tensorOf(out, t.shape, dtype, t.device);
}

/** `F.rgb_to_grayscale(img, n)` on a [..., 1 or 3, H, W] tensor: ITU-R 601-2 luma in float32 steps. */
export function rgbToGrayscaleTensor(t: Tensor, outputChannels: number): Tensor {
  if (t.ndim < 3) throw typeError(`Input image tensor should have at least 3 dimensions, but found ${t.ndim}`);
  const c = t.shape[t.ndim - 3];
  if (c !== 1 && c !== 3) throw typeError(`Input image tensor permitted channel values are [1, 3], but found ${c}`);
  if (outputChannels !== 1 && outputChannels !== 3) throw valueError("num_output_channels should be either 1 or 3");
  const [h, w] = t.shape.slice(-2), plane = h * w, images = t.numel / (c * plane);
  const src = readValues(t), out = new Float64Array(images * outputChannels * plane);
  const f = isFloating(t.dtype) ? roundFor(t.dtype) : Math.fround;
  const [kr, kg, kb] = [f(0.2989), f(0.587), f(0.114)];
  for (let n = 0; n < images; n++) {
    for (let i = 0; i < plane; i++) {
      const s = n * c * plane + i;
      let v = src[s];
      if (c === 3) v = f(f(f(kr * src[s]) + f(kg * src[s + plane])) + f(kb * src[s + 2 * plane]));
      if (!isFloating(t.dtype)) v = Math.trunc(v);
      for (let k = 0; k < outputChannels; k++) out[(n * outputChannels + k) * plane + i] = v;
    }
  }
  const shape = [...t.shape.slice(0, -3), outputChannels, h, w];
  return tensorOf(out, shape, t.dtype, t.device);
}

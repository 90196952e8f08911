// Image files to VisionImage and back: PNG through fast-png, JPEG through jpeg-js (its planes
// finished as libjpeg finishes them, see jpeg_decode.ts), and PIL's mode conversions (Image.convert) between L, RGB and RGBA. Decoded images keep their file's mode where
// VisionImage has it (L, RGB, RGBA); PNG palettes are expanded, grey+alpha becomes RGBA, and 16-bit
// samples are reduced as PIL reduces them when it converts to RGB.

import { decode as decodePngFile, encode as encodePngFile } from "fast-png";
import jpeg from "jpeg-js";
import { TorchError } from "../errors.ts";
import { channelsOf, type ImageMode, VisionImage } from "./image.ts";
import { decodeJpegLikeLibjpeg } from "./jpeg_decode.ts";

export type ImageFormat = "PNG" | "JPEG";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of an image file, from its first bytes (as PIL identifies files), or null. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "PNG";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "JPEG";
  return null;
}

const imageError = (msg: string): TorchError => new TorchError("OSError", msg);

/** Decodes a PNG or JPEG file's bytes; `file` names it in errors (PIL's wording where PIL has one). */
export function decodeImage(bytes: Uint8Array, file = "<bytes>"): VisionImage {
  const format = sniffFormat(bytes);
  if (format === null) throw imageError(`cannot identify image file '${file}'`);
  try {
    return format === "PNG" ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (e) {
    if (e instanceof TorchError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw imageError(`${file}: broken ${format} data (${reason})`);
  }
}

function decodePng(bytes: Uint8Array): VisionImage {
  const png = decodePngFile(bytes);
  const { width, height, channels, depth } = png;
  const n = width * height;
  if (png.palette) return expandPalette(png.data as Uint8Array, depth, width, height, png.palette, png.transparency);
  const samples = depth < 8 ? unpackBits(png.data as Uint8Array, depth, width * channels, height) : png.data;
  // PIL reads 16-bit grey as mode I and clips it to 255 converting to L/RGB; 16-bit colour keeps the high byte.
  const to8 = depth === 16
    ? (channels === 1 ? (v: number) => (v > 255 ? 255 : v) : (v: number) => v >> 8)
    : depth < 8
    ? (v: number) => (v * 255) / ((1 << depth) - 1)
    : null;
  const bytes8 = to8 === null ? samples as Uint8Array : Uint8Array.from(samples, to8);
  if (channels === 1) return new VisionImage(width, height, "L", bytes8);
  if (channels === 3) return new VisionImage(width, height, "RGB", bytes8);
  if (channels === 4) return new VisionImage(width, height, "RGBA", bytes8);
  const rgba = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const g = bytes8[2 * i];
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = g;
    rgba[4 * i + 3] = bytes8[2 * i + 1];
  }
  return new VisionImage(width, height, "RGBA", rgba);
}

/** Packed 1/2/4-bit samples (rows padded to a byte) as one byte per sample. */
function unpackBits(packed: Uint8Array, depth: number, samplesPerRow: number, rows: number): Uint8Array {
  const out = new Uint8Array(samplesPerRow * rows);
  const rowBytes = Math.ceil((samplesPerRow * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < samplesPerRow; x++) {
      const bit = x * depth;
      out[y * samplesPerRow + x] = (packed[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function expandPalette(
  indices: Uint8Array,
  depth: number,
  width: number,
  height: number,
  palette: number[][],
  transparency?: Uint16Array,
): VisionImage {
  const idx = depth < 8 ? unpackBits(indices, depth, width, height) : indices;
  const alpha = transparency && transparency.length > 0;
  const c = alpha ? 4 : 3;
  const out = new Uint8Array(width * height * c);
  for (let i = 0; i < width * height; i++) {
    const entry = palette[idx[i]] ?? [0, 0, 0];
    out[c * i] = entry[0];
    out[c * i + 1] = entry[1];
    out[c * i + 2] = entry[2];
    if (alpha) out[c * i + 3] = idx[i] < transparency!.length ? transparency![idx[i]] : 255;
  }
  return new VisionImage(width, height, alpha ? "RGBA" : "RGB", out);
}

function decodeJpeg(bytes: Uint8Array): VisionImage {
  const { width, height, channels, data } = decodeJpegLikeLibjpeg(bytes);
  return new VisionImage(width, height, channels === 1 ? "L" : "RGB", data);
}

/** PIL's Image.convert between L, RGB and RGBA (ITU-R 601-2 luma for colour to L, as PIL rounds it). */
export function convertImage(img: VisionImage, mode: ImageMode): VisionImage {
  if (img.mode === mode) return img;
  const n = img.width * img.height, from = img.channels, to = channelsOf[mode];
  const src = img.data, out = new Uint8Array(n * to);
  if (mode === "L") {
    for (let i = 0; i < n; i++) {
      const p = i * from;
      out[i] = (src[p] * 19595 + src[p + 1] * 38470 + src[p + 2] * 7471 + 0x8000) >> 16;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const p = i * from, q = i * to;
      if (from === 1) out[q] = out[q + 1] = out[q + 2] = src[p];
      else {
        out[q] = src[p];
        out[q + 1] = src[p + 1];
        out[q + 2] = src[p + 2];
      }
      if (to === 4) out[q + 3] = from === 4 ? src[p + 3] : 255;
    }
  }
  return new VisionImage(img.width, img.height, mode, out);
}

/** A PNG file of the image, 8 bits per sample in the image's own mode. */
export function encodePng(img: VisionImage): Uint8Array {
  return encodePngFile({ width: img.width, height: img.height, data: img.data, channels: img.channels, depth: 8 });
}

/** A baseline JPEG file of the image at PIL's default quality, 75 (the alpha channel is dropped). */
export function encodeJpeg(img: VisionImage, quality = 75): Uint8Array {
  const rgba = convertImage(img, "RGBA");
  return jpeg.encode({ width: img.width, height: img.height, data: rgba.data }, quality).data;
}

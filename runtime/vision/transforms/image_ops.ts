// Geometry on VisionImage, each one pass over the HWC bytes, with PIL's results: crop fills outside
// the image with zeros (Image.crop), and padding modes follow numpy.pad as torchvision's PIL path
// does. Mode conversion (Image.convert) is runtime/vision/codec.ts's convertImage.

import { VisionImage } from "../image.ts";

/** `img.transpose(FLIP_LEFT_RIGHT)`. */
export function flipLeftRight(img: VisionImage): VisionImage {
  const { width: w, height: h, channels: c, data } = img;
  const out = new Uint8Array(data.length);
  const row = w * c;
  for (let y = 0; y < h; y++) {
    const base = y * row;
    for (let x = 0; x < w; x++) {
      const src = base + x * c, dst = base + (w - 1 - x) * c;
      for (let k = 0; k < c; k++) out[dst + k] = data[src + k];
    }
  }
  return new VisionImage(w, h, img.mode, out);
}

/** `img.transpose(FLIP_TOP_BOTTOM)`. */
export function flipTopBottom(img: VisionImage): VisionImage {
  const { width: w, height: h, channels: c, data } = img;
  const out = new Uint8Array(data.length);
  const row = w * c;
  for (let y = 0; y < h; y++) out.set(data.subarray(y * row, (y + 1) * row), (h - 1 - y) * row);
  return new VisionImage(w, h, img.mode, out);
}

/** `img.crop((left, top, right, bottom))`: pixels outside the image are zero. */
export function cropBox(img: VisionImage, left: number, top: number, right: number, bottom: number): VisionImage {
  const w = Math.max(0, right - left), h = Math.max(0, bottom - top), c = img.channels;
  const out = new Uint8Array(w * h * c);
  const x0 = Math.max(left, 0), x1 = Math.min(right, img.width);
  if (x1 > x0) {
    for (let y = Math.max(top, 0); y < Math.min(bottom, img.height); y++) {
      const src = (y * img.width + x0) * c;
      out.set(img.data.subarray(src, src + (x1 - x0) * c), ((y - top) * w + (x0 - left)) * c);
    }
  }
  return new VisionImage(w, h, img.mode, out);
}

export type ImagePadMode = "constant" | "edge" | "reflect" | "symmetric";

/** The source index of padded position `p` (relative to the unpadded start) along an axis of size n. */
function sourceIndex(mode: ImagePadMode, p: number, n: number): number {
  if (mode === "edge") return Math.min(Math.max(p, 0), n - 1);
  // numpy.pad's reflect (mirror without the edge) and symmetric (with it), repeated for wide pads.
  const period = mode === "reflect" ? 2 * (n - 1) : 2 * n;
  if (period === 0) return 0;
  const q = ((p % period) + period) % period;
  if (mode === "reflect") return q < n ? q : period - q;
  return q < n ? q : period - 1 - q;
}

/**
 * Pads by [left, top, right, bottom] (each >= 0). `fill` is one value per channel, used by constant
 * mode only.
 */
export function padImage(
  img: VisionImage,
  [left, top, right, bottom]: readonly number[],
  mode: ImagePadMode,
  fill: readonly number[],
): VisionImage {
  const { width: w, height: h, channels: c, data } = img;
  const ow = w + left + right, oh = h + top + bottom;
  const out = new Uint8Array(ow * oh * c);
  for (let y = 0; y < oh; y++) {
    const sy = y - top;
    const insideY = sy >= 0 && sy < h;
    for (let x = 0; x < ow; x++) {
      const sx = x - left;
      const dst = (y * ow + x) * c;
      if (mode === "constant" && !(insideY && sx >= 0 && sx < w)) {
        for (let k = 0; k < c; k++) out[dst + k] = fill[k];
        continue;
      }
      const src = mode === "constant"
        ? (sy * w + sx) * c
        : (sourceIndex(mode, sy, h) * w + sourceIndex(mode, sx, w)) * c;
      for (let k = 0; k < c; k++) out[dst + k] = data[src + k];
    }
  }
  return new VisionImage(ow, oh, img.mode, out);
}

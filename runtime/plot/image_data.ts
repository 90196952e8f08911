// imshow's pixel rule: a 2-D array is scaled to [vmin, vmax] and colour-mapped; an H×W×3 or ×4 array
// is taken as colours (floats in [0, 1], integers in [0, 255]), as matplotlib does.

import { colormap } from "./colors.ts";
import type { ImageSeries } from "./figure.ts";

export interface ImageInput {
  values: ArrayLike<number>;
  shape: readonly number[];
  /** Integer data (uint8 images) reads colours as 0..255. */
  integer: boolean;
  cmap?: string | null;
  vmin?: number | null;
  vmax?: number | null;
}

export class BadImageShape extends Error {
  constructor(shape: readonly number[]) {
    super(`Invalid shape (${shape.join(", ")}${shape.length === 1 ? "," : ""}) for image data`);
  }
}

export function imageSeries(input: ImageInput): ImageSeries {
  const { values, shape } = input;
  const rgb = shape.length === 3 && (shape[2] === 3 || shape[2] === 4);
  if (!(shape.length === 2 || rgb)) throw new BadImageShape(shape);
  const [height, width] = shape;
  const rgba = new Uint8Array(width * height * 4);
  if (rgb) {
    const channels = shape[2];
    const toByte = (v: number) => input.integer ? Math.max(0, Math.min(255, v)) : Math.max(0, Math.min(1, v)) * 255;
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) rgba[p * 4 + c] = Math.round(toByte(values[p * channels + c]));
      rgba[p * 4 + 3] = channels === 4 ? Math.round(toByte(values[p * channels + 3])) : 255;
    }
    return { width, height, rgba };
  }
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  }
  const vmin = input.vmin ?? lo, vmax = input.vmax ?? hi;
  const cmap = input.cmap ?? "viridis";
  for (let p = 0; p < width * height; p++) {
    const t = vmax > vmin ? (values[p] - vmin) / (vmax - vmin) : 0;
    const [r, g, b] = colormap(cmap, t);
    rgba.set([Math.round(r), Math.round(g), Math.round(b), 255], p * 4);
  }
  return { width, height, rgba };
}

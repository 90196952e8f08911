// PIL's Image.resize for 8-bit images (Resample.c, Pillow 9.4): a separable convolution whose filter
// widens by the scale factor when downscaling (the antialiasing), with coefficients normalised to
// 22-bit fixed point and each pass rounded and clipped to a byte; horizontal pass first. NEAREST is
// PIL's affine nearest-neighbour transform instead.

import { valueError } from "../../errors.ts";
import { VisionImage } from "../image.ts";

export type PilFilter = "nearest" | "bilinear" | "bicubic" | "box" | "hamming" | "lanczos";

interface FilterSpec {
  support: number;
  weight: (x: number) => number;
}

const sinc = (x: number): number => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));

function bicubic(x: number): number {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

const FILTERS: Record<Exclude<PilFilter, "nearest">, FilterSpec> = {
  box: { support: 0.5, weight: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: { support: 1, weight: (x) => (Math.abs(x) < 1 ? 1 - Math.abs(x) : 0) },
  hamming: {
    support: 1,
    weight: (x) => {
      x = Math.abs(x);
      if (x === 0) return 1;
      if (x >= 1) return 0;
      x *= Math.PI;
      return (Math.sin(x) / x) * (0.54 + 0.46 * Math.cos(x));
    },
  },
  bicubic: { support: 2, weight: bicubic },
  lanczos: { support: 3, weight: (x) => (x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

/** Per output position: the first input index, the tap count and fixed-point weights (precompute_coeffs). */
interface Coefficients {
  first: Int32Array;
  count: Int32Array;
  taps: number;
  weights: Int32Array;
}

function coefficients(inSize: number, outSize: number, filter: FilterSpec): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize), count = new Int32Array(outSize), weights = new Int32Array(outSize * taps);
  const k = new Float64Array(taps);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      k[x] = filter.weight((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x] / ww : k[x];
      weights[xx * taps + x] = Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
    }
    first[xx] = xmin;
    count[xx] = xmax;
  }
  return { first, count, taps, weights };
}

const clip8 = (acc: number): number => (acc >= ONE * 256 ? 255 : acc <= 0 ? 0 : Math.floor(acc / ONE));

/** One separable pass along x (`horizontal`) or y, over every channel. */
function pass(
  src: Uint8Array,
  [w, h]: [number, number],
  channels: number,
  horizontal: boolean,
  outSize: number,
  c: Coefficients,
): Uint8Array {
  const ow = horizontal ? outSize : w, oh = horizontal ? h : outSize;
  const out = new Uint8Array(ow * oh * channels);
  const step = horizontal ? channels : w * channels;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const o = horizontal ? x : y;
      const start = horizontal ? (y * w + c.first[o]) * channels : (c.first[o] * w + x) * channels;
      const wBase = o * c.taps, n = c.count[o];
      for (let ch = 0; ch < channels; ch++) {
        let acc = ONE / 2;
        for (let t = 0, s = start + ch; t < n; t++, s += step) acc += src[s] * c.weights[wBase + t];
        out[(y * ow + x) * channels + ch] = clip8(acc);
      }
    }
  }
  return out;
}

/** PIL's NEAREST: output pixel centres mapped back by an accumulated affine step, truncated. */
function nearest(img: VisionImage, ow: number, oh: number): VisionImage {
  const c = img.channels, out = new Uint8Array(ow * oh * c);
  const xs = img.width / ow, ys = img.height / oh;
  const cols = new Int32Array(ow);
  let x0 = xs * 0.5;
  for (let x = 0; x < ow; x++, x0 += xs) cols[x] = Math.min(Math.trunc(x0), img.width - 1);
  let y0 = ys * 0.5;
  for (let y = 0; y < oh; y++, y0 += ys) {
    const sy = Math.min(Math.trunc(y0), img.height - 1);
    for (let x = 0; x < ow; x++) {
      const s = (sy * img.width + cols[x]) * c, d = (y * ow + x) * c;
      for (let k = 0; k < c; k++) out[d + k] = img.data[s + k];
    }
  }
  return new VisionImage(ow, oh, img.mode, out);
}

/** `img.resize((width, height), filter)`. */
export function resizeImage(img: VisionImage, width: number, height: number, filter: PilFilter): VisionImage {
  if (width < 1 || height < 1) throw valueError("height and width must be > 0");
  if (width === img.width && height === img.height) {
    return new VisionImage(width, height, img.mode, img.data.slice());
  }
  if (filter === "nearest") return nearest(img, width, height);
  const spec = FILTERS[filter];
  let data = img.data, w = img.width;
  const h = img.height;
  if (width !== img.width) {
    data = pass(data, [w, h], img.channels, true, width, coefficients(w, width, spec));
    w = width;
  }
  if (height !== h) data = pass(data, [w, h], img.channels, false, height, coefficients(h, height, spec));
  return new VisionImage(width, height, img.mode, data);
}

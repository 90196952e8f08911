// F.rotate with nearest-neighbour sampling. PIL images follow Pillow 9.4's Image.rotate: the inverse
// matrix rounded to 15 decimals, then its 16.16 fixed-point affine loop (affine_fixed), so the pixels
// match PIL's exactly. Tensors follow torchvision's grid path (an affine grid in float32, sampled by
// grid_sample's nearest rule, rounding half to even), which can differ from PyTorch where a source
// coordinate lands within float32 rounding of a pixel boundary.

import { TorchError } from "../../errors.ts";
import type { Tensor } from "../../tensor.ts";
import { VisionImage } from "../image.ts";
import { readValues, tensorOf } from "./host_tensor.ts";
import { flipLeftRight, flipTopBottom } from "./image_ops.ts";
import { roundHalfEven } from "./tensor_resize.ts";

const round15 = (x: number): number => Number(x.toFixed(15));
const pyMod = (a: number, n: number): number => ((a % n) + n) % n;

/** PIL's rotate matrix (output pixel -> input position) and output size. */
function pilRotation(w: number, h: number, degrees: number, expand: boolean, center: readonly number[] | null) {
  const [cx, cy] = center ?? [w / 2, h / 2];
  const rad = -degrees * Math.PI / 180;
  const m = [round15(Math.cos(rad)), round15(Math.sin(rad)), 0, round15(-Math.sin(rad)), round15(Math.cos(rad)), 0];
  const apply = (x: number, y: number) => [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
  [m[2], m[5]] = apply(-cx, -cy);
  m[2] += cx;
  m[5] += cy;
  if (!expand) return { m, w, h };
  const corners = [[0, 0], [w, 0], [w, h], [0, h]].map(([x, y]) => apply(x, y));
  const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
  const nw = Math.ceil(Math.max(...xs)) - Math.floor(Math.min(...xs));
  const nh = Math.ceil(Math.max(...ys)) - Math.floor(Math.min(...ys));
  [m[2], m[5]] = apply(-(nw - w) / 2, -(nh - h) / 2);
  return { m, w: nw, h: nh };
}

/** PIL's transpose(ROTATE_90) (counter-clockwise) or ROTATE_270. */
function quarterTurn(img: VisionImage, counterClockwise: boolean): VisionImage {
  const { width: w, height: h, channels: c, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < h; x++) {
      const [sx, sy] = counterClockwise ? [w - 1 - y, x] : [y, h - 1 - x];
      for (let k = 0; k < c; k++) out[(y * h + x) * c + k] = data[(sy * w + sx) * c + k];
    }
  }
  return new VisionImage(h, w, img.mode, out);
}

/** `img.rotate(angle, NEAREST, expand, center, fillcolor=fill)`. */
export function rotateImage(
  img: VisionImage,
  angle: number,
  expand = false,
  center: readonly number[] | null = null,
  fill: readonly number[] = [],
): VisionImage {
  const a = pyMod(angle, 360);
  if (center === null) {
    if (a === 0) return new VisionImage(img.width, img.height, img.mode, img.data.slice());
    if (a === 180) return flipTopBottom(flipLeftRight(img));
    if ((a === 90 || a === 270) && (expand || img.width === img.height)) return quarterTurn(img, a === 90);
  }
  const { m, w, h } = pilRotation(img.width, img.height, angle, expand, center);
  const c = img.channels, out = new Uint8Array(w * h * c);
  for (let i = 0; i < w * h; i++) for (let k = 0; k < c; k++) out[i * c + k] = fill[k] ?? 0;
  const fix = (v: number) => Math.floor(v * 65536 + 0.5);
  const a0 = fix(m[0]), a1 = fix(m[1]), a3 = fix(m[3]), a4 = fix(m[4]);
  let a2 = fix(m[2] + m[1] * 0.5 + m[0] * 0.5), a5 = fix(m[5] + m[4] * 0.5 + m[3] * 0.5);
  for (let y = 0; y < h; y++, a2 += a1, a5 += a4) {
    for (let x = 0, xx = a2, yy = a5; x < w; x++, xx += a0, yy += a3) {
      const xin = Math.floor(xx / 65536), yin = Math.floor(yy / 65536);
      if (xin < 0 || xin >= img.width || yin < 0 || yin >= img.height) continue;
      const s = (yin * img.width + xin) * c, d = (y * w + x) * c;
      for (let k = 0; k < c; k++) out[d + k] = img.data[s + k];
    }
  }
  return new VisionImage(w, h, img.mode, out);
}

/** torch.linspace(start, end, steps) in float32: the first half counts up, the second down from end. */
function linspace32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps), f = Math.fround;
  const step = steps > 1 ? f((end - start) / (steps - 1)) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < half ? f(start + step * i) : f(end - step * (steps - 1 - i));
  return out;
}

/** torchvision's tensor rotate (nearest, expand=False) of [..., C, H, W] about the centre. */
export function rotateTensor(img: Tensor, angle: number, fill: readonly number[] | null = null): Tensor {
  if (img.ndim < 2) throw new TorchError("TypeError", "Tensor is not a torch image.");
  const f = Math.fround;
  const [h, w] = img.shape.slice(-2), planes = img.numel / (h * w || 1);
  const c = img.ndim >= 3 ? img.shape[img.ndim - 3] : 1;
  // _get_inverse_affine_matrix([0, 0], -angle, [0, 0], 1, [0, 0]), as float32 and divided by half sizes.
  const rot = -angle * Math.PI / 180;
  const m = [Math.cos(rot), Math.sin(rot), 0, -Math.sin(rot), Math.cos(rot), 0].map(f);
  const hw = f(0.5 * w), hh = f(0.5 * h);
  const [r00, r10, r20, r01, r11, r21] = [
    f(m[0] / hw),
    f(m[1] / hw),
    f(m[2] / hw),
    f(m[3] / hh),
    f(m[4] / hh),
    f(m[5] / hh),
  ];
  const xs = linspace32(-w * 0.5 + 0.5, w * 0.5 + 0.5 - 1, w), ys = linspace32(-h * 0.5 + 0.5, h * 0.5 + 0.5 - 1, h);
  const src = readValues(img), out = new Float64Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const gx = f(f(f(xs[x] * r00) + f(ys[y] * r10)) + r20), gy = f(f(f(xs[x] * r01) + f(ys[y] * r11)) + r21);
      const ix = roundHalfEven(f(f(f(f(gx + 1) * w) - 1) / 2)), iy = roundHalfEven(f(f(f(f(gy + 1) * h) - 1) / 2));
      const inside = ix >= 0 && ix < w && iy >= 0 && iy < h;
      for (let p = 0; p < planes; p++) {
        out[p * h * w + y * w + x] = inside
          ? src[p * h * w + iy * w + ix]
          : fill
          ? fill[fill.length === 1 ? 0 : p % c]
          : 0;
      }
    }
  }
  return tensorOf(out, img.shape, img.dtype, img.device);
}

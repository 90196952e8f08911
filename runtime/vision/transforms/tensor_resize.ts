// torchvision 0.14's tensor resize: F.interpolate(bilinear, align_corners=False, antialias=False) or
// nearest on a float copy of the image, rounded back for integer images. The arithmetic reproduces
// PyTorch 1.13's CPU upsample kernels on float32: source positions in double, weights stored as
// float32. Images of several channels take the generic kernel: each two-tap sum is fma(a, wa, b * wb)
// (as its x86 build contracts it), along x first, then the two rows. One-channel images are
// channels-last contiguous, so they take the channels-last kernel: four taps with float32 products of
// the row and column weights, summed as if exactly and rounded once.

import { isFloating } from "../../dtype.ts";
import { TorchError, typeError, valueError } from "../../errors.ts";
import { Tensor } from "../../tensor.ts";
import { readValues, type Round, roundFor, tensorOf } from "./host_tensor.ts";

export type TensorInterpolation = "nearest" | "bilinear";

const f32: Round = Math.fround;

/** For each output index: two source indices and their float32 weights (align_corners=False). */
function linearTaps(inSize: number, outSize: number, f: Round) {
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize);
  const w0 = new Float64Array(outSize), w1 = new Float64Array(outSize);
  const scale = f(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    const src = Math.max(scale * (o + 0.5) - 0.5, 0);
    const lo = Math.trunc(src);
    i0[o] = lo;
    i1[o] = lo + (lo < inSize - 1 ? 1 : 0);
    w1[o] = f(src - lo);
    w0[o] = f(1 - w1[o]);
  }
  return { i0, i1, w0, w1 };
}

/** upsample_nearest's source index: floor(o * scale) with a float32 scale. */
function nearestTaps(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  const scale = f32(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    idx[o] = outSize === inSize
      ? o
      : outSize === 2 * inSize
      ? o >> 1
      : Math.min(Math.floor(f32(o * scale)), inSize - 1);
  }
  return idx;
}

function resizePlanes(
  src: ArrayLike<number>,
  planes: number,
  [h, w]: readonly number[],
  [oh, ow]: readonly number[],
  mode: TensorInterpolation,
  f: Round,
  channelsLast: boolean,
) {
  const out = new Float64Array(planes * oh * ow);
  if (mode === "nearest") {
    const ys = nearestTaps(h, oh), xs = nearestTaps(w, ow);
    for (let p = 0, d = 0; p < planes; p++) {
      for (let y = 0; y < oh; y++) {
        const row = p * h * w + ys[y] * w;
        for (let x = 0; x < ow; x++) out[d++] = src[row + xs[x]];
      }
    }
    return out;
  }
  const ty = linearTaps(h, oh, f), tx = linearTaps(w, ow, f);
  if (channelsLast) return fourTaps(src, planes, [h, w], [oh, ow], ty, tx, f);
  for (let p = 0, d = 0; p < planes; p++) {
    const base = p * h * w;
    for (let y = 0; y < oh; y++) {
      const r0 = base + ty.i0[y] * w, r1 = base + ty.i1[y] * w;
      for (let x = 0; x < ow; x++) {
        const a = tx.i0[x], b = tx.i1[x], wa = tx.w0[x], wb = tx.w1[x];
        // A float32 product is exact in a double, so f(p * q + r) is a fused multiply-add.
        const top = f(src[r0 + a] * wa + f(src[r0 + b] * wb));
        const bottom = f(src[r1 + a] * wa + f(src[r1 + b] * wb));
        out[d++] = f(top * ty.w0[y] + f(bottom * ty.w1[y]));
      }
    }
  }
  return out;
}

type Taps = ReturnType<typeof linearTaps>;

function fourTaps(
  src: ArrayLike<number>,
  planes: number,
  [h, w]: readonly number[],
  [oh, ow]: readonly number[],
  ty: Taps,
  tx: Taps,
  f: Round,
): Float64Array {
  const out = new Float64Array(planes * oh * ow);
  for (let p = 0, d = 0; p < planes; p++) {
    const base = p * h * w;
    for (let y = 0; y < oh; y++) {
      const r0 = base + ty.i0[y] * w, r1 = base + ty.i1[y] * w, h0 = ty.w0[y], h1 = ty.w1[y];
      for (let x = 0; x < ow; x++) {
        const a = tx.i0[x], b = tx.i1[x], wa = tx.w0[x], wb = tx.w1[x];
        out[d++] = f(
          src[r0 + a] * f(h0 * wa) + src[r0 + b] * f(h0 * wb) + src[r1 + a] * f(h1 * wa) + src[r1 + b] * f(h1 * wb),
        );
      }
    }
  }
  return out;
}

/** Resizes the last two dims of `img` ([..., H, W]) to [height, width]. */
export function resizeTensor(
  img: Tensor,
  [height, width]: readonly number[],
  mode: TensorInterpolation,
  antialias = false,
): Tensor {
  if (img.ndim < 2) throw typeError("Tensor is not a torch image.");
  if (antialias) throw new TorchError("NotImplementedError", "antialias=True is not supported for tensor images here");
  if (height < 1 || width < 1) throw valueError("Input and output sizes should be greater than 0");
  const h = img.shape[img.ndim - 2], w = img.shape[img.ndim - 1];
  const planes = img.numel / (h * w || 1);
  const round = roundFor(img.dtype);
  const channels = img.ndim >= 3 ? img.shape[img.ndim - 3] : 1;
  const values = resizePlanes(readValues(img), planes, [h, w], [height, width], mode, round, channels === 1);
  // Integer images are resized in float32 and rounded half to even before the cast back.
  if (!isFloating(img.dtype)) { for (let i = 0; i < values.length; i++) values[i] = roundHalfEven(values[i]); }
  const shape = [...img.shape.slice(0, -2), height, width];
  return tensorOf(values, shape, img.dtype, img.device);
}

export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

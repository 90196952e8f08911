// torchvision.transforms.functional: each function takes a VisionImage (PIL's path) or a tensor
// [..., C, H, W] (the tensor path) and returns the same kind, as torchvision 0.14 does.

import { TorchError, typeError, valueError } from "../../errors.ts";
import { Tensor } from "../../tensor.ts";
import { readValues, tensorOf } from "./host_tensor.ts";
import { flip } from "../../ops/reorder.ts";
import { slice } from "../../ops/slicing.ts";
import { pad as padTensorOp } from "../../nn/padding.ts";
import { VisionImage } from "../image.ts";
import { convertImage } from "../codec.ts";
import { cropBox, flipLeftRight, flipTopBottom, type ImagePadMode, padImage } from "./image_ops.ts";
import { type PilFilter, resizeImage } from "./pil_resample.ts";
import { resizeTensor } from "./tensor_resize.ts";
import { rgbToGrayscaleTensor } from "./tensor_convert.ts";
import { rotateImage, rotateTensor } from "./rotate.ts";

export type Image = VisionImage | Tensor;

/** How Python prints the class of an image argument, for torchvision's TypeErrors. */
export function pyClassOf(x: unknown): string {
  if (x instanceof Tensor) return "<class 'torch.Tensor'>";
  if (x instanceof VisionImage) return "<class 'PIL.Image.Image'>";
  if (x === null) return "<class 'NoneType'>";
  return `<class '${typeof x === "number" ? "int" : typeof x === "string" ? "str" : "object"}'>`;
}
export type Interpolation = "nearest" | "bilinear" | "bicubic" | "box" | "hamming" | "lanczos";

function requireImage(img: unknown): asserts img is Image {
  if (!(img instanceof VisionImage) && !(img instanceof Tensor)) {
    throw typeError(`img should be PIL Image. Got ${pyClassOf(img)}`);
  }
}

/** `F.get_dimensions(img)`: [channels, height, width]. */
export function getDimensions(img: Image): [number, number, number] {
  requireImage(img);
  if (img instanceof VisionImage) return [img.channels, img.height, img.width];
  if (img.ndim < 2) throw typeError("Tensor is not a torch image.");
  const [h, w] = img.shape.slice(-2);
  return [img.ndim === 2 ? 1 : img.shape[img.ndim - 3], h, w];
}

export function hflip(img: Image): Image {
  requireImage(img);
  return img instanceof VisionImage ? flipLeftRight(img) : flip(img, [-1]);
}

export function vflip(img: Image): Image {
  requireImage(img);
  return img instanceof VisionImage ? flipTopBottom(img) : flip(img, [-2]);
}

/** `F.crop(img, top, left, height, width)`: outside the image is zero-filled. */
export function crop(img: Image, top: number, left: number, height: number, width: number): Image {
  requireImage(img);
  if (img instanceof VisionImage) return cropBox(img, left, top, left + width, top + height);
  const [, h, w] = getDimensions(img);
  const right = left + width, bottom = top + height;
  const rows = (t: Tensor, a: number, b: number) => slice(t, -2, a, b);
  const cols = (t: Tensor, a: number, b: number) => slice(t, -1, a, b);
  if (left < 0 || top < 0 || right > w || bottom > h) {
    const ltrb = [
      Math.max(-left + Math.min(0, right), 0),
      Math.max(-top + Math.min(0, bottom), 0),
      Math.max(right - Math.max(w, left), 0),
      Math.max(bottom - Math.max(h, top), 0),
    ];
    return pad(cols(rows(img, Math.max(top, 0), bottom), Math.max(left, 0), right), ltrb, 0);
  }
  return cols(rows(img, top, bottom), left, right);
}

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `F.center_crop(img, [h, w])`: zero-pads first when the crop is larger than the image. */
export function centerCrop(img: Image, [cropH, cropW]: readonly number[]): Image {
  let [, h, w] = getDimensions(img);
  if (cropW > w || cropH > h) {
    const ltrb = [
      cropW > w ? Math.floor((cropW - w) / 2) : 0,
      cropH > h ? Math.floor((cropH - h) / 2) : 0,
      cropW > w ? Math.floor((cropW - w + 1) / 2) : 0,
      cropH > h ? Math.floor((cropH - h + 1) / 2) : 0,
    ];
    img = pad(img, ltrb, 0);
    [, h, w] = getDimensions(img);
    if (cropW === w && cropH === h) return img;
  }
  return crop(img, pyRound((h - cropH) / 2), pyRound((w - cropW) / 2), cropH, cropW);
}

export type PadMode = ImagePadMode;

/** Padding as torchvision accepts it (int, [all], [lr, tb] or [l, t, r, b]) -> [l, t, r, b]. */
export function paddingLTRB(padding: number | readonly number[]): number[] {
  if (typeof padding === "number") return [padding, padding, padding, padding];
  switch (padding.length) {
    case 1:
      return [padding[0], padding[0], padding[0], padding[0]];
    case 2:
      return [padding[0], padding[1], padding[0], padding[1]];
    case 4:
      return [...padding];
  }
  throw valueError(
    `Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`,
  );
}

/** `F.pad(img, padding, fill, padding_mode)`; negative padding crops. */
export function pad(
  img: Image,
  padding: number | readonly number[],
  fill: number | readonly number[] = 0,
  mode: PadMode = "constant",
): Image {
  requireImage(img);
  if (!["constant", "edge", "reflect", "symmetric"].includes(mode)) {
    throw valueError("Padding mode should be either constant, edge, reflect or symmetric");
  }
  const [l, t, r, b] = paddingLTRB(padding);
  if (img instanceof VisionImage) {
    if (l < 0 || t < 0 || r < 0 || b < 0) {
      const [cl, ct, cr, cb] = [l, t, r, b].map((p) => Math.max(-p, 0));
      img = cropBox(img, cl, ct, img.width - cr, img.height - cb);
    }
    return padImage(img, [l, t, r, b].map((p) => Math.max(p, 0)), mode, fillPerChannel(fill, img.channels));
  }
  if (typeof fill !== "number") throw typeError("Got inappropriate fill arg");
  if (mode === "symmetric") return padSymmetric(img, [l, t, r, b]);
  return padTensorOp(img, [l, r, t, b], mode === "edge" ? "replicate" : mode, mode === "constant" ? fill : 0);
}

function fillPerChannel(fill: number | readonly number[], channels: number): number[] {
  if (typeof fill === "number") return new Array(channels).fill(fill);
  if (fill.length === 1) return new Array(channels).fill(fill[0]);
  if (fill.length !== channels) {
    throw valueError(
      `The number of elements in 'fill' does not match the number of channels of the image (${fill.length} != ${channels})`,
    );
  }
  return [...fill];
}

/** torchvision's _pad_symmetric: mirror including the edge pixel, on the last two dims. */
function padSymmetric(img: Tensor, [l, t, r, b]: number[]): Tensor {
  const [h, w] = img.shape.slice(-2);
  if (l < 0 || t < 0 || r < 0 || b < 0) {
    const [cl, ct, cr, cb] = [l, t, r, b].map((p) => Math.max(-p, 0));
    return padSymmetric(slice(slice(img, -2, ct, h - cb), -1, cl, w - cr), [l, t, r, b].map((p) => Math.max(p, 0)));
  }
  const mirror = (p: number, n: number) => (p < 0 ? -p - 1 : p >= n ? 2 * n - 1 - p : p);
  const src = readValues(img), oh = h + t + b, ow = w + l + r, planes = img.numel / (h * w || 1);
  const out = new Float64Array(planes * oh * ow);
  for (let p = 0, d = 0; p < planes; p++) {
    for (let y = 0; y < oh; y++) {
      const row = p * h * w + mirror(y - t, h) * w;
      for (let x = 0; x < ow; x++) out[d++] = src[row + mirror(x - l, w)];
    }
  }
  return tensorOf(out, [...img.shape.slice(0, -2), oh, ow], img.dtype, img.device);
}

/** torchvision's _compute_resized_output_size: [new_h, new_w]. */
export function resizedOutputSize(
  [h, w]: readonly number[],
  size: readonly number[],
  maxSize: number | null = null,
): [number, number] {
  if (size.length !== 1) {
    if (maxSize !== null) {
      throw valueError(
        "max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.",
      );
    }
    return [size[0], size[1]];
  }
  const [short, long] = w <= h ? [w, h] : [h, w];
  let newShort = size[0], newLong = Math.trunc((size[0] * long) / short);
  if (maxSize !== null) {
    if (maxSize <= size[0]) {
      throw valueError(
        `max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${
          size.length === 1 ? `[${size[0]}]` : size
        }`,
      );
    }
    if (newLong > maxSize) [newShort, newLong] = [Math.trunc((maxSize * newShort) / newLong), maxSize];
  }
  return w <= h ? [newLong, newShort] : [newShort, newLong];
}

/** `F.resize(img, size, interpolation, max_size, antialias)`. */
export function resize(
  img: Image,
  size: readonly number[],
  interpolation: Interpolation = "bilinear",
  maxSize: number | null = null,
  antialias: boolean | null = null,
): Image {
  const [, h, w] = getDimensions(img);
  // torchvision compares (h, w) with a list here, which never holds: even the same size is a copy.
  const [oh, ow] = resizedOutputSize([h, w], size, maxSize);
  if (img instanceof VisionImage) return resizeImage(img, ow, oh, interpolation as PilFilter);
  if (interpolation !== "bilinear" && interpolation !== "nearest") {
    throw new TorchError("NotImplementedError", `tensor resize with interpolation=${interpolation}`);
  }
  return resizeTensor(img, [oh, ow], interpolation, antialias ?? false);
}

/** `F.resized_crop(img, top, left, height, width, size, interpolation)`. */
export function resizedCrop(
  img: Image,
  top: number,
  left: number,
  height: number,
  width: number,
  size: readonly number[],
  interpolation: Interpolation = "bilinear",
  antialias: boolean | null = null,
): Image {
  return resize(crop(img, top, left, height, width), size, interpolation, null, antialias);
}

/** `F.rgb_to_grayscale(img, num_output_channels)`. */
export function rgbToGrayscale(img: Image, outputChannels = 1): Image {
  requireImage(img);
  if (img instanceof Tensor) return rgbToGrayscaleTensor(img, outputChannels);
  if (outputChannels !== 1 && outputChannels !== 3) throw valueError("num_output_channels should be either 1 or 3");
  const gray = convertImage(img, "L");
  return outputChannels === 1 ? gray : convertImage(gray, "RGB");
}

/**
 * `F.rotate(img, angle, NEAREST, expand, center, fill)`, counter-clockwise in degrees. Tensors take
 * the centre and no expansion only.
 */
export function rotate(
  img: Image,
  angle: number,
  interpolation: Interpolation = "nearest",
  expand = false,
  center: readonly number[] | null = null,
  fill: number | readonly number[] | null = null,
): Image {
  requireImage(img);
  if (interpolation !== "nearest") {
    throw new TorchError("NotImplementedError", `rotate with interpolation=${interpolation}`);
  }
  if (img instanceof VisionImage) {
    // _parse_fill: one int per channel.
    const fills = fillPerChannel(fill ?? 0, img.channels).map(Math.trunc);
    return rotateImage(img, angle, expand, center, fills);
  }
  if (expand || center !== null) {
    throw new TorchError("NotImplementedError", "rotate of a tensor with expand or center");
  }
  return rotateTensor(img, angle, fill === null ? null : typeof fill === "number" ? [fill] : fill);
}

// torchvision.transforms' classes for TypeScript embedders: each holds its parameters and maps an
// image (VisionImage or tensor) with apply(). The Python binding wraps these and adds the reprs.

import type { DType } from "../../dtype.ts";
import { typeError } from "../../errors.ts";
import { Tensor } from "../../tensor.ts";
import { VisionImage } from "../image.ts";
import * as F from "./functional.ts";
import { type Image, type Interpolation, type PadMode, pyClassOf } from "./functional.ts";
import {
  convertImageDtype,
  normalize,
  pilToTensor,
  toPILImage,
  toTensor,
  toTensorNormalized,
} from "./tensor_convert.ts";
import { coinFlip, randomCropParams, randomResizedCropParams, uniform } from "./random_params.ts";

export interface Transform {
  apply(img: unknown): unknown;
}

function requirePil(img: unknown): VisionImage {
  if (img instanceof VisionImage) return img;
  throw typeError(`pic should be PIL Image or ndarray. Got ${pyClassOf(img)}`);
}

function requireTensor(img: unknown, what: string): Tensor {
  if (img instanceof Tensor) return img;
  throw typeError(what.replace("{}", pyClassOf(img)));
}

export class ToTensor implements Transform {
  apply(img: unknown): Tensor {
    return toTensor(requirePil(img));
  }
}

export class PILToTensor implements Transform {
  apply(img: unknown): Tensor {
    if (!(img instanceof VisionImage)) throw typeError(`pic should be PIL Image. Got ${pyClassOf(img)}`);
    return pilToTensor(img);
  }
}

export class ToPILImage implements Transform {
  constructor(readonly mode: string | null = null) {}
  apply(img: unknown): VisionImage {
    return toPILImage(requireTensor(img, "pic should be Tensor or ndarray. Got {}."), this.mode);
  }
}

export class ConvertImageDtype implements Transform {
  constructor(readonly dtype: DType) {}
  apply(img: unknown): Tensor {
    return convertImageDtype(requireTensor(img, "Input img should be Tensor Image"), this.dtype);
  }
}

export class Normalize implements Transform {
  constructor(readonly mean: readonly number[], readonly std: readonly number[], readonly inplace = false) {}
  apply(img: unknown): Tensor {
    const t = requireTensor(img, "img should be Tensor Image. Got {}");
    return normalize(t, this.mean, this.std, this.inplace);
  }
}

export class Resize implements Transform {
  constructor(
    readonly size: readonly number[],
    readonly interpolation: Interpolation = "bilinear",
    readonly maxSize: number | null = null,
    readonly antialias: boolean | null = null,
  ) {}
  apply(img: unknown): Image {
    return F.resize(img as Image, this.size, this.interpolation, this.maxSize, this.antialias);
  }
}

export class CenterCrop implements Transform {
  constructor(readonly size: readonly [number, number]) {}
  apply(img: unknown): Image {
    return F.centerCrop(img as Image, this.size);
  }
}

export class Pad implements Transform {
  constructor(
    readonly padding: number | readonly number[],
    readonly fill: number | readonly number[] = 0,
    readonly mode: PadMode = "constant",
  ) {}
  apply(img: unknown): Image {
    return F.pad(img as Image, this.padding, this.fill, this.mode);
  }
}

export class Grayscale implements Transform {
  constructor(readonly outputChannels = 1) {}
  apply(img: unknown): Image {
    return F.rgbToGrayscale(img as Image, this.outputChannels);
  }
}

export class Lambda implements Transform {
  constructor(readonly fn: (img: unknown) => unknown) {}
  apply(img: unknown): unknown {
    return this.fn(img);
  }
}

export class RandomHorizontalFlip implements Transform {
  constructor(readonly p = 0.5) {}
  apply(img: unknown): Image {
    return coinFlip(this.p) ? F.hflip(img as Image) : img as Image;
  }
}

export class RandomVerticalFlip implements Transform {
  constructor(readonly p = 0.5) {}
  apply(img: unknown): Image {
    return coinFlip(this.p) ? F.vflip(img as Image) : img as Image;
  }
}

export class RandomCrop implements Transform {
  constructor(
    readonly size: readonly [number, number],
    readonly padding: number | readonly number[] | null = null,
    readonly padIfNeeded = false,
    readonly fill: number | readonly number[] = 0,
    readonly mode: PadMode = "constant",
  ) {}
  apply(input: unknown): Image {
    let img = input as Image;
    if (this.padding !== null) img = F.pad(img, this.padding, this.fill, this.mode);
    const [, height, width] = F.getDimensions(img);
    if (this.padIfNeeded && width < this.size[1]) img = F.pad(img, [this.size[1] - width, 0], this.fill, this.mode);
    if (this.padIfNeeded && height < this.size[0]) img = F.pad(img, [0, this.size[0] - height], this.fill, this.mode);
    const [, h, w] = F.getDimensions(img);
    const [i, j, th, tw] = randomCropParams([h, w], this.size);
    return F.crop(img, i, j, th, tw);
  }
}

export class RandomResizedCrop implements Transform {
  constructor(
    readonly size: readonly [number, number],
    readonly scale: readonly number[] = [0.08, 1],
    readonly ratio: readonly number[] = [3 / 4, 4 / 3],
    readonly interpolation: Interpolation = "bilinear",
    readonly antialias: boolean | null = null,
  ) {}
  apply(input: unknown): Image {
    const img = input as Image;
    const [, h, w] = F.getDimensions(img);
    const [i, j, ch, cw] = randomResizedCropParams([h, w], this.scale, this.ratio);
    return F.resizedCrop(img, i, j, ch, cw, this.size, this.interpolation, this.antialias);
  }
}

export class RandomRotation implements Transform {
  constructor(
    readonly degrees: readonly [number, number],
    readonly interpolation: Interpolation = "nearest",
    readonly expand = false,
    readonly center: readonly number[] | null = null,
    readonly fill: number | readonly number[] = 0,
  ) {}
  apply(input: unknown): Image {
    const img = input as Image;
    const [channels] = F.getDimensions(img);
    let fill = this.fill;
    if (img instanceof Tensor && typeof fill === "number") fill = new Array(channels).fill(fill);
    const angle = uniform(this.degrees[0], this.degrees[1]);
    return F.rotate(img, angle, this.interpolation, this.expand, this.center, fill);
  }
}

/**
 * ToTensor directly followed by Normalize on a PIL image, as one pass over the bytes (a 256-entry
 * table per channel); undefined where the pair does not apply.
 */
export function fusedToTensorNormalize(first: unknown, second: unknown, img: unknown): Tensor | undefined {
  if (!(first instanceof ToTensor && second instanceof Normalize && !second.inplace && img instanceof VisionImage)) {
    return undefined;
  }
  return toTensorNormalized(img, second.mean, second.std);
}

/** Applies transforms in order; ToTensor directly followed by Normalize runs as one fused pass. */
export class Compose implements Transform {
  constructor(readonly transforms: readonly Transform[]) {}
  apply(img: unknown): unknown {
    const ts = this.transforms;
    for (let k = 0; k < ts.length; k++) {
      const fused = fusedToTensorNormalize(ts[k], ts[k + 1], img);
      if (fused) k++;
      img = fused ?? ts[k].apply(img);
    }
    return img;
  }
}

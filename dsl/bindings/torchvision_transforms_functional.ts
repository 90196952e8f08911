// torchvision.transforms.functional over runtime/vision/transforms: the same code paths as the
// transform classes, taking a PIL image (VisionImage) or a tensor.

import { argBool, argFloat, argInt, type Args, builtin, pyError, type PyModule, typeOf } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { VisionImage } from "../../runtime/vision/image.ts";
import * as F from "../../runtime/vision/transforms/functional.ts";
import {
  convertImageDtype,
  normalize,
  pilToTensor,
  toPILImage,
  toTensor,
} from "../../runtime/vision/transforms/tensor_convert.ts";
import { argDType } from "./dtype_device.ts";
import { submodule } from "../runtime/modules.ts";
import {
  argAntialias,
  argChannelValues,
  argCropSize,
  argFill,
  argInterpolationOr,
  argMaxSize,
  argPadding,
  argPadMode,
  argResizeSize,
  onHost,
  T_InterpolationMode,
} from "./torchvision_transforms_args.ts";

const pyTypeName = (x: unknown) =>
  (x === null || typeof x !== "object" || x instanceof Tensor || x instanceof VisionImage)
    ? F.pyClassOf(x)
    : `<class '${typeOf(x).name}'>`;

function argPil(x: unknown, what = "pic should be PIL Image or ndarray"): VisionImage {
  if (x instanceof VisionImage) return x;
  throw pyError("TypeError", `${what}. Got ${pyTypeName(x)}`);
}

function argTensorImage(x: unknown, what: string, end = ""): Tensor {
  if (x instanceof Tensor) return x;
  throw pyError("TypeError", `${what}. Got ${pyTypeName(x)}${end}`);
}

function argImage(x: unknown): F.Image {
  if (x instanceof VisionImage || x instanceof Tensor) return x;
  throw pyError("TypeError", `img should be PIL Image. Got ${pyTypeName(x)}`);
}

/** crop's and resized_crop's box: top, left, height, width. */
function argBox(a: Args, fname: string): [number, number, number, number] {
  const int = (name: string) => argInt(a[name], fname, name);
  return [int("top"), int("left"), int("height"), int("width")];
}

const functions = {
  to_tensor: builtin("to_tensor(pic)", (a) => toTensor(argPil(a.pic))),
  pil_to_tensor: builtin("pil_to_tensor(pic)", (a) => pilToTensor(argPil(a.pic, "pic should be PIL Image"))),
  to_pil_image: builtin("to_pil_image(pic, mode=None)", (a) => {
    const pic = argTensorImage(a.pic, "pic should be Tensor or ndarray", ".");
    return onHost(pic, () => toPILImage(pic, a.mode));
  }),
  convert_image_dtype: builtin("convert_image_dtype(image, dtype=None)", (a) => {
    const img = argTensorImage(a.image, "Input img should be Tensor Image");
    return onHost(img, () => convertImageDtype(img, argDType(a.dtype, "convert_image_dtype") ?? "float32"));
  }),
  normalize: builtin("normalize(tensor, mean, std, inplace=False)", (a) => {
    const t = argTensorImage(a.tensor, "img should be Tensor Image");
    const mean = argChannelValues(a.mean, "mean"), std = argChannelValues(a.std, "std");
    return onHost(t, () => normalize(t, mean, std, argBool(a.inplace, "normalize", "inplace")));
  }),
  hflip: builtin("hflip(img)", (a) => F.hflip(argImage(a.img))),
  vflip: builtin("vflip(img)", (a) => F.vflip(argImage(a.img))),
  crop: builtin("crop(img, top, left, height, width)", (a) => F.crop(argImage(a.img), ...argBox(a, "crop"))),
  center_crop: builtin(
    "center_crop(img, output_size)",
    (a) => F.centerCrop(argImage(a.img), argCropSize(a.output_size)),
  ),
  pad: builtin("pad(img, padding, fill=0, padding_mode='constant')", (a) => {
    const img = argImage(a.img);
    return onHost(img, () => F.pad(img, argPadding(a.padding), argFill(a.fill), argPadMode(a.padding_mode)));
  }),
  resize: builtin("resize(img, size, interpolation=None, max_size=None, antialias=None)", (a) => {
    const img = argImage(a.img);
    const mode = argInterpolationOr(a.interpolation, "bilinear").value;
    const maxSize = argMaxSize(a.max_size, "resize"), antialias = argAntialias(a.antialias, "resize");
    return onHost(img, () => F.resize(img, argResizeSize(a.size), mode, maxSize, antialias));
  }),
  resized_crop: builtin(
    "resized_crop(img, top, left, height, width, size, interpolation=None, antialias=None)",
    (a) => {
      const img = argImage(a.img);
      const mode = argInterpolationOr(a.interpolation, "bilinear").value;
      const [top, left, height, width] = argBox(a, "resized_crop");
      const antialias = argAntialias(a.antialias, "resized_crop");
      return onHost(img, () => F.resizedCrop(img, top, left, height, width, argResizeSize(a.size), mode, antialias));
    },
  ),
  rgb_to_grayscale: builtin("rgb_to_grayscale(img, num_output_channels=1)", (a) => {
    const img = argImage(a.img);
    return onHost(img, () => F.rgbToGrayscale(img, argInt(a.num_output_channels, "rgb_to_grayscale", "n")));
  }),
  to_grayscale: builtin("to_grayscale(img, num_output_channels=1)", (a) =>
    F.rgbToGrayscale(
      argPil(a.img, "img should be PIL Image"),
      argInt(a.num_output_channels, "to_grayscale", "num_output_channels"),
    )),
  rotate: builtin(
    "rotate(img, angle, interpolation=None, expand=False, center=None, fill=None)",
    (a) => {
      const img = argImage(a.img);
      const mode = argInterpolationOr(a.interpolation, "nearest").value;
      const center = a.center === null ? null : argPadding(a.center) as number[];
      const fill = a.fill === null ? null : argFill(a.fill);
      const angle = argFloat(a.angle, "rotate", "angle");
      return onHost(img, () => F.rotate(img, angle, mode, !!a.expand, center, fill));
    },
  ),
  get_dimensions: builtin("get_dimensions(img)", (a) => [...F.getDimensions(argImage(a.img))]),
  get_image_size: builtin("get_image_size(img)", (a) => {
    const [, h, w] = F.getDimensions(argImage(a.img));
    return [w, h];
  }),
  get_image_num_channels: builtin("get_image_num_channels(img)", (a) => F.getDimensions(argImage(a.img))[0]),
};

/** The `torchvision.transforms.functional` module. */
export const functionalModule = (): PyModule =>
  submodule("torchvision.transforms.functional", { ...functions, InterpolationMode: T_InterpolationMode });

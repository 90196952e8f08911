// `PIL.Image.Image` over runtime/vision/image.ts's VisionImage, and the `PIL` module (Image.open, the
// resampling and transpose constants). Instances that datasets and transforms return are Python
// images as soon as this file is loaded.

import {
  argInt,
  argIntList,
  argStr,
  builtin,
  nativeClass,
  pyError,
  PyModule,
  pyTuple,
  registerModule,
} from "../runtime/binding.ts";
import { addressOf } from "../runtime/repr.ts";
import { channelsOf, type ImageMode, VisionImage } from "../../runtime/vision/image.ts";
import { cropBox, flipLeftRight, flipTopBottom } from "../../runtime/vision/transforms/image_ops.ts";
import { convertImage } from "../../runtime/vision/codec.ts";
import { type PilFilter, resizeImage } from "../../runtime/vision/transforms/pil_resample.ts";
import { openImage, saveImage } from "../../runtime/vision/transforms/image_file.ts";

/** PIL's resampling constants, by number (Image.NEAREST = 0, ...). */
export const PIL_FILTERS: PilFilter[] = ["nearest", "lanczos", "bilinear", "bicubic", "box", "hamming"];
const FILTER_NAMES = ["NEAREST", "LANCZOS", "BILINEAR", "BICUBIC", "BOX", "HAMMING"];
const TRANSPOSE_NAMES = ["FLIP_LEFT_RIGHT", "FLIP_TOP_BOTTOM"];

function argMode(x: unknown, fname: string): ImageMode {
  const mode = argStr(x, fname, "mode");
  if (!(mode in channelsOf)) throw pyError("ValueError", "conversion not supported");
  return mode as ImageMode;
}

/** `<PIL.Image.Image image mode=L size=28x28 at 0x7F...>`: PIL prints the address in upper case. */
function imageRepr(img: VisionImage): string {
  const addr = "0x" + addressOf(img).slice(2).toUpperCase();
  return `<PIL.Image.Image image mode=${img.mode} size=${img.width}x${img.height} at ${addr}>`;
}

export const T_Image = nativeClass({
  name: "Image",
  module: "PIL.Image",
  jsClass: VisionImage,
  methods: {
    __repr__: ["__repr__()", (self: VisionImage) => imageRepr(self)],
    convert: [
      "convert(mode=None)",
      (self: VisionImage, a) => convertImage(self, a.mode === null ? self.mode : argMode(a.mode, "convert")),
    ],
    save: [
      "save(fp, format=None, **params)",
      (self: VisionImage, a) =>
        saveImage(self, argStr(a.fp, "save", "fp"), a.format === null ? null : argStr(a.format, "save", "format")),
    ],
    copy: ["copy()", (self: VisionImage) => new VisionImage(self.width, self.height, self.mode, self.data.slice())],
    resize: [
      "resize(size, resample=None, box=None, reducing_gap=None)",
      (self: VisionImage, a) => {
        const [w, h] = argIntList(a.size, "resize", "size");
        // Pillow 9 resamples with BICUBIC unless told otherwise.
        const filter = a.resample === null ? "bicubic" : PIL_FILTERS[argInt(a.resample, "resize", "resample")];
        if (!filter) throw pyError("ValueError", `Unknown resampling filter (${a.resample}).`);
        return resizeImage(self, w, h, filter);
      },
    ],
    crop: [
      "crop(box=None)",
      (self: VisionImage, a) => {
        if (a.box === null) return new VisionImage(self.width, self.height, self.mode, self.data.slice());
        const [l, t, r, b] = argIntList(a.box, "crop", "box");
        if (r < l) throw pyError("ValueError", "Coordinate 'right' is less than 'left'");
        if (b < t) throw pyError("ValueError", "Coordinate 'lower' is less than 'upper'");
        return cropBox(self, l, t, r, b);
      },
    ],
    transpose: [
      "transpose(method)",
      (self: VisionImage, a) => {
        const m = argInt(a.method, "transpose", "method");
        if (m === 0) return flipLeftRight(self);
        if (m === 1) return flipTopBottom(self);
        throw pyError("NotImplementedError", `transpose method ${m} is not supported`);
      },
    ],
    getpixel: [
      "getpixel(xy)",
      (self: VisionImage, a) => {
        const [x, y] = argIntList(a.xy, "getpixel", "xy");
        if (x < 0 || y < 0 || x >= self.width || y >= self.height) {
          throw pyError("IndexError", "image index out of range");
        }
        const at = (y * self.width + x) * self.channels;
        const px = Array.from(self.data.subarray(at, at + self.channels));
        return self.channels === 1 ? px[0] : pyTuple(px);
      },
    ],
    getbands: ["getbands()", (self: VisionImage) => pyTuple(self.mode.split(""))],
  },
  properties: {
    size: { get: (self: VisionImage) => pyTuple([self.width, self.height]) },
    width: { get: (self: VisionImage) => self.width },
    height: { get: (self: VisionImage) => self.height },
    mode: { get: (self: VisionImage) => self.mode },
  },
});

const open = builtin("open(fp, mode='r', formats=None)", (a) => openImage(argStr(a.fp, "open", "fp")));

/** The `PIL.Image` module's attributes. */
export function imageModuleAttributes(): Record<string, unknown> {
  const attrs: Record<string, unknown> = { Image: T_Image, open };
  FILTER_NAMES.forEach((name, i) => (attrs[name] = i));
  TRANSPOSE_NAMES.forEach((name, i) => (attrs[name] = i));
  const resampling = new PyModule("PIL.Image.Resampling");
  FILTER_NAMES.forEach((name, i) => (resampling.$d[name] = i));
  const transpose = new PyModule("PIL.Image.Transpose");
  TRANSPOSE_NAMES.forEach((name, i) => (transpose.$d[name] = i));
  return { ...attrs, Resampling: resampling, Transpose: transpose };
}

/** The `PIL` package with its `Image` module (ecosystem.ts loads this on `import PIL`). */
export function pilModule(): PyModule {
  const image = new PyModule("PIL.Image");
  Object.assign(image.$d, imageModuleAttributes());
  registerModule("PIL.Image", () => image);
  const pil = new PyModule("PIL");
  Object.assign(pil.$d, { __version__: "9.4.0", Image: image });
  return pil;
}

// torchvision.transforms against torchvision 0.14.1, PIL 9.4 and torch 1.13: every expected value is
// in tests/fixtures/vision_transforms/expected.json, which make_expected.py beside it printed with
// /usr/bin/python3 for the same images and seeds. The Python-facing reprs and errors are checked by
// running tsl snippets against what torchvision printed.
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import "../dsl/bindings/ecosystem.ts";
import { Tensor } from "../runtime/tensor.ts";
import { manualSeed } from "../runtime/random/generator.ts";
import { rand } from "../runtime/random/ops.ts";
import { VisionImage } from "../runtime/vision/image.ts";
import * as F from "../runtime/vision/transforms/functional.ts";
import * as T from "../runtime/vision/transforms/transforms.ts";
import { normalize, pilToTensor, toPILImage, toTensor } from "../runtime/vision/transforms/tensor_convert.ts";
import { resizeImage } from "../runtime/vision/transforms/pil_resample.ts";
import { randomResizedCropParams } from "../runtime/vision/transforms/random_params.ts";
import { convertImage } from "../runtime/vision/codec.ts";
import { assertClose, assertTorchError, values } from "./helpers.ts";
import { runTsl } from "./lang_harness.ts";

const expected = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/vision_transforms/expected.json", import.meta.url)),
);

const bytes = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * k) % 256);
/** Image.frombytes("RGB", (3, 2), ...) and Image.frombytes("L", (7, 5), ...) of make_expected.py. */
const rgb = new VisionImage(3, 2, "RGB", bytes(18, 37));
const gray = new VisionImage(7, 5, "L", bytes(35, 53));
const grayTensor = (dtype: "float32" | "uint8") => Tensor.fromArray(gray.data, [1, 5, 7], dtype);
const pixels = (img: VisionImage) => values(pilToTensor(img));
const exact = { rtol: 0, atol: 0 };

Deno.test("ToTensor and Normalize", async (t) => {
  await t.step("ToTensor: HWC bytes to CHW float32 / 255", () => {
    const x = toTensor(rgb);
    assert.deepEqual(x.shape, [3, 2, 3]);
    assertClose(values(x), expected.toTensor, exact);
  });
  await t.step("Normalize per channel, alone and fused after ToTensor in a Compose", () => {
    const mean = [0.5, 0.4, 0.3], std = [0.2, 0.25, 0.3];
    assertClose(values(normalize(toTensor(rgb), mean, std)), expected.normalized, exact);
    const composed = new T.Compose([new T.ToTensor(), new T.Normalize(mean, std)]).apply(rgb) as Tensor;
    assertClose(values(composed), expected.normalized, exact);
  });
  await t.step("Normalize's errors", () => {
    assertTorchError(
      () => normalize(toTensor(rgb), [0.5], [0]),
      "ValueError",
      "std evaluated to zero after conversion to torch.float32, leading to division by zero.",
    );
    assertTorchError(
      () => normalize(toTensor(rgb), [0.5, 0.5], [1, 1]),
      "RuntimeError",
      "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0",
    );
    assertTorchError(
      () => normalize(pilToTensor(rgb), [0.5], [0.5]),
      "TypeError",
      "Input tensor should be a float tensor. Got torch.uint8.",
    );
  });
  await t.step("ToPILImage scales floats by 255 and truncates; PILToTensor round-trips bytes", () => {
    const img = toPILImage(toTensor(rgb));
    assert.equal(img.mode, "RGB");
    assert.deepEqual([...img.data], [...rgb.data]);
    assert.equal(toPILImage(grayTensor("uint8")).mode, "L");
  });
});

Deno.test("PIL resampling matches Pillow 9.4 exactly", async (t) => {
  await t.step("bilinear, downscaling with the widened (antialiasing) filter", () => {
    assert.deepEqual(pixels(resizeImage(gray, 3, 4, "bilinear")), expected.pilBilinear34);
  });
  await t.step("bilinear, upscaling", () => {
    assert.deepEqual(pixels(resizeImage(gray, 11, 9, "bilinear")), expected.pilBilinear119);
  });
  await t.step("bicubic and nearest", () => {
    assert.deepEqual(pixels(resizeImage(gray, 4, 3, "bicubic")), expected.pilBicubic43);
    assert.deepEqual(pixels(resizeImage(gray, 4, 3, "nearest")), expected.pilNearest43);
  });
  await t.step("RGB to L with PIL's fixed-point luma", () => {
    assert.deepEqual(pixels(convertImage(rgb, "L")), expected.rgbToL);
  });
});

Deno.test("tensor resize matches torch 1.13's upsample kernel bit for bit", async (t) => {
  await t.step("bilinear, float32", () => {
    assertClose(values(F.resize(grayTensor("float32"), [4, 3]) as Tensor), expected.tensorBilinear43, exact);
    assertClose(values(F.resize(grayTensor("float32"), [9, 8]) as Tensor), expected.tensorBilinear98, exact);
  });
  await t.step("bilinear on uint8 rounds half to even", () => {
    const r = F.resize(grayTensor("uint8"), [9, 8]) as Tensor;
    assert.equal(r.dtype, "uint8");
    assert.deepEqual(values(r), expected.tensorUint8Bilinear98);
  });
  await t.step("nearest", () => {
    assertClose(values(F.resize(grayTensor("float32"), [9, 8], "nearest") as Tensor), expected.tensorNearest98, exact);
  });
  await t.step("smaller-edge sizes and max_size", () => {
    assert.deepEqual(F.resizedOutputSize([23, 31], [8]), [8, 10]);
    assert.deepEqual(F.resizedOutputSize([23, 31], [30], 35), [26, 35]);
    assertTorchError(
      () => F.resizedOutputSize([4, 5], [4], 3),
      "ValueError",
      "max_size = 3 must be strictly greater than the requested size for the smaller edge size = [4]",
    );
  });
});

Deno.test("padding and cropping", async (t) => {
  await t.step("symmetric padding of a PIL image", () => {
    assert.deepEqual(pixels(F.pad(gray, [2, 1, 0, 3], 0, "symmetric") as VisionImage), expected.padSymmetric);
  });
  await t.step("reflect padding of a tensor", () => {
    assertClose(values(F.pad(grayTensor("float32"), [2, 1], 0, "reflect") as Tensor), expected.padReflectTensor, exact);
  });
  await t.step("a crop reaching outside the image is zero-filled", () => {
    assert.deepEqual(pixels(F.crop(gray, -1, 5, 3, 4) as VisionImage), expected.cropOutside);
  });
});

Deno.test("random transforms draw from torch's generator as torchvision does", async (t) => {
  await t.step("RandomCrop, RandomHorizontalFlip and RandomResizedCrop after manual_seed(0)", () => {
    manualSeed(0);
    const x = Tensor.fromArray(Array.from({ length: 25 }, (_, i) => i), [1, 5, 5], "float32");
    const crop = new T.RandomCrop([3, 3], 1);
    const corners = Array.from({ length: 6 }, () => values(crop.apply(x) as Tensor)[0]);
    assert.deepEqual(corners, expected.randomCropCorners);
    const flip = new T.RandomHorizontalFlip(0.4);
    const pair = Tensor.fromArray([0, 1], [1, 1, 2], "float32");
    const flips = Array.from({ length: 10 }, () => values(flip.apply(pair) as Tensor)[0] === 1);
    assert.deepEqual(flips, expected.flips);
    const params = Array.from({ length: 5 }, () => randomResizedCropParams([30, 20], [0.08, 1], [3 / 4, 4 / 3]));
    assert.deepEqual(params, expected.rrcParams);
    assertClose(values(rand([2])), expected.afterDraws, exact);
  });
});

Deno.test("rotation with nearest sampling", async (t) => {
  await t.step("PIL images: Pillow's fixed-point affine loop, about a point and expanded", () => {
    assert.deepEqual(pixels(F.rotate(gray, -33.5, "nearest", false, [2, 3], 7) as VisionImage), expected.rotatePil);
    const expanded = F.rotate(rgb, 123.4, "nearest", true, null, [1, 2, 3]) as VisionImage;
    assert.deepEqual(pixels(expanded), expected.rotatePilExpand);
  });
  await t.step("tensors: torchvision's affine grid and grid_sample's nearest rule", () => {
    assertClose(values(F.rotate(grayTensor("float32"), 17.25) as Tensor), expected.rotateTensor, exact);
  });
  await t.step("RandomRotation draws its angle as torch.empty(1).uniform_(-d, d)", () => {
    manualSeed(5);
    const rotation = new T.RandomRotation([-40, 40]);
    const images = Array.from({ length: 2 }, () => pixels(rotation.apply(gray) as VisionImage));
    assert.deepEqual(images, expected.randomRotation);
  });
});

const REPR_SCRIPT = `
import torch
from torchvision import transforms as T
import torchvision.transforms.functional as TF
from PIL import Image
print(T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))]))
print(T.RandomCrop(28, padding=4), T.Resize(32), T.CenterCrop((10, 5)), T.RandomHorizontalFlip(0.3))
print(T.RandomResizedCrop(24))
print(T.RandomRotation(10), T.RandomRotation((5, 20), expand=True, center=(1, 2), fill=3))
img = TF.to_pil_image(torch.arange(6, dtype=torch.uint8).reshape(1, 2, 3))
print(img.size, img.mode, img.width, img.height, type(img))
print(repr(img)[:46])
print(img.getpixel((2, 1)), img.convert("RGB").getpixel((1, 0)), img.resize((6, 4)).size)
try:
    T.ToTensor()(torch.zeros(1, 2, 2))
except TypeError as e:
    print(e)
`;

const REPR_EXPECTED = `Compose(
    ToTensor()
    Normalize(mean=(0.5,), std=(0.5,))
)
RandomCrop(size=(28, 28), padding=4) Resize(size=32, interpolation=bilinear, max_size=None, antialias=None) CenterCrop(size=(10, 5)) RandomHorizontalFlip(p=0.3)
RandomResizedCrop(size=(24, 24), scale=(0.08, 1.0), ratio=(0.75, 1.3333), interpolation=bilinear), antialias=None)
RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest, expand=False, fill=0) RandomRotation(degrees=[5.0, 20.0], interpolation=nearest, expand=True, center=(1, 2), fill=3)
(3, 2) L 3 2 <class 'PIL.Image.Image'>
<PIL.Image.Image image mode=L size=3x2 at 0x7F
5 (1, 1, 1) (6, 4)
pic should be PIL Image or ndarray. Got <class 'torch.Tensor'>
`;

Deno.test("Python binding: reprs, the PIL image type and errors as torchvision prints them", async () => {
  const r = await runTsl(REPR_SCRIPT);
  assert.equal(r.err, "");
  assert.equal(r.out, REPR_EXPECTED);
});

Deno.test("PIL.Image.open reads back what Image.save wrote (PNG, lossless)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const script = `
import torch
from PIL import Image
import torchvision.transforms.functional as TF
img = TF.to_pil_image((torch.arange(60) * 7 % 256).to(torch.uint8).reshape(3, 4, 5))
img.save("${dir}/a.png")
back = Image.open("${dir}/a.png")
print(back.mode, back.size, bool((TF.pil_to_tensor(back) == TF.pil_to_tensor(img)).all()))
try:
    Image.open("${dir}/missing.png")
except FileNotFoundError as e:
    print("FileNotFoundError")
`;
    const r = await runTsl(script);
    assert.equal(r.err, "");
    assert.equal(r.out, "RGB (5, 4) True\nFileNotFoundError\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

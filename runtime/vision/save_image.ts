// torchvision.utils.save_image: make_grid, then torchvision's conversion to bytes,
// `grid.mul(255).add_(0.5).clamp_(0, 255).permute(1, 2, 0).to("cpu", torch.uint8)`, written as PNG
// (or JPEG, chosen like PIL by the format or the file's extension).

import { withGradMode } from "../autograd/grad_mode.ts";
import { getDevice } from "../device.ts";
import { TorchError, valueError } from "../errors.ts";
import { add_, mul } from "../ops/binary.ts";
import { clamp_ } from "../ops/clamp.ts";
import { pyFloat } from "../ops/scalar.ts";
import { toCopy } from "../ops/to_copy.ts";
import { permute } from "../ops/views.ts";
import type { Tensor } from "../tensor.ts";
import { encodeJpeg, encodePng, type ImageFormat } from "./codec.ts";
import { type ImageMode, VisionImage } from "./image.ts";
import { makeGrid, type MakeGridOptions } from "./make_grid.ts";
import { writeBytes } from "./datasets/files.ts";

const MODES: Record<number, ImageMode> = { 1: "L", 3: "RGB", 4: "RGBA" };

/** A C×H×W (or H×W) tensor as an 8-bit image, rounded as save_image rounds it. */
export async function gridToImage(grid: Tensor): Promise<VisionImage> {
  return await withGradMode(false, async () => {
    const scaled = clamp_(add_(mul(grid, 255), pyFloat(0.5)), { min: 0, max: 255 });
    const hwc = grid.ndim === 2 ? scaled : permute(scaled, [1, 2, 0]);
    const bytes = await toCopy(hwc, "uint8", getDevice("cpu"));
    const channels = grid.ndim === 2 ? 1 : grid.shape[0];
    const mode = MODES[channels];
    if (mode === undefined) throw valueError(`save_image cannot store an image with ${channels} channels`);
    return new VisionImage(hwc.shape[1], hwc.shape[0], mode, (await bytes.data()) as Uint8Array);
  });
}

/** The format PIL picks: the `format` argument, else the file's extension. */
export function formatFor(path: string, format: string | null): ImageFormat {
  const name = (format ?? "").toUpperCase();
  if (name === "PNG") return "PNG";
  if (name === "JPEG" || name === "JPG") return "JPEG";
  if (format !== null) throw new TorchError("KeyError", `'${name}'`);
  const dot = path.lastIndexOf(".");
  const ext = dot < 0 || path.lastIndexOf("/") > dot ? "" : path.slice(dot).toLowerCase();
  if (ext === ".png") return "PNG";
  if (ext === ".jpg" || ext === ".jpeg" || ext === ".jpe" || ext === ".jfif") return "JPEG";
  throw valueError(`unknown file extension: ${ext}`);
}

export async function saveImage(
  tensor: Tensor | readonly Tensor[],
  path: string,
  format: string | null = null,
  opts: MakeGridOptions = {},
): Promise<void> {
  const fmt = formatFor(path, format);
  const image = await gridToImage(await makeGrid(tensor, opts));
  await writeBytes(path, fmt === "PNG" ? encodePng(image) : encodeJpeg(image));
}

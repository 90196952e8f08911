// PIL's Image.open and Image.save for the VisionImage stand-in, over runtime/vision/codec.ts.

import { TorchError } from "../../errors.ts";
import { decodeImage, encodeJpeg, encodePng } from "../codec.ts";
import type { VisionImage } from "../image.ts";

function noSuchFile(path: string): TorchError {
  return new TorchError("FileNotFoundError", `[Errno 2] No such file or directory: '${path}'`);
}

/** `PIL.Image.open(path)`: a PNG or JPEG file. */
export function openImage(path: string): VisionImage {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch {
    throw noSuchFile(path);
  }
  return decodeImage(bytes, path);
}

/** `img.save(path, format)`: PNG or JPEG, chosen by `format` or else by the file's extension. */
export function saveImage(img: VisionImage, path: string, format: string | null = null): void {
  const kind = (format ?? path.split(".").pop() ?? "").toUpperCase();
  const jpeg = kind === "JPEG" || kind === "JPG";
  if (!jpeg && kind !== "PNG") throw new TorchError("ValueError", `unknown file extension: .${kind.toLowerCase()}`);
  try {
    Deno.writeFileSync(path, jpeg ? encodeJpeg(img) : encodePng(img));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw noSuchFile(path);
    throw e;
  }
}

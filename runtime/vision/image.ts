// The small image type that flows through torchvision's datasets and transforms, standing in for
// PIL's Image: 8-bit pixels in row-major HWC order, as PIL stores them and as ToTensor expects.

export type ImageMode = "L" | "RGB" | "RGBA";

export const channelsOf: Record<ImageMode, number> = { L: 1, RGB: 3, RGBA: 4 };

export class VisionImage {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly mode: ImageMode,
    /** height × width × channels bytes. */
    readonly data: Uint8Array,
  ) {
    const expected = width * height * channelsOf[mode];
    if (data.length !== expected) {
      throw new RangeError(`a ${width}x${height} ${mode} image needs ${expected} bytes, got ${data.length}`);
    }
  }

  get channels(): number {
    return channelsOf[this.mode];
  }
}

// JPEG decoding that follows libjpeg-turbo (what PIL uses) after jpeg-js's entropy decoding and
// IDCT: jpeg-js replicates subsampled chroma (nearest neighbour) and converts colours in floating
// point, which moves edge pixels of 4:2:0 photos by tens of levels from PIL's. So jpeg-js is asked
// for the raw Y/Cb/Cr planes, the subsampled chroma is recovered from them, and libjpeg's "fancy"
// triangle-filter upsampling and its fixed-point YCbCr→RGB tables are applied here.

import jpeg from "jpeg-js";

interface FrameInfo {
  components: { h: number; v: number }[];
  /** An Adobe APP14 marker asks for its own colour transform (jpeg-js applies it itself). */
  adobeTransform: boolean;
}

/** The frame's sampling factors and whether an Adobe marker is present, from the markers. */
function frameInfo(bytes: Uint8Array): FrameInfo | null {
  let pos = 2;
  let adobeTransform = false;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1];
    const length = (bytes[pos + 2] << 8) | bytes[pos + 3];
    if (marker === 0xee && bytes[pos + 4] === 0x41 && bytes[pos + 5] === 0x64) adobeTransform = bytes[pos + 15] !== 0;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      const count = bytes[pos + 9];
      const components = Array.from({ length: count }, (_, i) => {
        const hv = bytes[pos + 11 + 3 * i];
        return { h: hv >> 4, v: hv & 15 };
      });
      return { components, adobeTransform };
    }
    pos += 2 + length;
  }
  return null;
}

export interface DecodedJpeg {
  width: number;
  height: number;
  /** 1 (greyscale) or 3 (RGB). */
  channels: 1 | 3;
  data: Uint8Array;
}

// libjpeg's jdcolor.c tables (SCALEBITS = 16).
const FIX = (x: number) => Math.floor(x * 65536 + 0.5);
const CR_R = new Int32Array(256), CB_B = new Int32Array(256), CR_G = new Int32Array(256), CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (FIX(1.402) * x + 32768) >> 16;
  CB_B[i] = (FIX(1.772) * x + 32768) >> 16;
  CR_G[i] = -FIX(0.71414) * x;
  CB_G[i] = -FIX(0.34414) * x + 32768;
}
const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

export function decodeJpegLikeLibjpeg(bytes: Uint8Array): DecodedJpeg {
  const info = frameInfo(bytes);
  const raw = info !== null && info.components.length === 3 && !info.adobeTransform;
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, colorTransform: raw ? false : undefined });
  const { width, height } = img;
  const data = img.data as Uint8Array;
  if (info?.components.length === 1) {
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = data[3 * i];
    return { width, height, channels: 1, data: grey };
  }
  if (!raw) return { width, height, channels: 3, data };
  const maxH = Math.max(...info.components.map((c) => c.h)), maxV = Math.max(...info.components.map((c) => c.v));
  const planes = [0, 1, 2].map((c) => {
    const { h, v } = info.components[c];
    return upsample(data, c, width, height, maxH / h, maxV / v);
  });
  const rgb = new Uint8Array(width * height * 3);
  const [yP, cbP, crP] = planes;
  for (let i = 0; i < width * height; i++) {
    const y = yP[i], cb = cbP[i], cr = crP[i];
    rgb[3 * i] = clamp(y + CR_R[cr]);
    rgb[3 * i + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> 16));
    rgb[3 * i + 2] = clamp(y + CB_B[cb]);
  }
  return { width, height, channels: 3, data: rgb };
}

/**
 * Channel `c` of jpeg-js's nearest-neighbour output at full size, re-upsampled as libjpeg does:
 * the subsampled plane is read back at every (fx, fy)-th pixel, then the triangle filter is applied
 * for 2×1 and 2×2 subsampling (other factors keep the replication, as libjpeg's "int" upsampler does).
 */
function upsample(data: Uint8Array, c: number, width: number, height: number, fx: number, fy: number): Uint8Array {
  const full = new Uint8Array(width * height);
  for (let i = 0; i < full.length; i++) full[i] = data[3 * i + c];
  const w = Math.ceil(width / fx), h = Math.ceil(height / fy);
  const fancy = fx === 2 && (fy === 1 || fy === 2) && w > 2;
  if (!fancy) return full;
  const sub = new Int32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) sub[y * w + x] = full[y * fy * width + x * fx];
  const out = new Uint8Array(width * height);
  const outRows = fy === 2 ? 2 : 1;
  const row = new Uint8Array(2 * w);
  for (let y = 0; y < h; y++) {
    for (let v = 0; v < outRows; v++) {
      const oy = y * outRows + v;
      if (oy >= height) break;
      if (fy === 1) h2v1Row(sub, y * w, w, row);
      else h2v2Row(sub, y * w, (v === 0 ? Math.max(y - 1, 0) : Math.min(y + 1, h - 1)) * w, w, row);
      out.set(row.subarray(0, width), oy * width);
    }
  }
  return out;
}

/** libjpeg's h2v1_fancy_upsample for one row. */
function h2v1Row(sub: Int32Array, at: number, w: number, out: Uint8Array): void {
  out[0] = sub[at];
  out[1] = (sub[at] * 3 + sub[at + 1] + 2) >> 2;
  for (let x = 1; x < w - 1; x++) {
    const v = sub[at + x] * 3;
    out[2 * x] = (v + sub[at + x - 1] + 1) >> 2;
    out[2 * x + 1] = (v + sub[at + x + 1] + 2) >> 2;
  }
  const last = sub[at + w - 1];
  out[2 * w - 2] = (last * 3 + sub[at + w - 2] + 1) >> 2;
  out[2 * w - 1] = last;
}

/** libjpeg's h2v2_fancy_upsample for one output row: this input row weighted 3, its neighbour 1. */
function h2v2Row(sub: Int32Array, at: number, near: number, w: number, out: Uint8Array): void {
  let thisSum = sub[at] * 3 + sub[near];
  let nextSum = sub[at + 1] * 3 + sub[near + 1];
  out[0] = (thisSum * 4 + 8) >> 4;
  out[1] = (thisSum * 3 + nextSum + 7) >> 4;
  let lastSum = thisSum;
  thisSum = nextSum;
  for (let x = 1; x < w - 1; x++) {
    nextSum = sub[at + x + 1] * 3 + sub[near + x + 1];
    out[2 * x] = (thisSum * 3 + lastSum + 8) >> 4;
    out[2 * x + 1] = (thisSum * 3 + nextSum + 7) >> 4;
    lastSum = thisSum;
    thisSum = nextSum;
  }
  out[2 * w - 2] = (thisSum * 3 + lastSum + 8) >> 4;
  out[2 * w - 1] = (thisSum * 4 + 7) >> 4;
}

// Saving a figure: the format follows the file extension (.png or .svg), as matplotlib's savefig does
// (PNG, SVG and JPEG here).

import { encode } from "fast-png";
import jpeg from "jpeg-js";
import type { Figure } from "./figure.ts";
import { buildScene } from "./scene.ts";
import { renderSvg } from "./svg.ts";
import { rasterize } from "./raster.ts";

export type ImageFormat = "png" | "svg" | "jpg";

export class UnsupportedFormat extends Error {
  constructor(readonly format: string) {
    super(`Format '${format}' is not supported (supported formats: jpeg, jpg, png, svg)`);
  }
}

export function formatOf(path: string, format: string | null = null): ImageFormat {
  const ext = (format ?? (/\.([^./]+)$/.exec(path)?.[1] ?? "png")).toLowerCase();
  if (ext === "jpeg" || ext === "jpg") return "jpg";
  if (ext !== "png" && ext !== "svg") throw new UnsupportedFormat(ext);
  return ext;
}

/** The figure's bytes in a format, at its dpi (or the one given). */
export function renderFigure(fig: Figure, format: ImageFormat, dpi: number | null = null): Uint8Array {
  const saved = fig.dpi;
  if (dpi !== null) fig.dpi = dpi;
  try {
    const scene = buildScene(fig);
    if (format === "svg") return new TextEncoder().encode(renderSvg(scene));
    const canvas = rasterize(scene);
    if (format === "jpg") {
      return jpeg.encode({ data: canvas.rgba, width: canvas.width, height: canvas.height }, 90).data;
    }
    // Figures are opaque: RGB is a quarter less to compress than RGBA, and deflate is most of the cost.
    const rgb = new Uint8Array(canvas.width * canvas.height * 3);
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
      rgb[j] = canvas.rgba[i];
      rgb[j + 1] = canvas.rgba[i + 1];
      rgb[j + 2] = canvas.rgba[i + 2];
    }
    return encode({ width: canvas.width, height: canvas.height, data: rgb, channels: 3 });
  } finally {
    fig.dpi = saved;
  }
}

export function saveFigure(fig: Figure, path: string, dpi: number | null = null, format: string | null = null): void {
  Deno.writeFileSync(path, renderFigure(fig, formatOf(path, format), dpi));
}

// Scene → RGBA pixels: anti-aliased strokes (coverage from the distance to each segment), filled
// rectangles and markers, nearest-neighbour images and the built-in bitmap font.

import { parseHex, type RGB } from "./colors.ts";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphCoverage } from "./font.ts";
import type { Primitive, Rect, Scene } from "./scene.ts";

export class Canvas {
  readonly rgba: Uint8Array;
  private clip: Rect;
  constructor(readonly width: number, readonly height: number) {
    this.rgba = new Uint8Array(width * height * 4);
    this.clip = { x: 0, y: 0, w: width, h: height };
  }

  setClip(rect: Rect | null): void {
    const full = { x: 0, y: 0, w: this.width, h: this.height };
    if (!rect) return void (this.clip = full);
    const x0 = Math.max(0, rect.x), y0 = Math.max(0, rect.y);
    const x1 = Math.min(this.width, rect.x + rect.w), y1 = Math.min(this.height, rect.y + rect.h);
    this.clip = { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
  }

  /** Blends `color` over pixel (x, y) with coverage `alpha` in [0, 1]. */
  blend(x: number, y: number, color: RGB, alpha: number): void {
    const c = this.clip;
    if (alpha <= 0 || x < c.x || y < c.y || x >= c.x + c.w || y >= c.y + c.h) return;
    const i = (y * this.width + x) * 4;
    const a = Math.min(1, alpha);
    for (let k = 0; k < 3; k++) this.rgba[i + k] = Math.round(this.rgba[i + k] * (1 - a) + color[k] * a);
    this.rgba[i + 3] = Math.round(this.rgba[i + 3] * (1 - a) + 255 * a);
  }

  /** Opaque fill: pixels are set, not blended (the figure and axes backgrounds cover most of the image). */
  fillRect(r: Rect, color: RGB): void {
    const c = this.clip;
    const x0 = Math.max(Math.round(r.x), Math.ceil(c.x)), x1 = Math.min(Math.round(r.x + r.w), Math.floor(c.x + c.w));
    const y0 = Math.max(Math.round(r.y), Math.ceil(c.y)), y1 = Math.min(Math.round(r.y + r.h), Math.floor(c.y + c.h));
    if (x1 <= x0) return;
    const row = new Uint8Array((x1 - x0) * 4);
    for (let i = 0; i < row.length; i += 4) row.set([color[0], color[1], color[2], 255], i);
    for (let y = y0; y < y1; y++) this.rgba.set(row, (y * this.width + x0) * 4);
  }

  /** A straight segment of the given width, anti-aliased. */
  segment(ax: number, ay: number, bx: number, by: number, width: number, color: RGB): void {
    const half = Math.max(width, 1) / 2;
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const x0 = Math.floor(Math.min(ax, bx) - half - 1), x1 = Math.ceil(Math.max(ax, bx) + half + 1);
    const y0 = Math.floor(Math.min(ay, by) - half - 1), y1 = Math.ceil(Math.max(ay, by) + half + 1);
    for (let y = Math.max(y0, 0); y <= Math.min(y1, this.height - 1); y++) {
      for (let x = Math.max(x0, 0); x <= Math.min(x1, this.width - 1); x++) {
        const px = x + 0.5, py = y + 0.5;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
        const coverage = Math.min(1, half + 0.5 - d) * (width < 1 ? width : 1);
        if (coverage > 0) this.blend(x, y, color, coverage);
      }
    }
  }

  polyline(points: [number, number][], width: number, color: RGB, dash: number[] | null): void {
    const finite = (p: [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);
    if (!dash) {
      for (let i = 1; i < points.length; i++) {
        if (finite(points[i - 1]) && finite(points[i])) {
          this.segment(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1], width, color);
        }
      }
      return;
    }
    // Walk the line, drawing the "on" parts of the dash pattern.
    let k = 0, left = dash[0];
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1], [bx, by] = points[i];
      if (!finite(points[i - 1]) || !finite(points[i])) continue;
      const len = Math.hypot(bx - ax, by - ay);
      let pos = 0;
      while (pos < len) {
        const step = Math.min(left, len - pos);
        if (k % 2 === 0) {
          const t0 = pos / len, t1 = (pos + step) / len;
          this.segment(
            ax + (bx - ax) * t0,
            ay + (by - ay) * t0,
            ax + (bx - ax) * t1,
            ay + (by - ay) * t1,
            width,
            color,
          );
        }
        pos += step;
        left -= step;
        if (left <= 1e-9) left = dash[k = (k + 1) % dash.length];
      }
    }
  }

  disc(cx: number, cy: number, radius: number, color: RGB): void {
    for (let y = Math.floor(cy - radius - 1); y <= Math.ceil(cy + radius + 1); y++) {
      for (let x = Math.floor(cx - radius - 1); x <= Math.ceil(cx + radius + 1); x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        this.blend(x, y, color, Math.min(1, radius + 0.5 - d));
      }
    }
  }

  marker(marker: string, x: number, y: number, size: number, color: RGB): void {
    const r = size / 2;
    if (marker === "s") return this.fillRect({ x: x - r, y: y - r, w: size, h: size }, color);
    if (marker === "+") {
      this.segment(x - r, y, x + r, y, 1, color);
      return this.segment(x, y - r, x, y + r, 1, color);
    }
    if (marker === "x") {
      this.segment(x - r, y - r, x + r, y + r, 1, color);
      return this.segment(x - r, y + r, x + r, y - r, 1, color);
    }
    this.disc(x, y, marker === "." || marker === "," ? r / 2 : r, color);
  }

  /** Bitmap text scaled to `size` px; vertical text reads bottom to top. */
  text(p: Extract<Primitive, { kind: "text" }>, color: RGB): void {
    const scale = p.size / GLYPH_HEIGHT;
    const chars = Array.from(p.text);
    const along = chars.length * GLYPH_WIDTH * scale, across = GLYPH_HEIGHT * scale;
    const start = p.anchor === "start" ? 0 : p.anchor === "middle" ? -along / 2 : -along;
    const top = p.baseline === "top" ? 0 : p.baseline === "middle" ? -across / 2 : -across;
    for (let u = 0; u < Math.ceil(along); u++) {
      const ch = chars[Math.floor(u / (GLYPH_WIDTH * scale))];
      if (ch === undefined) continue;
      const gx = Math.min(GLYPH_WIDTH - 1, Math.floor((u % (GLYPH_WIDTH * scale)) / scale));
      for (let v = 0; v < Math.ceil(across); v++) {
        const gy = Math.min(GLYPH_HEIGHT - 1, Math.floor(v / scale));
        const coverage = glyphCoverage(ch, gx, gy);
        if (coverage === 0) continue;
        const x = p.vertical ? Math.round(p.x + top + v) : Math.round(p.x + start + u);
        const y = p.vertical ? Math.round(p.y - start - u) : Math.round(p.y + top + v);
        this.blend(x, y, color, coverage);
      }
    }
  }

  image(rect: Rect, width: number, height: number, rgba: Uint8Array): void {
    for (let y = Math.round(rect.y); y < Math.round(rect.y + rect.h); y++) {
      const sy = Math.min(height - 1, Math.floor((y + 0.5 - rect.y) / rect.h * height));
      for (let x = Math.round(rect.x); x < Math.round(rect.x + rect.w); x++) {
        const sx = Math.min(width - 1, Math.floor((x + 0.5 - rect.x) / rect.w * width));
        const i = (sy * width + sx) * 4;
        this.blend(x, y, [rgba[i], rgba[i + 1], rgba[i + 2]], rgba[i + 3] / 255);
      }
    }
  }
}

export function rasterize(scene: Scene): Canvas {
  const canvas = new Canvas(scene.width, scene.height);
  for (const p of scene.primitives) {
    canvas.setClip("clip" in p ? p.clip : null);
    switch (p.kind) {
      case "rect":
        if (p.fill) canvas.fillRect(p.rect, parseHex(p.fill));
        if (p.stroke) {
          const { x, y, w, h } = p.rect;
          const corners: [number, number][] = [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
          canvas.polyline(corners, p.width, parseHex(p.stroke), null);
        }
        break;
      case "polyline":
        canvas.polyline(p.points, p.width, parseHex(p.color), p.dash);
        break;
      case "markers":
        for (const [x, y] of p.points) {
          if (Number.isFinite(x) && Number.isFinite(y)) canvas.marker(p.marker, x, y, p.size, parseHex(p.color));
        }
        break;
      case "text":
        canvas.text(p, parseHex(p.color));
        break;
      case "image":
        canvas.image(p.rect, p.width, p.height, p.rgba);
        break;
    }
  }
  return canvas;
}

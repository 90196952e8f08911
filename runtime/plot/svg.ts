// Scene → SVG text. Coordinates are pixels at the figure's dpi; images are embedded as PNG data URIs.

import { encode } from "fast-png";
import type { Primitive, Rect, Scene } from "./scene.ts";
import { encodeBase64 } from "./base64.ts";

const num = (v: number) => String(Math.round(v * 100) / 100);

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function markerShape(marker: string, x: number, y: number, size: number, color: string): string {
  const r = size / 2;
  switch (marker) {
    case "s":
      return `<rect x="${num(x - r)}" y="${num(y - r)}" width="${num(size)}" height="${num(size)}" fill="${color}"/>`;
    case "^":
      return `<polygon points="${num(x)},${num(y - r)} ${num(x - r)},${num(y + r)} ${num(x + r)},${
        num(y + r)
      }" fill="${color}"/>`;
    case "v":
      return `<polygon points="${num(x)},${num(y + r)} ${num(x - r)},${num(y - r)} ${num(x + r)},${
        num(y - r)
      }" fill="${color}"/>`;
    case "+":
    case "x": {
      const d = marker === "+"
        ? `M${num(x - r)} ${num(y)}H${num(x + r)}M${num(x)} ${num(y - r)}V${num(y + r)}`
        : `M${num(x - r)} ${num(y - r)}L${num(x + r)} ${num(y + r)}M${num(x - r)} ${num(y + r)}L${num(x + r)} ${
          num(y - r)
        }`;
      return `<path d="${d}" stroke="${color}" stroke-width="1"/>`;
    }
    default: {
      const radius = marker === "." || marker === "," ? r / 2 : r;
      return `<circle cx="${num(x)}" cy="${num(y)}" r="${num(radius)}" fill="${color}"/>`;
    }
  }
}

function clipId(clips: Map<string, string>, rect: Rect): string | null {
  if (rect.w > 1e8) return null;
  const key = [rect.x, rect.y, rect.w, rect.h].map(num).join(",");
  if (!clips.has(key)) clips.set(key, `clip${clips.size}`);
  return clips.get(key)!;
}

function element(p: Primitive, clips: Map<string, string>): string {
  switch (p.kind) {
    case "rect": {
      const fill = p.fill ?? "none";
      const stroke = p.stroke ? ` stroke="${p.stroke}" stroke-width="${num(p.width)}"` : "";
      const r = p.rect;
      return `<rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}" fill="${fill}"${stroke}/>`;
    }
    case "polyline": {
      const id = clipId(clips, p.clip);
      const points = p.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
      const dash = p.dash ? ` stroke-dasharray="${p.dash.map(num).join(",")}"` : "";
      return `<polyline points="${points.map(([x, y]) => `${num(x)},${num(y)}`).join(" ")}" fill="none" ` +
        `stroke="${p.color}" stroke-width="${num(p.width)}" stroke-linecap="square" stroke-linejoin="round"${dash}` +
        (id ? ` clip-path="url(#${id})"` : "") + "/>";
    }
    case "markers": {
      const id = clipId(clips, p.clip);
      const shapes = p.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
        .map(([x, y]) => markerShape(p.marker, x, y, p.size, p.color)).join("");
      return `<g${id ? ` clip-path="url(#${id})"` : ""}>${shapes}</g>`;
    }
    case "text": {
      const baseline = p.baseline === "top" ? "hanging" : p.baseline === "middle" ? "central" : "auto";
      const rotate = p.vertical ? ` transform="rotate(-90 ${num(p.x)} ${num(p.y)})"` : "";
      return `<text x="${num(p.x)}" y="${num(p.y)}" font-family="DejaVu Sans, sans-serif" font-size="${num(p.size)}" ` +
        `fill="${p.color}" text-anchor="${p.anchor}" dominant-baseline="${baseline}"${rotate}>${
          escapeXml(p.text)
        }</text>`;
    }
    case "image": {
      const png = encode({ width: p.width, height: p.height, data: p.rgba, channels: 4 });
      const r = p.rect;
      return `<image x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}" ` +
        `preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${
          encodeBase64(png)
        }"/>`;
    }
  }
}

export function renderSvg(scene: Scene): string {
  const clips = new Map<string, string>();
  const body = scene.primitives.map((p) => "  " + element(p, clips)).join("\n");
  const defs = [...clips].map(([key, id]) => {
    const [x, y, w, h] = key.split(",");
    return `    <clipPath id="${id}"><rect x="${x}" y="${y}" width="${w}" height="${h}"/></clipPath>`;
  });
  return `<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}">
  <defs>
${defs.join("\n")}
  </defs>
${body}
</svg>
`;
}

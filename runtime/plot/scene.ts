// Lays a Figure out in pixels (matplotlib's default subplot parameters, tick lengths and paddings) and
// lists what to draw as simple primitives, so the SVG writer and the PNG rasterizer draw the same picture.

import { type Axes, Figure } from "./figure.ts";
import { dashPattern } from "./colors.ts";
import { niceTicks, paddedLimits, tickLabels, tickSpace } from "./ticks.ts";

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Primitive =
  | { kind: "rect"; rect: Rect; fill: string | null; stroke: string | null; width: number }
  | { kind: "polyline"; points: [number, number][]; color: string; width: number; dash: number[] | null; clip: Rect }
  | { kind: "markers"; points: [number, number][]; color: string; size: number; marker: string; clip: Rect }
  | {
    kind: "text";
    x: number;
    y: number;
    text: string;
    size: number;
    color: string;
    anchor: "start" | "middle" | "end";
    /** Where y sits on the text: its top, middle or bottom. */
    baseline: "top" | "middle" | "bottom";
    vertical: boolean;
  }
  | { kind: "image"; rect: Rect; width: number; height: number; rgba: Uint8Array };

export interface Scene {
  width: number;
  height: number;
  primitives: Primitive[];
  /** Each axes' box and data→pixel mapping, in drawing order (tests and embedders use it). */
  axes: { box: Rect; toPixel: (x: number, y: number) => [number, number] }[];
}

const SUBPLOT = { left: 0.125, right: 0.9, bottom: 0.11, top: 0.88, wspace: 0.2, hspace: 0.2 };
/** Width of a character relative to the font size (the bitmap font's cell is 7 px at 14 px). */
export const CHAR_WIDTH = 0.5;

function subplotBox(fig: Figure, ax: Axes): Rect {
  const W = fig.pixelWidth, H = fig.pixelHeight;
  const cellW = (SUBPLOT.right - SUBPLOT.left) * W / (ax.cols + SUBPLOT.wspace * (ax.cols - 1));
  const cellH = (SUBPLOT.top - SUBPLOT.bottom) * H / (ax.rows + SUBPLOT.hspace * (ax.rows - 1));
  const col = (ax.index - 1) % ax.cols;
  const row = Math.floor((ax.index - 1) / ax.cols);
  return {
    x: SUBPLOT.left * W + col * cellW * (1 + SUBPLOT.wspace),
    y: (1 - SUBPLOT.top) * H + row * cellH * (1 + SUBPLOT.hspace),
    w: cellW,
    h: cellH,
  };
}

/** The axes' view limits: explicit xlim/ylim, the image extent, or the data with 5% margins. */
export function viewLimits(ax: Axes): { x: [number, number]; y: [number, number] } {
  const b = ax.dataBounds();
  let x: [number, number], y: [number, number];
  if (ax.imageMode) {
    x = b.x;
    y = [b.y[1], b.y[0]];
  } else {
    x = paddedLimits(b.x[0], b.x[1]);
    y = paddedLimits(b.y[0], b.y[1]);
  }
  return { x: ax.xlim ?? x, y: ax.ylim ?? y };
}

/** Shrinks the box to the data's aspect ratio, centred (imshow's aspect='equal'). */
function equalAspect(box: Rect, dx: number, dy: number): Rect {
  const want = Math.abs(dy / dx);
  if (box.h / box.w > want) {
    const h = box.w * want;
    return { ...box, y: box.y + (box.h - h) / 2, h };
  }
  const w = box.h / want;
  return { ...box, x: box.x + (box.w - w) / 2, w };
}

export function buildScene(fig: Figure): Scene {
  const pt = fig.dpi / 72;
  const scene: Scene = { width: fig.pixelWidth, height: fig.pixelHeight, primitives: [], axes: [] };
  const out = scene.primitives;
  out.push({
    kind: "rect",
    rect: { x: 0, y: 0, w: scene.width, h: scene.height },
    fill: "#ffffff",
    stroke: null,
    width: 0,
  });
  const text = (
    x: number,
    y: number,
    s: string,
    size: number,
    anchor: "start" | "middle" | "end",
    baseline: "top" | "middle" | "bottom",
    vertical = false,
  ) => out.push({ kind: "text", x, y, text: s, size: size * pt, color: "#000000", anchor, baseline, vertical });

  for (const ax of fig.axes) {
    const lim = viewLimits(ax);
    let box = subplotBox(fig, ax);
    if (ax.imageMode) box = equalAspect(box, lim.x[1] - lim.x[0], lim.y[1] - lim.y[0]);
    const toPixel = (x: number, y: number): [number, number] => [
      box.x + (x - lim.x[0]) / (lim.x[1] - lim.x[0]) * box.w,
      box.y + box.h - (y - lim.y[0]) / (lim.y[1] - lim.y[0]) * box.h,
    ];
    scene.axes.push({ box, toPixel });
    out.push({ kind: "rect", rect: box, fill: "#ffffff", stroke: null, width: 0 });
    for (const im of ax.images) {
      const [x0, y0] = toPixel(-0.5, -0.5);
      const [x1, y1] = toPixel(im.width - 0.5, im.height - 0.5);
      const rect = { x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0) };
      out.push({ kind: "image", rect, width: im.width, height: im.height, rgba: im.rgba });
    }

    if (ax.axisOff) {
      drawContent(ax, box, pt, toPixel, [], [], out);
      if (ax.title) text(box.x + box.w / 2, box.y - 6 * pt, ax.title, 12, "middle", "bottom");
      if (ax.legend) legend(ax, box, pt, out);
      continue;
    }
    const xticks = niceTicks(lim.x[0], lim.x[1], tickSpace(box.w, fig.dpi, 10, true));
    const yticks = niceTicks(lim.y[0], lim.y[1], tickSpace(box.h, fig.dpi, 10, false));
    drawContent(ax, box, pt, toPixel, ax.grid ? xticks : [], ax.grid ? yticks : [], out);

    // Ticks point outwards, 3.5 pt long, labels 3.5 pt beyond them (matplotlib's rcParams).
    const tickLen = 3.5 * pt, pad = 3.5 * pt;
    const xLabels = tickLabels(xticks);
    xticks.forEach((t, i) => {
      const [px] = toPixel(t, 0);
      const y = box.y + box.h;
      out.push(tickLine([[px, y], [px, y + tickLen]], pt));
      text(px, y + tickLen + pad, xLabels[i], 10, "middle", "top");
    });
    const yLabels = tickLabels(yticks);
    let widest = 0;
    yticks.forEach((t, i) => {
      const [, py] = toPixel(0, t);
      out.push(tickLine([[box.x - tickLen, py], [box.x, py]], pt));
      text(box.x - tickLen - pad, py, yLabels[i], 10, "end", "middle");
      widest = Math.max(widest, yLabels[i].length * CHAR_WIDTH * 10 * pt);
    });
    out.push({ kind: "rect", rect: box, fill: null, stroke: "#000000", width: 0.8 * pt });
    if (ax.title) text(box.x + box.w / 2, box.y - 6 * pt, ax.title, 12, "middle", "bottom");
    if (ax.xlabel) text(box.x + box.w / 2, box.y + box.h + tickLen + pad + 14 * pt, ax.xlabel, 10, "middle", "top");
    if (ax.ylabel) {
      text(box.x - tickLen - pad - widest - 4 * pt, box.y + box.h / 2, ax.ylabel, 10, "middle", "bottom", true);
    }
    if (ax.legend) legend(ax, box, pt, out);
  }
  return scene;
}

/** Grid lines (at the given ticks) under the lines and markers of the axes. */
function drawContent(
  ax: Axes,
  box: Rect,
  pt: number,
  toPixel: (x: number, y: number) => [number, number],
  xgrid: number[],
  ygrid: number[],
  out: Primitive[],
): void {
  for (const t of xgrid) {
    const [px] = toPixel(t, 0);
    out.push(gridLine([[px, box.y], [px, box.y + box.h]], pt, box));
  }
  for (const t of ygrid) {
    const [, py] = toPixel(0, t);
    out.push(gridLine([[box.x, py], [box.x + box.w, py]], pt, box));
  }
  for (const line of ax.lines) {
    const points = line.x.map((x, i) => toPixel(x, line.y[i]));
    if (line.lineStyle !== "none") {
      const dash = dashPattern(line.lineStyle);
      out.push({
        kind: "polyline",
        points,
        color: line.color,
        width: line.lineWidth * pt,
        dash: dash && dash.map((d) => d * line.lineWidth * pt),
        clip: box,
      });
    }
    if (line.marker) {
      out.push({
        kind: "markers",
        points,
        color: line.color,
        size: line.markerSize * pt,
        marker: line.marker,
        clip: box,
      });
    }
  }
}

function gridLine(points: [number, number][], pt: number, clip: Rect): Primitive {
  return { kind: "polyline", points, color: "#b0b0b0", width: 0.8 * pt, dash: null, clip };
}

function tickLine(points: [number, number][], pt: number): Primitive {
  const everywhere = { x: -1e9, y: -1e9, w: 2e9, h: 2e9 };
  return { kind: "polyline", points, color: "#000000", width: 0.8 * pt, dash: null, clip: everywhere };
}

/** A framed box of the labelled lines in a corner of the axes ('best' is placed upper right). */
function legend(ax: Axes, box: Rect, pt: number, out: Primitive[]): void {
  const entries = ax.lines.filter((l) => l.label && !l.label.startsWith("_"));
  if (entries.length === 0) return;
  const font = 10 * pt, row = font * 1.3, sample = 2 * font, gap = 0.8 * font, margin = 0.5 * font;
  const w = margin * 2 + sample + gap + Math.max(...entries.map((l) => l.label!.length)) * CHAR_WIDTH * font;
  const h = margin * 2 + row * entries.length;
  // 'best' is placed like 'upper right'; 'right' means 'center right', as in matplotlib.
  const loc = ax.legend!.loc === "best" ? "upper right" : ax.legend!.loc === "right" ? "center right" : ax.legend!.loc;
  // Along one side of the axes: at its start, at its end, or centred.
  const place = (start: number, extent: number, size: number, atStart: boolean, atEnd: boolean) =>
    atStart ? start + margin : atEnd ? start + extent - size - margin : start + (extent - size) / 2;
  const left = place(box.x, box.w, w, loc.includes("left"), loc.includes("right"));
  const top = place(box.y, box.h, h, loc.includes("upper"), loc.includes("lower"));
  const frame = { x: left, y: top, w, h };
  out.push({ kind: "rect", rect: frame, fill: "#ffffff", stroke: "#cccccc", width: 0.8 * pt });
  entries.forEach((l, i) => {
    const cy = top + margin + row * (i + 0.5);
    const everywhere = { x: -1e9, y: -1e9, w: 2e9, h: 2e9 };
    if (l.lineStyle !== "none") {
      const points: [number, number][] = [[left + margin, cy], [left + margin + sample, cy]];
      out.push({ kind: "polyline", points, color: l.color, width: l.lineWidth * pt, dash: null, clip: everywhere });
    }
    if (l.marker) {
      const points: [number, number][] = [[left + margin + sample / 2, cy]];
      out.push({
        kind: "markers",
        points,
        color: l.color,
        size: l.markerSize * pt,
        marker: l.marker,
        clip: everywhere,
      });
    }
    const x = left + margin + sample + gap;
    out.push({
      kind: "text",
      x,
      y: cy,
      text: l.label!,
      size: font,
      color: "#000000",
      anchor: "start",
      baseline: "middle",
      vertical: false,
    });
  });
}

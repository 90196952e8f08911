// The figure model: a Figure holds Axes laid out on a subplot grid; an Axes holds lines, images and
// the decorations (title, labels, legend, grid, limits). Renderers (scene.ts) read it; nothing here draws.

import { DEFAULT_CYCLE, type LineStyle } from "./colors.ts";

export interface LineSeries {
  x: number[];
  y: number[];
  color: string;
  lineStyle: LineStyle;
  lineWidth: number;
  marker: string | null;
  markerSize: number;
  label: string | null;
}

export interface ImageSeries {
  /** Rows × columns of RGBA bytes, already colour-mapped. */
  width: number;
  height: number;
  rgba: Uint8Array;
}

export interface LegendSpec {
  loc: string;
}

export class Axes {
  readonly lines: LineSeries[] = [];
  readonly images: ImageSeries[] = [];
  title = "";
  xlabel = "";
  ylabel = "";
  legend: LegendSpec | null = null;
  grid = false;
  xlim: [number, number] | null = null;
  ylim: [number, number] | null = null;
  /** imshow sets equal aspect and y pointing down, as matplotlib does for images. */
  imageMode = false;
  /** axis('off'): no frame, ticks or labels. */
  axisOff = false;
  private cycleIndex = 0;

  /** Grid position: rows, columns and 1-based index, as subplot(nrows, ncols, index). */
  constructor(readonly rows = 1, readonly cols = 1, readonly index = 1) {}

  nextColor(): string {
    return DEFAULT_CYCLE[this.cycleIndex++ % DEFAULT_CYCLE.length];
  }

  plot(series: Omit<LineSeries, "color"> & { color: string | null }): LineSeries {
    const line = { ...series, color: series.color ?? this.nextColor() };
    this.lines.push(line);
    return line;
  }

  /** cla(): back to an empty axes (data, decorations, limits and the colour cycle), as matplotlib does. */
  clear(): void {
    this.lines.length = 0;
    this.images.length = 0;
    this.title = this.xlabel = this.ylabel = "";
    this.legend = this.xlim = this.ylim = null;
    this.grid = this.imageMode = this.axisOff = false;
    this.cycleIndex = 0;
  }

  imshow(image: ImageSeries): void {
    this.images.push(image);
    this.imageMode = true;
  }

  /** The data extent in x and y (images span [-0.5, width - 0.5]). */
  dataBounds(): { x: [number, number]; y: [number, number] } {
    let x: [number, number] = [Infinity, -Infinity];
    let y: [number, number] = [Infinity, -Infinity];
    const grow = (b: [number, number], v: number) => {
      if (Number.isFinite(v)) {
        b[0] = Math.min(b[0], v);
        b[1] = Math.max(b[1], v);
      }
    };
    for (const l of this.lines) {
      l.x.forEach((v) => grow(x, v));
      l.y.forEach((v) => grow(y, v));
    }
    for (const im of this.images) {
      x = [Math.min(x[0], -0.5), Math.max(x[1], im.width - 0.5)];
      y = [Math.min(y[0], -0.5), Math.max(y[1], im.height - 0.5)];
    }
    return { x, y };
  }
}

export class Figure {
  readonly axes: Axes[] = [];
  constructor(
    readonly number: number,
    /** Inches, as matplotlib's figsize. */
    public width = 6.4,
    public height = 4.8,
    public dpi = 100,
  ) {}

  /** The axes at a subplot position, created on first use (pyplot.subplot semantics). */
  subplot(rows: number, cols: number, index: number): Axes {
    if (index < 1 || index > rows * cols) {
      throw new RangeError(`num must be an integer with 1 <= num <= ${rows * cols}, not ${index}`);
    }
    const existing = this.axes.find((a) => a.rows === rows && a.cols === cols && a.index === index);
    if (existing) return existing;
    const ax = new Axes(rows, cols, index);
    this.axes.push(ax);
    return ax;
  }

  clear(): void {
    this.axes.length = 0;
  }

  get pixelWidth(): number {
    return Math.round(this.width * this.dpi);
  }

  get pixelHeight(): number {
    return Math.round(this.height * this.dpi);
  }
}

// pyplot's implicit state: the open figures by number, the current figure and axes, and show(), which
// here saves the figure to a PNG file (there is no window to open) and reports where it went.

import { Axes, Figure } from "./figure.ts";
import { saveFigure } from "./export.ts";

export class PyplotState {
  private readonly figures = new Map<number, Figure>();
  private current: Figure | null = null;
  private currentAxes = new Map<Figure, Axes>();
  private shown = 0;

  /** plt.figure(num, figsize, dpi): the figure with that number (new or existing) becomes current. */
  figure(num: number | null = null, size: [number, number] | null = null, dpi: number | null = null): Figure {
    const n = num ?? Math.max(0, ...this.figures.keys()) + 1;
    let fig = this.figures.get(n);
    if (!fig) {
      fig = new Figure(n, size?.[0] ?? 6.4, size?.[1] ?? 4.8, dpi ?? 100);
      this.figures.set(n, fig);
    } else {
      if (size) [fig.width, fig.height] = size;
      if (dpi) fig.dpi = dpi;
    }
    this.current = fig;
    return fig;
  }

  gcf(): Figure {
    return this.current ?? this.figure();
  }

  /** The current axes, a single full-figure subplot if the figure has none. */
  gca(): Axes {
    const fig = this.gcf();
    const ax = this.currentAxes.get(fig);
    if (ax && fig.axes.includes(ax)) return ax;
    return this.subplot(1, 1, 1);
  }

  /** The axes at a grid position of the current figure (or of `fig`, which becomes current); it becomes current. */
  subplot(rows: number, cols: number, index: number, fig: Figure = this.gcf()): Axes {
    if (!this.figures.has(fig.number)) this.figures.set(fig.number, fig);
    this.current = fig;
    const ax = fig.subplot(rows, cols, index);
    this.currentAxes.set(fig, ax);
    return ax;
  }

  clf(): void {
    this.gcf().clear();
  }

  /** Closes the current figure, a figure by number, or all of them. */
  close(which: number | "all" | null = null): void {
    if (which === "all") {
      this.figures.clear();
      this.current = null;
      return;
    }
    const fig = which === null ? this.current : this.figures.get(which) ?? null;
    if (!fig) return;
    this.figures.delete(fig.number);
    if (this.current === fig) this.current = [...this.figures.values()].at(-1) ?? null;
  }

  openFigures(): Figure[] {
    return [...this.figures.values()];
  }

  /** Saves every open figure as tsl_plot_N.png (the current directory, else a temp dir), closes them, returns the paths. */
  show(dir: string | null = null): string[] {
    const paths: string[] = [];
    for (const fig of this.openFigures()) {
      if (fig.axes.length === 0) continue;
      const name = `tsl_plot_${++this.shown}.png`;
      const preferred = `${dir ?? "."}/${name}`;
      try {
        saveFigure(fig, preferred);
        paths.push(preferred);
      } catch (e) {
        if (!(e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotFound)) throw e;
        const fallback = `${Deno.makeTempDirSync({ prefix: "tsl_plot_" })}/${name}`;
        saveFigure(fig, fallback);
        paths.push(fallback);
      }
    }
    this.close("all");
    return paths;
  }
}

// A tqdm-style progress bar for embedders and for the `tqdm` binding. It counts, keeps tqdm's smoothed
// rate (an exponential moving average of the per-redraw speed) and redraws at most every `mininterval`
// seconds so a tight loop pays for one clock read per step. Unlike tqdm it draws only when its sink is
// a terminal: scripts piped into files or CI logs get clean output.

import { formatMeter } from "./format_meter.ts";

/** Where a bar draws: normally stderr. */
export interface TextSink {
  write(text: string): void;
  isTerminal(): boolean;
  /** The terminal's width in columns, or null when unknown. */
  columns(): number | null;
}

const encoder = new TextEncoder();

/** The terminal's width, or null when there is none (a pty may report 0 columns). */
export function consoleColumns(): number | null {
  try {
    return Deno.consoleSize().columns || null;
  } catch {
    return null;
  }
}

export const stderrSink: TextSink = {
  write: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  isTerminal: () => Deno.stderr.isTerminal(),
  columns: consoleColumns,
};

export interface ProgressOptions {
  desc?: string | null;
  total?: number | null;
  leave?: boolean;
  ncols?: number | null;
  mininterval?: number;
  disable?: boolean;
  unit?: string;
  unitScale?: boolean | number;
  unitDivisor?: number;
  dynamicNcols?: boolean;
  smoothing?: number;
  barFormat?: string | null;
  initial?: number;
  position?: number | null;
  postfix?: string | null;
  ascii?: boolean | string;
  sink?: TextSink;
  /** Seconds, monotonic; tests substitute a fake clock. */
  clock?: () => number;
}

/** tqdm's EMA: bias-corrected exponential moving average. */
class MovingAverage {
  private last = 0;
  private calls = 0;
  constructor(private readonly alpha: number) {}
  push(x: number): void {
    this.last = this.alpha * x + (1 - this.alpha) * this.last;
    this.calls++;
  }
  value(): number {
    return this.calls ? this.last / (1 - (1 - this.alpha) ** this.calls) : this.last;
  }
}

const defaultClock = () => performance.now() / 1000;

/** Bars still open, for placing nested bars on their own lines and for write() to draw around. */
const openBars = new Set<ProgressBar>();

export class ProgressBar {
  n: number;
  total: number | null;
  desc: string;
  postfix: string;
  readonly unit: string;
  readonly leave: boolean;
  readonly mininterval: number;
  readonly disabled: boolean;
  readonly position: number;
  startTime: number;
  closed = false;
  private lastPrintN: number;
  private lastPrintTime: number;
  private lastLength = 0;
  private readonly dn: MovingAverage;
  private readonly dt: MovingAverage;
  private useAverageRate = false;
  private readonly sink: TextSink;
  private readonly clock: () => number;
  /** Whether this bar draws at all: enabled and its sink is a terminal. */
  readonly drawing: boolean;
  /** The terminal width read at construction (tqdm re-reads it per draw only with dynamic_ncols). */
  private readonly initialColumns: number | null;

  constructor(private readonly opts: ProgressOptions = {}) {
    this.sink = opts.sink ?? stderrSink;
    this.clock = opts.clock ?? defaultClock;
    this.total = opts.total === Infinity ? null : opts.total ?? null;
    // Kept as given; formatMeter appends ": " (set_description stores it with the colon, as tqdm does).
    this.desc = opts.desc ?? "";
    this.postfix = opts.postfix ?? "";
    this.unit = opts.unit ?? "it";
    this.leave = opts.leave ?? true;
    this.mininterval = opts.mininterval ?? 0.1;
    this.disabled = opts.disable ?? false;
    this.n = opts.initial ?? 0;
    this.lastPrintN = this.n;
    const smoothing = opts.smoothing ?? 0.3;
    this.dn = new MovingAverage(smoothing);
    this.dt = new MovingAverage(smoothing);
    this.startTime = this.clock();
    this.lastPrintTime = this.startTime;
    this.drawing = !this.disabled && this.sink.isTerminal();
    this.initialColumns = this.drawing ? this.sink.columns() : null;
    this.position = opts.position ?? this.freePosition();
    if (this.disabled) return;
    openBars.add(this);
    this.refresh();
  }

  private freePosition(): number {
    const taken = new Set([...openBars].map((b) => b.position));
    let p = 0;
    while (taken.has(p)) p++;
    return p;
  }

  /** Advances by `n` steps (negative rewinds); redraws when mininterval has passed. Returns whether it drew. */
  update(n = 1): boolean {
    if (this.disabled) return false;
    if (n < 0) this.lastPrintN += n;
    this.n += n;
    if (this.n - this.lastPrintN < 0) return false;
    const now = this.clock();
    const dt = now - this.lastPrintTime;
    if (dt < this.mininterval) return false;
    const dn = this.n - this.lastPrintN;
    if ((this.opts.smoothing ?? 0.3) && dt && dn) {
      this.dn.push(dn);
      this.dt.push(dt);
    }
    this.refresh();
    this.lastPrintN = this.n;
    this.lastPrintTime = now;
    return true;
  }

  /** Iterates `items`, counting each one after the loop body has run (as tqdm does). */
  *wrap<T>(items: Iterable<T>): Generator<T> {
    for (const item of items) {
      yield item;
      this.update(1);
    }
    this.close();
  }

  /** The line tqdm would print now. */
  format(): string {
    const smoothed = this.dt.value();
    const rate = !this.useAverageRate && (this.opts.smoothing ?? 0.3) && smoothed ? this.dn.value() / smoothed : null;
    let ncols = this.opts.ncols ?? null;
    if (ncols === null && this.drawing) ncols = this.opts.dynamicNcols ? this.sink.columns() : this.initialColumns;
    return formatMeter({
      n: this.n,
      total: this.total,
      elapsed: this.clock() - this.startTime,
      ncols,
      prefix: this.desc,
      ascii: this.opts.ascii,
      unit: this.unit,
      unitScale: this.opts.unitScale,
      rate,
      barFormat: this.opts.barFormat,
      postfix: this.postfix,
      unitDivisor: this.opts.unitDivisor,
      initial: this.opts.initial ?? 0,
    });
  }

  /** Draws the current state now, regardless of mininterval. */
  refresh(): void {
    if (this.drawing && !this.closed) this.drawLine(this.format());
  }

  private drawLine(text: string): void {
    const length = Array.from(text).length;
    const padded = "\r" + text + " ".repeat(Math.max(this.lastLength - length, 0));
    this.lastLength = length;
    const down = "\n".repeat(this.position);
    const up = "\x1b[A".repeat(this.position);
    this.sink.write(down + padded + up);
  }

  /** Erases the bar's line (before other output is written). */
  clear(): void {
    if (this.drawing && !this.closed) {
      this.drawLine("");
      this.sink.write("\r");
    }
  }

  setDescription(desc: string | null, refresh = true): void {
    this.setDescriptionStr(desc ? desc + ": " : "", refresh);
  }

  setDescriptionStr(desc: string | null, refresh = true): void {
    this.desc = desc ?? "";
    if (refresh) this.refresh();
  }

  /** Starts over at 0 (optionally with a new total), as tqdm.reset. */
  reset(total?: number | null): void {
    this.n = 0;
    this.lastPrintN = 0;
    if (total !== undefined) this.total = total;
    this.lastPrintTime = this.clock();
    this.startTime = this.lastPrintTime;
    this.refresh();
  }

  setPostfixStr(text: string, refresh = true): void {
    this.postfix = text;
    if (refresh) this.refresh();
  }

  /** `key=value` pairs, values already formatted (tqdm.format_num for numbers). */
  setPostfix(entries: [string, string][], refresh = true): void {
    this.setPostfixStr(entries.map(([k, v]) => `${k}=${v.trim()}`).join(", "), refresh);
  }

  /** Final draw: the finished line stays (leave) or is erased; the overall average rate is shown. */
  close(): void {
    if (this.closed || this.disabled) return;
    this.useAverageRate = true;
    if (this.drawing) {
      if (this.leave) {
        this.drawLine(this.format());
        this.sink.write(this.position ? "" : "\n");
      } else {
        this.drawLine("");
        if (!this.position) this.sink.write("\r");
      }
    }
    this.closed = true;
    openBars.delete(this);
  }

  /** Prints `text` above the open bars (tqdm.write): clears them, writes, redraws. */
  static write(text: string, out: (s: string) => void): void {
    const bars = [...openBars];
    for (const b of bars) b.clear();
    out(text);
    for (const b of bars) b.refresh();
  }
}

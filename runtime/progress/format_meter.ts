// tqdm 4.64's text formatting, reproduced exactly: the meter line (`desc: 40%|████      | 4/10
// [00:01<00:01,  3.50it/s, loss=0.5]`), SI-scaled counts, clock intervals and `.3g` postfix numbers.
// Python's float formatting rounds ties to even on the binary value; formatFixed reproduces that.

import { formatExp, formatFixed, pyFloatRepr } from "../print/py_float.ts";

/** The meter's inputs, as tqdm.format_meter takes them. */
export interface MeterOptions {
  n: number;
  total: number | null;
  elapsed: number;
  /** Width of the whole line; null gives a 10-cell bar, 0 no bar at all. */
  ncols?: number | null;
  prefix?: string;
  ascii?: boolean | string;
  unit?: string;
  /** true/1 scales with SI prefixes; another number multiplies n, total and rate. */
  unitScale?: boolean | number;
  /** Iterations per second; null computes (n - initial) / elapsed. */
  rate?: number | null;
  barFormat?: string | null;
  postfix?: string | null;
  unitDivisor?: number;
  initial?: number;
  /** Whether n and total print as Python ints (tqdm keeps floats as floats: `2.5/10`). */
  integerCounts?: boolean;
}

/** Python's `'{:W.Pf}'.format(x)`. */
function fixed(x: number, width: number, prec: number): string {
  return formatFixed(x, prec).padStart(width);
}

/** tqdm.format_sizeof: `1.23k`, `12.3M`, ` 123`. */
export function formatSizeof(num: number, suffix = "", divisor = 1000): string {
  for (const unit of ["", "k", "M", "G", "T", "P", "E", "Z"]) {
    if (Math.abs(num) < 999.5) {
      if (Math.abs(num) < 99.95) {
        if (Math.abs(num) < 9.995) return fixed(num, 1, 2) + unit + suffix;
        return fixed(num, 2, 1) + unit + suffix;
      }
      return fixed(num, 3, 0) + unit + suffix;
    }
    num /= divisor;
  }
  return fixed(num, 3, 1) + "Y" + suffix;
}

/** tqdm.format_interval: `MM:SS`, or `H:MM:SS` from one hour. */
export function formatInterval(seconds: number): string {
  const t = Math.trunc(seconds);
  const s = t % 60;
  const mins = (t - s) / 60;
  const m = mins % 60;
  const h = (mins - m) / 60;
  const two = (v: number) => String(v).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** Python's `'{:.3g}'.format(x)`. */
function general3(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const e = formatExp(x, 2);
  const exp = Number(e.slice(e.indexOf("e") + 1));
  if (exp >= -4 && exp < 3) {
    const f = formatFixed(x, 2 - exp);
    return f.includes(".") ? f.replace(/0+$/, "").replace(/\.$/, "") : f;
  }
  const [mant, tail] = e.split("e");
  return mant.replace(/0+$/, "").replace(/\.$/, "") + "e" + tail;
}

/** tqdm.format_num: `.3g` with the exponent's leading zero dropped, unless str(n) is shorter. */
export function formatNum(x: number, isInteger: boolean): string {
  const f = general3(x).replace("+0", "+").replace("-0", "-");
  const plain = isInteger ? String(x) : pyFloatRepr(x);
  return f.length < plain.length ? f : plain;
}

const UTF_CHARSET = " " + Array.from({ length: 8 }, (_, i) => String.fromCharCode(0x258F - i)).join("");
const ASCII_CHARSET = " 123456789#";

/** tqdm's Bar: full cells, one partial cell, then blank padding. */
export function drawBar(frac: number, width: number, charset: string): string {
  const chars = Array.from(charset);
  const nsyms = chars.length - 1;
  const ticks = Math.trunc(Math.max(0, Math.min(1, frac)) * width * nsyms);
  const full = Math.floor(ticks / nsyms);
  let res = chars[nsyms].repeat(full);
  if (full < width) res += chars[ticks % nsyms] + chars[0].repeat(width - full - 1);
  return res;
}

/** Counts as Python's str() prints them: ints as ints, floats with a decimal point. */
function countStr(x: number, integer: boolean): string {
  return integer && Number.isInteger(x) ? String(x) : pyFloatRepr(x);
}

const displayLength = (s: string) => Array.from(s).length;

/** Fills `{name}` / `{name:spec}` fields of a bar_format; `bar(spec)` draws the `{bar}` field. */
function fillFormat(format: string, fields: Record<string, string | number | null>, bar: (spec: string) => string) {
  return format.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, name: string, spec: string | undefined) => {
    if (name === "bar") return bar(spec ?? "");
    if (!(name in fields)) return whole;
    const v = fields[name];
    if (typeof v === "number" && spec) {
      const m = /^(\d*)\.(\d+)f$/.exec(spec);
      if (m) return fixed(v, Number(m[1] || 0), Number(m[2]));
    }
    return v === null ? "None" : String(v);
  });
}

const BAR_CHARSETS: Record<string, string> = { a: ASCII_CHARSET, u: UTF_CHARSET, b: "  " };

/** The `{bar:[width][type]}` field: a width overrides the space left (negative: subtracts from it). */
function barField(frac: number, defaultWidth: number, charset: string, spec: string): string {
  const type = spec.slice(-1).toLowerCase();
  if (type in BAR_CHARSETS) {
    charset = BAR_CHARSETS[type];
    spec = spec.slice(0, -1);
  }
  let width = defaultWidth;
  if (spec) {
    width = Number(spec);
    if (width < 0) width += defaultWidth;
  }
  return drawBar(frac, width, charset);
}

/** tqdm.format_meter. */
export function formatMeter(o: MeterOptions): string {
  let { n, total } = o;
  const unit = o.unit ?? "it";
  const prefix = o.prefix ?? "";
  const initial = o.initial ?? 0;
  let unitScale = o.unitScale ?? false;
  let rate = o.rate ?? null;
  let integerCounts = o.integerCounts ?? Number.isInteger(n);
  if (total && n >= total + 0.5) total = null;
  if (unitScale && unitScale !== true && unitScale !== 1) {
    if (total) total *= unitScale;
    n *= unitScale;
    if (rate) rate *= unitScale;
    integerCounts = integerCounts && Number.isInteger(unitScale);
    unitScale = false;
  }
  const elapsedStr = formatInterval(o.elapsed);
  if (rate === null && o.elapsed) rate = (n - initial) / o.elapsed;
  const invRate = rate ? 1 / rate : null;
  const rateNoinvFmt = (rate ? (unitScale ? formatSizeof(rate) : fixed(rate, 5, 2)) : "?") + unit + "/s";
  const rateInvFmt = (invRate ? (unitScale ? formatSizeof(invRate) : fixed(invRate, 5, 2)) : "?") + "s/" + unit;
  const rateFmt = invRate && invRate > 1 ? rateInvFmt : rateNoinvFmt;
  const divisor = o.unitDivisor ?? 1000;
  const nFmt = unitScale ? formatSizeof(n, "", divisor) : countStr(n, integerCounts);
  const totalFmt = total === null ? "?" : unitScale ? formatSizeof(total, "", divisor) : countStr(total, integerCounts);
  const postfix = o.postfix ? ", " + o.postfix : "";
  const remaining = rate && total ? (total - n) / rate : 0;
  const remainingStr = rate ? formatInterval(remaining) : "?";
  let lBar = prefix ? (prefix.endsWith(": ") ? prefix : prefix + ": ") : "";
  const rBar = `| ${nFmt}/${totalFmt} [${elapsedStr}<${remainingStr}, ${rateFmt}${postfix}]`;
  const ncols = o.ncols ?? null;
  const fields: Record<string, string | number | null> = {
    n,
    n_fmt: nFmt,
    total,
    total_fmt: totalFmt,
    elapsed: elapsedStr,
    elapsed_s: o.elapsed,
    ncols,
    desc: prefix,
    unit,
    rate: invRate && invRate > 1 ? invRate : rate,
    rate_fmt: rateFmt,
    rate_noinv: rate,
    rate_noinv_fmt: rateNoinvFmt,
    rate_inv: invRate,
    rate_inv_fmt: rateInvFmt,
    postfix,
    unit_divisor: divisor,
    remaining: remainingStr,
    remaining_s: remaining,
    r_bar: rBar,
  };
  const withBar = (frac: number, charset: string, format: string) => {
    const withoutBar = fillFormat(format, fields, () => "");
    if (!/\{bar(:[^}]*)?\}/.test(format)) return withoutBar;
    const width = ncols ? Math.max(1, ncols - displayLength(withoutBar)) : 10;
    const res = fillFormat(format, fields, (spec) => barField(frac, width, charset, spec));
    return ncols ? Array.from(res).slice(0, ncols).join("") : res;
  };
  if (total) {
    const frac = n / total;
    const percentage = frac * 100;
    lBar += fixed(percentage, 3, 0) + "%|";
    if (ncols === 0) return lBar.slice(0, -1) + rBar.slice(1);
    fields.l_bar = lBar;
    let format = "{l_bar}{bar}{r_bar}";
    if (o.barFormat) {
      fields.percentage = percentage;
      format = prefix ? o.barFormat : o.barFormat.replace("{desc}: ", "");
    }
    const charset = o.ascii === true ? ASCII_CHARSET : (typeof o.ascii === "string" && o.ascii) || UTF_CHARSET;
    return withBar(frac, charset, format);
  }
  if (o.barFormat) {
    fields.l_bar = lBar + "|";
    fields.percentage = 0;
    return withBar(0, "  ", o.barFormat);
  }
  return `${prefix ? prefix + ": " : ""}${nFmt}${unit} [${elapsedStr}, ${rateFmt}${postfix}]`;
}

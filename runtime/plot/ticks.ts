// Axis limits and ticks as matplotlib chooses them: 5% data margins, AutoLocator's "nice" steps
// (MaxNLocator with steps 1, 2, 2.5, 5, 10) and ScalarFormatter-style labels with just enough decimals.

const STEPS = [1, 2, 2.5, 5, 10];
const EXTENDED_STEPS = [0.1 * STEPS[0], ...STEPS.slice(0, -1).map((s) => 0.1 * s), ...STEPS, 10 * STEPS[1]].filter(
  (s, i, all) => all.indexOf(s) === i,
);

/** View limits for data spanning [lo, hi]: 5% margin each side, after widening a single value by ±5% (±0.05 at 0). */
export function paddedLimits(lo: number, hi: number, margin = 0.05): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-0.055, 0.055];
  if (lo === hi) {
    const d = lo === 0 ? 0.05 : Math.abs(lo) * 0.05;
    [lo, hi] = [lo - d, hi + d];
  }
  const pad = (hi - lo) * margin;
  return [lo - pad, hi + pad];
}

function scaleRange(vmin: number, vmax: number, n: number): { scale: number; offset: number } {
  const dv = Math.abs(vmax - vmin);
  const meanv = (vmax + vmin) / 2;
  const offset = Math.abs(meanv) / dv < 100 ? 0 : Math.sign(meanv) * 10 ** Math.floor(Math.log10(Math.abs(meanv)));
  return { scale: 10 ** Math.floor(Math.log10(dv / n)), offset };
}

/** MaxNLocator._raw_ticks then the ticks inside [vmin, vmax]; nbins as matplotlib's 'auto' (at most 9). */
export function niceTicks(vmin: number, vmax: number, nbins: number): number[] {
  if (vmax < vmin) [vmin, vmax] = [vmax, vmin];
  if (!(vmax > vmin)) return [vmin];
  nbins = Math.max(1, Math.min(9, nbins));
  const { scale, offset } = scaleRange(vmin, vmax, nbins);
  const lo = vmin - offset;
  const hi = vmax - offset;
  const rawStep = (hi - lo) / nbins;
  const steps = EXTENDED_STEPS.map((s) => s * scale);
  let istep = steps.findIndex((s) => s >= rawStep);
  if (istep < 0) istep = steps.length - 1;
  let ticks: number[] = [];
  for (let k = istep; k >= 0; k--) {
    const step = steps[k];
    const best = Math.floor(lo / step) * step;
    const tol = 1e-10 * Math.max(step, Math.abs(offset));
    const low = Math.floor((lo - best) / step + tol / step);
    const high = Math.ceil((hi - best) / step - tol / step);
    ticks = [];
    for (let i = low; i <= high; i++) ticks.push(i * step + best);
    const inside = ticks.filter((t) => t >= lo - tol && t <= hi + tol).length;
    if (inside >= 2) break;
  }
  const eps = (vmax - vmin) * 1e-10;
  return ticks.map((t) => t + offset).filter((t) => t >= vmin - eps && t <= vmax + eps);
}

/** How many ticks fit: matplotlib's Axis.get_tick_space (label size × 3 across, × 2 up). */
export function tickSpace(lengthPx: number, dpi: number, fontSize: number, horizontal: boolean): number {
  const lengthPt = lengthPx / dpi * 72;
  return Math.floor(lengthPt / (fontSize * (horizontal ? 3 : 2)));
}

/** Labels with the fewest decimals that still tell the ticks apart ("0.0, 0.5, 1.0"; "0, 2, 4"). */
export function tickLabels(ticks: number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(ticks[0]) || 1;
  let decimals = 0;
  while (decimals < 10) {
    const q = 10 ** decimals;
    if (ticks.every((t) => Math.abs(Math.round(t * q) / q - t) <= step * 1e-6)) break;
    decimals++;
  }
  return ticks.map((t) => {
    const s = (Math.abs(t) < step * 1e-9 ? 0 : t).toFixed(decimals);
    return s.startsWith("-") ? "\u2212" + s.slice(1) : s;
  });
}

// Colours as matplotlib names them: the default property cycle (tab10), single-letter and CSS names,
// format strings like 'r--' / 'bo', and the two colormaps tutorials use for imshow (gray, viridis).

export type RGB = [number, number, number];

/** matplotlib's default axes.prop_cycle. */
export const DEFAULT_CYCLE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** Single-letter colours (matplotlib's "base colors") and the tab/CSS names scripts commonly use. */
const NAMED: Record<string, string> = {
  b: "#0000ff",
  g: "#008000",
  r: "#ff0000",
  c: "#00bfbf",
  m: "#bf00bf",
  y: "#bfbf00",
  k: "#000000",
  w: "#ffffff",
  blue: "#0000ff",
  green: "#008000",
  red: "#ff0000",
  cyan: "#00ffff",
  magenta: "#ff00ff",
  yellow: "#ffff00",
  black: "#000000",
  white: "#ffffff",
  orange: "#ffa500",
  purple: "#800080",
  brown: "#a52a2a",
  pink: "#ffc0cb",
  gray: "#808080",
  grey: "#808080",
  lightgray: "#d3d3d3",
  darkgray: "#a9a9a9",
  navy: "#000080",
  olive: "#808000",
  teal: "#008080",
  gold: "#ffd700",
  lime: "#00ff00",
  "tab:blue": "#1f77b4",
  "tab:orange": "#ff7f0e",
  "tab:green": "#2ca02c",
  "tab:red": "#d62728",
  "tab:purple": "#9467bd",
  "tab:brown": "#8c564b",
  "tab:pink": "#e377c2",
  "tab:gray": "#7f7f7f",
  "tab:olive": "#bcbd22",
  "tab:cyan": "#17becf",
};

/** A colour spec ('r', 'tab:blue', '#1f77b4', 'C3', '0.5' gray) as '#rrggbb', or null if unknown. */
export function resolveColor(spec: string): string | null {
  const s = spec.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(s)) return s;
  if (/^#[0-9a-f]{3}$/.test(s)) return "#" + [...s.slice(1)].map((c) => c + c).join("");
  if (/^c\d$/.test(s)) return DEFAULT_CYCLE[Number(s[1]) % DEFAULT_CYCLE.length];
  if (/^(0(\.\d*)?|1(\.0*)?)$/.test(s)) return toHex([Number(s), Number(s), Number(s)].map((v) => v * 255) as RGB);
  return NAMED[s] ?? null;
}

export function parseHex(hex: string): RGB {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as RGB;
}

export function toHex(rgb: RGB): string {
  return "#" + rgb.map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, "0")).join("");
}

export type LineStyle = "-" | "--" | "-." | ":" | "none";
export const MARKERS = ".,ov^<>sp*hH+xXDd|_1234";

export interface FormatSpec {
  color: string | null;
  lineStyle: LineStyle | null;
  marker: string | null;
}

/** A plot() format string: '[marker][line][color]' in any order, as matplotlib parses it. */
export function parseFormat(fmt: string): FormatSpec | null {
  const out: FormatSpec = { color: null, lineStyle: null, marker: null };
  // A whole colour name or hex ('red', '#ff0000') is a colour, not a sequence of format letters.
  if (fmt.length > 2 && resolveColor(fmt) !== null) return { ...out, color: resolveColor(fmt) };
  let i = 0;
  while (i < fmt.length) {
    const two = fmt.slice(i, i + 2);
    if (two === "--" || two === "-.") {
      out.lineStyle = two;
      i += 2;
    } else if (fmt[i] === "-" || fmt[i] === ":") {
      out.lineStyle = fmt[i] as LineStyle;
      i++;
    } else if (fmt.slice(i, i + 2).toUpperCase() === "C" + fmt[i + 1] && /\d/.test(fmt[i + 1] ?? "")) {
      out.color = resolveColor(fmt.slice(i, i + 2));
      i += 2;
    } else if ("bgrcmykw".includes(fmt[i])) {
      out.color = resolveColor(fmt[i]);
      i++;
    } else if (MARKERS.includes(fmt[i])) {
      out.marker = fmt[i];
      i++;
    } else return null;
  }
  // A marker alone means no line ('o' draws points only).
  if (out.marker !== null && out.lineStyle === null) out.lineStyle = "none";
  return out;
}

const LINE_STYLE_NAMES: Record<string, LineStyle> = {
  "-": "-",
  solid: "-",
  "--": "--",
  dashed: "--",
  "-.": "-.",
  dashdot: "-.",
  ":": ":",
  dotted: ":",
  "": "none",
  " ": "none",
  none: "none",
  None: "none",
};

/** A linestyle= value ('--', 'dashed', 'None'), or null if unknown. */
export function parseLineStyle(name: string): LineStyle | null {
  return LINE_STYLE_NAMES[name] ?? null;
}

/** Dash pattern in units of the line width (matplotlib's lines.dashed_pattern etc.). */
export function dashPattern(style: LineStyle): number[] | null {
  switch (style) {
    case "--":
      return [3.7, 1.6];
    case "-.":
      return [6.4, 1.6, 1, 1.6];
    case ":":
      return [1, 1.65];
    default:
      return null;
  }
}

// viridis sampled at 9 evenly spaced points; intermediate values interpolate linearly.
const VIRIDIS: RGB[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

const COLORMAPS: Record<string, RGB[]> = {
  viridis: VIRIDIS,
  gray: [[0, 0, 0], [255, 255, 255]],
  grey: [[0, 0, 0], [255, 255, 255]],
  gray_r: [[255, 255, 255], [0, 0, 0]],
  binary: [[255, 255, 255], [0, 0, 0]],
  hot: [[11, 0, 0], [255, 0, 0], [255, 255, 0], [255, 255, 255]],
};

export function isColormap(name: string): boolean {
  return name in COLORMAPS;
}

/** The colormap's colour at t in [0, 1]. */
export function colormap(name: string, t: number): RGB {
  const stops = COLORMAPS[name] ?? VIRIDIS;
  const x = Math.max(0, Math.min(1, Number.isNaN(t) ? 0 : t)) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  return stops[i].map((v, c) => v + (stops[i + 1][c] - v) * f) as RGB;
}

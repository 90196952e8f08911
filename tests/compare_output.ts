// The conformance comparison rule (../shared/conformance/README.md): line by line; text outside
// numbers must match exactly; numbers may differ by 1.5e-4 absolute plus 1.5e-4 relative;
// memory addresses are masked.

const NUM = /-?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf|nan)/g;
const ADDR = /0x[0-9a-f]+/g;

type Token = { kind: "t" | "n"; text: string };

function tokens(line: string): Token[] {
  const s = line.replace(ADDR, "0x?");
  const out: Token[] = [];
  let pos = 0;
  for (const m of s.matchAll(NUM)) {
    out.push({ kind: "t", text: s.slice(pos, m.index) });
    out.push({ kind: "n", text: m[0] });
    pos = m.index! + m[0].length;
  }
  out.push({ kind: "t", text: s.slice(pos) });
  return out;
}

function close(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a), y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return Math.abs(x - y) <= 1.5e-4 + 1.5e-4 * Math.abs(y);
}

/** Undefined when `got` matches `want`, else the first difference. */
export function compareOutput(got: string, want: string): string | undefined {
  const g = got.replace(/\n+$/, "").split("\n");
  const w = want.replace(/\n+$/, "").split("\n");
  for (let i = 0; i < Math.min(g.length, w.length); i++) {
    const ta = tokens(g[i]), tb = tokens(w[i]);
    const ok = ta.length === tb.length &&
      ta.every((a, k) => a.kind === tb[k].kind && (a.kind === "t" ? a.text === tb[k].text : close(a.text, tb[k].text)));
    if (!ok) return `line ${i + 1}: got ${JSON.stringify(g[i])} expected ${JSON.stringify(w[i])}`;
  }
  if (g.length !== w.length) return `${g.length} lines, expected ${w.length}`;
  return undefined;
}

// Mutation cases: a seed program (a conformance case or a script) with a few random edits, mostly at
// the token level: deleting, duplicating, swapping or replacing tokens, re-indenting lines, duplicating
// or dropping lines, and truncating the program.

import type { Rng } from "./rng.ts";

/** One piece of the source: a token, or the whitespace/comments between tokens (kept to rebuild it). */
interface Piece {
  text: string;
  token: boolean;
}

const TOKEN_RE = new RegExp(
  [
    String.raw`(?<space>[ \t\f]+|\\\r?\n|#[^\n]*)`,
    String.raw`(?<newline>\r?\n)`,
    String.raw`(?<str>(?:[rRbBuUfF]{1,2})?(?:'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))`,
    String.raw`(?<num>(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)[jJ]?)`,
    String.raw`(?<name>[A-Za-z_][A-Za-z_0-9]*)`,
    String.raw`(?<op>\*\*=?|//=?|>>=?|<<=?|->|:=|[-+*/%@&|^=<>!]=|[-+*/%@&|^~<>=.,:;()[\]{}]|.)`,
  ].join("|"),
  "y",
);

export function tokenize(source: string): Piece[] {
  const pieces: Piece[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < source.length) {
    const m = TOKEN_RE.exec(source);
    if (!m) break;
    const g = m.groups!;
    pieces.push({ text: m[0], token: g.space === undefined && g.newline === undefined });
  }
  return pieces;
}

const join = (pieces: Piece[]) => pieces.map((p) => p.text).join("");

type Mutation = (src: string, rng: Rng, donor: string) => string;

function tokenIndexes(pieces: Piece[]): number[] {
  const out: number[] = [];
  pieces.forEach((p, i) => {
    if (p.token) out.push(i);
  });
  return out;
}

function onTokens(edit: (pieces: Piece[], idx: number[], rng: Rng, donor: Piece[]) => void): Mutation {
  return (src, rng, donor) => {
    const pieces = tokenize(src);
    const idx = tokenIndexes(pieces);
    if (idx.length === 0) return src;
    edit(pieces, idx, rng, tokenize(donor).filter((p) => p.token));
    return join(pieces);
  };
}

const deleteToken = onTokens((p, idx, rng) => {
  p[rng.pick(idx)].text = "";
});

const duplicateToken = onTokens((p, idx, rng) => {
  const i = rng.pick(idx);
  p[i].text = p[i].text + (rng.chance(0.5) ? " " : "") + p[i].text;
});

const swapTokens = onTokens((p, idx, rng) => {
  const k = rng.int(0, idx.length - 1);
  const other = rng.chance(0.6) ? Math.min(idx.length - 1, k + 1) : rng.int(0, idx.length - 1);
  const [a, b] = [idx[k], idx[other]];
  [p[a].text, p[b].text] = [p[b].text, p[a].text];
});

/** Replaces a token with one from another seed program (a name, literal or operator from elsewhere). */
const spliceToken = onTokens((p, idx, rng, donor) => {
  if (donor.length) p[rng.pick(idx)].text = rng.pick(donor).text;
});

function mapLines(edit: (lines: string[], rng: Rng) => void): Mutation {
  return (src, rng) => {
    const lines = src.split("\n");
    edit(lines, rng);
    return lines.join("\n");
  };
}

const reindentLine = mapLines((lines, rng) => {
  const i = rng.int(0, lines.length - 1);
  const body = lines[i].replace(/^[ \t]*/, "");
  const indent = rng.weighted([[4, "    ".repeat(rng.int(0, 3))], [1, " ".repeat(rng.int(1, 9))], [1, "\t"], [
    1,
    " \t",
  ]]);
  lines[i] = indent + body;
});

const duplicateLine = mapLines((lines, rng) => {
  const i = rng.int(0, lines.length - 1);
  lines.splice(i, 0, lines[i]);
});

const deleteLine = mapLines((lines, rng) => {
  lines.splice(rng.int(0, lines.length - 1), 1);
});

const swapLines = mapLines((lines, rng) => {
  const a = rng.int(0, lines.length - 1);
  const b = rng.int(0, lines.length - 1);
  [lines[a], lines[b]] = [lines[b], lines[a]];
});

const truncate: Mutation = (src, rng) => src.slice(0, rng.int(0, src.length));

const MUTATIONS: [number, Mutation][] = [
  [5, deleteToken],
  [3, duplicateToken],
  [4, swapTokens],
  [3, spliceToken],
  [3, reindentLine],
  [1, duplicateLine],
  [1, deleteLine],
  [1, swapLines],
  [1, truncate],
];

/** `seed` with 1 to 3 random mutations; `donor` is another seed program to splice tokens from. */
export function mutate(seed: string, donor: string, rng: Rng): string {
  let src = seed;
  const n = rng.weighted([[5, 1], [3, 2], [2, 3]]);
  for (let k = 0; k < n; k++) src = rng.weighted(MUTATIONS)(src, rng, donor);
  return src;
}

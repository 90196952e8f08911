// Shrinks a failing program while it still fails the same way: delta debugging over lines, then over
// tokens, each candidate run like a case (fresh Interpreter, time limit).

import { tokenize } from "./mutate.ts";

/** Runs a candidate and says whether it still shows the bug. */
export type StillFails = (source: string) => Promise<boolean>;

export async function minimize(source: string, stillFails: StillFails, maxRuns = 300): Promise<string> {
  let runs = 0;
  const test = async (s: string) => ++runs <= maxRuns && await stillFails(s);
  const blocks = await dropBlocks(source.split("\n"), (parts) => test(parts.join("\n")));
  const lines = await ddmin(blocks, (parts) => test(parts.join("\n")));
  let best = lines.join("\n");
  const pieces = tokenize(best).map((p) => p.text);
  const tokens = await ddmin(pieces, (parts) => test(parts.join("")), (p) => /^\s*$/.test(p) || p.startsWith("#"));
  best = tokens.join("");
  return best.endsWith("\n") ? best : best + "\n";
}

/**
 * Removes whole statements, last first: a line together with the more indented lines under it (its
 * block), which keeps the program's indentation valid where plain line removal would not.
 */
async function dropBlocks(lines: string[], fails: (lines: string[]) => Promise<boolean>): Promise<string[]> {
  const indent = (l: string) => (l.trim() === "" ? Infinity : l.length - l.trimStart().length);
  let cur = lines;
  for (let i = cur.length - 1; i >= 0; i--) {
    if (i >= cur.length) continue;
    let end = i + 1;
    while (end < cur.length && indent(cur[end]) > indent(cur[i])) end++;
    const candidate = [...cur.slice(0, i), ...cur.slice(end)];
    if (await fails(candidate)) cur = candidate;
  }
  return cur;
}

/**
 * Zeller's ddmin: removes chunks of `items` (halves, then quarters, ...) as long as `fails` holds.
 * `keep` marks items never removed on their own (the whitespace that holds a program's layout).
 */
async function ddmin<T>(
  items: T[],
  fails: (items: T[]) => Promise<boolean>,
  keep?: (item: T) => boolean,
): Promise<T[]> {
  let cur = items;
  let chunks = 2;
  while (cur.length >= 2) {
    const size = Math.ceil(cur.length / chunks);
    let reduced = false;
    for (let start = 0; start < cur.length; start += size) {
      const removed = cur.slice(start, start + size);
      if (keep && removed.every(keep)) continue;
      const candidate = [
        ...cur.slice(0, start),
        ...removed.filter((x) => keep?.(x) ?? false),
        ...cur.slice(start + size),
      ];
      if (candidate.length < cur.length && await fails(candidate)) {
        cur = candidate;
        chunks = Math.max(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size <= 1) break;
      chunks = Math.min(chunks * 2, cur.length);
    }
  }
  return cur;
}

// torch.utils.data.random_split (PyTorch 1.13): one torch.randperm over the whole dataset, cut into
// consecutive pieces. Lengths may be counts or fractions summing to 1.

import { valueError } from "../errors.ts";
import { defaultGenerator, type Generator } from "../random/generator.ts";
import { randpermValues } from "../random/sampling.ts";
import { type Dataset, Subset } from "./dataset.ts";

/** math.isclose(a, b) with its default tolerances. */
const isClose = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 0);

/**
 * The split sizes: counts as given, or, for fractions summing to 1, floor(frac * n) each with the
 * remainder handed out one at a time round-robin from the first split. `onEmptySplit` hears of
 * splits of length 0 (PyTorch warns about them).
 */
export function splitLengths(n: number, lengths: readonly number[], onEmptySplit?: (i: number) => void): number[] {
  const sum = lengths.reduce((a, b) => a + b, 0);
  if (!(isClose(sum, 1) && sum <= 1)) return [...lengths];
  const out = lengths.map((frac, i) => {
    if (frac < 0 || frac > 1) throw valueError(`Fraction at index ${i} is not between 0 and 1`);
    return Math.floor(n * frac);
  });
  const remainder = n - out.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) out[i % out.length] += 1;
  out.forEach((len, i) => len === 0 && onEmptySplit?.(i));
  return out;
}

/** Non-overlapping random subsets of `dataset` with the given lengths (or fractions). */
export async function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  generator: Generator | null = null,
  onEmptySplit?: (i: number) => void,
): Promise<Subset<T>[]> {
  const n = await dataset.length();
  const sizes = splitLengths(n, lengths, onEmptySplit);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== n) throw valueError("Sum of input lengths does not equal the length of the input dataset!");
  const indices = Array.from(randpermValues(generator ?? defaultGenerator(), total));
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of sizes) {
    out.push(new Subset(dataset, indices.slice(offset, offset + len)));
    offset += len;
  }
  return out;
}

// The random draws of torchvision 0.14's random transforms, from torch's default generator in the
// same order and precision as the Python code (`torch.rand(1) < p`, `torch.randint(0, n, (1,))`,
// `torch.empty(1).uniform_(a, b)`), so a seeded script crops and flips as PyTorch's does.

import { defaultGenerator } from "../../random/generator.ts";
import { randintValues, uniformValues } from "../../random/sampling.ts";
import { valueError } from "../../errors.ts";
import { pyRound } from "./functional.ts";

/** `torch.rand(1) < p`: a float32 draw compared in float32. */
export const coinFlip = (p: number): boolean =>
  uniformValues(defaultGenerator(), 1, "float32", 0, 1)[0] < Math.fround(p);

/** `torch.randint(0, high, size=(1,)).item()`. */
export const randomBelow = (high: number): number => randintValues(defaultGenerator(), 1, "int64", 0, high)[0];

/** `torch.empty(1).uniform_(from, to).item()`. */
export const uniform = (from: number, to: number): number =>
  uniformValues(defaultGenerator(), 1, "float32", from, to)[0];

/** RandomCrop.get_params: [top, left, height, width]. */
export function randomCropParams([h, w]: readonly number[], [th, tw]: readonly number[]): number[] {
  if (h < th || w < tw) {
    throw valueError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
  }
  if (w === tw && h === th) return [0, 0, h, w];
  const i = randomBelow(h - th + 1);
  const j = randomBelow(w - tw + 1);
  return [i, j, th, tw];
}

/** RandomResizedCrop.get_params: ten tries at a random area and log-uniform aspect, then a centre crop. */
export function randomResizedCropParams(
  [height, width]: readonly number[],
  scale: readonly number[],
  ratio: readonly number[],
): number[] {
  const area = height * width;
  // torch.log(torch.tensor(ratio)): float32 logs, exp'd back in float32.
  const logRatio = ratio.map((r) => Math.fround(Math.log(Math.fround(r))));
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * uniform(scale[0], scale[1]);
    const aspect = Math.fround(Math.exp(uniform(logRatio[0], logRatio[1])));
    const w = pyRound(Math.sqrt(targetArea * aspect));
    const h = pyRound(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const i = randomBelow(height - h + 1);
      const j = randomBelow(width - w + 1);
      return [i, j, h, w];
    }
  }
  const inRatio = width / height;
  let w = width, h = height;
  if (inRatio < Math.min(...ratio)) h = pyRound(w / Math.min(...ratio));
  else if (inRatio > Math.max(...ratio)) w = pyRound(h * Math.max(...ratio));
  return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
}

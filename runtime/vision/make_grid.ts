// torchvision.utils.make_grid (0.14): a batch of images (B×C×H×W, or a list of C×H×W) tiled into one
// C×H'×W' image, `nrow` per row with `padding` pixels of `padValue` around each; `normalize` rescales
// values to [0, 1] by the batch's (or each image's, with `scaleEach`) min and max, or by `valueRange`.
// Built from tensor ops, step for step as torchvision does it, so values match on every device.

import { withGradMode } from "../autograd/grad_mode.ts";
import { typeError } from "../errors.ts";
import { div_, sub_ } from "../ops/binary.ts";
import { clamp_ } from "../ops/clamp.ts";
import { clone, copyInto } from "../ops/copy.ts";
import { new_full } from "../ops/creation.ts";
import { cat, stack } from "../ops/join.ts";
import { max, min } from "../ops/minmax.ts";
import { pyFloat, type Scalar, scalarValue } from "../ops/scalar.ts";
import { narrow, select } from "../ops/slicing.ts";
import { squeeze, unsqueeze } from "../ops/views.ts";
import { Tensor } from "../tensor.ts";

export interface MakeGridOptions {
  nrow?: number;
  padding?: number;
  normalize?: boolean;
  /** (min, max) to clamp to and map onto [0, 1]; by default the data's own min and max. */
  valueRange?: readonly [Scalar, Scalar] | null;
  scaleEach?: boolean;
  padValue?: Scalar;
}

/** A tensor's single value as a number (awaits a GPU read). */
async function item(t: Tensor): Promise<number> {
  return (await t.data())[0];
}

/** norm_ip: clamp to [low, high], then map that range onto [0, 1] in place. */
function normalizeInPlace(img: Tensor, low: Scalar, high: Scalar): void {
  clamp_(img, { min: low, max: high });
  const span = scalarValue(high) - scalarValue(low);
  // max(high - low, 1e-5) in Python keeps an int span an int.
  const divisor: Scalar = span >= 1e-5
    ? (isFloatScalar(low) || isFloatScalar(high) ? pyFloat(span) : span)
    : pyFloat(1e-5);
  div_(sub_(img, low), divisor);
}

const isFloatScalar = (s: Scalar): boolean =>
  typeof s === "object" ? s.isFloat : typeof s === "number" && !Number.isInteger(s);

async function normalizeRange(t: Tensor, range: readonly [Scalar, Scalar] | null): Promise<void> {
  if (range !== null) normalizeInPlace(t, range[0], range[1]);
  else normalizeInPlace(t, pyFloat(await item(min(t))), pyFloat(await item(max(t))));
}

export function makeGrid(input: Tensor | readonly Tensor[], opts: MakeGridOptions = {}): Promise<Tensor> {
  return withGradMode(false, () => makeGridNoGrad(input, opts));
}

async function makeGridNoGrad(input: Tensor | readonly Tensor[], opts: MakeGridOptions): Promise<Tensor> {
  const nrow = opts.nrow ?? 8, padding = opts.padding ?? 2;
  let tensor = input instanceof Tensor ? input : stack(input, 0);
  if (tensor.ndim === 2) tensor = unsqueeze(tensor, 0);
  if (tensor.ndim === 3) {
    if (tensor.shape[0] === 1) tensor = cat([tensor, tensor, tensor], 0);
    tensor = unsqueeze(tensor, 0);
  }
  if (tensor.ndim === 4 && tensor.shape[1] === 1) tensor = cat([tensor, tensor, tensor], 1);

  if (opts.normalize) {
    tensor = clone(tensor);
    const range = opts.valueRange ?? null;
    if (opts.scaleEach) {
      for (let i = 0; i < tensor.shape[0]; i++) await normalizeRange(select(tensor, 0, i), range);
    } else {
      await normalizeRange(tensor, range);
    }
  }
  if (tensor.shape[0] === 1) return squeeze(tensor, 0);
  if (tensor.ndim !== 4) throw typeError(`make_grid expects images of 2, 3 or 4 dimensions, got ${tensor.ndim}`);

  const nmaps = tensor.shape[0];
  const xmaps = Math.min(nrow, nmaps);
  const ymaps = Math.ceil(nmaps / xmaps);
  const height = tensor.shape[2] + padding, width = tensor.shape[3] + padding;
  const channels = tensor.shape[1];
  const grid = new_full(tensor, [channels, height * ymaps + padding, width * xmaps + padding], opts.padValue ?? 0);
  let k = 0;
  for (let y = 0; y < ymaps; y++) {
    for (let x = 0; x < xmaps && k < nmaps; x++, k++) {
      const cell = narrow(
        narrow(grid, 1, y * height + padding, height - padding),
        2,
        x * width + padding,
        width - padding,
      );
      copyInto(cell, select(tensor, 0, k));
    }
  }
  return grid;
}

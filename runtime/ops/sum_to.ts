// Gradient helper: folds a gradient of a broadcast shape back onto the shape that was broadcast
// (at::sum_to), for the backward rules of expand, repeat and broadcasting index/mask ops.

import { shapeEquals } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { sum } from "./reduce.ts";

export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapeEquals(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  let r = g;
  if (lead > 0) r = sum(r, { dim: [...Array(lead).keys()], keepdim: false });
  const ones = shape.flatMap((n, i) => (n === 1 && r.shape[i] !== 1 ? [i] : []));
  if (ones.length > 0) r = sum(r, { dim: ones, keepdim: true });
  return r;
}

// Pooling against PyTorch 1.13: forward values, argmax indices and gradients for deterministic
// inputs (the CASES table was printed by PyTorch for the formulas of `fill` below), gradients
// against float64 central differences, and PyTorch's error messages.

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import type { DType } from "../runtime/dtype.ts";
import { Tensor } from "../runtime/tensor.ts";
import {
  avg_pool1d,
  avg_pool2d,
  avgPool2dOp,
  avgPoolParams,
  max_pool1d,
  max_pool2d,
  maxPool2dOp,
  maxPoolParams,
} from "../runtime/ops/pool.ts";
import {
  adaptive_avg_pool1d,
  adaptive_avg_pool2d,
  adaptive_max_pool1d,
  adaptive_max_pool2d,
  adaptiveAvgPool2dOp,
  adaptiveMaxPool2dOp,
} from "../runtime/ops/adaptive_pool.ts";
import { dispatch, type OpDef } from "../runtime/ops/registry.ts";
import { assertClose, assertTorchError, make, numel } from "./kernel_case_helpers.ts";

/** The formulas of the PyTorch script: distinct input values (no ties for max) and a gradient. */
const fill = (kind: "x" | "g", n: number): number[] =>
  Array.from({ length: n }, (_, i) => (kind === "x" ? (((i * 37) % 101) - 50) / 10 : (((i * 37) % 11) - 5) / 8));

type Fn =
  | "max_pool2d"
  | "max_pool1d"
  | "avg_pool2d"
  | "avg_pool1d"
  | "adaptive_avg_pool2d"
  | "adaptive_avg_pool1d"
  | "adaptive_max_pool2d"
  | "adaptive_max_pool1d";

interface PoolCase {
  name: string;
  fn: Fn;
  x: number[];
  /** kernel_size, or output_size for the adaptive pools (null: keep the input's size). */
  k: any;
  opts: any;
  shape: number[];
  y: number[];
  indices?: number[];
  gx: number[];
}

/** How each function is called, and the op and params it dispatches (for the backward tests). */
const FNS: Record<
  Fn,
  { call: (x: Tensor, c: PoolCase) => Tensor | Tensor[]; op: OpDef; params: (c: PoolCase) => any }
> = {
  max_pool2d: {
    call: (x, c) => max_pool2d(x, c.k, { ...c.opts, return_indices: true }),
    op: maxPool2dOp,
    params: (c) => maxPoolParams(2, c.k, c.opts),
  },
  max_pool1d: {
    call: (x, c) => max_pool1d(x, c.k, { ...c.opts, return_indices: true }),
    op: maxPool2dOp,
    params: (c) => maxPoolParams(1, c.k, c.opts),
  },
  avg_pool2d: {
    call: (x, c) => avg_pool2d(x, c.k, c.opts),
    op: avgPool2dOp,
    params: (c) => avgPoolParams(2, c.k, c.opts),
  },
  avg_pool1d: {
    call: (x, c) => avg_pool1d(x, c.k, c.opts),
    op: avgPool2dOp,
    params: (c) => avgPoolParams(1, c.k, c.opts),
  },
  adaptive_avg_pool2d: {
    call: (x, c) => adaptive_avg_pool2d(x, c.k),
    op: adaptiveAvgPool2dOp,
    params: (c) => ({ output_size: c.shape.slice(-2) }),
  },
  adaptive_avg_pool1d: {
    call: (x, c) => adaptive_avg_pool1d(x, c.k),
    op: adaptiveAvgPool2dOp,
    params: (c) => ({ output_size: c.shape.slice(-1) }),
  },
  adaptive_max_pool2d: {
    call: (x, c) => adaptive_max_pool2d(x, c.k, true),
    op: adaptiveMaxPool2dOp,
    params: (c) => ({ output_size: c.shape.slice(-2) }),
  },
  adaptive_max_pool1d: {
    call: (x, c) => adaptive_max_pool1d(x, c.k, true),
    op: adaptiveMaxPool2dOp,
    params: (c) => ({ output_size: c.shape.slice(-1) }),
  },
};

// Printed by PyTorch 1.13 (float32; 6 significant digits).
// deno-fmt-ignore
const CASES: PoolCase[] = [
  {
    name: "kernel 2", fn: "max_pool2d", x: [1, 2, 4, 4], k: 2, opts: {}, shape: [1, 2, 2, 2],
    y: [3.4, 2.4, 4.4, 1.7, 3.7, 4.7, 3, 5],
    indices: [5, 2, 8, 10, 0, 3, 8, 14],
    gx: [0, 0, -0.125, 0, 0, -0.625, 0, 0, 0.375, 0, -0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, -0.375, 0, 0, 0, 0, 0, 0.125, 0],
  },
  {
    name: "kernel 3, stride 2, padding 1", fn: "max_pool2d", x: [1, 2, 5, 5], k: 3, opts: {"stride": 2, "padding": 1}, shape: [1, 2, 3, 3],
    y: [3.4, 4.4, 4.4, 3.7, 4.4, 4.7, 3.7, 3.7, 4.7, 5, 4, 1.3, 5, 4.3, 4.3, 3.6, 3.6, 4.6],
    indices: [5, 8, 8, 16, 8, 19, 16, 16, 19, 5, 2, 4, 5, 13, 13, 21, 21, 24],
    gx: [0, 0, 0, 0, 0, -0.625, 0, 0, 0.25, 0, 0, 0, 0, 0, 0, 0, -0.75, 0, 0, 1.125, 0, 0, 0, 0, 0, 0, 0, 0.25, 0, -0.625, -0.375, 0, 0, 0, 0, 0, 0, 0, -0.125, 0, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, -0.375],
  },
  {
    name: "kernel (2,3), stride (1,2), dilation (2,1)", fn: "max_pool2d", x: [1, 1, 6, 7], k: [2, 3], opts: {"stride": [1, 2], "dilation": [2, 1]}, shape: [1, 1, 4, 3],
    y: [3.7, 3.7, 4.7, 4.4, 3, 4, 5, 5, 4.7, 3.3, 4.3, 4],
    indices: [16, 16, 19, 8, 24, 27, 30, 30, 19, 35, 38, 27],
    gx: [0, 0, 0, 0, 0, 0, 0, 0, -0.5, 0, 0, 0, 0, 0, 0, 0, -0.75, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, -0.125, 0, 0, -0.25, 0, 0, 0, 0, -0.25, 0, 0, 0.25, 0, 0, 0],
  },
  {
    name: "ceil_mode", fn: "max_pool2d", x: [1, 1, 5, 5], k: 2, opts: {"ceil_mode": true}, shape: [1, 1, 3, 3],
    y: [3.4, 4.4, -0.3, 3.7, 2.7, 4.7, 2, -0.7, 3],
    indices: [5, 8, 4, 16, 13, 19, 21, 23, 24],
    gx: [0, 0, 0, 0, 0.375, -0.625, 0, 0, -0.125, 0, 0, 0, 0, 0, 0, 0, -0.5, 0, 0, 0.5, 0, -0.375, 0, 0.125, 0.625],
  },
  {
    name: "ceil_mode with padding", fn: "max_pool2d", x: [1, 1, 6, 6], k: 3, opts: {"stride": 2, "padding": 1, "ceil_mode": true}, shape: [1, 1, 4, 4],
    y: [0.7, 4.4, 3.4, 3.4, 4.7, 4.7, 3.7, -0.7, 5, 4.7, 4, 3.3, 5, 2.3, 3.3, 3.3],
    indices: [7, 8, 5, 5, 19, 19, 16, 23, 30, 19, 27, 35, 30, 32, 35, 35],
    gx: [0, 0, 0, 0, 0, -0.125, 0, -0.625, -0.125, 0, 0, 0, 0, 0, 0, 0, -0.375, 0, 0, 0.25, 0, 0, 0, 0.125, 0, 0, 0, 0.25, 0, 0, 0.5, 0, 0.375, 0, 0, -1.125],
  },
  {
    name: "overlapping windows, unbatched", fn: "max_pool2d", x: [2, 5, 5], k: 3, opts: {"stride": 1}, shape: [2, 3, 3],
    y: [3.4, 4.4, 4.4, 3.7, 4.4, 4.7, 3.7, 3.7, 4.7, 5, 4.3, 4.3, 5, 4.3, 4.3, 3.6, 4.3, 4.6],
    indices: [5, 8, 8, 16, 8, 19, 16, 16, 19, 5, 13, 13, 5, 13, 13, 21, 13, 24],
    gx: [0, 0, 0, 0, 0, -0.625, 0, 0, 0.25, 0, 0, 0, 0, 0, 0, 0, -0.75, 0, 0, 1.125, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.375, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.375],
  },
  {
    name: "1-d, stride 2, padding 1", fn: "max_pool1d", x: [2, 2, 7], k: 3, opts: {"stride": 2, "padding": 1}, shape: [2, 2, 4],
    y: [-1.3, 2.4, 3.4, 3.4, 4.4, 4.4, 1.7, 2.7, 0, 3.7, 4.7, 4.7, 2, 3, 3, 4],
    indices: [1, 2, 5, 5, 1, 1, 3, 6, 1, 2, 5, 5, 0, 3, 3, 6],
    gx: [0, -0.625, -0.125, 0, 0, -0.125, 0, 0, 0.5, 0, -0.375, 0, 0, 0.125, 0, 0.625, -0.25, 0, 0, -0.375, 0, -0.125, 0, 0, -0.125, 0, 0, 0],
  },
  {
    name: "1-d unbatched, ceil_mode, dilation 2", fn: "max_pool1d", x: [2, 9], k: 2, opts: {"ceil_mode": true, "dilation": 2}, shape: [2, 4],
    y: [2.4, 2.4, -0.3, 4.4, -2, 2.7, 2.7, 0],
    indices: [2, 2, 4, 8, 0, 4, 4, 6],
    gx: [0, 0, -0.75, 0, 0.375, 0, 0, 0, -0.5, 0, 0, 0, 0, 0.125, 0, 0.125, 0, 0],
  },
  {
    name: "kernel 2", fn: "avg_pool2d", x: [1, 2, 4, 4], k: 2, opts: {}, shape: [1, 2, 2, 2],
    y: [-0.8, -0.975, 1.025, -1.675, 0.325, 0.15, -0.375, 1.975],
    gx: [-0.15625, -0.15625, -0.03125, -0.03125, -0.15625, -0.15625, -0.03125, -0.03125, 0.09375, 0.09375, -0.125, -0.125, 0.09375, 0.09375, -0.125, -0.125, 0, 0, 0.125, 0.125, 0, 0, 0.125, 0.125, -0.09375, -0.09375, 0.03125, 0.03125, -0.09375, -0.09375, 0.03125, 0.03125],
  },
  {
    name: "padding 1, count_include_pad", fn: "avg_pool2d", x: [1, 1, 5, 5], k: 3, opts: {"stride": 2, "padding": 1}, shape: [1, 1, 3, 3],
    y: [-0.655556, -0.0888889, -0.211111, 0.122222, 0.122222, 0.788889, 0.444444, -0.122222, 0.888889],
    gx: [-0.0694444, -0.0833333, -0.0138889, 0.0277778, 0.0416667, -0.125, -0.138889, -0.0138889, 0.0833333, 0.0972222, -0.0555556, -0.0555556, 0, 0.0555556, 0.0555556, -0.0972222, -0.0833333, 0.0138889, 0.138889, 0.125, -0.0416667, -0.0277778, 0.0138889, 0.0833333, 0.0694444],
  },
  {
    name: "padding 1, count_include_pad=False", fn: "avg_pool2d", x: [1, 1, 5, 5], k: 3, opts: {"stride": 2, "padding": 1, "count_include_pad": false}, shape: [1, 1, 3, 3],
    y: [-1.475, -0.133333, -0.475, 0.183333, 0.122222, 1.18333, 1, -0.183333, 2],
    gx: [-0.15625, -0.177083, -0.0208333, 0.0729167, 0.09375, -0.239583, -0.260417, -0.0208333, 0.15625, 0.177083, -0.0833333, -0.0833333, 0, 0.0833333, 0.0833333, -0.177083, -0.15625, 0.0208333, 0.260417, 0.239583, -0.09375, -0.0729167, 0.0208333, 0.177083, 0.15625],
  },
  {
    name: "ceil_mode", fn: "avg_pool2d", x: [1, 1, 5, 5], k: 2, opts: {"ceil_mode": true}, shape: [1, 1, 3, 3],
    y: [-1.475, 0.875, -1.15, 0.175, 0, 0.5, 0.15, -2.55, 3],
    gx: [-0.15625, -0.15625, -0.03125, -0.03125, 0.1875, -0.15625, -0.15625, -0.03125, -0.03125, 0.1875, -0.125, -0.125, 0, 0, 0.25, -0.125, -0.125, 0, 0, 0.25, -0.1875, -0.1875, 0.0625, 0.0625, 0.625],
  },
  {
    name: "ceil_mode, padding", fn: "avg_pool2d", x: [1, 1, 6, 6], k: 3, opts: {"stride": 2, "padding": 1, "ceil_mode": true}, shape: [1, 1, 4, 4],
    y: [-0.955556, 0.0222223, -0.655555, -0.216667, 0.566667, 0.788889, -0.788889, -1.35, 0.988889, 0.3, -0.155556, 0.65, 0.6, -0.533333, -0.2, 0.825],
    gx: [-0.0694444, -0.0833333, -0.0138889, 0.0277778, 0.0416667, -0.0416667, -0.0694444, -0.0277778, 0.0416667, 0.0416667, 0, -0.0625, 0, 0.0555556, 0.0555556, 0.0138889, -0.0416667, -0.0208333, 0.0694444, 0.0972222, 0.0277778, 0.0138889, -0.0138889, -0.0972222, 0.0694444, 0.0416667, -0.0277778, 0, 0.0277778, -0.0763889, 0.0486111, 0.0833333, 0.0347222, -0.0208333, -0.0555556, -0.159722],
  },
  {
    name: "divisor_override, kernel (2,3)", fn: "avg_pool2d", x: [1, 2, 4, 6], k: [2, 3], opts: {"divisor_override": 3}, shape: [1, 2, 2, 2],
    y: [-0.6, -1.96667, 0.666667, -0.7, 1.93333, 0.566667, -0.166667, -1.53333],
    gx: [-0.208333, -0.208333, -0.208333, -0.0416667, -0.0416667, -0.0416667, -0.208333, -0.208333, -0.208333, -0.0416667, -0.0416667, -0.0416667, 0.125, 0.125, 0.125, -0.166667, -0.166667, -0.166667, 0.125, 0.125, 0.125, -0.166667, -0.166667, -0.166667, 0, 0, 0, 0.166667, 0.166667, 0.166667, 0, 0, 0, 0.166667, 0.166667, 0.166667, -0.125, -0.125, -0.125, 0.0416667, 0.0416667, 0.0416667, -0.125, -0.125, -0.125, 0.0416667, 0.0416667, 0.0416667],
  },
  {
    name: "unbatched, stride (1,2)", fn: "avg_pool2d", x: [2, 4, 5], k: 2, opts: {"stride": [1, 2]}, shape: [2, 3, 2],
    y: [-1.475, 0.875, -0.65, 1.7, 0.175, 0, -0.7, -0.875, 0.125, -0.05, 0.95, 0.775],
    gx: [-0.15625, -0.15625, -0.03125, -0.03125, 0, -0.0625, -0.0625, -0.15625, -0.15625, 0, 0.09375, 0.09375, 0, 0, 0, 0, 0, 0.125, 0.125, 0, -0.09375, -0.09375, 0.03125, 0.03125, 0, 0.0625, 0.0625, -0.03125, -0.03125, 0, 0.21875, 0.21875, -0.21875, -0.21875, 0, 0.0625, 0.0625, -0.15625, -0.15625, 0],
  },
  {
    name: "1-d, count_include_pad=False", fn: "avg_pool1d", x: [1, 2, 7], k: 3, opts: {"stride": 2, "padding": 1, "count_include_pad": false}, shape: [1, 2, 4],
    y: [-3.15, -0.966667, -0.3, 0.2, 2.55, 1.36667, -1.33333, 0.85],
    gx: [-0.3125, -0.354167, -0.0416667, 0.0833333, 0.125, -0.125, -0.25, 0, 0.166667, 0.166667, 0.0416667, -0.125, -0.0625, 0.0625],
  },
  {
    name: "1-d unbatched, ceil_mode", fn: "avg_pool1d", x: [2, 5], k: 2, opts: {"ceil_mode": true}, shape: [2, 3],
    y: [-3.15, -0.8, -0.3, 0.2, 2.55, -2],
    gx: [-0.3125, -0.3125, -0.0625, -0.0625, 0.375, -0.25, -0.25, 0, 0, 0.5],
  },
  {
    name: "5x7 -> 3x4", fn: "adaptive_avg_pool2d", x: [1, 2, 5, 7], k: [3, 4], opts: {}, shape: [1, 2, 3, 4],
    y: [-0.3, 0.2, -0.816667, 0.525, -0.166667, 0.333333, -0.122222, 1.5, -0.875, 0.466667, -0.55, -0.0499999, 0.425, 0.0833334, 0.75, -1.275, 1.4, -0.344444, 0.322222, -0.3, -0.15, 0.35, 1.01667, 0.675],
    gx: [-0.15625, -0.177083, -0.0208333, 0.0416667, 0.0625, -0.0625, -0.125, -0.15625, -0.121528, 0.0347222, 0.0555556, 0.0208333, -0.0833333, -0.104167, 0, 0.0555556, 0.0555556, 0.0138889, -0.0416667, -0.0208333, 0.0208333, 0.15625, 0.170139, 0.0138889, 0.0138889, 0, -0.135417, -0.135417, 0.15625, 0.114583, -0.0416667, 0, 0.0416667, -0.114583, -0.15625, -0.03125, 0.03125, 0.0625, -0.0208333, -0.0833333, -0.0833333, 0, 0.0520833, 0.0729167, 0.0208333, -0.0486111, -0.0694444, 0.0347222, 0.104167, 0.0833333, 0.0416667, -0.0416667, -0.0277778, 0.0138889, 0.118056, 0.104167, 0.0208333, 0.0208333, 0, -0.0902778, -0.0902778, -0.0173611, 0.0729167, -0.0625, -0.0208333, 0.0416667, -0.0625, -0.104167, -0.135417, -0.03125],
  },
  {
    name: "None keeps a size", fn: "adaptive_avg_pool2d", x: [1, 1, 4, 6], k: [null, 4], opts: {}, shape: [1, 1, 4, 4],
    y: [-3.15, 0.55, -2.15, 1.55, -1.15, 2.55, -0.15, -1.5, 0.85, -0.5, 1.85, 0.5, 2.85, 1.5, -1.2, -2.55],
    gx: [-0.3125, -0.375, -0.0625, 0.1875, -0.0625, -0.25, 0, 0.25, 0.25, -0.1875, -0.125, 0.0625, 0.3125, 0.1875, -0.125, 0.125, -0.1875, -0.3125, -0.0625, 0.125, 0.1875, -0.25, -0.25, 0],
  },
  {
    name: "unbatched 5x5 -> 2x2", fn: "adaptive_avg_pool2d", x: [2, 5, 5], k: 2, opts: {}, shape: [2, 2, 2],
    y: [-0.755556, -0.0888889, -0.788889, -0.122222, 0.844444, 0.388889, -0.311111, 0.355556],
    gx: [-0.0694444, -0.0694444, -0.0833333, -0.0138889, -0.0138889, -0.0694444, -0.0694444, -0.0833333, -0.0138889, -0.0138889, -0.0277778, -0.0277778, -0.0972222, -0.0694444, -0.0694444, 0.0416667, 0.0416667, -0.0138889, -0.0555556, -0.0555556, 0.0416667, 0.0416667, -0.0138889, -0.0555556, -0.0555556, 0, 0, 0.0555556, 0.0555556, 0.0555556, 0, 0, 0.0555556, 0.0555556, 0.0555556, -0.0416667, -0.0416667, 0.0277778, 0.0694444, 0.0694444, -0.0416667, -0.0416667, -0.0277778, 0.0138889, 0.0138889, -0.0416667, -0.0416667, -0.0277778, 0.0138889, 0.0138889],
  },
  {
    name: "upsampling 2x3 -> 3x5", fn: "adaptive_avg_pool2d", x: [1, 1, 2, 3], k: [3, 5], opts: {}, shape: [1, 1, 3, 5],
    y: [-5, -3.15, -1.3, 0.55, 2.4, -4.5, -2.65, -0.8, 1.05, 2.9, -4, -2.15, -0.3, 1.55, 3.4],
    gx: [-0.53125, 0.1875, -0.21875, 0.09375, -0.125, -0.28125],
  },
  {
    name: "1-d 7 -> 3", fn: "adaptive_avg_pool1d", x: [1, 2, 7], k: 3, opts: {}, shape: [1, 2, 3],
    y: [-1.3, -0.633333, 0.0333334, 1.03333, -1.66667, -1],
    gx: [-0.208333, -0.208333, -0.25, -0.0416667, 0.0833333, 0.125, 0.125, -0.166667, -0.166667, -0.166667, 0, 0.166667, 0.166667, 0.166667],
  },
  {
    name: "5x7 -> 3x4", fn: "adaptive_max_pool2d", x: [1, 2, 5, 7], k: [3, 4], opts: {}, shape: [1, 2, 3, 4],
    y: [4.4, 4.4, 3.4, 3.4, 4.4, 4.4, 4.7, 4.7, 2, 5, 3, 4, 3.3, 4.3, 4.3, 1.6, 4.6, 3.9, 4.9, 2.9, 3.9, 3.9, 4.9, 4.2],
    indices: [8, 8, 5, 5, 8, 8, 19, 19, 21, 30, 24, 27, 0, 3, 3, 5, 14, 22, 25, 19, 22, 22, 25, 33],
    gx: [0, 0, 0, 0, 0, -0.125, 0, 0, -0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.25, 0, 0.625, 0, 0, 0.25, 0, 0, -0.625, 0, 0, -0.25, 0, 0, 0, 0, -0.125, 0, 0, -0.125, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.625, 0, 0, -0.375, 0, 0, -0.5, 0, 0, 0, 0, 0, 0, 0, -0.125, 0],
  },
  {
    name: "upsampling 3x3 -> 4x4", fn: "adaptive_max_pool2d", x: [1, 1, 3, 3], k: 4, opts: {}, shape: [1, 1, 4, 4],
    y: [-5, -1.3, 2.4, 2.4, -4, -0.3, 3.4, 3.4, -3, 0.7, 4.4, 4.4, -3, 0.7, 4.4, 4.4],
    indices: [0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 6, 7, 8, 8],
    gx: [-0.625, -0.125, -0.125, 0, 0.5, -0.25, 0.5, 0.125, -0.875],
  },
  {
    name: "1-d unbatched 7 -> 4", fn: "adaptive_max_pool1d", x: [2, 7], k: 4, opts: {}, shape: [2, 4],
    y: [-1.3, 2.4, 3.4, 3.4, 4.4, 4.4, 1.7, 2.7],
    indices: [1, 2, 5, 5, 1, 1, 3, 6],
    gx: [0, -0.625, -0.125, 0, 0, -0.125, 0, 0, 0.5, 0, -0.375, 0, 0, 0.125],
  },
];

Deno.test("pool forward matches PyTorch", async (t) => {
  for (const c of CASES) {
    await t.step(`${c.fn} ${c.name}`, () => {
      for (const dtype of ["float32", "float64"] as const) {
        const out = FNS[c.fn].call(make(fill("x", numel(c.x)), c.x, dtype), c);
        const [y, indices] = Array.isArray(out) ? out : [out];
        assert.deepEqual(y.shape, c.shape);
        assert.equal(y.dtype, dtype);
        assertClose(y.dataSync(), c.y, 1e-5, `y ${dtype}`);
        if (c.indices) {
          assert.equal(indices.dtype, "int64");
          assert.deepEqual(indices.shape, c.shape);
          assert.deepEqual(Array.from(indices.dataSync()), c.indices);
        }
      }
    });
  }
});

/** Runs a case's op directly and its gradient rule on the PyTorch upstream gradient. */
function backward(c: PoolCase, dtype: DType, x: Tensor) {
  const { op, params } = FNS[c.fn];
  const p = params(c);
  const outputs = dispatch(op, [x], p);
  const g = make(fill("g", numel(c.shape)), c.shape, dtype);
  const grads = op.backward!([g, ...outputs.slice(1).map(() => null)], { inputs: [x], outputs, params: p });
  return { grads, outputs, p, op };
}

Deno.test("pool backward matches PyTorch", async (t) => {
  for (const c of CASES) {
    await t.step(`${c.fn} ${c.name}`, () => {
      const { grads } = backward(c, "float32", make(fill("x", numel(c.x)), c.x));
      assert.equal(grads.length, 1);
      assert.deepEqual(grads[0]!.shape, c.x);
      assertClose(grads[0]!.dataSync(), c.gx, 1e-5, "grad input");
    });
  }
});

Deno.test("pool backward matches float64 central differences", async (t) => {
  for (const c of CASES) {
    await t.step(`${c.fn} ${c.name}`, () => {
      const xs = fill("x", numel(c.x));
      const { grads, p, op } = backward(c, "float64", make(xs, c.x, "float64"));
      const g = fill("g", numel(c.shape));
      const f = (i: number, d: number) => {
        const y = dispatch(op, [make(xs.map((v, j) => (j === i ? v + d : v)), c.x, "float64")], p)[0].dataSync();
        return Array.from(y).reduce((s, v, j) => s + v * g[j], 0);
      };
      const eps = 1e-6;
      const numeric = xs.map((_, i) => (f(i, eps) - f(i, -eps)) / (2 * eps));
      assertClose(grads[0]!.dataSync(), numeric, 1e-6, "grad input");
    });
  }
});

Deno.test("pool autograd names", () => {
  assert.equal(maxPool2dOp.gradName, "MaxPool2DWithIndicesBackward0");
  assert.equal(avgPool2dOp.gradName, "AvgPool2DBackward0");
  assert.equal(adaptiveAvgPool2dOp.gradName, "AdaptiveAvgPool2DBackward0");
  assert.equal(adaptiveMaxPool2dOp.gradName, "AdaptiveMaxPool2DBackward0");
});

Deno.test("max pooling lets NaN win, as PyTorch", () => {
  const x = make([1, NaN, 3, 2, NaN, NaN], [1, 1, 6]);
  const [y, i] = max_pool1d(x, 3, { stride: 1, return_indices: true });
  assert.deepEqual(Array.from(y.dataSync()), [NaN, NaN, NaN, NaN]);
  assert.deepEqual(Array.from(i.dataSync()), [1, 1, 4, 5]);
  const [ya, ia] = adaptive_max_pool1d(x, 2, true);
  assert.deepEqual(Array.from(ya.dataSync()), [NaN, NaN]);
  assert.deepEqual(Array.from(ia.dataSync()), [1, 5]);
  // An all -inf window keeps its first in-bounds position.
  const [, iinf] = max_pool1d(make([-Infinity, -Infinity, -Infinity, -Infinity], [1, 1, 4]), 3, {
    stride: 2,
    padding: 1,
    return_indices: true,
  });
  assert.deepEqual(Array.from(iinf.dataSync()), [0, 1]);
});

Deno.test("pools accept empty batches and sizes as PyTorch", () => {
  const z = (...shape: number[]) => Tensor.empty(shape, "float32");
  assert.deepEqual(max_pool2d(z(0, 1, 8, 8), 2).shape, [0, 1, 4, 4]);
  assert.deepEqual(avg_pool2d(z(0, 1, 8, 8), 2).shape, [0, 1, 4, 4]);
  assert.deepEqual(adaptive_avg_pool2d(z(1, 0, 4, 4), 2).shape, [1, 0, 2, 2]);
  assert.deepEqual(adaptive_avg_pool2d(z(1, 1, 4, 4), 0).shape, [1, 1, 0, 0]);
  assert.deepEqual(adaptive_max_pool2d(z(1, 1, 4, 4), 0).shape, [1, 1, 0, 0]);
  assert.deepEqual(max_pool1d(z(1, 1, 2), 3).shape, [1, 1, 0]);
  assert.deepEqual(max_pool2d(z(1, 1, 8, 8), 2, { stride: [] }).shape, [1, 1, 4, 4]);
});

Deno.test("pool errors match PyTorch", async (t) => {
  const z = (...shape: number[]) => Tensor.empty(shape, "float32");
  const long = (...shape: number[]) => Tensor.empty(shape, "int64");
  const x = z(1, 1, 8, 8);
  // deno-fmt-ignore
  const cases: [string, () => unknown, string, string?][] = [
    // max_pool2d
    ["pad", () => max_pool2d(x, 2, { padding: 3 }), "pad should be at most half of kernel size, but got pad=3 and kernel_size=2"],
    ["output too small", () => max_pool2d(z(1, 2, 2), 3), "Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small"],
    ["output too small with dilation", () => max_pool2d(z(1, 2, 2), 3, { padding: 1, stride: 1, dilation: 2 }), "Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small"],
    ["2-d input", () => max_pool2d(z(2, 2), 2), "non-empty 3D or 4D (batch mode) tensor expected for input"],
    ["kernel 0 (stride too)", () => max_pool2d(x, 0), "stride should not be zero"],
    ["kernel 0", () => max_pool2d(x, 0, { stride: 1 }), "kernel size should be greater than zero, but got kH: 0 kW: 0"],
    ["stride -1", () => max_pool2d(x, 2, { stride: -1 }), "stride should be greater than zero, but got dH: -1 dW: -1"],
    ["dilation 0", () => max_pool2d(x, 2, { dilation: 0 }), "dilation should be greater than zero, but got dilationH: 0 dilationW: 0"],
    ["padding -1", () => max_pool2d(x, 2, { padding: -1 }), "pad must be non-negative, but got pad: -1"],
    ["kernel of 3", () => max_pool2d(x, [2, 2, 2]), "max_pool2d: kernel_size must either be a single int, or a tuple of two ints"],
    ["stride of 3", () => max_pool2d(x, 2, { stride: [1, 1, 1] }), "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints"],
    ["padding of 3", () => max_pool2d(x, 2, { padding: [1, 1, 1] }), "max_pool2d: padding must be either be a single int, or a tuple of two ints"],
    ["empty channels", () => max_pool2d(z(1, 0, 8, 8), 2), "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 8, 8]"],
    ["int64", () => max_pool2d(long(1, 1, 8, 8), 2), `"max_pool2d" not implemented for 'Long'`],
    // max_pool1d
    ["1-d input", () => max_pool1d(z(4), 2), "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[4]"],
    ["1-d kernel 0", () => max_pool1d(z(1, 2, 6), 0), "max_pool1d() kernel_size must be greater than zero, but got 0"],
    ["1-d stride 0", () => max_pool1d(z(1, 2, 6), 2, { stride: 0 }), "max_pool1d() stride must be greater than zero, but got 0"],
    ["1-d pad", () => max_pool1d(z(1, 2, 6), 2, { padding: 2 }), "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=2"],
    ["1-d output -1", () => max_pool1d(z(1, 1, 2), 3, { dilation: 3 }), "max_pool1d() Invalid computed output size: -1"],
    ["1-d kernel of 2", () => max_pool1d(z(1, 2, 6), [2, 2]), "max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but got size 2"],
    ["1-d stride of 2", () => max_pool1d(z(1, 2, 6), 2, { stride: [1, 1] }), "max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got size 2"],
    ["1-d int64", () => max_pool1d(long(1, 2, 6), 2), `"max_pool1d_impl" not implemented for 'Long'`],
    // avg_pool2d
    ["avg pad", () => avg_pool2d(x, 2, { padding: 2 }), "pad should be at most half of kernel size, but got pad=2 and kernel_size=2"],
    ["avg output too small", () => avg_pool2d(z(1, 2, 2), 3), "Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small"],
    ["avg 2-d input", () => avg_pool2d(z(2, 2), 2), "Dimension out of range (expected to be in range of [-2, 1], but got -3)", "IndexError"],
    ["avg divisor 0", () => avg_pool2d(x, 2, { divisor_override: 0 }), "divisor must be not zero"],
    ["avg padding of 3", () => avg_pool2d(x, 2, { padding: [1, 1, 1] }), "avg_pool2d: padding must either be a single int, or a tuple of two ints"],
    ["avg int64", () => avg_pool2d(long(1, 1, 8, 8), 2), `"avg_pool2d" not implemented for 'Long'`],
    // avg_pool1d
    ["avg 1-d input", () => avg_pool1d(z(4), 2), "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)"],
    ["avg 1-d kernel of 2", () => avg_pool1d(z(1, 2, 6), [2, 2]), "avg_pool1d() argument 'kernel_size' should contain one int (got 2)"],
    ["avg 1-d output too small", () => avg_pool1d(z(1, 2), 3), "Given input size: (1x1x2). Calculated output size: (1x1x0). Output size is too small"],
    ["avg 1-d empty length", () => avg_pool1d(z(1, 2, 0), 2), "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 2, 1, 0]"],
    // adaptive
    ["adaptive avg 2-d input", () => adaptive_avg_pool2d(z(2, 2), 2), "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [2, 2]"],
    ["adaptive avg size of 3", () => adaptive_avg_pool2d(x, [2, 2, 2]), "adaptive_avg_pool2d: output_size must be 2"],
    ["adaptive avg size of 3, 2-d input", () => adaptive_avg_pool2d(z(1, 1), [2, 2, 2]), "Input dimension should be at least 4", "ValueError"],
    ["adaptive avg negative size", () => adaptive_avg_pool2d(x, -1), "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {-1, -1}"],
    ["adaptive avg empty height", () => adaptive_avg_pool2d(z(1, 1, 0, 4), 2), "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 1, 0, 4] with dimension 2 being empty"],
    ["adaptive avg int64", () => adaptive_avg_pool2d(long(1, 1, 8, 8), 2), `"adaptive_avg_pool2d" not implemented for 'Long'`],
    ["adaptive max 2-d input", () => adaptive_max_pool2d(z(2, 2), 2), "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [2, 2]"],
    ["adaptive max empty channels", () => adaptive_max_pool2d(z(1, 0, 2, 2), 2), "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 0, 2, 2] with dimension 1 being empty"],
    ["adaptive max size of 3", () => adaptive_max_pool2d(x, [2, 2, 2]), "adaptive_max_pool2d(): internal error: output_size.size() must be 2"],
    ["adaptive max negative size", () => adaptive_max_pool2d(z(1, 1, 4, 4), -1), "Trying to create tensor with negative dimension -1: [1, 1, -1, -1]"],
    ["adaptive avg 1-d size of 2", () => adaptive_avg_pool1d(z(1, 2, 6), [2, 2]), "adaptive_avg_pool1d() argument 'output_size' should contain one int (got 2)"],
    ["adaptive avg 1-d input", () => adaptive_avg_pool1d(z(4), 2), "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for adaptive_avg_pool1d)"],
    ["adaptive avg 1-d empty length", () => adaptive_avg_pool1d(z(1, 2, 0), 2), "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 2, 1, 0] with dimension 3 being empty"],
    ["adaptive avg 1-d negative size", () => adaptive_avg_pool1d(z(1, 2, 6), -1), "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {1, -1}"],
  ];
  for (const [name, fn, message, pyType] of cases) await t.step(name, () => assertTorchError(fn, message, pyType));
});

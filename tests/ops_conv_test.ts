// Convolution against PyTorch 1.13: forward values and gradients for deterministic inputs (the
// CASES table was printed by PyTorch for the same formulas as `fill` below), gradients against
// float64 central differences, and PyTorch's error messages.

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import type { DType } from "../runtime/dtype.ts";
import { Tensor } from "../runtime/tensor.ts";
import { conv1d, conv2d, conv2dOp, type ConvOptions, convParams } from "../runtime/ops/conv.ts";
import { dispatch1 } from "../runtime/ops/registry.ts";
import { assertClose, assertTorchError, make, numel } from "./kernel_case_helpers.ts";

/** The inputs' formulas, as in the PyTorch script: x, weight, bias and the upstream gradient g. */
function fill(kind: "x" | "w" | "b" | "g", n: number): number[] {
  return Array.from(
    { length: n },
    (_, i) =>
      kind === "x"
        ? (i % 7) / 10
        : kind === "w"
        ? ((i % 5) - 2) / 10
        : kind === "b"
        ? ((i % 3) - 1) / 4
        : (((i * 37) % 11) - 5) / 8,
  );
}

interface ConvCase {
  name: string;
  fn: "conv1d" | "conv2d";
  x: number[];
  w: number[];
  bias: boolean;
  opts: ConvOptions;
  shape: number[];
  y: number[];
  gx?: number[];
  gw?: number[];
  gb?: number[];
}

/** The case's inputs in `dtype`, marked as needing gradients, and the conv2d op's params. */
function setup(c: ConvCase, dtype: DType) {
  const inputs = [make(fill("x", numel(c.x)), c.x, dtype), make(fill("w", numel(c.w)), c.w, dtype)];
  if (c.bias) inputs.push(make(fill("b", c.w[0]), [c.w[0]], dtype));
  for (const t of inputs) t.requiresGrad = true;
  const params = convParams(c.fn, c.fn === "conv1d" ? 1 : 2, inputs[0], inputs[1], c.opts);
  return { inputs, params };
}

// Printed by PyTorch 1.13 (float32; 6 significant digits).
// deno-fmt-ignore
const CASES: ConvCase[] = [
  {
    name: "basic", fn: "conv2d", x: [1, 2, 5, 5], w: [3, 2, 3, 3], bias: true, opts: {}, shape: [1, 3, 3, 3],
    y: [-0.05, -0.15, -0.18, -0.55, -0.44, -0.05, -0.49, -0.52, -0.55, -0.06, -0.19, -0.11, 0.41, 0.14, -0.06, 0.04, -0.02, 0.41, 0.28, 0.42, 0.21, 0.07, 0.07, 0.28, 0.42, 0.28, 0.07],
  },
  {
    name: "stride 2, padding 1", fn: "conv2d", x: [2, 2, 6, 6], w: [2, 2, 3, 3], bias: true, opts: {"stride": 2, "padding": 1}, shape: [2, 2, 3, 3],
    y: [-0.22, -0.17, -0.15, -0.28, -0.39, -0.31, -0.33, -0.33, -0.39, -0.14, -0.1, -0.16, -0.01, 0.02, 0.04, 0.06, -1.66893e-08, 0.02, -0.16, -0.15, -0.2, -0.3, -0.31, -0.3, -0.28, -0.39, -0.31, -0.06, -0.16, -0.08, -0.08, 0.04, -0.08, -0.01, 0.02, 0.04],
    gx: [-0.125, 0.0625, -0.025, 0.15, 0.075, -0.1375, 0.075, 0.0875, 0.025, -0.425, -0.025, 0.2, -0.1, 0.05, 0, 0.1375, 0.1, -0.15, 0.0625, 0.0625, 0.0125, -0.45, -0.0375, 0.175, -0.075, 0.0375, 0.025, 0.125, 0.125, -0.1625, 0, 0.05, -0.1, -0.175, 0.075, 0.1, -0.0375, -0.175, -0.0375, 0.1, 0.1, 0.075, 0.1, 0.125, 0.1, -0.0125, -0.3125, -0.025, -0.0375, -0.175, -0.0375, 0.1, 0.1, 0.1, 0.1, 0.125, 0.1, -0.0125, -0.3125, -0.0375, -0.0375, -0.175, -0.0375, 0.1, 0.1, 0.125, 0.0375, 0.025, 0.0875, -0.2625, -0.1375, 0.075, 0.025, 0.125, 0.125, -0.2, -0.05, 0.0625, 0, -0.2, 0.0875, 0.25, 0.0375, -0.0875, 0.05, -0.025, -0.125, 0.0625, -0.025, 0.05, -0.2875, 0.1875, 0.075, 0.0875, 0.025, -0.1125, 0.075, -0.175, -0.1, 0.05, 0, 0.0375, 0.125, 0.125, 0.025, 0.0375, -0.075, -0.0375, -0.0375, 0.1, 0.1, 0.1, -0.0375, -0.05, 0.1, -0.2875, -0.0375, 0.125, 0.1, 0.0375, -0.0375, 0.1, -0.0375, -0.175, -0.0375, -0.025, -0.0375, -0.2875, 0.1, 0.125, 0.1, 0.025, 0.1, 0.1, -0.0375, -0.175, -0.0375, 0, -0.1625, 0.2125, 0.025, 0.0625, 0.075, -0.075],
    gw: [-0.0125, -0.2125, -0.2375, 0.2375, 0.0625, 0.225, 0.175, -0.0999999, 0.0625, -0.0125, -0.2375, -0.175, 0.2125, 0.225, 0.2125, 0.2375, 0.0625, 0.225, 0.275, -0.0875, 0.1, -0.05, -0.275, -0.3875, -0.0125, -0.075, -0.275, 0.3, 0.1, -0.0625, -9.31323e-09, -0.3875, -0.2375, -0.05, -0.275, -0.3875],
    gb: [-0.125, -0.25],
  },
  {
    name: "stride (2,1), padding (1,0), dilation (2,1)", fn: "conv2d", x: [1, 2, 7, 6], w: [2, 2, 3, 2], bias: false, opts: {"stride": [2, 1], "padding": [1, 0], "dilation": [2, 1]}, shape: [1, 2, 3, 5],
    y: [-0.09, -0.15, 0.07, 0.08, 0.09, -0.08, 0.1, -0.14, -0.24, -0.06, -0.06, -0.06, 0.01, 0.22, 0.01, 0.00999999, -0.02, -0.12, -0.08, -0.11, -0.08, -0.14, 0.08, 0.09, 0.03, 0.1, 0.11, -0.09, -0.15, 0.07],
    gx: [0, 0, 0, 0, 0, 0, -0.1, 0.0375, -0.15, -0.0625, 0.025, -0.0625, 0, 0, 0, 0, 0, 0, -0.225, 0.25, 0.0125, -0.0875, 0.225, -0.0375, 0, 0, 0, 0, 0, 0, 0.025, -0.075, 0.2, -0.075, -0.075, -0.025, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.1375, -0.225, 0.0125, -0.1625, -0.2, 0.0125, 0, 0, 0, 0, 0, 0, 0.15, 0.0875, 0.0875, 0.225, 0.0875, -7.45058e-09, 0, 0, 0, 0, 0, 0, 0.025, 0.0375, -0.2, -0.1625, 0.0125, -0.05, 0, 0, 0, 0, 0, 0],
    gw: [0.025, -0.2375, -0.675, -0.0625, 0.1125, 0, 0.025, -0.2375, -0.675, -0.0625, 0.1125, 0, -0.0125, -0.25, -0.15, 0.225, 0.025, 0.075, -0.0125, -0.25, -0.15, 0.225, 0.025, 0.075],
  },
  {
    name: "groups 2", fn: "conv2d", x: [1, 4, 5, 5], w: [4, 2, 3, 3], bias: true, opts: {"groups": 2}, shape: [1, 4, 3, 3],
    y: [-0.05, -0.15, -0.18, -0.55, -0.44, -0.05, -0.49, -0.52, -0.55, -0.06, -0.19, -0.11, 0.41, 0.14, -0.06, 0.04, -0.02, 0.41, 0.42, 0.21, 0.42, 0.07, 0.28, 0.42, 0.28, 0.07, 0.07, -0.27, -0.42, -0.5, 0.1, -0.33, -0.27, -0.37, -0.17, 0.1],
    gx: [0.1, 0.0625, -0.025, -0.2125, 0.125, 0.05, -0.1, 0.125, -0.1, -0.0375, 0.05, 0.0375, -0.1375, -0.0125, 0.025, -0.0125, -0.0125, -0.0625, 0.2125, -0.0625, 0.0375, 0.0875, -0.275, 0.0375, 0.1, -0.125, 0.075, 0.1375, -0.075, -0.1625, -0.05, -3.72529e-09, 0.125, -1.86265e-09, -0.075, 0.05, 0.05, 0.125, -0.1875, 0.0875, 0.0875, -0.075, -0.0875, -0.1, 0.225, 0.075, 0.0625, -0.075, -0.2375, 0.075, 0.0875, -0.2375, 0.0875, 0.075, -0.0375, 0.125, 0.0375, -0.05, -0.1625, 0.0125, -0.2125, 0.075, 0.475, 0.0375, -0.025, -0.05, -0.225, -0.1125, -0.1, 0.05, 0.125, 0.125, -0.0375, -0.1375, 0, 0.025, -0.075, -0.175, 0.125, -0.025, -0.025, 0.325, 0.05, -0.1, 0.0125, -0.0875, -0.3, 0.125, 0.25, -0.0625, 0.2, -0.075, -0.2, -3.72529e-09, 0, -0.1625, 0.15, 0.2, -0.1125, -0.0375],
    gw: [0.0625, 0.0625, -0.025, -0.1125, -0.025, 0.0625, -0.1125, 0.15, -0.1125, 0.15, -0.1125, -0.025, -0.025, -0.1125, 0.15, 0.0625, 0.0625, -0.025, 0.075, -0.2625, 0.0125, -0.125, -0.375, 0.075, -0.4125, -0.4875, -0.125, -0.4875, -0.125, -0.375, 0.0125, -0.4125, -0.4875, 0.075, -0.2625, 0.0125, 0.1, -0.0875, 0.25, -0.3125, -0.325, 0.1, -0.025, 0.1375, -0.3125, 0.1375, -0.3125, -0.325, 0.25, -0.025, 0.1375, 0.1, -0.0875, 0.25, 0.325, -0.325, -0.1875, 0.575, 0.1, 0.325, 0.3, 0.2625, 0.575, 0.2625, 0.575, 0.1, -0.1875, 0.3, 0.2625, 0.325, -0.325, -0.1875],
    gb: [0, -0.75, -0.125, 0.5],
  },
  {
    name: "depthwise groups 3, stride 2", fn: "conv2d", x: [1, 3, 5, 5], w: [6, 1, 2, 2], bias: true, opts: {"groups": 3, "stride": 2}, shape: [1, 6, 2, 2],
    y: [-0.2, -0.31, -0.33, -0.37, -0.07, -0.02, -0.03, -0.05, 0.32, 0.18, 0.11, 0.32, -0.22, -0.27, -0.26, -0.24, 0.05, 0.02, 0.04, 0.08, 0.21, 0.17, 0.15, 0.18],
  },
  {
    name: "padding same, 3x3", fn: "conv2d", x: [1, 2, 4, 4], w: [2, 2, 3, 3], bias: true, opts: {"padding": "same"}, shape: [1, 2, 4, 4],
    y: [-0.2, -0.26, -0.18, -0.22, -0.29, -0.36, -0.25, -0.45, -0.26, -0.2, -0.37, -0.29, -0.36, -0.14, -0.28, -0.32, -0.02, -0.09, -0.12, 0.02, -0.01, -0.05, 0.03, 0.18, -0.15, -0.08, 0.21, -0.05, 0.15, 0.07, 0.08, 0.1],
  },
  {
    name: "padding same, even 2x4 kernel, dilation (1,2)", fn: "conv2d", x: [1, 1, 5, 6], w: [2, 1, 2, 4], bias: false, opts: {"padding": "same", "dilation": [1, 2]}, shape: [1, 2, 5, 6],
    y: [0.03, -0.09, 0.02, 0.05, -0.13, -0.12, -0.04, -0.13, -0.09, -0.05, 0.05, -0.09, -0.04, -0.17, -0.13, -0.15, -0.05, 0.08, -0.04, -0.14, -0.17, -0.18, -0.15, -0.03, 0.06, -0.03, -0.03, -0.11, -0.14, -0.1, -0.09, -0.06, -0.13, 0.03, 0.07, 0.13, 0.08, 0.08, -0.06, 0.06, 0.03, 0.09, -0.03, 0.22, 0.08, 0.09, 0.06, 0.05, -0.14, 0.08, 0.22, 0.19, 0.09, 0.08, -0.14, -0.04, -0.05, 0.13, 0.14, 0.05],
    gx: [0, -0.125, -0.0875, -0.2, 0.1625, 0.0375, -0.1, 0.2375, 0.2375, -0.2125, 0.1875, -0.0875, -0.075, -0.175, -0.175, 0.2625, 0.1125, -0.1625, -0.05, 0.2375, -0.175, 0.1875, -0.1, 0.0375, -0.1625, -0.175, 0.1, 0.1125, -0.175, 0.375],
    gw: [-0.0375, 0.05, 0.2125, 0.3125, -0.4375, 0.0625001, 0.1875, 0.15, 0.1875, -0.4125, -0.2125, 0.2625, -0.45, 0.4125, -0.325, 0.1125],
  },
  {
    name: "padding valid", fn: "conv2d", x: [1, 2, 4, 4], w: [1, 2, 3, 3], bias: false, opts: {"padding": "valid"}, shape: [1, 1, 2, 2],
    y: [-0.11, -1.11759e-08, 0.05, -0.12],
  },
  {
    name: "pointwise 1x1", fn: "conv2d", x: [2, 3, 3, 3], w: [2, 3, 1, 1], bias: true, opts: {}, shape: [2, 2, 3, 3],
    y: [-0.27, -0.3, -0.33, -0.36, -0.39, -0.35, -0.38, -0.27, -0.3, -0.04, -0.03, -0.02, 0.13, 0.14, 0.01, 0.02, -0.04, -0.03, -0.38, -0.27, -0.3, -0.33, -0.36, -0.39, -0.35, -0.38, -0.27, 0.02, -0.04, -0.03, -0.02, 0.13, 0.14, 0.01, 0.02, -0.04],
  },
  {
    name: "unbatched", fn: "conv2d", x: [2, 5, 5], w: [2, 2, 3, 3], bias: true, opts: {"padding": 1}, shape: [2, 5, 5],
    y: [-0.09, -0.22, -0.35, -0.34, -0.3, -0.28, -0.05, -0.15, -0.18, -0.42, -0.4, -0.55, -0.44, -0.05, -0.29, -0.17, -0.49, -0.52, -0.55, -0.37, -0.19, -0.13, -0.06, -0.34, -0.32, -0.21, -0.13, -0.02, -0.12, 0.11, 0.04, -0.06, -0.19, -0.11, 0.18, 0.04, 0.41, 0.14, -0.06, -0.02, -0.17, 0.04, -0.02, 0.41, 0.06, 0.12, -0.1, -0.09, -0.08, 0.02],
    gx: [-0.0125, -0.1, -0.0125, -0.3375, 0.1875, 0.325, -0.1625, 0.15, 0.325, -0.4, -0.1125, 0.025, -0.35, 0.1, -0.2125, -0.1375, 0.35, -0.1625, 0.15, 0.25, -0.0125, -0.075, -0.075, -0.2125, 0.2125, -0.125, -0.0875, 0.15, -0.1625, -0.2625, -0.1125, 0.225, 0.225, -0.05, 0.3375, 0.325, -0.1875, -0.1875, -0.05, 0.0375, 0.075, -0.1875, 0.225, 0.225, 0.0125, -0.1, 0.1375, -0.1, -0.3375, -0.275],
    gw: [0.075, -0.175, 0.2125, -0.075, 0.1625, -0.1, 0.525, -0.0625, -0.3375, -0.0125, 0.1125, -0.125, -0.0875, 0.0125, -0.35, -0.05, -0.4125, 0.15, -0.45, 0.125, 0.2625, 0.0625, 0.2, 0.3, 0.175, -0.5625, 0.2125, -0.6625, 0.3125, 0.35, 0.0375, 0.025, -0.375, -0.525, -0.05, 0.25],
    gb: [-0.375, 0],
  },
  {
    name: "conv1d stride 2, padding 1", fn: "conv1d", x: [2, 3, 7], w: [4, 3, 3], bias: true, opts: {"stride": 2, "padding": 1}, shape: [2, 4, 4],
    y: [-0.26, -0.28, -0.32, -0.29, 0.01, -0.01, -0.03, -0.12, 0.23, 0.21, 0.21, 0.35, -0.25, -0.22, -0.2, -0.18, -0.26, -0.28, -0.32, -0.29, 0.01, -0.01, -0.03, -0.12, 0.23, 0.21, 0.21, 0.35, -0.25, -0.22, -0.2, -0.18],
  },
  {
    name: "conv1d same, even kernel, groups 3", fn: "conv1d", x: [1, 3, 6], w: [3, 1, 4], bias: true, opts: {"padding": "same", "groups": 3}, shape: [1, 3, 6],
    y: [-0.23, -0.23, -0.25, -0.27, -0.35, -0.38, -0.12, 0.11, -0.04, -0.05, -0.06, -0.02, 0.23, 0.41, 0.27, 0.2, 0.24, 0.33],
    gx: [0.0875, -0.0625, -9.31323e-10, 0.0375, -0.0625, -0.1, 0.1, 0.1375, -0.1875, 0.0375, -0.15, 0.1, 0.0125, 0.05, -0.1625, 0.1125, 0.1125, -0.175],
    gw: [0.1375, 0.1625, -0.175, -0.2625, -0.0875, -0.3875, 0.1625, 0.075, -0.1375, 0.15, 0.025, -0.0625],
    gb: [-0.375, -0.25, -0.125],
  },
  {
    name: "conv1d unbatched, dilation 2", fn: "conv1d", x: [2, 9], w: [2, 2, 3], bias: false, opts: {"dilation": 2}, shape: [2, 5],
    y: [-0.04, 0.08, 0.06, -0.1, -0.12, -0.06, 0, -0.01, 0.05, 0.04],
  },
];

Deno.test("conv forward matches PyTorch", async (t) => {
  for (const c of CASES) {
    await t.step(`${c.fn} ${c.name}`, () => {
      const fn = c.fn === "conv1d" ? conv1d : conv2d;
      const [x, w, b] = setup(c, "float32").inputs;
      const y = fn(x, w, b, c.opts);
      assert.deepEqual(y.shape, c.shape);
      assert.equal(y.dtype, "float32");
      assertClose(y.dataSync(), c.y, 1e-5, "y");
      // The same in float64 (PyTorch's float32 values, so float32's tolerance).
      const [x64, w64, b64] = setup(c, "float64").inputs;
      assertClose(fn(x64, w64, b64, c.opts).dataSync(), c.y, 1e-5, "y float64");
    });
  }
});

Deno.test("conv backward matches PyTorch", async (t) => {
  for (const c of CASES.filter((c) => c.gx)) {
    await t.step(`${c.fn} ${c.name}`, () => {
      const { inputs, params } = setup(c, "float32");
      const y = dispatch1(conv2dOp, inputs, params);
      const g = make(fill("g", numel(c.shape)), c.shape);
      const [gx, gw, gb] = conv2dOp.backward!([g], { inputs, outputs: [y], params });
      assert.deepEqual(gx!.shape, c.x);
      assert.deepEqual(gw!.shape, c.w);
      assertClose(gx!.dataSync(), c.gx!, 1e-5, "grad input");
      assertClose(gw!.dataSync(), c.gw!, 1e-5, "grad weight");
      if (c.bias) assertClose(gb!.dataSync(), c.gb!, 1e-5, "grad bias");
      else assert.equal(gb, undefined);
    });
  }
});

Deno.test("conv backward matches float64 central differences", async (t) => {
  for (const c of CASES) {
    await t.step(`${c.fn} ${c.name}`, () => {
      const { inputs, params } = setup(c, "float64");
      const y = dispatch1(conv2dOp, inputs, params);
      const g = fill("g", numel(c.shape));
      const grads = conv2dOp.backward!([make(g, c.shape, "float64")], { inputs, outputs: [y], params });
      // <g, conv(inputs)> with input `which`'s element i moved by d.
      const data = inputs.map((t) => Array.from(t.dataSync()));
      const f = (which: number, i: number, d: number) => {
        const moved = data.map((v, k) =>
          make(k === which ? v.map((e, j) => (j === i ? e + d : e)) : v, inputs[k].shape, "float64")
        );
        const out = dispatch1(conv2dOp, moved, params).dataSync();
        return Array.from(out).reduce((s, v, j) => s + v * g[j], 0);
      };
      const eps = 1e-6;
      inputs.forEach((_, which) => {
        const numeric = data[which].map((_, i) => (f(which, i, eps) - f(which, i, -eps)) / (2 * eps));
        assertClose(grads[which]!.dataSync(), numeric, 1e-6, `grad of input ${which}`);
      });
    });
  }
});

Deno.test("conv computes only the gradients its inputs need", () => {
  const c = CASES[0];
  const { inputs, params } = setup(c, "float32");
  inputs[0].requiresGrad = false;
  const y = dispatch1(conv2dOp, inputs, params);
  const grads = conv2dOp.backward!([make(fill("g", numel(c.shape)), c.shape)], { inputs, outputs: [y], params });
  assert.equal(grads[0], null);
  assert.deepEqual(grads[1]!.shape, c.w);
  assert.deepEqual(conv2dOp.backward!([null], { inputs, outputs: [y], params }), [null, null, null]);
  assert.equal(conv2dOp.gradName, "ConvolutionBackward0");
});

Deno.test("conv reads strided inputs and keeps integer dtypes", () => {
  // A transposed view of the "basic" input: conv2d makes it contiguous first.
  const c = CASES[0];
  const base = make(fill("x", 50), [1, 2, 5, 5]);
  const xT = base.view([1, 2, 5, 5], [50, 25, 1, 5], 0); // x[..., w, h]
  const w = make(fill("w", 54), c.w), b = make(fill("b", 3), [3]);
  const expected = conv2d(make(xT.dataSync(), [1, 2, 5, 5]), w, b).dataSync();
  assert.deepEqual(conv2d(xT, w, b).dataSync(), expected);
  // int64 convolution is exact, as PyTorch's.
  const xi = make([1, 2, 3, 4, 5, 6], [1, 1, 6], "int64"), wi = make([1, -2, 3], [1, 1, 3], "int64");
  const yi = conv1d(xi, wi, null, { padding: 1 });
  assert.equal(yi.dtype, "int64");
  assert.deepEqual(Array.from(yi.dataSync()), [4, 6, 8, 10, 12, -7]);
});

Deno.test("conv errors match PyTorch", async (t) => {
  const z = (...shape: number[]) => Tensor.empty(shape, "float32");
  // deno-fmt-ignore
  const cases: [string, () => unknown, string][] = [
    ["channels", () => conv2d(z(1, 1, 32, 32), z(6, 3, 5, 5)), "Given groups=1, weight of size [6, 3, 5, 5], expected input[1, 1, 32, 32] to have 3 channels, but got 1 channels instead"],
    ["channels, unbatched input shown batched", () => conv2d(z(1, 32, 32), z(6, 3, 5, 5)), "Given groups=1, weight of size [6, 3, 5, 5], expected input[1, 1, 32, 32] to have 3 channels, but got 1 channels instead"],
    ["kernel larger than input", () => conv2d(z(1, 3, 2, 2), z(6, 3, 5, 5)), "Calculated padded input size per channel: (2 x 2). Kernel size: (5 x 5). Kernel size can't be greater than actual input size"],
    ["conv1d kernel larger than input", () => conv1d(z(1, 3, 2), z(6, 3, 5)), "Calculated padded input size per channel: (2). Kernel size: (5). Kernel size can't be greater than actual input size"],
    ["2-d input", () => conv2d(z(32, 32), z(6, 3, 5, 5)), "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [32, 32]"],
    ["5-d input", () => conv2d(z(1, 1, 1, 32, 32), z(6, 3, 5, 5)), "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [1, 1, 1, 32, 32]"],
    ["conv1d 1-d input", () => conv1d(z(32), z(6, 3, 5)), "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [32]"],
    ["same with stride", () => conv2d(z(1, 3, 8, 8), z(6, 3, 5, 5), null, { stride: 2, padding: "same" }), "padding='same' is not supported for strided convolutions"],
    ["same with stride (2, 1)", () => conv1d(z(1, 3, 8), z(6, 3, 5), null, { stride: [2], padding: "same" }), "padding='same' is not supported for strided convolutions"],
    ["bad padding string", () => conv2d(z(1, 3, 8, 8), z(6, 3, 5, 5), null, { padding: "foo" as "same" }), "Invalid padding string: 'foo'"],
    ["bias size", () => conv2d(z(1, 3, 8, 8), z(6, 3, 5, 5), z(5)), "Given weight of size [6, 3, 5, 5], expected bias to be 1-dimensional with 6 elements, but got bias of size [5] instead"],
    ["bias rank", () => conv2d(z(1, 3, 8, 8), z(6, 3, 5, 5), z(6, 1)), "Given weight of size [6, 3, 5, 5], expected bias to be 1-dimensional with 6 elements, but got bias of size [6, 1] instead"],
    ["stride 0", () => conv2d(z(1, 3, 8, 8), z(4, 3, 3, 3), null, { stride: 0 }), "non-positive stride is not supported"],
    ["padding -1", () => conv2d(z(1, 3, 8, 8), z(4, 3, 3, 3), null, { padding: -1 }), "negative padding is not supported"],
    ["dilation 0", () => conv2d(z(1, 3, 8, 8), z(4, 3, 3, 3), null, { dilation: 0 }), "dilation should be greater than zero, but got [0, 0]"],
    ["conv1d dilation 0 (checked as 2-d)", () => conv1d(z(1, 3, 8), z(4, 3, 3), null, { dilation: 0 }), "dilation should be greater than zero, but got [1, 0]"],
    ["groups 0", () => conv2d(z(1, 4, 8, 8), z(4, 2, 3, 3), null, { groups: 0 }), "non-positive groups is not supported"],
    ["groups not dividing out channels", () => conv2d(z(1, 2, 6, 6), z(4, 1, 3, 3), null, { groups: 3 }), "Given groups=3, expected weight to be divisible by 3 at dimension 0, but got weight of size [[4, 1, 3, 3]] instead"],
    ["fewer out channels than groups", () => conv2d(z(1, 2, 6, 6), z(2, 1, 3, 3), null, { groups: 3 }), "Given groups=3, expected weight to be at least 3 at dimension 0, but got weight of size [2, 1, 3, 3] instead"],
    ["3-d weight to conv2d", () => conv2d(z(1, 3, 8, 8), z(4, 3, 3)), "expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]"],
    ["stride of 3", () => conv2d(z(1, 3, 8, 8), z(4, 3, 3, 3), null, { stride: [1, 1, 1] }), "expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]"],
    ["2-d weight", () => conv2d(z(1, 3, 8, 8), z(4, 3)), "weight should have at least three dimensions"],
    ["empty kernel", () => conv2d(z(1, 3, 8, 8), z(4, 3, 0, 3)), "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3"],
    ["weight dtype", () => conv2d(z(1, 3, 8, 8), Tensor.empty([4, 3, 3, 3], "float64")), "expected scalar type Float but found Double"],
    ["bias dtype (checked first)", () => conv2d(z(1, 2, 2, 2), z(4, 3, 3, 3), Tensor.empty([4], "float64")), "Input type (float) and bias type (double) should be the same"],
    ["bool", () => conv2d(Tensor.empty([1, 3, 8, 8], "bool"), Tensor.empty([4, 3, 3, 3], "bool")), `"slow_conv2d_cpu" not implemented for 'Bool'`],
  ];
  for (const [name, fn, message] of cases) await t.step(name, () => assertTorchError(fn, message));
});

Deno.test("conv accepts empty batches and channels, as PyTorch", () => {
  assert.deepEqual(conv2d(Tensor.empty([0, 3, 8, 8], "float32"), Tensor.empty([4, 3, 3, 3], "float32")).shape, [
    0,
    4,
    6,
    6,
  ]);
  const y = conv2d(Tensor.empty([1, 0, 4, 4], "float32"), Tensor.empty([2, 0, 3, 3], "float32"), make([1, 2], [2]));
  assert.deepEqual(Array.from(y.dataSync()), [1, 1, 1, 1, 2, 2, 2, 2]);
});

// WebGPU softmax / scan / reorder / indexing ops through autograd on both devices (forward values
// and input gradients within 1e-4 relative of the CPU), and a few values checked against PyTorch
// 1.13's output. The kernel-level comparisons are in webgpu_scan_index_test.ts.

import assert from "node:assert/strict";
import { initWebGPU } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { rng } from "../kernels/webgpu/testing.ts";
import { getDevice } from "../runtime/device.ts";
import { Tensor } from "../runtime/tensor.ts";
import { cumprod, cumsum, log_softmax, softmax } from "../runtime/ops/scan.ts";
import { gather, index_select, scatter, scatter_add } from "../runtime/ops/gather.ts";
import { index, index_put_ } from "../runtime/ops/advanced_index.ts";
import { flip, roll } from "../runtime/ops/reorder.ts";
import { masked_fill } from "../runtime/ops/masked.ts";
import { transpose } from "../runtime/ops/views.ts";
import { clone } from "../runtime/ops/copy.ts";
import { type CaseFn, differences, type Operand, runOn } from "./cross_backend.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter (webgpu scan/index autograd tests)");

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
// ---- through autograd: forward values and input gradients on both devices

const long = (data: number[], shape: number[]) => Tensor.fromArray(data, shape, "int64");

interface GradCase {
  label: string;
  fn: CaseFn;
  shapes: number[][];
}

function gradCases(): GradCase[] {
  const i3 = () => long([2, 0, 2, 1], [4]);
  return [
    { label: "softmax(x, -1)", fn: (x) => softmax(x, -1), shapes: [[4, 7]] },
    { label: "softmax of a transposed view, dim 0", fn: (x) => softmax(transpose(x, 0, 1), 0), shapes: [[4, 7]] },
    { label: "softmax over long rows", fn: (x) => softmax(x, 1), shapes: [[2, 600]] },
    { label: "log_softmax(x, -2)", fn: (x) => log_softmax(x, -2), shapes: [[3, 5, 2]] },
    { label: "log_softmax over long rows", fn: (x) => log_softmax(x, -1), shapes: [[2, 600]] },
    { label: "cumsum(x, -1)", fn: (x) => cumsum(x, -1), shapes: [[3, 6]] },
    { label: "cumprod(x, 0)", fn: (x) => cumprod(x, 0), shapes: [[5, 3]] },
    { label: "gather(x, 1, idx)", fn: (x) => gather(x, 1, long([0, 2, 2, 1, 0, 0], [3, 2])), shapes: [[3, 4]] },
    { label: "index_select(x, 0, repeated idx)", fn: (x) => index_select(x, 0, i3()), shapes: [[3, 5]] },
    { label: "index_select(x, -1, idx)", fn: (x) => index_select(x, -1, i3()), shapes: [[2, 3]] },
    { label: "x[idx] with repeats", fn: (x) => index(x, [i3()]), shapes: [[3, 5]] },
    { label: "x[:, idx]", fn: (x) => index(x, [null, i3()]), shapes: [[2, 3, 2]] },
    {
      label: "scatter(x, 1, idx, src)",
      fn: (x, s) => scatter(x, 1, long([0, 2, 1, 3], [2, 2]), s),
      shapes: [[2, 4], [2, 3]],
    },
    {
      label: "scatter_add(x, 0, idx, src) with repeats",
      fn: (x, s) => scatter_add(x, 0, long([0, 2, 0, 1, 1, 1], [2, 3]), s),
      shapes: [[3, 3], [2, 3]],
    },
    {
      label: "index_put_ accumulate into a clone",
      fn: (x, v) => index_put_(clone(x), [i3()], v, true),
      shapes: [[3, 2], [4, 2]],
    },
    { label: "flip(x, [0, -1])", fn: (x) => flip(x, [0, -1]), shapes: [[3, 4]] },
    { label: "roll(x, [1, -2], [0, 1])", fn: (x) => roll(x, [1, -2], [0, 1]), shapes: [[3, 4]] },
    { label: "roll(x, 5) flattened", fn: (x) => roll(x, 5), shapes: [[3, 4]] },
    {
      label: "masked_fill(x, mask, 1.5)",
      fn: (x) => masked_fill(x, Tensor.fromArray([1, 0, 0, 1], [4], "bool"), 1.5),
      shapes: [[3, 4]],
    },
  ];
}

Deno.test({
  name: "webgpu scan/index ops: forward and gradients through autograd match the CPU",
  ignore: !gpu,
  async fn() {
    const cpu = getDevice("cpu"), webgpu = getDevice("webgpu");
    const values = rng(11);
    const failures: string[] = [];
    const runs = [];
    for (const [k, c] of gradCases().entries()) {
      const operands: Operand[] = c.shapes.map((shape) => ({
        data: Array.from({ length: numel(shape) }, () => Math.fround(values() * 4 - 2)),
        shape,
        dtype: "float32",
        requiresGrad: true,
      }));
      const want = await (await runOn(cpu, c.fn, operands, true, k + 1))();
      runs.push({ c, want, got: await runOn(webgpu, c.fn, operands, true, k + 1) });
    }
    for (const { c, want, got } of runs) {
      const diffs = differences(await got(), want, { rel: 1e-4, abs: 1e-5 });
      if (diffs.length) failures.push(`${c.label}: ${diffs.join("; ")}`);
    }
    assert.deepEqual(failures, []);
  },
});

// ---- values from PyTorch 1.13 (the CPU kernels are held to these elsewhere; here the GPU is)

async function onGpu(fn: () => Tensor): Promise<number[]> {
  const run = await runOn(getDevice("webgpu"), () => fn(), [], false);
  return [...(await run()).outputs[0].values];
}

const close = (got: number[], want: number[]) =>
  assert.ok(
    got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= 1e-6 * Math.abs(want[i]) + 1e-7),
    `got ${got}, want ${want}`,
  );

Deno.test({
  name: "webgpu scan/index ops give PyTorch's values",
  ignore: !gpu,
  async fn() {
    const x = () => Tensor.fromArray([1, 2, 3, 4, -1, 0.5], [2, 3], "float32");
    close(await onGpu(() => softmax(x(), -1)), [
      0.09003057330846786,
      0.2447284758090973,
      0.6652409434318542,
      0.9643803238868713,
      0.0064979433082044125,
      0.02912176214158535,
    ]);
    close(await onGpu(() => log_softmax(x(), 0)), [
      -3.0485873222351074,
      -0.04858732968568802,
      -0.07888974994421005,
      -0.04858732968568802,
      -3.0485873222351074,
      -2.578889846801758,
    ]);
    close(await onGpu(() => cumprod(Tensor.fromArray([1.5, -2, 0.5], [1, 3], "float32"), -1)), [1.5, -3, -1.5]);
    close(
      await onGpu(() =>
        scatter_add(
          Tensor.fromArray(Array(6).fill(0), [2, 3], "float32"),
          1,
          long([0, 0, 2, 1], [2, 2]),
          Tensor.fromArray([1, 2, 3, 4], [2, 2], "float32"),
        )
      ),
      [3, 0, 0, 0, 4, 3],
    );
    close(
      await onGpu(() =>
        index_put_(
          Tensor.fromArray(Array(5).fill(0), [5], "float32"),
          [long([1, 1, 3], [3])],
          Tensor.fromArray([1, 2, 3], [3], "float32"),
          true,
        )
      ),
      [0, 3, 0, 3, 0],
    );
    close(await onGpu(() => roll(Tensor.fromArray([0, 1, 2, 3, 4, 5], [2, 3], "float32"), [1, -1], [0, 1])), [
      4,
      5,
      3,
      1,
      2,
      0,
    ]);
  },
});

Deno.test({
  name: "webgpu indexing: an out-of-range index raises PyTorch's error at the next read, then clears",
  ignore: !gpu,
  async fn() {
    const webgpu = getDevice("webgpu");
    const x = Tensor.fromArray([0, 1, 2, 3, 4, 5], [2, 3], "float32", webgpu);
    const idx = (data: number[], shape: number[]) => Tensor.fromArray(data, shape, "int64", webgpu);
    const cases: [string, () => Tensor, string, string][] = [
      [
        "gather",
        () => gather(x, 1, idx([0, 5, 1, 2], [2, 2])),
        "RuntimeError",
        "index 5 is out of bounds for dimension 1 with size 3",
      ],
      ["index_select", () => index_select(x, 1, idx([0, 3], [2])), "IndexError", "index out of range in self"],
      [
        "index",
        () => index(x, [null, idx([1, -4], [2])]),
        "IndexError",
        "index -4 is out of bounds for dimension 0 with size 3",
      ],
      [
        "scatter_add",
        () => scatter_add(x, 0, idx([2, 0, 1], [1, 3]), x),
        "RuntimeError",
        "index 2 is out of bounds for dimension 0 with size 2",
      ],
      [
        "index_put_",
        () => index_put_(clone(x), [idx([7], [1])], Tensor.fromArray([1], [1], "float32", webgpu), true),
        "IndexError",
        "index 7 is out of bounds for dimension 0 with size 2",
      ],
    ];
    for (const [label, run, pyType, message] of cases) {
      const bad = run();
      await assert.rejects(bad.data(), (e: Error & { pyType?: string }) => {
        assert.equal(e.pyType, pyType, label);
        assert.equal(e.message, message, label);
        return true;
      });
      // The flag is cleared: in-range work reads normally afterwards.
      assert.deepEqual([...await gather(x, 1, idx([2, 0], [2, 1])).data()], [2, 3], label);
    }
  },
});

drainGpuAtEnd(gpu);

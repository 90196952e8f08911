// The printing cases of t01_creation and t05_printing, built through the TypeScript API and
// compared with the lines PyTorch printed for them (tests/conformance/*.expected).

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import { formatTensor } from "../runtime/print/format_tensor.ts";
import { sizeStr } from "../runtime/print/tensor_str.ts";
import { eye, full, ones, zeros, zeros_like } from "../runtime/ops/creation.ts";
import { arange, linspace } from "../runtime/ops/ranges.ts";
import { tensor } from "../runtime/ops/tensor_data.ts";
import { pyFloat } from "../runtime/ops/scalar.ts";
import { view } from "../runtime/ops/views.ts";
import { div } from "../runtime/ops/binary.ts";

const expected = async (name: string) =>
  (await Deno.readTextFile(new URL(`./conformance/${name}.expected`, import.meta.url))).split("\n");

/** Asserts that `text` equals the expected file's lines starting at line `from` (1-based). */
function assertLines(lines: string[], from: number, text: string) {
  const got = text.split("\n");
  assert.deepEqual(got, lines.slice(from - 1, from - 1 + got.length));
}

const f = pyFloat;

Deno.test("t01_creation through the TypeScript API", async (t) => {
  const lines = await expected("t01_creation");
  const cases: [number, () => Promise<string>][] = [
    [1, () => formatTensor(zeros([5, 3], { dtype: "int64" }))],
    [6, () => formatTensor(tensor([f(5.5), 3]))],
    [12, () => Promise.resolve(sizeStr([5, 3]))],
    [15, () => formatTensor(ones([2, 3]))],
    [17, () => formatTensor(full([2, 2], f(7)))],
    [19, () => formatTensor(arange(6))],
    [20, () => formatTensor(arange(1, 10, 2))],
    [21, () => formatTensor(arange(f(0), f(1), f(0.25)))],
    [22, () => formatTensor(linspace(0, 1, 5))],
    [23, () => formatTensor(eye(3))],
    [26, () => formatTensor(zeros_like(ones([2, 2])))],
    [29, () => formatTensor(tensor([[1, 2], [3, 4]]))],
    [32, () => formatTensor(tensor([true, false, true]))],
    [33, () => formatTensor(tensor(f(3.5)))],
    [34, () => formatTensor(tensor(7))],
    [36, () => formatTensor(tensor([f(1), f(2)], { dtype: "float64" }))],
  ];
  for (const [line, make] of cases) {
    await t.step(`line ${line}`, async () => assertLines(lines, line, await make()));
  }
});

Deno.test("t05_printing through the TypeScript API", async (t) => {
  const lines = await expected("t05_printing");
  const cases: [number, () => Promise<string>][] = [
    [1, () => formatTensor(tensor([f(1e-4), f(1.5135e-4), f(0)]))],
    [2, () => formatTensor(tensor([f(-444.6791), f(762.981), f(-1690.0941)]))],
    [3, () => formatTensor(tensor([f(102.4), f(1024), f(0.1024)]))],
    [4, () => formatTensor(tensor([f(1e10), f(1)]))],
    [5, () => formatTensor(tensor([f(123456789)]))],
    [6, () => formatTensor(tensor([f(0.1), f(0.25), f(1 / 3)]))],
    [7, () => formatTensor(tensor([f(1), f(2), f(3)]))],
    [8, () => formatTensor(tensor([f(-1), f(0.5)]))],
    [9, () => formatTensor(tensor([f(Infinity), f(-Infinity), f(NaN), f(1)]))],
    [10, () => formatTensor(view(arange(2000), [40, 50]))],
    [17, () => formatTensor(arange(1200, undefined, 1, { dtype: "float32" }))],
    [19, () => formatTensor(zeros([2, 0]))],
    [20, () => formatTensor(tensor(f(27)))],
    [
      21,
      () =>
        formatTensor(
          tensor([[-0.0233, 0.0159, -0.0249, 0.1413, 0.0663, 0.0297, -0.094, -0.0135, 0.1003, -0.0559].map(f)]),
        ),
    ],
    [23, () => formatTensor(view(arange(8), [2, 2, 2]))],
    [28, () => formatTensor(tensor([f(1.5), f(2.5)], { dtype: "float64" }))],
    [29, () => formatTensor(tensor([100, -5, 20]))],
    [30, () => formatTensor(tensor([[true, false], [false, true]]))],
    [32, () => Promise.resolve(sizeStr([5, 3]))],
  ];
  for (const [line, make] of cases) {
    await t.step(`line ${line}`, async () => assertLines(lines, line, await make()));
  }
  await t.step("arithmetic result prints like t02 (x / 10)", async () => {
    const x = div(view(arange(15, undefined, 1, { dtype: "float32" }), [5, 3]), 10);
    assert.equal((await formatTensor(x)).split("\n")[0], "tensor([[0.0000, 0.1000, 0.2000],");
  });
});

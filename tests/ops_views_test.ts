// View ops against PyTorch 1.13: shapes, strides, storage offsets, contiguity, aliasing, errors,
// autograd node names and gradients (expected values printed by python3-torch).
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { tolist } from "../runtime/ops/access.ts";
import { fill_, ones, zeros } from "../runtime/ops/creation.ts";
import { getitem, setitem } from "../runtime/ops/indexing.ts";
import { arange } from "../runtime/ops/ranges.ts";
import { chunk, narrow, select, slice, split, unbind } from "../runtime/ops/slicing.ts";
import {
  alias,
  as_strided,
  contiguous,
  diagonal,
  expand,
  expand_as,
  flatten,
  is_contiguous,
  movedim,
  permute,
  reshape,
  squeeze,
  t,
  transpose,
  unflatten,
  unsqueeze,
  view,
  view_as,
} from "../runtime/ops/views.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { assertTorchError, values } from "./helpers.ts";

const x24 = () => view(arange(24, null, 1, { dtype: "float32" }), [2, 3, 4]);
const geo = (t: Tensor) => [[...t.shape], [...t.strides], t.offset, t.isContiguous()];
const first8 = (t: Tensor) => values(t).slice(0, 8);

Deno.test("views: geometry matches PyTorch", async (st) => {
  const cases: [string, (x: Tensor) => Tensor, unknown[], number[]][] = [
    ["view", (x) => view(x, [4, 6]), [[4, 6], [6, 1], 0, true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["view -1", (x) => view(x, [-1, 8]), [[3, 8], [8, 1], 0, true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["permute", (x) => permute(x, [2, 0, 1]), [[4, 2, 3], [1, 12, 4], 0, false], [0, 4, 8, 12, 16, 20, 1, 5]],
    ["transpose", (x) => transpose(x, 0, 2), [[4, 3, 2], [1, 4, 12], 0, false], [0, 12, 4, 16, 8, 20, 1, 13]],
    ["unsqueeze(1)", (x) => unsqueeze(x, 1), [[2, 1, 3, 4], [12, 12, 4, 1], 0, true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["unsqueeze(-1)", (x) => unsqueeze(x, -1), [[2, 3, 4, 1], [12, 4, 1, 1], 0, true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["squeeze()", (x) => squeeze(slice(x, 1, 0, 1)), [[2, 4], [12, 1], 0, false], [0, 1, 2, 3, 12, 13, 14, 15]],
    ["expand", (x) => expand(slice(x, 1, 0, 1), [2, 5, 4]), [[2, 5, 4], [12, 0, 1], 0, false], [
      0,
      1,
      2,
      3,
      0,
      1,
      2,
      3,
    ]],
    ["flatten(1)", (x) => flatten(x, 1), [[2, 12], [12, 1], 0, true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["narrow", (x) => narrow(x, 2, 1, 2), [[2, 3, 2], [12, 4, 1], 1, false], [1, 2, 5, 6, 9, 10, 13, 14]],
    ["select(1, -1)", (x) => select(x, 1, -1), [[2, 4], [12, 1], 8, false], [8, 9, 10, 11, 20, 21, 22, 23]],
    [
      "x[:, ::2, 1::2]",
      (x) => slice(slice(x, 1, null, null, 2), 2, 1, null, 2),
      [[2, 2, 2], [12, 8, 2], 1, false],
      [1, 3, 9, 11, 13, 15, 21, 23],
    ],
    ["movedim(0, -1)", (x) => movedim(x, 0, -1), [[3, 4, 2], [4, 1, 12], 0, false], [0, 12, 1, 13, 2, 14, 3, 15]],
    ["diagonal(0, 1, 2)", (x) => diagonal(x, 0, 1, 2), [[2, 3], [12, 5], 0, false], [0, 5, 10, 12, 17, 22]],
    ["diagonal(1, 1, 2)", (x) => diagonal(x, 1, 1, 2), [[2, 3], [12, 5], 1, false], [1, 6, 11, 13, 18, 23]],
    ["unflatten(2, [2, 2])", (x) => unflatten(x, 2, [2, 2]), [[2, 3, 2, 2], [12, 4, 2, 1], 0, true], [
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
    ]],
    ["as_strided", (x) => as_strided(x, [2, 2], [1, 2], 3), [[2, 2], [1, 2], 3, false], [3, 5, 4, 6]],
    ["t().contiguous().view(12)", (x) => view(contiguous(t(select(x, 0, 0))), [12]), [[12], [1], 0, true], [
      0,
      4,
      8,
      1,
      5,
      9,
      2,
      6,
    ]],
  ];
  for (const [name, f, g, v] of cases) {
    await st.step(name, () => {
      const y = f(x24());
      assert.deepEqual(geo(y), g);
      assert.deepEqual(first8(y), v);
    });
  }

  await st.step("reshape views when it can and copies when it must", () => {
    const x = x24();
    const r = reshape(x, [4, 6]);
    assert.equal(r.storage, x.storage);
    const c = reshape(transpose(x, 0, 2), [24]);
    assert.notEqual(c.storage, x.storage);
    assert.deepEqual(geo(c), [[24], [1], 0, true]);
    assert.deepEqual(first8(c), [0, 12, 4, 16, 8, 20, 1, 13]);
  });

  await st.step("expand strides: new leading dims, -1, and a 0-d input", () => {
    assert.deepEqual(expand(ones([3]), [2, 3]).strides, [0, 1]);
    assert.deepEqual(expand(ones([3, 1]), [-1, 4]).strides, [1, 0]);
    assert.deepEqual(expand(ones([3]), [1, 3]).strides, [3, 1]);
    assert.deepEqual(expand(ones([3]), [2, 1, 3]).strides, [0, 3, 1]);
    assert.deepEqual(expand(ones([]), [1]).strides, [0]);
    assert.deepEqual(expand(ones([]), [1, 1]).strides, [0, 0]);
    assert.deepEqual(expand_as(ones([1, 3]), zeros([2, 3])).shape, [2, 3]);
  });

  await st.step("t() of 0-d and 1-d tensors, squeeze(dim) of a non-1 dim", () => {
    assert.deepEqual(t(ones([3])).shape, [3]);
    assert.deepEqual(t(ones([])).shape, []);
    assert.deepEqual(squeeze(zeros([1, 3, 1]), 1).shape, [1, 3, 1]);
    assert.deepEqual(squeeze(zeros([1, 3, 1]), 0).shape, [3, 1]);
    assert.deepEqual(squeeze(zeros([1, 3, 1])).strides, [1]);
    assert.deepEqual(squeeze(zeros([1, 3, 1]), 0).strides, [1, 1]);
    assert.equal(is_contiguous(t(ones([2, 3]))), false);
    assert.deepEqual(view_as(ones([6]), ones([2, 3])).shape, [2, 3]);
    assert.deepEqual(movedim(x24(), [0, 1], [2, 0]).shape, [3, 4, 2]);
  });

  await st.step("unbind / split / chunk give views", () => {
    const x = view(arange(20, null, 1, { dtype: "float32" }), [4, 5]);
    const cols = unbind(x, 1);
    assert.equal(cols.length, 5);
    assert.deepEqual(geo(cols[0]), [[4], [5], 0, false]);
    assert.deepEqual(values(cols[0]), [0, 5, 10, 15]);
    assert.deepEqual(chunk(arange(10), 3).map((c) => values(c)), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    assert.deepEqual(split(arange(10), 4).map((c) => c.shape[0]), [4, 4, 2]);
    assert.deepEqual(chunk(x, 3, 1).map((c) => [...c.shape]), [[4, 2], [4, 2], [4, 1]]);
    assert.deepEqual(chunk(zeros([0, 2]), 3).map((c) => [...c.shape]), [[0, 2], [0, 2], [0, 2]]);
    const parts = split(x, [1, 3], 0);
    assert.deepEqual(geo(parts[1]), [[3, 5], [5, 1], 5, true]);
  });
});

Deno.test("views: aliasing", async (st) => {
  await st.step("writing through a view changes the base (t04: y = x.view(16); y[0] = 100)", () => {
    const x = view(arange(16, null, 1, { dtype: "float32" }), [4, 4]);
    const y = view(x, [16]);
    setitem(y, 0, 100);
    assert.deepEqual(values(getitem(x, 0)), [100, 1, 2, 3]);
    assert.equal(y.base, x.base);
  });

  await st.step("writing the base shows in views; views of views share storage", () => {
    const x = zeros([2, 3]);
    const tr = t(x);
    const col = select(tr, 0, 1);
    fill_(select(x, 0, 0), 5);
    assert.deepEqual(tolist(tr), [[5, 0], [5, 0], [5, 0]]);
    fill_(col, 7);
    assert.deepEqual(tolist(x), [[5, 7, 5], [0, 7, 0]]);
    const e = expand(unsqueeze(select(x, 1, 0), 0), [2, 2]);
    fill_(select(x, 0, 1), -1);
    assert.deepEqual(tolist(e), [[5, -1], [5, -1]]);
    assert.equal(alias(x).storage, x.storage);
  });
});

Deno.test("views: PyTorch's errors", async (st) => {
  const x = view(arange(20, null, 1, { dtype: "float32" }), [4, 5]);
  const cases: [string, () => unknown, string, string][] = [
    ["view size", () => view(x, [3, 5]), "RuntimeError", "shape '[3, 5]' is invalid for input of size 20"],
    [
      "view strides",
      () => view(t(x), [20]),
      "RuntimeError",
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    ],
    ["two -1", () => view(x, [-1, -1]), "RuntimeError", "only one dimension can be inferred"],
    ["-2", () => view(x, [-2, 10]), "RuntimeError", "invalid shape dimension -2"],
    ["0 with -1", () => view(x, [0, -1]), "RuntimeError", "shape '[0, -1]' is invalid for input of size 20"],
    [
      "ambiguous -1",
      () => view(zeros([0, 3]), [-1, 0]),
      "RuntimeError",
      "cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any value and is ambiguous",
    ],
    ["t 3-d", () => t(zeros([2, 3, 4])), "RuntimeError", "t() expects a tensor with <= 2 dimensions, but self is 3D"],
    [
      "permute length",
      () => permute(x, [1, 0, 2]),
      "RuntimeError",
      "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 3",
    ],
    ["permute dup", () => permute(x, [1, 1]), "RuntimeError", "permute(): duplicate dims are not allowed."],
    [
      "permute range",
      () => permute(x, [0, 5]),
      "IndexError",
      "Dimension out of range (expected to be in range of [-2, 1], but got 5)",
    ],
    [
      "expand too few",
      () => expand(x, [3]),
      "RuntimeError",
      "expand(torch.FloatTensor{[4, 5]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
    ],
    [
      "expand mismatch",
      () => expand(x, [3, 5]),
      "RuntimeError",
      "The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 0.  Target sizes: [3, 5].  Tensor sizes: [4, 5]",
    ],
    [
      "expand -1 leading",
      () => expand(x, [-1, 4, 5]),
      "RuntimeError",
      "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0",
    ],
    [
      "unsqueeze range",
      () => unsqueeze(x, 3),
      "IndexError",
      "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    ],
    [
      "squeeze range",
      () => squeeze(x, 2),
      "IndexError",
      "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    ],
    [
      "select range",
      () => select(x, 0, 5),
      "IndexError",
      "select(): index 5 out of range for tensor of size [4, 5] at dimension 0",
    ],
    ["narrow past end", () => narrow(x, 0, 3, 2), "RuntimeError", "start (3) + length (2) exceeds dimension size (4)."],
    [
      "narrow negative length",
      () => narrow(x, 0, 1, -1),
      "RuntimeError",
      "start (1) + length (-1) exceeds dimension size (4).",
    ],
    [
      "narrow start range",
      () => narrow(x, 0, -5, 1),
      "IndexError",
      "Dimension out of range (expected to be in range of [-4, 3], but got -5)",
    ],
    [
      "unflatten",
      () => unflatten(x, 1, [2, 2]),
      "RuntimeError",
      "unflatten: Provided sizes [2, 2] don't multiply up to the size of dim 1 (5) in the input tensor",
    ],
    [
      "flatten order",
      () => flatten(x, 1, 0),
      "RuntimeError",
      "flatten() has invalid args: start_dim cannot come after end_dim",
    ],
    ["diagonal same dims", () => diagonal(x, 0, 0, 0), "RuntimeError", "diagonal dimensions cannot be identical 0, 0"],
    ["unbind 0-d", () => unbind(ones([])), "IndexError", "Dimension specified as 0 but tensor has no dimensions"],
    ["chunk 0", () => chunk(arange(10), 0), "RuntimeError", "chunk expects `chunks` to be greater than 0, got: 0"],
    [
      "split sizes",
      () => split(arange(10), [3, 3]),
      "RuntimeError",
      "split_with_sizes expects split_sizes to sum exactly to 10 (input tensor's size at dimension 0), but got split_sizes=[3, 3]",
    ],
    [
      "split 0",
      () => split(arange(10), 0),
      "RuntimeError",
      "split_size can only be 0 if dimension size is 0, but got dimension size of 10",
    ],
  ];
  for (const [name, f, type, msg] of cases) await st.step(name, () => assertTorchError(f, type, msg));
});

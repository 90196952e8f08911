// cat, stack, split/chunk, repeat, tile, flip and roll against PyTorch 1.13 (python3-torch's output).
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { tolist } from "../runtime/ops/access.ts";
import { contiguous } from "../runtime/ops/copy.ts";
import { ones, zeros } from "../runtime/ops/creation.ts";
import { cat, chunk, repeat, split, stack, tile } from "../runtime/ops/join.ts";
import { arange } from "../runtime/ops/ranges.ts";
import { flip, roll } from "../runtime/ops/reorder.ts";
import { tensor } from "../runtime/ops/tensor_data.ts";
import { slice } from "../runtime/ops/slicing.ts";
import { t, view } from "../runtime/ops/views.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { assertTensor, assertTorchError, values } from "./helpers.ts";

const x23 = () => view(arange(6), [2, 3]);

Deno.test("join: cat and stack", async (st) => {
  await st.step("t04 cases", () => {
    assert.deepEqual(tolist(cat([ones([2, 2]), zeros([1, 2])])), [[1, 1], [1, 1], [0, 0]]);
    assert.deepEqual(tolist(cat([ones([2, 2]), zeros([2, 1])], 1)), [[1, 1, 0], [1, 1, 0]]);
    assert.deepEqual(tolist(stack([tensor([1, 2]), tensor([3, 4])])), [[1, 2], [3, 4]]);
    assert.deepEqual(tolist(stack([tensor([1, 2]), tensor([3, 4])], 1)), [[1, 3], [2, 4]]);
  });

  await st.step("cat: negative dim, empty pieces, strided inputs", () => {
    assert.deepEqual(tolist(cat([x23(), x23()], -1)), [[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]);
    assert.deepEqual(tolist(cat([x23(), zeros([2, 0], { dtype: "int64" })], 1)), [[0, 1, 2], [3, 4, 5]]);
    assertTensor(cat([tensor([]), ones([2, 2])]), [1, 1, 1, 1], { shape: [2, 2] });
    assert.deepEqual(tolist(cat([t(x23()), slice(t(x23()), 0, 1)])), [[0, 3], [1, 4], [2, 5], [1, 4], [2, 5]]);
  });

  await st.step("cat and stack promote dtypes", () => {
    assertTensor(cat([tensor([true]), tensor([2], { dtype: "uint8" })]), [1, 2], { dtype: "uint8" });
    assertTensor(cat([tensor([1], { dtype: "int32" }), tensor([2.5])]), [1, 2.5], { dtype: "float32" });
    const mixed = cat([
      ones([2, 2], { dtype: "int64" }),
      zeros([2, 2], { dtype: "bool" }),
      zeros([1, 2], { dtype: "float64" }),
    ]);
    assert.equal(mixed.dtype, "float64");
    assert.equal(stack([zeros([2]), zeros([2], { dtype: "int64" })], -1).dtype, "float32");
  });

  await st.step("stack: new dim anywhere, 0-d inputs", () => {
    const s = stack([x23(), view(arange(0, 12, 2), [2, 3])], 2);
    assert.deepEqual([s.shape, s.strides], [[2, 3, 2], [6, 2, 1]]);
    assert.deepEqual(tolist(s), [[[0, 0], [1, 2], [2, 4]], [[3, 6], [4, 8], [5, 10]]]);
    assert.deepEqual(tolist(stack([tensor(1), tensor(2)])), [1, 2]);
  });

  await st.step("errors", () => {
    assertTorchError(() => cat([]), "RuntimeError", "torch.cat(): expected a non-empty list of Tensors");
    assertTorchError(
      () => cat([ones([2, 2]), zeros([1, 2])], 1),
      "RuntimeError",
      "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 1 for tensor number 1 in the list.",
    );
    assertTorchError(
      () => cat([x23(), slice(t(x23()), 0, 0, 2)], 0),
      "RuntimeError",
      "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1 in the list.",
    );
    assertTorchError(
      () => cat([ones([2, 2]), zeros([2])]),
      "RuntimeError",
      "Tensors must have same number of dimensions: got 2 and 1",
    );
    assertTorchError(
      () => cat([ones([2, 2]), zeros([2, 2])], 2),
      "IndexError",
      "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    );
    assertTorchError(
      () => cat([tensor(1), tensor(2)]),
      "RuntimeError",
      "zero-dimensional tensor (at position 0) cannot be concatenated",
    );
    assertTorchError(() => stack([]), "RuntimeError", "stack expects a non-empty TensorList");
    assertTorchError(
      () => stack([ones([2]), ones([3])]),
      "RuntimeError",
      "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
    );
    assertTorchError(
      () => stack([ones([2]), ones([2])], 3),
      "IndexError",
      "Dimension out of range (expected to be in range of [-2, 1], but got 3)",
    );
  });
});

Deno.test("join: split, chunk, repeat, tile, flip, roll", async (st) => {
  await st.step("t04: chunk and split", () => {
    assert.deepEqual(chunk(arange(6), 2).map((c) => values(c)), [[0, 1, 2], [3, 4, 5]]);
    assert.deepEqual(split(arange(10), 4).map((c) => values(c)), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    assert.deepEqual(split(x23(), [1, 2], 1).map((c) => tolist(c)), [[[0], [3]], [[1, 2], [4, 5]]]);
  });

  await st.step("repeat and tile", () => {
    assert.deepEqual(values(repeat(arange(3), [2])), [0, 1, 2, 0, 1, 2]);
    assert.deepEqual(tolist(repeat(arange(5), [2, 2])), [[0, 1, 2, 3, 4, 0, 1, 2, 3, 4], [
      0,
      1,
      2,
      3,
      4,
      0,
      1,
      2,
      3,
      4,
    ]]);
    const r = repeat(x23(), [2, 1, 2]);
    assert.deepEqual([r.shape, r.strides], [[2, 2, 6], [12, 6, 1]]);
    assert.deepEqual(tolist(r), [[[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]], [[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]]);
    assert.deepEqual(repeat(x23(), [0, 1]).shape, [0, 3]);
    assert.deepEqual(tolist(repeat(t(x23()), [1, 2])), [[0, 3, 0, 3], [1, 4, 1, 4], [2, 5, 2, 5]]);
    assert.deepEqual(tolist(tile(x23(), [2])), [[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]);
    assertTorchError(
      () => repeat(view(arange(5), [5, 1]), [2]),
      "RuntimeError",
      "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
    );
    assertTorchError(
      () => repeat(x23(), [-1, 1]),
      "RuntimeError",
      "Trying to create tensor with negative dimension -2: [-2, 3]",
    );
  });

  await st.step("flip", () => {
    assert.deepEqual(tolist(flip(x23(), [0, 1])), [[5, 4, 3], [2, 1, 0]]);
    assert.deepEqual(tolist(flip(x23(), [-1])), [[2, 1, 0], [5, 4, 3]]);
    assert.deepEqual(tolist(flip(t(x23()), [0])), [[2, 5], [1, 4], [0, 3]]);
    assertTorchError(() => flip(x23(), [0, 0]), "RuntimeError", "dim 0 appears multiple times in the list of dims");
  });

  await st.step("roll", () => {
    assert.deepEqual(tolist(roll(x23(), 1)), [[5, 0, 1], [2, 3, 4]]);
    assert.deepEqual(tolist(roll(x23(), -1, 1)), [[1, 2, 0], [4, 5, 3]]);
    assert.deepEqual(tolist(roll(x23(), [1, 2], [0, 1])), [[4, 5, 3], [1, 2, 0]]);
    assert.deepEqual(values(roll(arange(10), 13)), [7, 8, 9, 0, 1, 2, 3, 4, 5, 6]);
    assertTorchError(
      () => roll(x23(), [1, 2], 0),
      "RuntimeError",
      "shifts and dimensions must align. shifts: 2, dims:1",
    );
  });
});

Deno.test("join: gradients", async (st) => {
  const leaf = () => {
    const x = contiguous(view(arange(6, null, 1, { dtype: "float32" }), [2, 3]));
    x.requiresGrad = true;
    return x;
  };
  const up = (y: Tensor) => view(arange(1, y.numel + 1, 1, { dtype: "float32" }), [...y.shape]);
  const cases: [string, (x: Tensor) => Tensor, string, number[][]][] = [
    ["cat", (x) => cat([x, slice(x, 0, 0, 1)], 0), "CatBackward0", [[8, 10, 12], [4, 5, 6]]],
    ["stack", (x) => stack([x, x], 1), "StackBackward0", [[5, 7, 9], [17, 19, 21]]],
    ["repeat", (x) => repeat(x, [2, 2]), "RepeatBackward0", [[34, 38, 42], [58, 62, 66]]],
    ["repeat with a new dim", (x) => repeat(x, [2, 1, 1]), "RepeatBackward0", [[8, 10, 12], [14, 16, 18]]],
    ["flip", (x) => flip(x, [1]), "FlipBackward0", [[3, 2, 1], [6, 5, 4]]],
    ["roll", (x) => roll(x, 1, 1), "RollBackward0", [[2, 3, 1], [5, 6, 4]]],
    ["roll flattened", (x) => roll(x, 2), "RollBackward0", [[3, 4, 5], [6, 1, 2]]],
  ];
  for (const [name, f, node, want] of cases) {
    await st.step(name, () => {
      const x = leaf();
      const y = f(x);
      assert.equal(y.gradFn?.name, node);
      runBackward([y], [up(y)]);
      assert.deepEqual(tolist(x.grad!), want);
    });
  }
  await st.step("cat of a float and an int tensor keeps the float's gradient", () => {
    const x = leaf();
    const y = cat([x, zeros([1, 3], { dtype: "int64" })]);
    runBackward([y], [ones([3, 3])]);
    assert.deepEqual(tolist(x.grad!), [[1, 1, 1], [1, 1, 1]]);
  });
});

// Index ops (index_select, gather, scatter, masked ops, nonzero, index_put_) and the gradients of
// indexing, against PyTorch 1.13 (python3-torch's output).
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { tolist } from "../runtime/ops/access.ts";
import { index_put_, nonzero, nonzero_tuple } from "../runtime/ops/advanced_index.ts";
import { contiguous } from "../runtime/ops/copy.ts";
import { ones, zeros } from "../runtime/ops/creation.ts";
import { gather, index_select, scatter, scatter_, scatter_add_ } from "../runtime/ops/gather.ts";
import { getitem, type Index, type SliceSpec } from "../runtime/ops/indexing.ts";
import { masked_fill, masked_fill_, masked_select } from "../runtime/ops/masked.ts";
import { arange } from "../runtime/ops/ranges.ts";
import { pyFloat } from "../runtime/ops/scalar.ts";
import { tensor } from "../runtime/ops/tensor_data.ts";
import { t as transpose, view } from "../runtime/ops/views.ts";
import { gt } from "../runtime/ops/compare.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { assertTensor, assertTorchError, values } from "./helpers.ts";

const S = (start: number | null = null, stop: number | null = null, step: number | null = null): SliceSpec => ({
  start,
  stop,
  step,
});
const T = (...items: Index[]) => ({ items }) as Index;
const f32 = (n: number, shape: number[]) => view(arange(n, null, 1, { dtype: "float32" }), shape);
const geo = (t: Tensor) => [[...t.shape], [...t.strides], t.base !== null];
const bool = (v: boolean[], shape?: number[]) => (shape ? view(tensor(v), shape) : tensor(v));

Deno.test("indexing: index ops", async (st) => {
  const x = f32(20, [4, 5]);

  await st.step("index_select", () => {
    assert.deepEqual(tolist(index_select(x, 1, tensor([4, 0, 4]))), [[4, 0, 4], [9, 5, 9], [14, 10, 14], [19, 15, 19]]);
    assert.deepEqual(tolist(index_select(x, 1, tensor(2))), [[2], [7], [12], [17]]);
    assert.deepEqual(tolist(index_select(transpose(x), 0, tensor([1], { dtype: "int32" }))), [[1, 6, 11, 16]]);
    assertTorchError(
      () => index_select(x, 0, tensor([[0]])),
      "IndexError",
      "index_select(): Index is supposed to be a vector",
    );
    assertTorchError(
      () => index_select(x, 0, tensor([pyFloat(0)])),
      "RuntimeError",
      "index_select(): Expected dtype int32 or int64 for index",
    );
    assertTorchError(() => index_select(x, 0, tensor([9])), "IndexError", "index out of range in self");
  });

  await st.step("gather", () => {
    assert.deepEqual(tolist(gather(x, 1, view(tensor([0, 4, 1, 1]), [2, 2]))), [[0, 4], [6, 6]]);
    assert.deepEqual(tolist(gather(x, 1, view(tensor([0, 4, 1, 1, 1, 1]), [1, 6]))), [[0, 4, 1, 1, 1, 1]]);
    assertTorchError(
      () => gather(x, 1, tensor([0, 4])),
      "RuntimeError",
      "Index tensor must have the same number of dimensions as input tensor",
    );
    assertTorchError(
      () => gather(x, 0, view(tensor([0, 4]), [1, 2])),
      "RuntimeError",
      "index 4 is out of bounds for dimension 0 with size 4",
    );
    assertTorchError(
      () => gather(x, 0, view(tensor([0, 1], { dtype: "int32" }), [1, 2])),
      "RuntimeError",
      "gather(): Expected dtype int64 for index",
    );
  });

  await st.step("scatter_, scatter, scatter_add_", () => {
    const idx = view(tensor([0, 2, 1, 3]), [2, 2]);
    const src = view(tensor([1, 2, 3, 4].map(pyFloat)), [2, 2]);
    assert.deepEqual(tolist(scatter_(zeros([3, 4]), 1, idx, src)), [[1, 0, 2, 0], [0, 3, 0, 4], [0, 0, 0, 0]]);
    assert.deepEqual(tolist(scatter_(zeros([3, 4]), 1, idx, pyFloat(5))), [[5, 0, 5, 0], [0, 5, 0, 5], [0, 0, 0, 0]]);
    const z = zeros([3, 4]);
    assert.deepEqual(tolist(scatter(z, 0, view(tensor([0, 2, 1, 0]), [1, 4]), ones([2, 4]))), [
      [1, 0, 0, 1],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
    assert.deepEqual(values(z), new Array(12).fill(0));
    assert.deepEqual(
      tolist(scatter_add_(zeros([3, 4]), 0, view(tensor([0, 0, 1, 0, 0, 0, 0, 0]), [2, 4]), ones([2, 4]))),
      [
        [2, 2, 1, 2],
        [0, 0, 1, 0],
        [0, 0, 0, 0],
      ],
    );
    assertTorchError(
      () => scatter_(zeros([3, 4]), 0, view(tensor([0, 5]), [1, 2]), 1),
      "RuntimeError",
      "index 5 is out of bounds for dimension 0 with size 3",
    );
    assertTorchError(
      () => scatter_(zeros([3, 4]), 0, view(tensor([0, 1]), [1, 2]), ones([2, 4], { dtype: "int64" })),
      "RuntimeError",
      "scatter(): Expected self.dtype to be equal to src.dtype",
    );
  });

  await st.step("masked_fill, masked_select", () => {
    assert.deepEqual(tolist(masked_fill(ones([3]), bool([true, false], [2, 1]), 0)), [[0, 0, 0], [1, 1, 1]]);
    assert.deepEqual(values(masked_fill(arange(5), tensor([true, false, true, false, false]), 2.7)), [2, 1, 2, 3, 4]);
    assert.deepEqual(values(masked_fill(x, gt(x, 15), tensor(pyFloat(2)))).slice(15), [15, 2, 2, 2, 2]);
    assert.deepEqual(values(masked_select(x, gt(x, 15))), [16, 17, 18, 19]);
    assert.deepEqual(values(masked_select(x, tensor([true, false, false, false, true]))), [0, 4, 5, 9, 10, 14, 15, 19]);
    assertTorchError(
      () => masked_fill(x, gt(x, 15), tensor([pyFloat(2)])),
      "RuntimeError",
      "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).",
    );
    assertTorchError(
      () => masked_fill_(ones([3]), bool([true, false], [2, 1]), 0),
      "RuntimeError",
      "output with shape [3] doesn't match the broadcast shape [2, 3]",
    );
  });

  await st.step("nonzero: values, and PyTorch's column-major strides", () => {
    const nz = nonzero(view(tensor([0, 1, 2, 0]), [2, 2]));
    assert.deepEqual([tolist(nz), nz.strides], [[[0, 1], [1, 0]], [1, 2]]);
    assert.deepEqual(geo(nonzero(tensor(3))).slice(0, 2), [[1, 0], [1, 1]]);
    assert.deepEqual(nonzero(tensor(0)).shape, [0, 0]);
    assert.deepEqual(nonzero_tuple(view(tensor([0, 1, 2, 0]), [2, 2])).map((t) => values(t)), [[0, 1], [1, 0]]);
  });

  await st.step("index_put_ with accumulate", () => {
    const z = zeros([4]);
    index_put_(z, [tensor([0, 0, 2])], tensor([1, 2, 3].map(pyFloat)), true);
    assert.deepEqual(values(z), [3, 0, 3, 0]);
  });
});

Deno.test("indexing: gradients", async (st) => {
  const leaf = () => {
    const x = contiguous(f32(24, [2, 3, 4]));
    x.requiresGrad = true;
    return x;
  };
  const upstream = (y: Tensor) => view(arange(1, y.numel + 1, 1, { dtype: "float32" }), [...y.shape]);

  await st.step("x[[0, 0, 1], :, [1, 1, 3]]: repeated indices accumulate", () => {
    const x = leaf();
    const y = getitem(x, T([0, 0, 1], S(), [1, 1, 3]));
    assert.equal(y.gradFn?.name, "IndexBackward0");
    runBackward([y], [upstream(y)]);
    assertTensor(x.grad!, [0, 5, 0, 0, 0, 7, 0, 0, 0, 9, 0, 0, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 9], { exact: true });
  });

  await st.step("x[x > 20]", () => {
    const x = leaf();
    const y = getitem(x, gt(x, 20));
    runBackward([y], [upstream(y)]);
    assertTensor(x.grad!, [...new Array(21).fill(0), 1, 2, 3], { exact: true });
  });

  await st.step("gather, index_select, masked_fill, masked_select", () => {
    const x = leaf();
    const g = gather(x, 2, view(tensor([0, 0, 3, 1, 1, 1]), [1, 3, 2]));
    assert.equal(g.gradFn?.name, "GatherBackward0");
    runBackward([g], [upstream(g)]);
    assertTensor(x.grad!, [3, 0, 0, 0, 0, 4, 0, 3, 0, 11, 0, 0, ...new Array(12).fill(0)], { exact: true });
    const x2 = leaf();
    const s = index_select(x2, 1, tensor([2, 2]));
    assert.equal(s.gradFn?.name, "IndexSelectBackward0");
    runBackward([s], [ones(s.shape)]);
    assertTensor(x2.grad!, [0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2], { exact: true });
    const x3 = leaf();
    const mf = masked_fill(x3, gt(x3, 1), 0);
    assert.equal(mf.gradFn?.name, "MaskedFillBackward0");
    runBackward([mf], [ones(mf.shape)]);
    assertTensor(x3.grad!, [1, 1, ...new Array(22).fill(0)], { exact: true });
    const x4 = leaf();
    const ms = masked_select(x4, gt(x4, 21));
    assert.equal(ms.gradFn?.name, "MaskedSelectBackward0");
    runBackward([ms], [tensor([5, 6].map(pyFloat))]);
    assertTensor(x4.grad!, [...new Array(22).fill(0), 5, 6], { exact: true });
  });
});

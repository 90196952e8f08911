// Factories against PyTorch 1.13: values, shapes, dtypes and messages printed by python3-torch.
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import { item, tolist } from "../runtime/ops/access.ts";
import {
  empty,
  empty_like,
  eye,
  fill_,
  full,
  full_like,
  new_empty,
  new_full,
  new_ones,
  new_zeros,
  ones,
  ones_like,
  zero_,
  zeros,
  zeros_like,
} from "../runtime/ops/creation.ts";
import { arange, linspace } from "../runtime/ops/ranges.ts";
import { pyFloat } from "../runtime/ops/scalar.ts";
import { new_tensor, tensor } from "../runtime/ops/tensor_data.ts";
import { t as transpose } from "../runtime/ops/views.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { assertTensor, assertTorchError, values } from "./helpers.ts";

const meta = (t: Tensor) => ({ shape: [...t.shape], strides: [...t.strides], dtype: t.dtype });

Deno.test("creation: factories", async (t) => {
  await t.step("zeros / ones / empty take the default float32 or the given dtype", () => {
    assert.deepEqual(meta(zeros([5, 3], { dtype: "int64" })), { shape: [5, 3], strides: [3, 1], dtype: "int64" });
    assertTensor(ones([2, 3]), [1, 1, 1, 1, 1, 1], { shape: [2, 3], dtype: "float32", exact: true });
    assert.deepEqual(meta(empty([2, 3])), { shape: [2, 3], strides: [3, 1], dtype: "float32" });
    assert.deepEqual(meta(zeros([])), { shape: [], strides: [], dtype: "float32" });
    assertTorchError(
      () => zeros([-1, 3]),
      "RuntimeError",
      "Trying to create tensor with negative dimension -1: [-1, 3]",
    );
  });

  await t.step("full infers the dtype from the fill value", () => {
    assertTensor(full([2, 2], pyFloat(7)), [7, 7, 7, 7], { dtype: "float32", exact: true });
    assertTensor(full([2, 2], 7), [7, 7, 7, 7], { dtype: "int64", exact: true });
    assertTensor(full([2], true), [1, 1], { dtype: "bool", exact: true });
    assertTensor(full([2], 2.5, { dtype: "int64" }), [2, 2], { dtype: "int64", exact: true });
  });

  await t.step("eye(n, m)", () => {
    assertTensor(eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], { shape: [3, 3], dtype: "float32", exact: true });
    assertTensor(eye(2, 4), [1, 0, 0, 0, 0, 1, 0, 0], { shape: [2, 4], exact: true });
    assertTensor(eye(3, 3, { dtype: "int64" }), [1, 0, 0, 0, 1, 0, 0, 0, 1], { dtype: "int64", exact: true });
    assertTorchError(() => eye(-1), "RuntimeError", "n must be greater or equal to 0, got -1");
  });

  await t.step("*_like and new_* inherit dtype and device", () => {
    const l = zeros([2, 3], { dtype: "int64" });
    assertTensor(zeros_like(ones([2, 2])), [0, 0, 0, 0], { shape: [2, 2], dtype: "float32" });
    assertTensor(ones_like(zeros([3]), { dtype: "int64" }), [1, 1, 1], { dtype: "int64", exact: true });
    assertTensor(zeros_like(l, { dtype: "float64" }), [0, 0, 0, 0, 0, 0], { shape: [2, 3], dtype: "float64" });
    assertTensor(full_like(l, pyFloat(7.5)), [7, 7, 7, 7, 7, 7], { dtype: "int64", exact: true });
    assert.deepEqual(meta(empty_like(l)), meta(l));
    const x = new_ones(tensor([5.5, 3]), [5, 3], { dtype: "float64" });
    assert.deepEqual(meta(x), { shape: [5, 3], strides: [3, 1], dtype: "float64" });
    assert.equal(new_zeros(ones([2, 3]), [2]).dtype, "float32");
    assertTensor(new_full(l, [2], 3), [3, 3], { dtype: "int64" });
    assert.equal(new_empty(l, [1]).dtype, "int64");
    assertTensor(new_tensor(ones([2]), [1, 2]), [1, 2], { dtype: "float32" });
    assertTensor(new_tensor(zeros([2], { dtype: "int64" }), [1.5, 2]), [1, 2], { dtype: "int64", exact: true });
  });

  await t.step("requires_grad only on floating dtypes", () => {
    assert.equal(ones([2], { requires_grad: true }).requiresGrad, true);
    assertTorchError(
      () => tensor([1, 2], { requires_grad: true }),
      "RuntimeError",
      "Only Tensors of floating point and complex dtype can require gradients",
    );
  });

  await t.step("fill_ and zero_ write through strided views", () => {
    const x = zeros([2, 3]);
    fill_(transpose(x), 2);
    assertTensor(x, [2, 2, 2, 2, 2, 2], { exact: true });
    fill_(x, tensor(3));
    assertTensor(x, [3, 3, 3, 3, 3, 3], { exact: true });
    zero_(x);
    assertTensor(x, [0, 0, 0, 0, 0, 0], { exact: true });
    assertTorchError(
      () => fill_(x, tensor([1, 2])),
      "RuntimeError",
      "fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions.",
    );
  });
});

Deno.test("creation: arange and linspace", async (t) => {
  await t.step("arange: int64 for ints, float32 when any bound is a float", () => {
    assertTensor(arange(6), [0, 1, 2, 3, 4, 5], { dtype: "int64", exact: true });
    assertTensor(arange(1, 10, 2), [1, 3, 5, 7, 9], { dtype: "int64", exact: true });
    assertTensor(arange(pyFloat(0), pyFloat(1), 0.25), [0, 0.25, 0.5, 0.75], { dtype: "float32", exact: true });
    assertTensor(arange(10, 0, -3), [10, 7, 4, 1], { dtype: "int64", exact: true });
    assertTensor(arange(-1.5, 2), [-1.5, -0.5, 0.5, 1.5], { dtype: "float32", exact: true });
    assertTensor(arange(0, 1, 0.3), [0, 0.30000001192092896, 0.6000000238418579, 0.8999999761581421], {
      exact: true,
    });
    assertTensor(arange(5, null, 1, { dtype: "float64" }), [0, 1, 2, 3, 4], { dtype: "float64" });
  });

  await t.step("arange(0, 3, 0.1): 30 elements, each start + i*step rounded once", () => {
    const v = values(arange(0, 3, 0.1));
    assert.equal(v.length, 30);
    assert.deepEqual([v[3], v[7], v[12], v[29]], [
      0.30000001192092896,
      0.699999988079071,
      1.2000000476837158,
      2.9000000953674316,
    ]);
  });

  await t.step("arange vectorizes like PyTorch's AVX2 kernel: every bit matches", () => {
    // 19 elements: 16 in two 8-lane vectors (base + lane * step), 3 scalar.
    assert.deepEqual(values(arange(-1.7, 5.3, 0.37)), [
      -1.7000000476837158,
      -1.3300000429153442,
      -0.9600000381469727,
      -0.5900000333786011,
      -0.22000004351139069,
      0.1499999463558197,
      0.5199999809265137,
      0.8899999260902405,
      1.2599999904632568,
      1.6299999952316284,
      2,
      2.369999885559082,
      2.740000009536743,
      3.109999895095825,
      3.4800000190734863,
      3.8499999046325684,
      4.21999979019165,
      4.590000152587891,
      4.960000038146973,
    ]);
  });

  await t.step("arange errors", () => {
    assertTorchError(
      () => arange(0, 10, -1),
      "RuntimeError",
      "upper bound and larger bound inconsistent with step sign",
    );
    assertTorchError(() => arange(0, 10, 0), "RuntimeError", "step must be nonzero");
  });

  await t.step("linspace: float32, counting up from start then down from end", () => {
    assertTensor(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], { dtype: "float32", exact: true });
    assert.deepEqual(values(linspace(-1, 1, 7)), [
      -1,
      -0.6666666269302368,
      -0.3333333134651184,
      -2.9802322387695312e-8,
      0.3333333134651184,
      0.6666666269302368,
      1,
    ]);
    const v = values(linspace(-3.3, 10, 25));
    assert.deepEqual([v[0], v[1], v[6], v[12], v[13], v[23], v[24]], [
      -3.299999952316284,
      -2.745833396911621,
      0.02500009536743164,
      3.3500001430511475,
      3.9041669368743896,
      9.445833206176758,
      10,
    ]);
    assert.deepEqual(values(linspace(0.1, 7.7, 40)), [
      0.10000000149011612,
      0.29487180709838867,
      0.48974359035491943,
      0.684615433216095,
      0.8794872164726257,
      1.0743589401245117,
      1.269230842590332,
      1.4641026258468628,
      1.6589744091033936,
      1.8538461923599243,
      2.048717975616455,
      2.2435898780822754,
      2.4384615421295166,
      2.633333444595337,
      2.828205108642578,
      3.0230770111083984,
      3.2179486751556396,
      3.41282057762146,
      3.607692241668701,
      3.8025641441345215,
      3.9974358081817627,
      4.192307472229004,
      4.387179374694824,
      4.5820512771606445,
      4.776922702789307,
      4.971794605255127,
      5.166666507720947,
      5.361537933349609,
      5.55640983581543,
      5.75128173828125,
      5.94615364074707,
      6.141025543212891,
      6.335897445678711,
      6.530768871307373,
      6.725640773773193,
      6.920512676239014,
      7.115384578704834,
      7.310256004333496,
      7.505127906799316,
      7.699999809265137,
    ]);
    assertTensor(linspace(0, 10, 5, { dtype: "int64" }), [0, 2, 5, 7, 10], { dtype: "int64", exact: true });
    assertTensor(linspace(2, 10, 1), [2], { exact: true });
    assert.deepEqual(linspace(0, 1, 0).shape, [0]);
    assertTorchError(() => linspace(0, 1, -1), "RuntimeError", "number of steps must be non-negative");
  });
});

Deno.test("creation: torch.tensor from nested data", async (t) => {
  await t.step("dtype inference", () => {
    assertTensor(tensor([5.5, 3]), [5.5, 3], { dtype: "float32" });
    assertTensor(tensor([[1, 2], [3, 4]]), [1, 2, 3, 4], { shape: [2, 2], dtype: "int64", exact: true });
    assertTensor(tensor([true, false, true]), [1, 0, 1], { dtype: "bool", exact: true });
    assertTensor(tensor([true, 2]), [1, 2], { dtype: "int64", exact: true });
    assertTensor(tensor([true, 2.5]), [1, 2.5], { dtype: "float32" });
    assertTensor(tensor([pyFloat(1), 2]), [1, 2], { dtype: "float32" });
    assertTensor(tensor(pyFloat(3.5)), [3.5], { shape: [], dtype: "float32" });
    assertTensor(tensor(7), [7], { shape: [], dtype: "int64" });
    assertTensor(tensor([1, 2], { dtype: "float64" }), [1, 2], { dtype: "float64" });
    assertTensor(tensor([2 ** 40, 1]), [2 ** 40, 1], { dtype: "int64", exact: true });
  });

  await t.step("empty lists are float32", () => {
    assert.deepEqual(meta(tensor([[]])), { shape: [1, 0], strides: [1, 1], dtype: "float32" });
    assert.deepEqual(tensor([]).shape, [0]);
    assert.deepEqual(tensor([[], []]).shape, [2, 0]);
    assert.deepEqual(tensor([[[]]]).shape, [1, 1, 0]);
  });

  await t.step("conversion to a given dtype truncates toward zero", () => {
    assertTensor(tensor([[1.5, 2], [3, 4]], { dtype: "int64" }), [1, 2, 3, 4], { exact: true });
    assertTensor(tensor([-1.7, 2.7], { dtype: "int64" }), [-1, 2], { exact: true });
    assertTensor(tensor([1.5, 0], { dtype: "bool" }), [1, 0], { dtype: "bool", exact: true });
  });

  await t.step("tuples ({ items }) and 0-d / one-element tensors as elements", () => {
    assertTensor(tensor({ items: [{ items: [1, 2] }, { items: [3, 4] }] }), [1, 2, 3, 4], { shape: [2, 2] });
    assertTensor(tensor([[tensor(1), 2], [3, 4]]), [1, 2, 3, 4], { dtype: "int64" });
    assertTensor(tensor([tensor(1.5, { dtype: "float64" }), 2]), [1.5, 2], { dtype: "float64" });
    assertTensor(tensor([tensor(1, { dtype: "int32" }), tensor(2, { dtype: "uint8" })]), [1, 2], { dtype: "int32" });
    assertTensor(tensor([tensor(true), 2]), [1, 2], { dtype: "int64" });
    assertTensor(tensor([tensor([1.0]), tensor([3.0])]), [1, 3], { shape: [2] });
    assertTensor(tensor(tensor([1, 2])), [1, 2], { dtype: "int64" });
  });

  await t.step("errors", () => {
    assertTorchError(() => tensor([[1, 2], [3, 4, 5]]), "ValueError", "expected sequence of length 2 at dim 1 (got 3)");
    assertTorchError(() => tensor([1, [2]]), "TypeError", "'list' object cannot be interpreted as an integer");
    assertTorchError(() => tensor([1, [2]], { dtype: "float32" }), "TypeError", "must be real number, not list");
    assertTorchError(() => tensor([[1], 2]), "TypeError", "not a sequence");
    assertTorchError(
      () => tensor([tensor([1, 2]), tensor([3, 4])]),
      "ValueError",
      "only one element tensors can be converted to Python scalars",
    );
    assertTorchError(() => tensor(null as never), "RuntimeError", "Could not infer dtype of NoneType");
    assertTorchError(() => tensor("a" as never), "TypeError", "new(): invalid data type 'str'");
  });

  await t.step("item and tolist", () => {
    assert.equal(item(tensor([2.5])), 2.5);
    assert.equal(item(tensor(3)), 3);
    assert.equal(item(tensor(true)), true);
    assert.deepEqual(tolist(tensor([[1, 2], [3, 4]])), [[1, 2], [3, 4]]);
    assert.deepEqual(tolist(tensor([[true]])), [[true]]);
    assert.equal(tolist(tensor(5)), 5);
    assertTorchError(
      () => item(tensor([1, 2])),
      "ValueError",
      "only one element tensors can be converted to Python scalars",
    );
  });
});

// Indexing (`x[idx]`, `x[idx] = v`) and index ops against PyTorch 1.13 (python3-torch's output).
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { item, tolist } from "../runtime/ops/access.ts";
import { ones, zeros } from "../runtime/ops/creation.ts";
import { getitem, type Index, setitem, type SliceSpec } from "../runtime/ops/indexing.ts";
import { arange } from "../runtime/ops/ranges.ts";
import { pyFloat } from "../runtime/ops/scalar.ts";
import { tensor } from "../runtime/ops/tensor_data.ts";
import { t as transpose, view } from "../runtime/ops/views.ts";
import { gt } from "../runtime/ops/compare.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { assertTorchError, values } from "./helpers.ts";

const S = (start: number | null = null, stop: number | null = null, step: number | null = null): SliceSpec => ({
  start,
  stop,
  step,
});
const T = (...items: Index[]) => ({ items }) as Index;
const f32 = (n: number, shape: number[]) => view(arange(n, null, 1, { dtype: "float32" }), shape);
const i64 = (n: number, shape: number[]) => view(arange(n), shape);
const geo = (t: Tensor) => [[...t.shape], [...t.strides], t.base !== null];
const bool = (v: boolean[], shape?: number[]) => (shape ? view(tensor(v), shape) : tensor(v));

Deno.test("indexing: t03 (conformance) step by step", () => {
  const x = f32(20, [4, 5]);
  assert.deepEqual(values(getitem(x, T(S(), 1))), [1, 6, 11, 16]);
  assert.deepEqual(values(getitem(x, 1)), [5, 6, 7, 8, 9]);
  assert.deepEqual(values(getitem(x, T(1, 2))), [7]);
  assert.deepEqual(getitem(x, T(1, 2)).shape, []);
  assert.deepEqual(tolist(getitem(x, T(S(1, 3), S(null, null, 2)))), [[5, 7, 9], [10, 12, 14]]);
  assert.deepEqual(values(getitem(x, -1)), [15, 16, 17, 18, 19]);
  assert.deepEqual(tolist(getitem(x, T(S(), S(-2)))), [[3, 4], [8, 9], [13, 14], [18, 19]]);
  assert.deepEqual(values(getitem(x, T("...", 0))), [0, 5, 10, 15]);
  assert.deepEqual([getitem(x, null).shape, getitem(x, T(S(), null)).shape], [[1, 4, 5], [4, 1, 5]]);
  assert.deepEqual(values(getitem(x, gt(x, 12))), [13, 14, 15, 16, 17, 18, 19]);
  setitem(x, T(0, S()), 7);
  setitem(x, T(S(), 0), tensor([pyFloat(-1), pyFloat(-2), pyFloat(-3), pyFloat(-4)]));
  setitem(x, gt(x, 15), 0);
  assert.deepEqual(tolist(x), [[-1, 7, 7, 7, 7], [-2, 6, 7, 8, 9], [-3, 11, 12, 13, 14], [-4, 0, 0, 0, 0]]);
  assert.deepEqual(tolist(getitem(x, tensor([0, 2]))), [[-1, 7, 7, 7, 7], [-3, 11, 12, 13, 14]]);
  assert.deepEqual(tolist(getitem(x, [1, 3])), [[-2, 6, 7, 8, 9], [-4, 0, 0, 0, 0]]);
  assert.deepEqual(tolist(getitem(x, 1)), [-2, 6, 7, 8, 9]);
  assert.equal(item(getitem(tensor([3, 1, 4, 1]), 2)), 4);
});

Deno.test("indexing: result shapes, strides and views (x = arange(24).view(2, 3, 4))", async (st) => {
  const m23 = ones([2, 3], { dtype: "bool" });
  const cases: [string, Index, unknown[], number[]][] = [
    ["x[m] (2-d mask)", m23, [[6, 4], [4, 1], false], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[0, :, [0, 1]]: ints select first", T(0, S(), [0, 1]), [[3, 2], [2, 1], false], [0, 1, 4, 5, 8, 9]],
    ["x[[0, 1], :, [0, 1]]: separated, to the front", T([0, 1], S(), [0, 1]), [[2, 3], [3, 1], false], [
      0,
      4,
      8,
      13,
      17,
      21,
    ]],
    ["x[:, [0, 1], [0, 1]]: adjacent, in place", T(S(), [0, 1], [0, 1]), [[2, 2], [2, 1], false], [0, 5, 12, 17]],
    ["x[:, [[0], [1]], [0, 1]]: broadcast", T(S(), [[0], [1]], [0, 1]), [[2, 2, 2], [4, 2, 1], false], [
      0,
      1,
      4,
      5,
      12,
      13,
      16,
      17,
    ]],
    ["x[[0, 1], [0, 1]]", T([0, 1], [0, 1]), [[2, 4], [4, 1], false], [0, 1, 2, 3, 16, 17, 18, 19]],
    ["x[..., [0, 1]]", T("...", [0, 1]), [[2, 3, 2], [6, 2, 1], false], [0, 1, 4, 5, 8, 9, 12, 13]],
    ["x[None, [0, 1]]", T(null, [0, 1]), [[1, 2, 3, 4], [24, 12, 4, 1], false], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[True]", true, [[1, 2, 3, 4], [24, 12, 4, 1], false], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[False]", false, [[0, 2, 3, 4], [24, 12, 4, 1], false], []],
    ["x[tensor(1)]: a 0-d int tensor selects", tensor(1), [[3, 4], [4, 1], true], [12, 13, 14, 15, 16, 17, 18, 19]],
    ["x[tensor(True)]", tensor(true), [[1, 2, 3, 4], [24, 12, 4, 1], false], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[[True, False]]", [true, false], [[1, 3, 4], [12, 4, 1], false], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[...]", "...", [[2, 3, 4], [12, 4, 1], true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[:]", S(), [[2, 3, 4], [12, 4, 1], true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[1:, ..., None, 2]", T(S(1), "...", null, 2), [[1, 3, 1], [12, 4, 4], true], [14, 18, 22]],
    ["x[[[0, 1]]] (a list of lists is a tuple)", [[0, 1]], [[2, 3, 4], [12, 4, 1], false], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[[0, 1], None]", T([0, 1], null), [[2, 1, 3, 4], [12, 12, 4, 1], false], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[1, [0, 1], 1:3]", T(1, [0, 1], S(1, 3)), [[2, 2], [2, 1], false], [13, 14, 17, 18]],
    ["x[:, :, [T, F, T, F]]", T(S(), S(), [true, false, true, false]), [[2, 3, 2], [6, 2, 1], false], [
      0,
      2,
      4,
      6,
      8,
      10,
      12,
      14,
    ]],
    ["x[[1.0]] (float lists become int64)", [pyFloat(1)] as unknown as Index, [[1, 3, 4], [12, 4, 1], false], [
      12,
      13,
      14,
      15,
      16,
      17,
      18,
      19,
    ]],
    ["x[[]]", [], [[0, 3, 4], [12, 4, 1], false], []],
    ["x[0:10:3]", S(0, 10, 3), [[1, 3, 4], [36, 4, 1], true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[-10:-1]", S(-10, -1), [[1, 3, 4], [12, 4, 1], true], [0, 1, 2, 3, 4, 5, 6, 7]],
    ["x[5:]", S(5), [[0, 3, 4], [12, 4, 1], true], []],
    ["x[:, 3:1]", T(S(), S(3, 1)), [[2, 0, 4], [12, 4, 1], true], []],
    ["x[2:1, 1]", T(S(2, 1), 1), [[0, 4], [12, 1], true], []],
  ];
  for (const [name, idx, g, v] of cases) {
    await st.step(name, () => {
      const y = getitem(i64(24, [2, 3, 4]), idx);
      assert.deepEqual(geo(y), g);
      assert.deepEqual(values(y).slice(0, 8), v);
    });
  }

  await st.step("a 2-d mask next to an int: PyTorch's dim counting", () => {
    const x = i64(24, [2, 3, 4]);
    assert.deepEqual(tolist(getitem(x, bool([true, false, true, false, false, true], [2, 3]))), [
      [0, 1, 2, 3],
      [8, 9, 10, 11],
      [20, 21, 22, 23],
    ]);
    assert.deepEqual(tolist(getitem(getitem(x, T(S(), S(1, 2))), [1, 0])), [[[16, 17, 18, 19]], [[4, 5, 6, 7]]]);
  });

  await st.step("0-d tensors", () => {
    assert.deepEqual(geo(getitem(tensor(5), "...")), [[], [], true]);
    assert.deepEqual(geo(getitem(tensor(5), null)), [[1], [1], true]);
    assert.deepEqual(geo(getitem(tensor(5), tensor(true))), [[1], [1], false]);
  });
});

Deno.test("indexing: setitem (y = arange(12.).view(3, 4))", async (st) => {
  const cases: [string, Index | "mask", Tensor | number | boolean, number[][]][] = [
    ["y[:, 0] = int64 tensor (copy_ converts)", T(S(), 0), tensor([1, 2, 3]), [[1, 1, 2, 3], [2, 5, 6, 7], [
      3,
      9,
      10,
      11,
    ]]],
    ["y[:, 0] = ones(1, 3): leading 1s dropped", T(S(), 0), ones([1, 3]), [[1, 1, 2, 3], [1, 5, 6, 7], [1, 9, 10, 11]]],
    ["y[:] = ones(4)", S(), ones([4]), [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]],
    ["y[:, [0, 2]] = [3, 2]", T(S(), [0, 2]), view(tensor([1, 2, 3, 4, 5, 6].map(pyFloat)), [3, 2]), [
      [1, 1, 2, 3],
      [3, 5, 4, 7],
      [5, 9, 6, 11],
    ]],
    ["y[:, [0, 2]] = [1., 2.] broadcast", T(S(), [0, 2]), tensor([pyFloat(1), pyFloat(2)]), [
      [1, 1, 2, 3],
      [1, 5, 2, 7],
      [1, 9, 2, 11],
    ]],
    ["y[mask] = 6 values", "mask", tensor([1, 2, 3, 4, 5, 6].map(pyFloat)), [[0, 1, 2, 3], [4, 5, 1, 2], [3, 4, 5, 6]]],
    ["y[mask] = tensor(-1) (masked_fill)", "mask", tensor(-1), [[0, 1, 2, 3], [4, 5, -1, -1], [-1, -1, -1, -1]]],
    ["y[mask] = tensor([-1.])", "mask", tensor([pyFloat(-1)]), [[0, 1, 2, 3], [4, 5, -1, -1], [-1, -1, -1, -1]]],
    ["y[mask] = 2.5", "mask", 2.5, [[0, 1, 2, 3], [4, 5, 2.5, 2.5], [2.5, 2.5, 2.5, 2.5]]],
    ["y[[T, F, T]] = 0", [true, false, true], 0, [[0, 0, 0, 0], [4, 5, 6, 7], [0, 0, 0, 0]]],
    ["y[[T, F, T]] = 4 values", [true, false, true], tensor([9, 8, 7, 6].map(pyFloat)), [[9, 8, 7, 6], [4, 5, 6, 7], [
      9,
      8,
      7,
      6,
    ]]],
    ["y[[0, 0], [1, 1]] = [5, 6]: last write wins", T([0, 0], [1, 1]), tensor([pyFloat(5), pyFloat(6)]), [
      [0, 6, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]],
    ["y[[0, 2], [1, 3]] = 1.5", T([0, 2], [1, 3]), 1.5, [[0, 1.5, 2, 3], [4, 5, 6, 7], [8, 9, 10, 1.5]]],
    ["y[1, [0, 2]] = 1.5", T(1, [0, 2]), 1.5, [[0, 1, 2, 3], [1.5, 5, 1.5, 7], [8, 9, 10, 11]]],
    ["y[False] = 1.5", false, 1.5, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]],
    ["y[True] = 1.5", true, 1.5, [[1.5, 1.5, 1.5, 1.5], [1.5, 1.5, 1.5, 1.5], [1.5, 1.5, 1.5, 1.5]]],
    ["y[None] = 1.5", null, 1.5, [[1.5, 1.5, 1.5, 1.5], [1.5, 1.5, 1.5, 1.5], [1.5, 1.5, 1.5, 1.5]]],
    ["y[..., 1] = [7, 8, 9]", T("...", 1), tensor([7, 8, 9].map(pyFloat)), [[0, 7, 2, 3], [4, 8, 6, 7], [
      8,
      9,
      10,
      11,
    ]]],
  ];
  for (const [name, idx, v, want] of cases) {
    await st.step(name, () => {
      const y = f32(12, [3, 4]);
      setitem(y, idx === "mask" ? gt(y, 5) : idx, v as Tensor);
      assert.deepEqual(tolist(y), want);
    });
  }

  await st.step("int tensors: values become the tensor's dtype", () => {
    const y = i64(12, [3, 4]);
    setitem(y, 1, 3.7);
    assert.deepEqual(tolist(y), [[0, 1, 2, 3], [3, 3, 3, 3], [8, 9, 10, 11]]);
    const z = i64(12, [3, 4]);
    setitem(z, [0, 2], view(tensor([1, 1, 1, 1]), [1, 4]));
    assert.deepEqual(tolist(z), [[1, 1, 1, 1], [4, 5, 6, 7], [1, 1, 1, 1]]);
  });

  await st.step("through views: a transposed view and a column", () => {
    const y = f32(12, [3, 4]);
    setitem(transpose(y), T(0, S(1)), 0);
    setitem(getitem(y, T(S(), 3)), [0, 2], -1);
    assert.deepEqual(tolist(y), [[0, 1, 2, -1], [0, 5, 6, 7], [0, 9, 10, -1]]);
  });

  await st.step("errors", () => {
    const y = () => f32(12, [3, 4]);
    assertTorchError(
      () => setitem(y(), T(S(), 0), ones([2, 3])),
      "RuntimeError",
      "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
    );
    assertTorchError(
      () => setitem(y(), S(), ones([5])),
      "RuntimeError",
      "The expanded size of the tensor (4) must match the existing size (5) at non-singleton dimension 1.  Target sizes: [3, 4].  Tensor sizes: [5]",
    );
    assertTorchError(
      () => setitem(y(), 0, ones([3])),
      "RuntimeError",
      "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [4].  Tensor sizes: [3]",
    );
    assertTorchError(
      () => setitem(y(), T(S(), [0, 2]), tensor([1, 2])),
      "RuntimeError",
      "Index put requires the source and destination dtypes match, got Float for the destination and Long for the source.",
    );
    assertTorchError(
      () => setitem(y(), T(S(), [0, 2]), tensor([1, 2, 3].map(pyFloat))),
      "RuntimeError",
      "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [3, 2]",
    );
    assertTorchError(
      () => setitem(y(), T(1, [0, 5]), 1.5),
      "IndexError",
      "index 5 is out of bounds for dimension 0 with size 4",
    );
  });
});

Deno.test("indexing: getitem errors", async (st) => {
  const x = f32(20, [4, 5]);
  const cases: [string, () => unknown, string, string][] = [
    ["int out of range", () => getitem(x, 5), "IndexError", "index 5 is out of bounds for dimension 0 with size 4"],
    [
      "negative out of range",
      () => getitem(x, -5),
      "IndexError",
      "index -5 is out of bounds for dimension 0 with size 4",
    ],
    ["too many", () => getitem(x, T(0, 0, 0)), "IndexError", "too many indices for tensor of dimension 2"],
    [
      "too many with None",
      () => getitem(x, T(1, 2, null, 7)),
      "IndexError",
      "too many indices for tensor of dimension 2",
    ],
    [
      "real dim counts None",
      () => getitem(x, T(null, 5)),
      "IndexError",
      "index 5 is out of bounds for dimension 1 with size 4",
    ],
    [
      "0-d",
      () => getitem(tensor(3), 0),
      "IndexError",
      "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
    ],
    ["negative step", () => getitem(x, S(null, null, -1)), "ValueError", "step must be greater than zero"],
    ["zero step", () => getitem(x, T(S(), S(null, null, 0))), "ValueError", "slice step cannot be zero"],
    [
      "tensor index range",
      () => getitem(x, tensor([5])),
      "IndexError",
      "index 5 is out of bounds for dimension 0 with size 4",
    ],
    [
      "list index range",
      () => getitem(x, [0, 10]),
      "IndexError",
      "index 10 is out of bounds for dimension 0 with size 4",
    ],
    [
      "second dim range",
      () => getitem(x, T(S(), [0, 10])),
      "IndexError",
      "index 10 is out of bounds for dimension 0 with size 5",
    ],
    [
      "k-th indexed dim",
      () => getitem(x, T([0, 1], [0, 10])),
      "IndexError",
      "index 10 is out of bounds for dimension 1 with size 5",
    ],
    [
      "float",
      () => getitem(x, pyFloat(1.5) as unknown as Index),
      "IndexError",
      "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)",
    ],
    [
      "float tensor",
      () => getitem(x, tensor([pyFloat(1)])),
      "IndexError",
      "tensors used as indices must be long, byte or bool tensors",
    ],
    [
      "int32 tensor",
      () => getitem(x, tensor([0, 1], { dtype: "int32" })),
      "IndexError",
      "tensors used as indices must be long, byte or bool tensors",
    ],
    [
      "mask shape",
      () => getitem(x, ones([3], { dtype: "bool" })),
      "IndexError",
      "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [4, 5] at index 0",
    ],
    [
      "mask shape, dim 1",
      () => getitem(x, ones([4, 4], { dtype: "bool" })),
      "IndexError",
      "The shape of the mask [4, 4] at index 1 does not match the shape of the indexed tensor [4, 5] at index 1",
    ],
    [
      "mask then int",
      () => getitem(i64(24, [2, 3, 4]), T(ones([2, 3], { dtype: "bool" }), 0)),
      "IndexError",
      "The shape of the mask [2, 3] at index 1 does not match the shape of the indexed tensor [2, 4] at index 1",
    ],
    [
      "broadcast",
      () => getitem(i64(24, [2, 3, 4]), T([0, 1], [0, 1, 2])),
      "IndexError",
      "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]",
    ],
    ["empty dim", () => getitem(zeros([0, 3]), [0]), "IndexError", "index is out of bounds for dimension with size 0"],
  ];
  for (const [name, f, type, msg] of cases) await st.step(name, () => assertTorchError(f, type, msg));
});

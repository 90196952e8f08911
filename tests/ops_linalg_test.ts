// Matrix products against PyTorch 1.13 (values and messages printed by python3-torch).
import assert from "node:assert/strict";
import { addmm, bmm, dot, matmul, mm, mv, outer } from "../runtime/ops/linalg.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { arange, assertClose, assertTensor, assertTorchError, tensor, values } from "./helpers.ts";

/** The deterministic inputs the table was computed from (see the shapes). */
function input(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => ((i * 5 + seed * 3) % 7 - 3) * 0.5), shape);
}

// [a shape, b shape, torch.matmul(a, b).shape, values]
// deno-fmt-ignore
const MATMUL: [number[], number[], number[], number[]][] = [
  [[3], [3], [], [-1.0]],
  [[2, 3], [3], [2], [-1.25, 1.25]],
  [[3], [3, 4], [4], [-0.5, -2.0, 1.75, 0.25]],
  [[2, 3], [3, 4], [2, 4], [-1.25, -0.25, 4.25, -1.75, -0.5, -1.0, 3.75, -0.25]],
  [[2, 2, 3], [3, 4], [2, 2, 4], [-2.5, 1.0, 1.0, 1.0, -3.0, 2.5, 1.0, -0.5, 0.0, -1.25, -0.75, -0.25, -0.5, 0.25, -0.75, -1.75]],
  [[3], [2, 3, 4], [2, 4], [-0.75, -1.75, 4.25, -0.25, -0.5, 0.25, -0.75, -1.75]],
  [[2, 2, 3], [3], [2, 2], [-1.25, -1.5, -1.75, 3.25]],
  [[2, 3], [5, 3, 4], [5, 2, 4], [-0.5, 0.0, -1.25, -0.75, -1.25, -0.5, 0.25, -0.75, 3.75, -1.0, -0.5, 0.0, 4.25, -0.25, -1.25, -0.5, -0.75, -0.25, 3.75, -1.0, -0.75, -1.75, 4.25, -0.25, 0.0, -1.25, -0.75, -0.25, -0.5, 0.25, -0.75, -1.75, -1.0, -0.5, 0.0, -1.25, -0.25, -1.25, -0.5, 0.25]],
  [[2, 1, 2, 3], [3, 3, 2], [2, 3, 2, 2], [2.0, 1.5, -0.5, 1.0, -2.75, 2.0, 1.5, -0.5, -2.25, -2.75, 0.0, 1.5, 0.5, 0.5, 1.5, 0.0, 0.5, 0.5, -0.5, 1.5, 0.5, 0.5, 1.0, -0.5]],
  [[1, 2, 3], [4, 1, 3, 2], [4, 1, 2, 2], [0.25, -3.0, 1.75, 2.25, 0.0, 0.25, -2.25, 1.75, 1.5, 0.0, -2.75, -2.25, -0.5, 1.5, 2.0, -2.75]],
];

/** The transpose of a 2-d-or-more tensor's last two dims, as a strided view of a fresh copy. */
function transposedCopy(t: Tensor): Tensor {
  const s = t.shape, nd = s.length;
  const swapped = [...s.slice(0, -2), s[nd - 1], s[nd - 2]];
  const v = values(t), out = new Array<number>(v.length);
  const rows = s[nd - 2], cols = s[nd - 1], mats = v.length / (rows * cols);
  for (let m = 0; m < mats; m++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[m * rows * cols + j * rows + i] = v[m * rows * cols + i * cols + j];
    }
  }
  const base = tensor(out, swapped);
  const strides = [...base.strides];
  [strides[nd - 2], strides[nd - 1]] = [strides[nd - 1], strides[nd - 2]];
  return base.view(s, strides, 0);
}

Deno.test("matmul shapes and values", async (t) => {
  for (const [i, [sa, sb, shape, expected]] of MATMUL.entries()) {
    await t.step(`${JSON.stringify(sa)} @ ${JSON.stringify(sb)}`, () => {
      const a = input(sa, i), b = input(sb, i + 1);
      assertTensor(matmul(a, b), expected, { shape, exact: true });
      // Same product from transposed storage: the kernel reads arbitrary strides.
      const at = a.ndim >= 2 ? transposedCopy(a) : a, bt = b.ndim >= 2 ? transposedCopy(b) : b;
      assertTensor(matmul(at, bt), expected, { shape, exact: true });
    });
  }
});

Deno.test("mm, bmm, mv, dot, outer, addmm", async (t) => {
  const a = tensor([1, 2, 3, 4], [2, 2]);
  await t.step("2x2 products", () => {
    assertTensor(mm(a, a), [7, 10, 15, 22], { shape: [2, 2], exact: true });
    assertTensor(mm(a, a.view([2, 2], [1, 2], 0)), [5, 11, 11, 25], { exact: true });
    assertTensor(mv(a, tensor([1, -1])), [-1, -1], { shape: [2], exact: true });
    assertTensor(dot(tensor([1, 2, 3]), tensor([4, 5, 6])), [32], { shape: [], exact: true });
    assertTensor(bmm(arange([2, 2, 3]), arange([2, 3, 2])), [10, 13, 28, 40, 172, 193, 244, 274], {
      shape: [2, 2, 2],
      exact: true,
    });
  });

  await t.step("integer products wrap like PyTorch; empty inner dims give zeros", () => {
    assertTensor(mm(tensor([1, 1, 1, 1, 1, 1], [2, 3], "int64"), tensor([1, 1, 1, 1, 1, 1], [3, 2], "int64")), [
      3,
      3,
      3,
      3,
    ], {
      dtype: "int64",
    });
    assertTensor(matmul(tensor([200, 200, 200, 200], [2, 2], "uint8"), tensor([2, 2, 2, 2], [2, 2], "uint8")), [
      32,
      32,
      32,
      32,
    ], {
      dtype: "uint8",
    });
    assertTensor(mm(tensor([1, 1, 1, 1], [2, 2], "int32"), tensor([1, 1, 1, 1], [2, 2], "int32")), [2, 2, 2, 2], {
      dtype: "int32",
    });
    assertTensor(dot(tensor([1, 1], [2], "int64"), tensor([1, 1], [2], "int64")), [2], { dtype: "int64" });
    assertTensor(mm(tensor([], [2, 0]), tensor([], [0, 3])), [0, 0, 0, 0, 0, 0], { shape: [2, 3] });
    assertTensor(mv(tensor([], [2, 0]), tensor([], [0])), [0, 0], { shape: [2] });
  });

  await t.step("outer promotes like mul", () => {
    assertTensor(outer(tensor([1, 2], [2], "int64"), tensor([1.5])), [1.5, 3], { shape: [2, 1], dtype: "float32" });
    assertTensor(outer(tensor([1, 2, 3]), tensor([1, 10])), [1, 10, 2, 20, 3, 30], { shape: [3, 2] });
    assertTensor(outer(tensor([true, false], [2], "bool"), tensor([true], [1], "bool")), [1, 0], { dtype: "bool" });
  });

  await t.step("addmm: beta, alpha, broadcast input", () => {
    const ones = tensor([1, 1, 1, 1], [2, 2]);
    assertTensor(addmm(tensor([1, 1]), ones, ones, { beta: 0.5, alpha: 2 }), [4.5, 4.5, 4.5, 4.5], { shape: [2, 2] });
    assertTensor(addmm(tensor([NaN, 1]), ones, ones, { beta: 0, alpha: 2 }), [4, 4, 4, 4], { exact: true });
    assertTensor(addmm(tensor([10, 20], [2, 1]), a, a), [17, 20, 35, 42], { exact: true });
    const li = (v: number[], s: number[]) => tensor(v, s, "int64");
    assertTensor(addmm(li([1, 1], [2]), li([1, 1, 1, 1], [2, 2]), li([1, 1, 1, 1], [2, 2]), { beta: 0.5 }), [
      2,
      2,
      2,
      2,
    ], {
      dtype: "int64",
    });
    assertTensor(addmm(li([1, 1], [2]), li([1, 1, 1, 1], [2, 2]), li([1, 1, 1, 1], [2, 2]), { alpha: 2 }), [
      5,
      5,
      5,
      5,
    ]);
  });

  await t.step("a larger product against a naive triple loop", () => {
    const [m, k, n] = [37, 300, 29];
    const x = input([m, k], 1), y = input([k, n], 2);
    const xv = values(x), yv = values(y), want = new Array<number>(m * n).fill(0);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) want[i * n + j] += xv[i * k + p] * yv[p * n + j];
    }
    assertClose(values(mm(x, y)), want, { rtol: 1e-6 });
  });
});

Deno.test("linear algebra errors", () => {
  const ones = (...s: number[]) => tensor(new Array(s.reduce((a, b) => a * b, 1)).fill(1), s);
  const E = (f: () => unknown, msg: string) => assertTorchError(f, "RuntimeError", msg);
  E(() => mm(ones(2, 3), ones(4, 5)), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
  E(() => matmul(ones(2, 3), ones(4, 5)), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
  E(() => mm(ones(3), ones(3, 2)), "self must be a matrix");
  E(() => mm(ones(2, 3), ones(3)), "mat2 must be a matrix");
  E(() => mm(ones(2, 3), tensor([1, 1, 1, 1, 1, 1], [3, 2], "float64")), "expected scalar type Float but found Double");
  E(() => mm(tensor([1], [1, 1], "bool"), tensor([1], [1, 1], "bool")), `"addmm_impl_cpu_" not implemented for 'Bool'`);
  E(() => mv(ones(2, 3), ones(4)), "size mismatch, got 2, 2x3,4");
  E(() => mv(ones(3), ones(4)), "vector + matrix @ vector expected, got 1, 1, 1");
  E(() => dot(ones(2, 2), ones(2, 2)), "1D tensors expected, but got 2D and 2D tensors");
  E(
    () => dot(ones(3), ones(4)),
    "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively",
  );
  E(
    () => dot(ones(3), tensor([1, 1, 1], [3], "float64")),
    "dot : expected both vectors to have same dtype, but found Float and Double",
  );
  E(
    () => bmm(ones(2, 3, 4), ones(2, 5, 6)),
    "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].",
  );
  E(
    () => bmm(ones(2, 3, 4), ones(3, 4, 6)),
    "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4].",
  );
  E(() => bmm(ones(3, 4), ones(4, 6)), "batch1 must be a 3D tensor");
  E(
    () => matmul(tensor([1], []), ones(2, 2)),
    "both arguments to matmul need to be at least 1D, but they are 0D and 2D",
  );
  E(
    () => matmul(ones(3), ones(4)),
    "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively",
  );
  E(() => matmul(ones(3), ones(4, 5)), "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)");
  E(() => matmul(ones(4, 5), ones(3)), "size mismatch, got 4, 4x5,3");
  E(
    () => matmul(ones(2, 3, 4), ones(3, 5, 6)),
    "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
  );
  E(
    () => matmul(ones(2, 3, 4), ones(2, 5, 6)),
    "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].",
  );
  E(
    () => matmul(ones(2, 2, 3, 4), ones(2, 5, 6)),
    "Expected size for first two dimensions of batch2 tensor to be: [4, 4] but got: [4, 5].",
  );
  E(() => matmul(ones(2, 3, 4), ones(5)), "size mismatch, got 6, 6x4,5");
  E(() => matmul(ones(5), ones(2, 3, 4)), "size mismatch, got 8, 8x3,5");
  E(() => matmul(ones(2, 3, 4), ones(5, 6)), "mat1 and mat2 shapes cannot be multiplied (6x4 and 5x6)");
  E(() => matmul(ones(3, 4), ones(2, 5, 6)), "mat1 and mat2 shapes cannot be multiplied (12x5 and 4x3)");
  E(
    () => matmul(tensor([1, 2], [1, 2], "int64"), tensor([1.5, 1], [2, 1])),
    "expected scalar type Long but found Float",
  );
  E(() => addmm(ones(3), ones(2, 3), ones(4, 5)), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
  E(() => addmm(ones(2), ones(2), ones(2, 2)), "mat1 must be a matrix, got 1-D tensor");
  E(
    () => addmm(ones(2), ones(2, 2), tensor([1, 1, 1, 1], [2, 2], "float64")),
    "mat1 and mat2 must have the same dtype",
  );
  E(() => addmm(tensor([1, 1], [2], "float64"), ones(2, 2), ones(2, 2)), "self and mat2 must have the same dtype");
  E(
    () => addmm(ones(4), ones(2, 3), ones(3, 5)),
    "The expanded size of the tensor (5) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [2, 5].  Tensor sizes: [4]",
  );
  E(() => outer(ones(2, 2), ones(3)), "outer: Expected 1-D argument self, but got 2-D");
  E(() => outer(ones(2), tensor([1], [])), "outer: Expected 1-D argument vec2, but got 0-D");
  assert.ok(true);
});

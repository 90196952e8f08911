// Elementwise ops against PyTorch 1.13 (values, dtypes and messages printed by python3-torch).
import assert from "node:assert/strict";
import type { DType } from "../runtime/dtype.ts";
import {
  add,
  add_,
  div,
  div_,
  floor_divide,
  maximum,
  minimum,
  mul,
  mul_,
  remainder,
  rsub,
  sub,
  sub_,
} from "../runtime/ops/binary.ts";
import { atan2 } from "../runtime/ops/binary.ts";
import { pow, pow_ } from "../runtime/ops/pow.ts";
import { pyFloat, pyInt, scalarTensor } from "../runtime/ops/scalar.ts";
import { eq, ge, gt, le, lt, ne } from "../runtime/ops/compare.ts";
import {
  bitwise_and,
  bitwise_not,
  bitwise_or,
  bitwise_xor,
  logical_and,
  logical_not,
  logical_xor,
} from "../runtime/ops/logical.ts";
import { Tensor } from "../runtime/tensor.ts";
import { arange, assertTensor, assertTorchError, tensor, values } from "./helpers.ts";

const f32 = (v: number[], shape?: number[]) => tensor(v, shape, "float32");
const i64 = (v: number[], shape?: number[]) => tensor(v, shape, "int64");

Deno.test("elementwise binary arithmetic", async (t) => {
  await t.step("broadcasting [2,3] + [3], [2,1] + [3] with alpha", () => {
    assertTensor(add(arange([2, 3]), f32([10, 20, 30])), [10, 21, 32, 13, 24, 35], { shape: [2, 3], exact: true });
    assertTensor(add(f32([1, 2], [2, 1]), f32([10, 20, 30]), { alpha: 2 }), [21, 41, 61, 22, 42, 62], {
      shape: [2, 3],
    });
    assertTensor(sub(f32([1, 2]), 3, { alpha: 2 }), [-5, -4], { exact: true });
    assertTensor(rsub(f32([1, 2]), 10), [9, 8], { exact: true });
  });

  await t.step("broadcast errors name the last mismatching dim", () => {
    assertTorchError(
      () => add(arange([2, 3]), arange([4, 3])),
      "RuntimeError",
      "The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0",
    );
    assertTorchError(
      () => add(arange([2, 3]), arange([2])),
      "RuntimeError",
      "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
    );
  });

  await t.step("strided and transposed operands", () => {
    const a = arange([2, 3]);
    const at = a.view([3, 2], [1, 3], 0); // a.t()
    assertTensor(mul(at, f32([1, 10])), [0, 30, 1, 40, 2, 50], { shape: [3, 2], exact: true });
    const col = a.view([2], [3], 1); // a[:, 1]
    assertTensor(add(col, col), [2, 8], { exact: true });
  });

  await t.step("integer floor division and remainder follow Python on negatives", () => {
    const a = i64([-7, 7, -7, 7]), b = i64([2, -2, -2, 2]);
    assertTensor(floor_divide(a, b), [-4, -4, 3, 3], { dtype: "int64", exact: true });
    assertTensor(remainder(a, b), [1, -1, -1, 1], { dtype: "int64", exact: true });
    assertTensor(div(i64([-7, 7]), 2, { rounding_mode: "trunc" }), [-3, 3], { dtype: "int64", exact: true });
    assertTensor(div(i64([-7, 7]), 2, { rounding_mode: "floor" }), [-4, 3], { dtype: "int64", exact: true });
    assertTensor(remainder(i64([-3, 3]), i64([5, -5])), [2, -2], { exact: true });
    assertTensor(floor_divide(i64([7, 8, 9]), 2), [3, 4, 4], { exact: true });
    assertTensor(remainder(i64([7, 8, 9]), 4), [3, 0, 1], { exact: true });
    assertTorchError(() => floor_divide(i64([1]), 0), "RuntimeError", "ZeroDivisionError");
    assertTorchError(() => remainder(i64([1]), i64([0])), "RuntimeError", "ZeroDivisionError");
  });

  await t.step("float floor division, remainder and division by zero", () => {
    const a = f32([-7, 7, -7, 7]), b = i64([2, -2, -2, 2]);
    assertTensor(floor_divide(a, b), [-4, -4, 3, 3], { dtype: "float32", exact: true });
    assertTensor(remainder(a, b), [1, -1, -1, 1], { exact: true });
    assertTensor(remainder(f32([-7.5, 7.5, -0, 0]), 2), [0.5, 1.5, -0, 0], { exact: true });
    assertTensor(remainder(f32([-7.5, 7.5, -0, 0]), -2), [-1.5, -0.5, -0, 0], { exact: true });
    assertTensor(remainder(f32([5.5]), -2), [-0.5], { exact: true });
    assertTensor(div(f32([1, -1, 0]), 0), [Infinity, -Infinity, NaN], { exact: true });
    assertTensor(floor_divide(f32([1, -1, 0]), 0), [Infinity, -Infinity, NaN], { exact: true });
    assertTensor(remainder(f32([1, -1, 0]), 0), [NaN, NaN, NaN], { exact: true });
    assertTensor(floor_divide(f32([5, -5]), Infinity), [0, -1], { exact: true });
    assertTensor(remainder(f32([5, -5]), Infinity), [5, Infinity], { exact: true });
    // float32 rounds 1 / 0.1f up to 10 before truncating; floor division goes through fmod.
    assertTensor(div(f32([1]), 0.1, { rounding_mode: "trunc" }), [10], { exact: true });
    assertTensor(floor_divide(f32([1]), 0.1), [9], { exact: true });
    assertTensor(div(f32([-7, 7]), 2.5, { rounding_mode: "floor" }), [-3, 2], { exact: true });
  });

  await t.step("division rounding_mode and bool errors", () => {
    assertTorchError(
      () => div(i64([1]), 2, { rounding_mode: "x" as "floor" }),
      "RuntimeError",
      "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'x'",
    );
    const b = tensor([true], [1], "bool");
    assertTorchError(() => floor_divide(b, b), "RuntimeError", `"div_floor_cpu" not implemented for 'Bool'`);
    assertTorchError(() => remainder(b, b), "RuntimeError", `"remainder_cpu" not implemented for 'Bool'`);
    assertTorchError(
      () => sub(b, b),
      "RuntimeError",
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
    assertTorchError(
      () => sub(b, 1),
      "RuntimeError",
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
    assertTensor(div(b, b), [1], { dtype: "float32" });
    assertTensor(add(b, true), [1], { dtype: "bool" });
    assertTensor(mul(tensor([true, false], [2], "bool"), tensor([true, true], [2], "bool")), [1, 0], { dtype: "bool" });
  });

  await t.step("alpha checks", () => {
    assertTorchError(
      () => add(i64([1, 2]), i64([1, 2]), { alpha: 2.5 }),
      "RuntimeError",
      "For integral input tensors, argument alpha must not be a floating point number.",
    );
    assertTorchError(
      () => add(f32([1]), f32([1]), { alpha: true }),
      "RuntimeError",
      "Boolean alpha only supported for Boolean results.",
    );
    assertTensor(add(f32([1, 2]), i64([1, 2]), { alpha: 2.5 }), [3.5, 7], { dtype: "float32" });
    assertTensor(add(i64([1]), 1.5, { alpha: 2 }), [4], { dtype: "float32" });
    const b = (v: boolean[]) => tensor(v, [v.length], "bool");
    assertTensor(add(b([false, false, true]), b([true, false, false]), { alpha: 2 }), [1, 0, 1], { dtype: "bool" });
  });

  await t.step("integer overflow wraps like PyTorch", () => {
    assertTensor(add(tensor([2 ** 31 - 1], [1], "int32"), 1), [-(2 ** 31)], { dtype: "int32", exact: true });
    assertTensor(mul(tensor([65537], [1], "int32"), 65537), [131073], { exact: true });
    assertTensor(add(tensor([2], [1], "int32"), 2 ** 40), [2], { exact: true });
    assertTensor(sub(tensor([2], [1], "uint8"), 3), [255], { dtype: "uint8", exact: true });
    assertTensor(add(tensor([1], [1], "uint8"), 300), [45], { dtype: "uint8", exact: true });
    assertTensor(mul(tensor([1], [1], "uint8"), 300), [44], { exact: true });
    assertTensor(floor_divide(tensor([100], [1], "uint8"), 300), [2], { exact: true });
    assertTensor(mul(i64([-3]), 0), [0], { exact: true }); // not -0
  });

  await t.step("maximum/minimum propagate NaN; atan2", () => {
    assertTensor(maximum(f32([1.5, NaN]), f32([NaN, 1])), [NaN, NaN], { exact: true });
    assertTensor(maximum(i64([1, 2]), f32([1.5, 1])), [1.5, 2], { dtype: "float32" });
    assertTensor(minimum(f32([1, 5]), f32([3, 2])), [1, 2]);
    assertTensor(maximum(tensor([true, false], [2], "bool"), tensor([false, false], [2], "bool")), [1, 0], {
      dtype: "bool",
    });
    assertTensor(atan2(i64([1, -1]), i64([0, -1])), [1.5707963705062866, -2.356194496154785], { dtype: "float32" });
  });
});

// Result dtypes of `tensor op operand`, checked against torch (t + s).dtype for every pair.
const DTYPES: DType[] = ["bool", "uint8", "int32", "int64", "float32", "float64"];
const PROMOTION: Record<DType, DType[]> = {
  //         True     2        2.5        | 0-d: bool    uint8    int32    int64    float32    float64
  bool: ["bool", "int64", "float32", "bool", "uint8", "int32", "int64", "float32", "float64"],
  uint8: ["uint8", "uint8", "float32", "uint8", "uint8", "uint8", "uint8", "float32", "float64"],
  int32: ["int32", "int32", "float32", "int32", "int32", "int32", "int32", "float32", "float64"],
  int64: ["int64", "int64", "float32", "int64", "int64", "int64", "int64", "float32", "float64"],
  float32: ["float32", "float32", "float32", "float32", "float32", "float32", "float32", "float32", "float32"],
  float64: ["float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64"],
};

Deno.test("type promotion", async (t) => {
  await t.step("1-d tensor with Python scalars and 0-d tensors", () => {
    for (const d of DTYPES) {
      const x = tensor([1, 1], [2], d);
      const operands = [true, 2, 2.5, ...DTYPES.map((d2) => tensor([1], [], d2))];
      operands.forEach((o, i) => assert.equal(add(x, o).dtype, PROMOTION[d][i], `${d} + operand ${i}`));
    }
  });

  await t.step("explicit float scalars and pre-wrapped numbers", () => {
    assert.equal(add(i64([1]), pyFloat(2)).dtype, "float32");
    assert.equal(add(i64([1]), pyInt(2)).dtype, "int64");
    assert.equal(mul(i64([1]), scalarTensor(2, true)).dtype, "float32");
    assertTensor(mul(i64([1, 2, 3]), 2.5), [2.5, 5, 7.5], { dtype: "float32" });
    // A wrapped float keeps its double value: float64 + 0.1 adds the exact double.
    assertTensor(add(tensor([0.2], [1], "float64"), 0.1), [0.2 + 0.1], { exact: true });
  });

  await t.step("values convert to the compute dtype first", () => {
    assertTensor(mul(i64([16777217]), pyFloat(1)), [16777216], { exact: true });
    assertTensor(eq(f32([0.1]), 0.1), [1], { dtype: "bool" });
    assertTensor(eq(f32([0.1]), tensor([0.1], [], "float64")), [1]);
    assertTensor(eq(f32([0.1]), tensor([0.1], [1], "float64")), [0]);
    assertTensor(add(f32([1]), 1e-8), [1], { exact: true });
  });

  await t.step("true division promotes integers; floor division keeps them", () => {
    assertTensor(div(i64([1, 2, 3]), 2), [0.5, 1, 1.5], { dtype: "float32" });
    assert.equal(floor_divide(tensor([1], [1], "int32"), 2).dtype, "int32");
  });
});

Deno.test("pow", async (t) => {
  await t.step("tensor ** scalar, tensor ** tensor, scalar ** tensor", () => {
    assertTensor(pow(i64([2, 3]), 2), [4, 9], { dtype: "int64", exact: true });
    assertTensor(pow(i64([2, 3]), 2.5), [5.656854152679443, 15.588457107543945], { dtype: "float32", rtol: 1e-6 });
    assertTensor(pow(2, i64([2, 3])), [4, 8], { dtype: "int64", exact: true });
    assertTensor(pow(2, f32([1, 2, 3])), [2, 4, 8], { dtype: "float32", exact: true });
    assertTensor(pow(2.5, i64([2, 3])), [6.25, 15.625], { dtype: "float32", exact: true });
    assertTensor(pow(f32([1.1]), 3), [1.3310000896453857], { exact: true }); // x*x*x in float32
    assertTensor(pow(tensor([1.1], [1], "float64"), 3), [1.3310000000000004], { exact: true });
  });

  await t.step("integer powers: negative exponents", () => {
    assertTorchError(
      () => pow(i64([2, 3]), -1),
      "RuntimeError",
      "Integers to negative integer powers are not allowed.",
    );
    assertTorchError(
      () => pow(tensor([true], [1], "bool"), -1),
      "RuntimeError",
      "Integers to negative integer powers are not allowed.",
    );
    assertTensor(pow(i64([-1, 1, 0, 2]), i64([-3, -2, -1, -1])), [-1, 1, 0, 0], { exact: true });
    assertTensor(pow(i64([2, 3]), i64([-1], [])), [0, 0], { exact: true });
    assertTensor(pow(2, i64([-1, 2])), [0, 4], { exact: true });
    assertTensor(pow(i64([0, 0]), i64([0, 0])), [1, 1], { exact: true });
    assertTensor(pow(tensor([2], [1], "int32"), 31), [-(2 ** 31)], { exact: true });
    assertTensor(pow(tensor([3], [1], "int32"), 21), [1870418611], { exact: true });
    assertTorchError(() => pow(tensor([true], [1], "bool"), true), "RuntimeError", `"pow" not implemented for 'Bool'`);
  });

  await t.step("special float cases follow C's pow, sqrt for ** 0.5", () => {
    assertTensor(pow(f32([1, -1, -0]), f32([NaN, Infinity, 0.5])), [1, 1, 0], { exact: true });
    assertTensor(pow(f32([-0, -Infinity]), 0.5), [-0, NaN], { exact: true });
    assertTensor(pow(f32([-8]), 1 / 3), [NaN], { exact: true });
    assertTensor(pow(f32([2, 0]), f32([-1], [])), [0.5, Infinity], { exact: true });
  });
});

Deno.test("in-place ops", async (t) => {
  await t.step("write through a strided view into the base", () => {
    const base = f32([1, 2, 3, 4], [2, 2]);
    mul_(base.view([2, 2], [1, 2], 0), 10); // base.t().mul_(10)
    assertTensor(base, [10, 20, 30, 40], { exact: true });
    add_(base.view([2], [2], 1), f32([1, 2])); // base[:, 1] += [1, 2]
    assertTensor(base, [10, 21, 30, 42], { exact: true });
    const before = base.version;
    sub_(base, 1, { alpha: 2 });
    assertTensor(base, [8, 19, 28, 40], { exact: true });
    assert.equal(base.version, before + 1);
  });

  await t.step("in-place returns self and chains", () => {
    const z = f32([1, 2, 3]);
    assert.equal(sub_(mul_(z, 2), 1), z);
    assertTensor(z, [1, 3, 5], { exact: true });
    const y = f32([0.5, 0.5]);
    add_(y, f32([0, 0.1]));
    assertTensor(y, [0.5, 0.6000000238418579], { exact: true });
  });

  await t.step("result dtype must be castable to self", () => {
    const msg = "result type Float can't be cast to the desired output type Long";
    assertTorchError(() => add_(i64([1, 2]), 1.5), "RuntimeError", msg);
    assertTorchError(() => div_(i64([1, 2]), 2), "RuntimeError", msg);
    assertTorchError(() => add_(i64([1, 2]), f32([1.5], [])), "RuntimeError", msg);
    assertTorchError(
      () => add_(tensor([true], [1], "bool"), 1),
      "RuntimeError",
      "result type Long can't be cast to the desired output type Bool",
    );
    assertTorchError(
      () => pow_(i64([2, 3]), -1),
      "RuntimeError",
      "Integers to negative integer powers are not allowed.",
    );
    assertTensor(add_(f32([1, 2]), i64([1, 2])), [2, 4], { dtype: "float32" });
    assertTensor(mul_(i64([1, 2]), tensor([true, false], [2], "bool")), [1, 0], { dtype: "int64" });
    assertTensor(add_(tensor([1, 2], [2], "uint8"), -3), [254, 255], { exact: true });
    assertTensor(add_(tensor([1, 2], [2], "int32"), i64([2 ** 31])), [-2147483647, -2147483646], { exact: true });
  });

  await t.step("the result must have self's shape", () => {
    assertTorchError(
      () => add_(f32([1, 1, 1]), arange([2, 3])),
      "RuntimeError",
      "output with shape [3] doesn't match the broadcast shape [2, 3]",
    );
  });

  await t.step("out= writes into a given tensor", () => {
    const out = new Tensor(f32([0, 0, 0]).storage, [3]);
    assert.equal(add(f32([1, 2, 3]), 1, { out }), out);
    assertTensor(out, [2, 3, 4], { exact: true });
    assertTorchError(
      () => add(f32([1, 2]), 1, { out: i64([0, 0]) }),
      "RuntimeError",
      "result type Float can't be cast to the desired output type Long",
    );
    const outF = f32([0, 0]);
    add(i64([1, 2]), 1, { out: outF });
    assertTensor(outF, [2, 3], { dtype: "float32" });
  });
});

Deno.test("comparisons and logical/bitwise ops", async (t) => {
  const a = f32([1, 2, 3, 4], [2, 2]);
  await t.step("comparisons broadcast and give bool", () => {
    assertTensor(gt(a, 2), [0, 0, 1, 1], { dtype: "bool", shape: [2, 2] });
    assertTensor(eq(a, 2), [0, 1, 0, 0], { dtype: "bool" });
    assertTensor(le(a, 2), [1, 1, 0, 0]);
    assertTensor(lt(i64([1, 2]), f32([1.5, 2.5])), [1, 1]);
    assertTensor(ge(a, f32([2, 3])), [0, 0, 1, 1], { shape: [2, 2] });
    assertTensor(eq(i64([1, 2]), 1.5), [0, 0]);
    assertTensor(eq(f32([NaN]), f32([NaN])), [0]);
    assertTensor(ne(f32([NaN]), f32([NaN])), [1]);
    // The scalar converts to uint8 first: 300 is 44, -1 is 255.
    assertTensor(lt(tensor([255], [1], "uint8"), 300), [0]);
    assertTensor(eq(tensor([255], [1], "uint8"), -1), [1]);
  });

  await t.step("logical ops test nonzero and give bool", () => {
    assertTensor(logical_not(f32([0, 2])), [1, 0], { dtype: "bool" });
    assertTensor(logical_xor(f32([0, 2]), i64([1, 0])), [1, 1], { dtype: "bool" });
    assertTensor(logical_and(f32([0, 2, NaN]), f32([1, 1, 1])), [0, 1, 1], { dtype: "bool" });
  });

  await t.step("bitwise ops on bool and integers (int64 beyond 32 bits)", () => {
    assertTensor(bitwise_and(i64([1, 2]), 3), [1, 2], { dtype: "int64" });
    assertTensor(bitwise_and(tensor([true, false], [2], "bool"), 3), [1, 0], { dtype: "int64" });
    assertTensor(bitwise_or(tensor([true, false], [2], "bool"), true), [1, 1], { dtype: "bool" });
    assertTensor(bitwise_xor(tensor([1, 2], [2], "uint8"), -1), [254, 253], { dtype: "uint8" });
    assertTensor(bitwise_and(i64([-5, 5]), i64([3, -3])), [3, 5], { exact: true });
    assertTensor(bitwise_or(tensor([-5, 5], [2], "int32"), tensor([3, -3], [2], "int32")), [-5, -3], { exact: true });
    assertTensor(bitwise_or(i64([2 ** 40 + 5]), i64([2 ** 33 + 3])), [1108101562375], { exact: true });
    assertTensor(bitwise_xor(i64([-(2 ** 40) - 5]), i64([2 ** 33 + 3])), [-1108101562376], { exact: true });
    assertTensor(bitwise_and(i64([2 ** 40 + 1]), -1), [1099511627777], { exact: true });
    assertTensor(bitwise_not(i64([0, 5, 2 ** 40])), [-1, -6, -1099511627777], { exact: true });
    assertTensor(bitwise_not(tensor([0, 5], [2], "uint8")), [255, 250], { exact: true });
    assertTensor(bitwise_not(tensor([true, false], [2], "bool")), [0, 1], { dtype: "bool" });
    assertTorchError(
      () => bitwise_and(f32([1]), f32([1])),
      "RuntimeError",
      `"bitwise_and_cpu" not implemented for 'Float'`,
    );
    assertTorchError(() => bitwise_not(f32([1])), "RuntimeError", `"bitwise_not_cpu" not implemented for 'Float'`);
  });

  await t.step("values() reads back", () => assert.deepEqual(values(gt(a, 2)), [0, 0, 1, 1]));
});

// Unary ops, clamp, where, nan_to_num against PyTorch 1.13 (values printed by python3-torch).
import assert from "node:assert/strict";
import type { DType } from "../runtime/dtype.ts";
import type { Tensor } from "../runtime/tensor.ts";
import * as U from "../runtime/ops/unary.ts";
import { square } from "../runtime/ops/pow.ts";
import { clamp, clamp_, where } from "../runtime/ops/clamp.ts";
import { assertTensor, assertTorchError, tensor } from "./helpers.ts";

const X = [-2.5, -1.0, -0.3, 0.0, 0.3, 1.0, 2.5, 10.0];
const POS = [0.01, 0.3, 1.0, 2.5, 10.0, 1000.0];
const f32 = (v: number[], shape?: number[]) => tensor(v, shape, "float32");
const i64 = (v: number[], shape?: number[]) => tensor(v, shape, "int64");
const FNS: Record<string, (t: Tensor) => Tensor> = {
  ...(U as unknown as Record<string, (t: Tensor) => Tensor>),
  square,
};

// [op, dtype, input, torch.<op>(torch.tensor(input, dtype)).tolist()]
// deno-fmt-ignore
const TABLE: [string, DType, number[], number[]][] = [
  ["exp", "float32", X, [0.08208499848842621, 0.3678794503211975, 0.740818202495575, 1.0, 1.3498587608337402, 2.7182817459106445, 12.182494163513184, 22026.46484375]],
  ["expm1", "float32", X, [-0.9179149866104126, -0.6321205496788025, -0.25918179750442505, 0.0, 0.349858820438385, 1.718281865119934, 11.182494163513184, 22025.46484375]],
  ["sin", "float32", X, [-0.5984721183776855, -0.8414709568023682, -0.29552021622657776, 0.0, 0.29552021622657776, 0.8414709568023682, 0.5984721183776855, -0.5440211296081543]],
  ["cos", "float32", X, [-0.8011435866355896, 0.5403023362159729, 0.9553365111351013, 1.0, 0.9553365111351013, 0.5403023362159729, -0.8011435866355896, -0.83907151222229]],
  ["tan", "float32", X, [0.7470223307609558, -1.5574077367782593, -0.30933627486228943, 0.0, 0.30933627486228943, 1.5574077367782593, -0.7470223307609558, 0.6483608484268188]],
  ["tanh", "float32", X, [-0.9866142868995667, -0.7615941762924194, -0.29131263494491577, 0.0, 0.29131263494491577, 0.7615941762924194, 0.9866142868995667, 1.0]],
  ["sigmoid", "float32", X, [0.07585817575454712, 0.2689414322376251, 0.4255574941635132, 0.5, 0.5744425058364868, 0.7310585975646973, 0.9241418242454529, 0.9999545812606812]],
  ["erf", "float32", X, [-0.9995930194854736, -0.8427007794380188, -0.3286267817020416, 0.0, 0.3286267817020416, 0.8427007794380188, 0.9995930194854736, 1.0]],
  ["neg", "float32", X, [2.5, 1.0, 0.30000001192092896, -0.0, -0.30000001192092896, -1.0, -2.5, -10.0]],
  ["abs", "float32", X, [2.5, 1.0, 0.30000001192092896, 0.0, 0.30000001192092896, 1.0, 2.5, 10.0]],
  ["sign", "float32", X, [-1.0, -1.0, -1.0, 0.0, 1.0, 1.0, 1.0, 1.0]],
  ["relu", "float32", X, [0.0, 0.0, 0.0, 0.0, 0.30000001192092896, 1.0, 2.5, 10.0]],
  ["floor", "float32", X, [-3.0, -1.0, -1.0, 0.0, 0.0, 1.0, 2.0, 10.0]],
  ["ceil", "float32", X, [-2.0, -1.0, -0.0, 0.0, 1.0, 1.0, 3.0, 10.0]],
  ["trunc", "float32", X, [-2.0, -1.0, -0.0, 0.0, 0.0, 1.0, 2.0, 10.0]],
  ["round", "float32", X, [-2.0, -1.0, -0.0, 0.0, 0.0, 1.0, 2.0, 10.0]],
  ["frac", "float32", X, [-0.5, 0.0, -0.30000001192092896, 0.0, 0.30000001192092896, 0.0, 0.5, 0.0]],
  ["reciprocal", "float32", X, [-0.4000000059604645, -1.0, -3.3333332538604736, Infinity, 3.3333332538604736, 1.0, 0.4000000059604645, 0.10000000149011612]],
  ["square", "float32", X, [6.25, 1.0, 0.09000000357627869, 0.0, 0.09000000357627869, 1.0, 6.25, 100.0]],
  ["log", "float32", POS, [-4.605170249938965, -1.2039728164672852, 0.0, 0.9162907600402832, 2.3025851249694824, 6.907755374908447]],
  ["log2", "float32", POS, [-6.643856048583984, -1.736965537071228, 0.0, 1.3219281435012817, 3.321928024291992, 9.965784072875977]],
  ["log10", "float32", POS, [-2.0, -0.5228787064552307, 0.0, 0.3979400098323822, 1.0, 3.0]],
  ["log1p", "float32", POS, [0.00995033048093319, 0.2623642683029175, 0.6931471824645996, 1.2527629137039185, 2.397895336151123, 6.908754825592041]],
  ["sqrt", "float32", POS, [0.10000000149011612, 0.547722578048706, 1.0, 1.5811388492584229, 3.1622776985168457, 31.62277603149414]],
  ["rsqrt", "float32", POS, [10.0, 1.8257417678833008, 1.0, 0.6324555277824402, 0.3162277638912201, 0.03162277862429619]],
  ["exp", "float64", X, [0.0820849986238988, 0.36787944117144233, 0.7408182206817179, 1.0, 1.3498588075760032, 2.718281828459045, 12.182493960703473, 22026.465794806718]],
  ["expm1", "float64", X, [-0.9179150013761012, -0.6321205588285577, -0.2591817793182821, 0.0, 0.3498588075760031, 1.7182818284590453, 11.182493960703473, 22025.465794806718]],
  ["sin", "float64", X, [-0.5984721441039564, -0.8414709848078965, -0.29552020666133955, 0.0, 0.29552020666133955, 0.8414709848078965, 0.5984721441039564, -0.5440211108893698]],
  ["cos", "float64", X, [-0.8011436155469337, 0.5403023058681398, 0.955336489125606, 1.0, 0.955336489125606, 0.5403023058681398, -0.8011436155469337, -0.8390715290764524]],
  ["tan", "float64", X, [0.7470222972386603, -1.5574077246549023, -0.30933624960962325, 0.0, 0.30933624960962325, 1.5574077246549023, -0.7470222972386603, 0.6483608274590866]],
  ["tanh", "float64", X, [-0.9866142981514303, -0.7615941559557649, -0.2913126124515909, 0.0, 0.2913126124515909, 0.7615941559557649, 0.9866142981514303, 0.9999999958776927]],
  ["sigmoid", "float64", X, [0.07585818002124355, 0.2689414213699951, 0.425557483188341, 0.5, 0.574442516811659, 0.7310585786300049, 0.9241418199787566, 0.9999546021312976]],
  ["erf", "float64", X, [-0.999593047982555, -0.8427007929497149, -0.3286267594591274, 0.0, 0.3286267594591274, 0.8427007929497149, 0.999593047982555, 1.0]],
  ["neg", "float64", X, [2.5, 1.0, 0.3, -0.0, -0.3, -1.0, -2.5, -10.0]],
  ["abs", "float64", X, [2.5, 1.0, 0.3, 0.0, 0.3, 1.0, 2.5, 10.0]],
  ["sign", "float64", X, [-1.0, -1.0, -1.0, 0.0, 1.0, 1.0, 1.0, 1.0]],
  ["relu", "float64", X, [0.0, 0.0, 0.0, 0.0, 0.3, 1.0, 2.5, 10.0]],
  ["floor", "float64", X, [-3.0, -1.0, -1.0, 0.0, 0.0, 1.0, 2.0, 10.0]],
  ["ceil", "float64", X, [-2.0, -1.0, -0.0, 0.0, 1.0, 1.0, 3.0, 10.0]],
  ["trunc", "float64", X, [-2.0, -1.0, -0.0, 0.0, 0.0, 1.0, 2.0, 10.0]],
  ["round", "float64", X, [-2.0, -1.0, -0.0, 0.0, 0.0, 1.0, 2.0, 10.0]],
  ["frac", "float64", X, [-0.5, 0.0, -0.3, 0.0, 0.3, 0.0, 0.5, 0.0]],
  ["reciprocal", "float64", X, [-0.4, -1.0, -3.3333333333333335, Infinity, 3.3333333333333335, 1.0, 0.4, 0.1]],
  ["square", "float64", X, [6.25, 1.0, 0.09, 0.0, 0.09, 1.0, 6.25, 100.0]],
  ["log", "float64", POS, [-4.605170185988091, -1.2039728043259361, 0.0, 0.9162907318741551, 2.302585092994046, 6.907755278982137]],
  ["log2", "float64", POS, [-6.643856189774724, -1.7369655941662063, 0.0, 1.3219280948873624, 3.321928094887362, 9.965784284662087]],
  ["log10", "float64", POS, [-2.0, -0.5228787452803376, 0.0, 0.3979400086720376, 1.0, 3.0]],
  ["log1p", "float64", POS, [0.009950330853168083, 0.26236426446749106, 0.6931471805599453, 1.252762968495368, 2.3978952727983707, 6.90875477931522]],
  ["sqrt", "float64", POS, [0.1, 0.5477225575051661, 1.0, 1.5811388300841898, 3.1622776601683795, 31.622776601683793]],
  ["rsqrt", "float64", POS, [10.0, 1.8257418583505538, 1.0, 0.6324555320336759, 0.31622776601683794, 0.03162277660168379]],
];

Deno.test("unary math matches PyTorch", async (t) => {
  for (const [name, dtype, input, expected] of TABLE) {
    await t.step(`${name} ${dtype}`, () => {
      // float32: within an ulp or two of PyTorch's own float32 kernels; float64: near exact.
      const rtol = dtype === "float32" ? 3e-7 : 1e-14;
      assertTensor(FNS[name](tensor(input, undefined, dtype)), expected, { dtype, rtol, atol: 0 });
    });
  }
});

Deno.test("unary dtype rules", async (t) => {
  await t.step("integer and bool inputs of float ops compute in float32", () => {
    assertTensor(U.exp(i64([1])), [2.7182817459106445], { dtype: "float32" });
    assertTensor(U.exp(tensor([true, false], [2], "bool")), [2.7182817459106445, 1], { dtype: "float32" });
    assertTensor(U.sigmoid(i64([1])), [0.7310585975646973], { dtype: "float32" });
    assertTensor(U.sqrt(tensor([true, false], [2], "bool")), [1, 0], { dtype: "float32" });
    assertTensor(U.reciprocal(i64([2])), [0.5], { dtype: "float32" });
    assertTensor(U.log1p(i64([1])), [0.6931471824645996], { dtype: "float32" });
    assertTensor(U.rsqrt(i64([4])), [0.5], { dtype: "float32" });
  });

  await t.step("dtype-keeping ops on integers", () => {
    assertTensor(U.neg(i64([1, -2])), [-1, 2], { dtype: "int64", exact: true });
    assertTensor(U.neg(tensor([1, 2], [2], "uint8")), [255, 254], { dtype: "uint8" });
    assertTensor(U.abs(tensor([-(2 ** 31)], [1], "int32")), [-(2 ** 31)], { dtype: "int32" });
    assertTensor(U.sign(i64([1, -2, 0])), [1, -1, 0], { dtype: "int64", exact: true });
    assertTensor(U.sign(tensor([true, false], [2], "bool")), [1, 0], { dtype: "bool" });
    assertTensor(U.relu(i64([1, -2])), [1, 0], { dtype: "int64", exact: true });
    assertTensor(U.floor(i64([1, -2])), [1, -2], { dtype: "int64" });
    assertTensor(U.round(i64([1])), [1], { dtype: "int64" });
    assertTensor(square(i64([2])), [4], { dtype: "int64" });
    assertTensor(square(tensor([true], [1], "bool")), [1], { dtype: "int64" });
    assertTensor(U.nan_to_num(i64([1, -2])), [1, -2], { dtype: "int64" });
  });

  await t.step("unsupported dtypes raise PyTorch's errors", () => {
    const b = tensor([true, false], [2], "bool");
    assertTorchError(
      () => U.neg(b),
      "RuntimeError",
      "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
    assertTorchError(() => U.abs(b), "RuntimeError", `"abs_cpu" not implemented for 'Bool'`);
    assertTorchError(() => U.relu(b), "RuntimeError", "Boolean inputs not supported for relu");
    assertTorchError(() => U.floor(b), "RuntimeError", `"floor_vml_cpu" not implemented for 'Bool'`);
    assertTorchError(() => U.frac(i64([1])), "RuntimeError", `"frac_cpu" not implemented for 'Long'`);
    assertTorchError(
      () => U.round(i64([15]), { decimals: -1 }),
      "RuntimeError",
      `"round_cpu" not implemented for 'Long'`,
    );
    const msg = "result type Float can't be cast to the desired output type Long";
    assertTorchError(() => U.exp_(i64([1])), "RuntimeError", msg);
    assertTorchError(() => U.sqrt_(i64([1])), "RuntimeError", msg);
  });
});

Deno.test("special values", async (t) => {
  await t.step("rounding: half to even, decimals, -0", () => {
    assertTensor(U.round(f32([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, -2.5, -0.2])), [0, 2, 2, -0, -2, 2, -2, -0], {
      exact: true,
    });
    assertTensor(U.round(f32([1.2345, 12.355, -0.125, 1234.5]), { decimals: 2 }), [
      1.2300000190734863,
      12.359999656677246,
      -0.11999999731779099,
      1234.5,
    ], { exact: true });
    assertTensor(U.round(f32([1234.5, 1250, 1350]), { decimals: -2 }), [1200, 1200, 1400], { exact: true });
    assertTensor(U.trunc(f32([1.5, -1.5, -0.2, NaN])), [1, -1, -0, NaN], { exact: true });
    assertTensor(U.ceil(f32([-0.2, 0.2])), [-0, 1], { exact: true });
    assertTensor(U.frac(f32([1.5, -1.5, -0.2])), [0.5, -0.5, -0.20000000298023224], { exact: true });
  });

  await t.step("NaN, inf and signed zeros", () => {
    assertTensor(U.sign(f32([-2, 0, -0, 3, NaN])), [-1, 0, 0, 1, 0], { exact: true });
    assertTensor(U.relu(f32([-3, NaN, -0])), [0, NaN, -0], { exact: true });
    assertTensor(U.log(f32([-1, 0, 1])), [NaN, -Infinity, 0], { exact: true });
    assertTensor(U.rsqrt(f32([0, -0])), [Infinity, -Infinity], { exact: true });
    assertTensor(U.reciprocal(f32([0, -0])), [Infinity, -Infinity], { exact: true });
    assertTensor(U.sigmoid(f32([-100, 0, 100, NaN])), [3.783505853677006e-44, 0.5, 1, NaN], { rtol: 0.1 });
    assertTensor(U.isnan(f32([1.5, NaN, Infinity, -Infinity])), [0, 1, 0, 0], { dtype: "bool" });
    assertTensor(U.isinf(f32([1.5, NaN, Infinity, -Infinity])), [0, 0, 1, 1], { dtype: "bool" });
    assertTensor(U.isfinite(f32([1.5, NaN, Infinity, -Infinity])), [1, 0, 0, 0], { dtype: "bool" });
    assertTensor(U.isinf(i64([1])), [0], { dtype: "bool" });
    assertTensor(U.log1p(f32([1e-10])), [1.00000001e-10], { rtol: 1e-7 });
  });

  await t.step("nan_to_num", () => {
    assertTensor(U.nan_to_num(f32([NaN, Infinity, -Infinity, 1])), [
      0,
      3.4028234663852886e38,
      -3.4028234663852886e38,
      1,
    ], {
      exact: true,
    });
    assertTensor(U.nan_to_num(tensor([NaN, Infinity], [2], "float64")), [0, Number.MAX_VALUE], { exact: true });
    assertTensor(
      U.nan_to_num(f32([NaN, Infinity, -Infinity, 1]), { nan: 0.5, posinf: 2, neginf: -3 }),
      [0.5, 2, -3, 1],
      { exact: true },
    );
  });

  await t.step("in-place unary through a view", () => {
    const base = f32([1, -2, 3, -4]);
    U.neg_(base.view([2], [2], 1));
    assertTensor(base, [1, 2, 3, 4], { exact: true });
    U.relu_(U.neg_(base));
    assertTensor(base, [0, 0, 0, 0], { exact: true });
  });
});

Deno.test("clamp and where", async (t) => {
  const a = f32([1, 2, 3, 4], [2, 2]);
  await t.step("scalar bounds", () => {
    assertTensor(clamp(a, { min: 1.5, max: 3.5 }), [1.5, 2, 3, 3.5], { shape: [2, 2] });
    assertTensor(clamp(f32([-1.5, 0.5]), { min: 0 }), [0, 0.5], { exact: true });
    assertTensor(clamp(f32([1, 2, 3]), { min: 3, max: 1 }), [1, 1, 1], { exact: true });
    assertTensor(clamp(f32([NaN, 2]), { min: 0, max: 1 }), [NaN, 1], { exact: true });
    assertTensor(clamp(f32([1]), { min: NaN }), [1], { exact: true });
    assertTensor(clamp(i64([1, 5, 9]), { min: 2, max: 6 }), [2, 5, 6], { dtype: "int64", exact: true });
    assertTensor(clamp(i64([4]), { min: 1.5 }), [4], { dtype: "float32" });
    assertTensor(clamp(tensor([true, false], [2], "bool"), { min: 0 }), [1, 0], { dtype: "int64" });
    assertTorchError(() => clamp(a), "RuntimeError", "torch.clamp: At least one of 'min' or 'max' must not be None");
    assertTorchError(
      () => clamp_(i64([4]), { min: 1.5 }),
      "RuntimeError",
      "result type Float can't be cast to the desired output type Long",
    );
  });

  await t.step("tensor bounds broadcast and propagate NaN", () => {
    assertTensor(clamp(f32([1, 2, 3]), { min: f32([2, 0, 0]), max: f32([2.5], []) }), [2, 2, 2.5]);
    assertTensor(clamp(i64([1, 2, 3]), { max: f32([2, 0, 0]) }), [1, 0, 0], { dtype: "float32" });
    assertTensor(clamp(f32([1, 2, 3]), { min: f32([NaN, 0, 0]) }), [NaN, 2, 3], { exact: true });
    assertTensor(clamp(f32([1, 5, 9], [1, 3]), { min: f32([2, 3], [2, 1]) }), [2, 5, 9, 3, 5, 9], { shape: [2, 3] });
  });

  await t.step("clamp_ writes in place", () => {
    const x = f32([-1, 0.5, 2]);
    assert.equal(clamp_(x, { min: 0, max: 1 }), x);
    assertTensor(x, [0, 0.5, 1], { exact: true });
  });

  await t.step("where with tensors, scalars and broadcasting", () => {
    const c = tensor([true, false], [2], "bool");
    assertTensor(where(c, i64([1, 2]), 2.5), [1, 2.5], { dtype: "float32" });
    assertTensor(where(c, 1, 2.5), [1, 2.5], { dtype: "float32" });
    assertTensor(where(c, 1, 2), [1, 2], { dtype: "int64" });
    assertTensor(where(c, tensor([1, 2], [2], "int32"), tensor([0.5], [], "float64")), [1, 0.5], { dtype: "float64" });
    assertTensor(where(tensor([true, false], [2, 1], "bool"), f32([1, 2]), f32([0], [])), [1, 2, 0, 0], {
      shape: [2, 2],
    });
    assertTensor(where(tensor([1, 0], [2], "uint8"), 1, 2), [1, 2]);
    assertTorchError(
      () => where(i64([1, 0]), 1, 2),
      "RuntimeError",
      "where expected condition to be a boolean tensor, but got a tensor with dtype Long",
    );
  });
});

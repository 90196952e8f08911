// The random generator against PyTorch 1.13's CPU generator: every expected list below is what
// python3-torch printed (tolist()) for the same seed and calls.
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import { tolist } from "../runtime/ops/access.ts";
import { empty } from "../runtime/ops/creation.ts";
import { tensor } from "../runtime/ops/tensor_data.ts";
import { t as transpose } from "../runtime/ops/views.ts";
import {
  DEFAULT_RNG_SEED,
  Generator,
  getRngState,
  initialSeed,
  manualSeed,
  setRngState,
} from "../runtime/random/generator.ts";
import {
  bernoulli,
  bernoulli_,
  normal,
  normal_,
  rand,
  randint,
  randn,
  randn_like,
  random_,
  randperm,
  uniform_,
} from "../runtime/random/ops.ts";
import { randomInt64 } from "../runtime/random/sampling.ts";
import { assertClose, assertTorchError, values } from "./helpers.ts";

const exact = (actual: unknown, expected: unknown) => assert.deepEqual(actual, expected);

Deno.test("random: PyTorch's CPU generator, draw for draw", async (t) => {
  await t.step("rand after manual_seed(0): float32 from 24 bits", () => {
    manualSeed(0);
    exact(values(rand([3])), [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
  });

  await t.step("rand float64 uses 53 bits of random64", () => {
    manualSeed(0);
    exact(values(rand([3], { dtype: "float64" })), [0.9700530018065531, 0.707819864399788, 0.45938294312745087]);
  });

  await t.step("randn < 16 elements: scalar Box–Muller with the cached sine half", () => {
    manualSeed(0);
    exact(values(randn([3], { dtype: "float64" })), [1.5409961082440433, -0.2934289057609464, -2.1787893820745574]);
    manualSeed(0);
    exact(values(randn([3])), [1.5409960746765137, -0.293428897857666, -2.1787893772125244]);
    // The cache survives between calls and is shared by float and double.
    manualSeed(0);
    exact(values(randn([1])), [1.5409960746765137]);
    exact(values(rand([1])), [0.30742281675338745]);
    exact(values(randn([1])), [-0.293428897857666]);
  });

  await t.step("randn >= 16 elements: uniform fill then Box–Muller in blocks of 16", () => {
    manualSeed(0);
    // float32 goes through AVX2 log/sincos in PyTorch: equal to ~1e-7.
    assertClose(
      values(randn([17])),
      [
        -1.1258398294448853,
        -1.6959311962127686,
        0.5666506290435791,
        0.7935083508491516,
        0.5988394618034363,
        -1.5550950765609741,
        -0.3413603901863098,
        1.85300612449646,
        0.46809640526771545,
        -0.5854975581169128,
        -0.1733967512845993,
        0.18347793817520142,
        1.3893661499023438,
        1.586334228515625,
        0.946298360824585,
        -0.843676745891571,
        0.9318265914916992,
      ],
      { rtol: 1e-6, atol: 1e-6 },
    );
    manualSeed(0);
    const d = values(randn([37], { dtype: "float64" }));
    exact(d.slice(0, 3), [-2.310411800234176, -0.3732508612577643, -1.0608166785462863]);
    exact(d.slice(34), [-1.6564246944540333, 0.9138982512742285, 1.154696227582466]);
  });

  await t.step("randint and randperm", () => {
    manualSeed(0);
    exact(values(randint(0, 10, [8])), [4, 9, 3, 0, 3, 9, 7, 3]);
    manualSeed(0);
    exact(values(randperm(10)), [4, 1, 7, 5, 3, 9, 0, 8, 6, 2]);
    manualSeed(0);
    exact(values(randperm(100)).slice(0, 8), [44, 19, 93, 90, 71, 69, 37, 95]);
    manualSeed(0);
    exact(values(randint(-3, 2 ** 40, [3])), [741253000462, 506101270731, 291417319135]);
    manualSeed(3);
    const a = randint(0, 5, [6], { dtype: "int32" });
    assert.equal(a.dtype, "int32");
    exact(values(a), [1, 3, 2, 2, 0, 0]);
    exact(tolist(randint(-3, 3, [2, 2])), [[-3, 2], [-2, -2]]);
  });

  await t.step("torch.Generator: default seed 67280421310721, manual_seed(42)", () => {
    const g = new Generator();
    assert.equal(g.initial_seed(), DEFAULT_RNG_SEED);
    exact(values(rand([2], { generator: g })), [0.267295241355896, 0.8725283145904541]);
    g.manual_seed(42);
    exact(values(randperm(10, { generator: g })), [2, 6, 1, 8, 4, 5, 0, 9, 3, 7]);
    assert.equal(g.initial_seed(), 42);
    exact(tolist(rand([2, 2], { generator: new Generator().manual_seed(42) })), [
      [0.8822692632675171, 0.9150039553642273],
      [0.38286375999450684, 0.9593056440353394],
    ]);
  });

  await t.step("manual_seed returns the generator; negative seeds wrap to uint64", () => {
    assert.equal(manualSeed(7).initial_seed(), 7);
    assert.equal(initialSeed(), 7);
    assert.equal(manualSeed(-1).initial_seed(), 18446744073709551615n);
  });

  await t.step("in-place samplers visit a strided tensor in memory order", () => {
    manualSeed(1);
    const x = transpose(empty([3, 2]));
    normal_(x);
    exact(tolist(x), [
      [0.6613521575927734, 0.06167725846171379, -0.4519059658050537],
      [0.266924113035202, 0.6213173270225525, -0.16613022983074188],
    ]);
    manualSeed(1);
    const y = transpose(empty([4, 6]));
    normal_(y); // 24 elements but not contiguous: the scalar path
    exact((tolist(y) as number[][]).map((r) => r[0]), [
      0.6613521575927734,
      0.266924113035202,
      0.06167725846171379,
      0.6213173270225525,
      -0.4519059658050537,
      -0.16613022983074188,
    ]);
    manualSeed(1);
    const u = transpose(empty([3, 2]));
    uniform_(u, -1, 1);
    exact(tolist(u), [
      [0.5152631998062134, -0.1938614845275879, -0.9414368867874146],
      [-0.44137823581695557, 0.46936893463134766, 0.5997172594070435],
    ]);
  });

  await t.step("normal, bernoulli, random_", () => {
    manualSeed(3);
    exact(values(normal(2, 0.5, [3])), [2.4016380310058594, 2.087416648864746, 2.0444891452789307]);
    manualSeed(3);
    exact(values(bernoulli_(empty([4], { dtype: "float64" }), 0.3)), [1, 1, 0, 1]);
    exact(values(bernoulli(tensor([0.2, 0.9, 0.5], { dtype: "float64" }))), [0, 1, 1]);
    manualSeed(0);
    exact(values(bernoulli(tensor([0.5, 0.5, 0.5, 0.5, 0.5]))), [1, 0, 1, 1, 1]);
    manualSeed(5);
    exact(values(random_(empty([3], { dtype: "int64" }), 10)), [1, 4, 7]);
    exact(values(random_(empty([3], { dtype: "int64" }), 5, 8)), [5, 7, 6]);
    exact(values(random_(empty([2]))), [2757797, 12379983]);
    exact(values(random_(empty([2], { dtype: "int32" }))), [2097710088, 385778404]);
    manualSeed(0);
    assert.equal(randomInt64(new Generator(0)), 900450186894289455n);
  });

  await t.step("get/set rng state replays the same draws", () => {
    manualSeed(0);
    rand([2]);
    const s = getRngState();
    const b = values(rand([2]));
    setRngState(s);
    exact(values(rand([2])), b);
    exact(b, [0.08847743272781372, 0.13203048706054688]);
  });

  await t.step("randn_like keeps shape and dtype", () => {
    const r = randn_like(empty([2, 3], { dtype: "float64" }));
    assert.deepEqual([r.shape, r.dtype], [[2, 3], "float64"]);
  });

  await t.step("errors", () => {
    assertTorchError(
      () => rand([2], { dtype: "int64" }),
      "RuntimeError",
      `"check_uniform_bounds" not implemented for 'Long'`,
    );
    assertTorchError(
      () => randn([2], { dtype: "int64" }),
      "RuntimeError",
      `"normal_kernel_cpu" not implemented for 'Long'`,
    );
    assertTorchError(
      () => randint(5, 3, [2]),
      "RuntimeError",
      "random_ expects 'from' to be less than 'to', but got from=5 >= to=3",
    );
    assertTorchError(() => randperm(-1), "RuntimeError", "Trying to create tensor with negative dimension -1: [-1]");
  });
});

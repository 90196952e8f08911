// Activations and normalizations against PyTorch 1.13 (values from /usr/bin/python3, float32 as
// printed by tolist()): forward values, autograd node names, reprs, BatchNorm's running stats,
// PyTorch's errors; numerical gradient checks of every op and composite; and the WebGPU kernels of
// the activation ops against the CPU kernels (skipped without an adapter).

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { initWebGPU } from "../kernels/webgpu/mod.ts";
import { firstMismatch, outputPair, pairOf, randomData, rng } from "../kernels/webgpu/testing.ts";
import type { DType } from "../runtime/dtype.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { withGradMode } from "../runtime/autograd/grad_mode.ts";
import { mul } from "../runtime/ops/binary.ts";
import { sum } from "../runtime/ops/reduce.ts";
import { copyInto } from "../runtime/ops/copy.ts";
import * as F from "../runtime/nn/functional_act_norm.ts";
import * as A from "../runtime/nn/activation.ts";
import { BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm } from "../runtime/nn/normalization.ts";
import { assertClose, assertTorchError, tensor, values } from "./helpers.ts";
import { constantLike, gradcheck, randT } from "./gradcheck.ts";

const gradName = (t: Tensor) => (t.gradFn as { name: string } | null)?.name ?? null;
const X = [-3, -1.5, -0.25, 0, 0.4, 1, 2.5, 25];
/** float32 results agree with PyTorch's to an ulp or so. */
const F32 = { rtol: 3e-7, atol: 1e-9 };

Deno.test("activations match PyTorch's float32 values and node names", async (t) => {
  const cases: [string, (x: Tensor) => Tensor, string, number[]][] = [
    ["leaky_relu", (x) => F.leaky_relu(x, 0.2), "LeakyReluBackward0", [
      -0.6000000238418579,
      -0.30000001192092896,
      -0.05000000074505806,
      0,
      0.4000000059604645,
      1,
      2.5,
      25,
    ]],
    ["elu", (x) => F.elu(x, 1.5), "EluBackward0", [
      -1.4253194332122803,
      -1.1653047800064087,
      -0.33179882168769836,
      0,
      0.4000000059604645,
      1,
      2.5,
      25,
    ]],
    ["selu", (x) => F.selu(x), "EluBackward0", [
      -1.6705687046051025,
      -1.3658143281936646,
      -0.38889017701148987,
      0,
      0.42028042674064636,
      1.0507010221481323,
      2.6267526149749756,
      26.26752471923828,
    ]],
    // Contiguous, several elements: PyTorch's oneDNN path, whose erf approximation shows in -3's digits.
    ["gelu", (x) => F.gelu(x), "GeluBackward0", [
      -0.004049867391586304,
      -0.10021086037158966,
      -0.10032343119382858,
      0,
      0.26216867566108704,
      0.8413447141647339,
      2.48447585105896,
      25,
    ]],
    ["gelu tanh", (x) => F.gelu(x, "tanh"), "GeluBackward0", [
      -0.0036374330520629883,
      -0.10042843222618103,
      -0.10032464563846588,
      0,
      0.26216116547584534,
      0.8411920070648193,
      2.4849157333374023,
      25,
    ]],
    ["softplus", (x) => F.softplus(x, 2, 5), "SoftplusBackward0", [
      0.0012378426035866141,
      0.024293676018714905,
      0.2370384931564331,
      0.3465735912322998,
      0.5855503082275391,
      1.0634640455245972,
      2.5033576488494873,
      25,
    ]],
    ["hardtanh", (x) => F.hardtanh(x, -2, 2), "HardtanhBackward0", [-2, -1.5, -0.25, 0, 0.4000000059604645, 1, 2, 2]],
    ["relu6", (x) => F.relu6(x), "HardtanhBackward0", [0, 0, 0, 0, 0.4000000059604645, 1, 2.5, 6]],
    ["silu", (x) => F.silu(x), "SiluBackward0", [
      -0.14227761328220367,
      -0.2736382782459259,
      -0.10945587605237961,
      0,
      0.2394750714302063,
      0.7310585975646973,
      2.310354471206665,
      25,
    ]],
    ["mish", (x) => F.mish(x), "MishBackward0", [
      -0.14564746618270874,
      -0.2980997562408447,
      -0.12992696464061737,
      0,
      0.289030522108078,
      0.8650983572006226,
      2.4713923931121826,
      25,
    ]],
    ["softmin", (x) => F.softmin(x, 0), "SoftmaxBackward0", [
      0.7180705666542053,
      0.16022320091724396,
      0.04590471461415291,
      0.035750627517700195,
      0.02396436035633087,
      0.013151921331882477,
      0.002934590447694063,
      4.965027412644207e-13,
    ]],
  ];
  for (const [name, fn, node, want] of cases) {
    await t.step(name, () => {
      const x = tensor(X);
      x.requiresGrad = true;
      const y = fn(x);
      assert.equal(y.dtype, "float32");
      assertClose(values(y), want, F32);
      assert.equal(gradName(y), node);
    });
  }
  await t.step("gelu of one element takes std::erf, float64 stays double", () => {
    assertClose(values(F.gelu(tensor([-3]))), [-0.0040496885776519775], F32);
    assertClose(values(F.gelu(tensor(X.map(Math.fround), [8], "float64"))), [
      -0.00404969409489031,
      -0.10021080190328704,
      -0.10032341857926907,
      0,
      0.26216870142877213,
      0.841344746068543,
      2.4844758366855597,
      25,
    ], { rtol: 1e-12, atol: 0 });
  });
  await t.step("in place: the input takes the result", () => {
    const x = tensor([-2, 3]);
    assert.equal(F.leaky_relu(x, 0.5, true), x);
    assert.deepEqual(values(x), [-1, 3]);
  });
  await t.step("hardtanh and relu6 keep integer dtypes", () => {
    const h = F.hardtanh(tensor([-3, 0, 4], [3], "int64"), -1, 2);
    assert.equal(h.dtype, "int64");
    assert.deepEqual(values(h), [-1, 0, 2]);
    assert.deepEqual(values(F.relu6(tensor([-3, 7], [2], "int32"))), [0, 6]);
  });
});

Deno.test("activation errors are PyTorch's", () => {
  const longs = tensor([1, 2], [2], "int64");
  assertTorchError(() => F.gelu(longs), "RuntimeError", `"GeluKernelImpl" not implemented for 'Long'`);
  assertTorchError(
    () => F.leaky_relu(tensor([1], [1], "bool")),
    "RuntimeError",
    `"leaky_relu_cpu" not implemented for 'Bool'`,
  );
  assertTorchError(() => F.elu(tensor([1], [1], "int32")), "RuntimeError", `"elu_cpu" not implemented for 'Int'`);
  assertTorchError(
    () => F.hardtanh(tensor([1], [1], "bool")),
    "RuntimeError",
    "Bool inputs not supported for hardtanh",
  );
  assertTorchError(
    () => F.gelu(tensor([1]), "foo"),
    "RuntimeError",
    "approximate argument must be either none or tanh.",
  );
});

Deno.test("activation modules: forward and extra_repr as PyTorch shows them", () => {
  const reprs: [A.ELU | A.Softmax | object & { repr(): string }, string][] = [
    [new A.LeakyReLU(), "LeakyReLU(negative_slope=0.01)"],
    [new A.LeakyReLU(0.2, true), "LeakyReLU(negative_slope=0.2, inplace=True)"],
    [new A.ELU(), "ELU(alpha=1.0)"],
    [new A.GELU("tanh"), "GELU(approximate='tanh')"],
    [new A.Sigmoid(), "Sigmoid()"],
    [new A.Softmax(), "Softmax(dim=None)"],
    [new A.LogSoftmax(-1), "LogSoftmax(dim=-1)"],
    [new A.Softplus(), "Softplus(beta=1, threshold=20)"],
    [new A.Softplus(2.5, 10), "Softplus(beta=2.5, threshold=10)"],
    [new A.SiLU(true), "SiLU(inplace=True)"],
    [new A.Hardtanh(), "Hardtanh(min_val=-1.0, max_val=1.0)"],
    [new A.ReLU6(), "ReLU6()"],
    [new A.Mish(), "Mish()"],
    [new A.Softmin(0), "Softmin(dim=0)"],
  ];
  for (const [m, want] of reprs) assert.equal((m as { repr(): string }).repr(), want);
  const elu = new A.ELU(2);
  elu.intArgs.add("alpha");
  assert.equal(elu.repr(), "ELU(alpha=2)");
  // Softmax() picks PyTorch's implicit dim: 1 for a 2-d input.
  const z = tensor([1, -2, 0.5, 0, 3, -1], [2, 3]);
  assertClose(values(new A.Softmax().forward(z)), [0.6037, 0.0301, 0.3662, 0.0466, 0.9362, 0.0171], { atol: 5e-5 });
  assertClose(values(new A.Tanh().forward(tensor([0.5]))), [0.46211716532707214], F32);
});

Deno.test("BatchNorm2d: train/eval, running stats, buffers and repr", () => {
  const x = () => {
    const v = Array.from({ length: 48 }, (_, i) => ((i * 7) % 11) / 3 - 1);
    return tensor(v, [2, 3, 2, 4]);
  };
  const bn = new BatchNorm2d(3);
  assert.equal(bn.repr(), "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
  assert.deepEqual([...bn.stateDict().keys()], [
    "weight",
    "bias",
    "running_mean",
    "running_var",
    "num_batches_tracked",
  ]);
  const y = bn.forward(x());
  assert.equal(gradName(y), "NativeBatchNormBackward0");
  assertClose(values(y).slice(0, 8), [
    -1.6904969215393066,
    0.5110804438591003,
    -0.7469637393951416,
    1.4546135663986206,
    0.19656944274902344,
    -1.0614748001098633,
    1.1401026248931885,
    -0.11794165521860123,
  ], { rtol: 1e-6, atol: 1e-7 });
  const buf = (name: string) => bn._buffers.get(name)!;
  assertClose(values(buf("running_mean")), [0.07916666567325592, 0.06666667014360428, 0.05416667088866234], F32);
  assertClose(values(buf("running_var")), [1.0198148488998413, 1.025925874710083, 1.0198148488998413], F32);
  bn.forward(mul(x(), 2));
  assertClose(values(buf("running_mean")), [0.22958332300186157, 0.19333334267139435, 0.15708334743976593], F32);
  assertClose(values(buf("running_var")), [1.397092580795288, 1.4270368814468384, 1.397092580795288], F32);
  assert.equal(buf("num_batches_tracked").dtype, "int64");
  assert.deepEqual(values(buf("num_batches_tracked")), [2]);
  bn.eval();
  assertClose(values(bn.forward(x())).slice(0, 8), [
    -1.0402644872665405,
    0.9338057041168213,
    -0.19423440098762512,
    1.779835820198059,
    0.6517957448959351,
    -0.47624441981315613,
    1.4978258609771729,
    0.3697856366634369,
  ], { rtol: 1e-6, atol: 1e-7 });
  assert.deepEqual(values(buf("num_batches_tracked")), [2]);
  assertTorchError(
    () => bn.forward(tensor([1, 2, 3, 4, 5, 6], [2, 3])),
    "ValueError",
    "expected 4D input (got 2D input)",
  );
});

Deno.test("BatchNorm1d: momentum=None averages every batch; errors", () => {
  const b = new BatchNorm1d(4, 1e-5, null, false);
  assert.equal(b.repr(), "BatchNorm1d(4, eps=1e-05, momentum=None, affine=False, track_running_stats=True)");
  assert.deepEqual([...b.stateDict().keys()], ["running_mean", "running_var", "num_batches_tracked"]);
  const z = tensor([1, 2, 3, 4, 2, 0, -1, 4.5, 0.5, 0.5, 2, 1], [3, 4]);
  b.forward(z);
  b.forward(mul(z, 3));
  assertClose(values(b._buffers.get("running_mean")!), [
    2.3333332538604736,
    1.6666666269302368,
    2.6666667461395264,
    6.333333492279053,
  ], F32);
  assertClose(values(b._buffers.get("running_var")!), [
    2.9166667461395264,
    5.416666507720947,
    21.666667938232422,
    17.91666603088379,
  ], F32);
  assertTorchError(
    () => new BatchNorm1d(3).forward(tensor([1, 2, 3], [1, 3])),
    "ValueError",
    "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])",
  );
  const untracked = new BatchNorm1d(2, 1e-5, 0.1, true, false);
  assert.deepEqual([...untracked.stateDict().keys()], ["weight", "bias"]);
});

Deno.test("LayerNorm and GroupNorm match PyTorch", () => {
  const ln = new LayerNorm(4);
  assert.equal(ln.repr(), "LayerNorm((4,), eps=1e-05, elementwise_affine=True)");
  withGradMode(false, () => {
    copyInto(ln.weight!, tensor([1, 0.5, -1, 2]));
    copyInto(ln.bias!, tensor([0, 0.1, 0.2, 0.3]));
  });
  const z = tensor([1, 2, 3, 4, 2, 0, -1, 4.5, 0.5, 0.5, 2, 1], [3, 4]);
  const y = ln.forward(z);
  assert.equal(gradName(y), "NativeLayerNormBackward0");
  assertClose(values(y), [
    -1.3416354656219482,
    -0.12360592931509018,
    -0.24721179902553558,
    2.9832708835601807,
    0.29721879959106445,
    -0.22694072127342224,
    1.3294315338134766,
    3.272188186645508,
    -0.8164856433868408,
    -0.3082428276538849,
    -1.4329712390899658,
    0.30000001192092896,
  ], { rtol: 1e-6, atol: 1e-7 });
  assert.equal(new LayerNorm([2, 4], 1e-3, false).repr(), "LayerNorm((2, 4), eps=0.001, elementwise_affine=False)");
  assertTorchError(
    () => ln.forward(tensor([1, 2, 3, 4, 5, 6], [2, 3])),
    "RuntimeError",
    "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]",
  );
  const gn = new GroupNorm(3, 6);
  assert.equal(gn.repr(), "GroupNorm(3, 6, eps=1e-05, affine=True)");
  const g = gn.forward(tensor(Array.from({ length: 24 }, (_, i) => i % 5), [2, 6, 2]));
  assert.equal(gradName(g), "NativeGroupNormBackward0");
  assertClose(values(g).slice(0, 8), [
    -1.3416354656219482,
    -0.4472118020057678,
    0.4472118616104126,
    1.3416354656219482,
    1.5212740898132324,
    -1.183213233947754,
    -0.5070914030075073,
    0.16903042793273926,
  ], { rtol: 1e-6, atol: 1e-7 });
});

Deno.test("gradcheck: activations", async (t) => {
  const cases: [string, (x: Tensor) => Tensor, "any" | "away"][] = [
    ["leaky_relu", (x) => F.leaky_relu(x, 0.2), "away"],
    ["elu", (x) => F.elu(x, 1.5), "away"],
    ["selu", (x) => F.selu(x), "away"],
    ["gelu", (x) => F.gelu(x), "any"],
    ["gelu tanh", (x) => F.gelu(x, "tanh"), "any"],
    ["softplus", (x) => F.softplus(x, 2, 1.5), "any"],
    ["hardtanh", (x) => F.hardtanh(x, -0.7, 0.9), "away"],
    ["relu6", (x) => F.relu6(mul(x, 4)), "away"],
    ["silu", (x) => F.silu(x), "any"],
    ["mish", (x) => F.mish(x), "any"],
    ["softmin", (x) => F.softmin(x, 1), "any"],
  ];
  for (const [name, fn, init] of cases) await t.step(name, () => gradcheck(fn, [[3, 4]], init));
});

Deno.test("gradcheck: batch_norm (train and eval), layer_norm, group_norm", async (t) => {
  await t.step("batch_norm training", () =>
    gradcheck(
      (x, w, b) => F.batch_norm(x, null, null, { weight: w, bias: b, training: true }),
      [[4, 3, 2], [3], [3]],
    ));
  await t.step("batch_norm eval", () => {
    const rm = randT([3], "any"), rv = randT([3], "pos");
    gradcheck(
      (x, w, b) => F.batch_norm(x, constantLike(rm, x), constantLike(rv, x), { weight: w, bias: b }),
      [[4, 3], [3], [3]],
    );
  });
  await t.step(
    "layer_norm",
    () => gradcheck((x, w, b) => F.layer_norm(x, [2, 3], { weight: w, bias: b }), [[2, 2, 3], [2, 3], [2, 3]]),
  );
  await t.step(
    "group_norm",
    () => gradcheck((x, w, b) => F.group_norm(x, 2, { weight: w, bias: b }), [[2, 4, 3], [4], [4]]),
  );
});

Deno.test("BatchNorm backward reaches the input and the affine parameters", () => {
  const bn = new BatchNorm2d(2);
  const x = tensor([0, 1, 2, 0, 1, 2, 0, 1], [2, 2, 1, 2]);
  x.requiresGrad = true;
  const w = tensor([1, -2, 0.5, 3, 2, 1, -1, 0], [2, 2, 1, 2]);
  runBackward([sum(mul(bn.forward(x), w))], [tensor([1], [])]);
  // PyTorch's x.grad, weight.grad and bias.grad for this input and weighting.
  assertClose(values(x.grad!), [
    0.7070997357368469,
    -3.53549861907959,
    0.32891207933425903,
    2.5765368938446045,
    2.1212992668151855,
    0.7070997357368469,
    -2.2476093769073486,
    -0.6578395366668701,
  ], { rtol: 1e-5, atol: 1e-6 });
  assertClose(values(bn.weight!.grad!), [0, -1.0552819967269897], { rtol: 1e-5, atol: 1e-6 });
  assertClose(values(bn.bias!.grad!), [2, 2.5], { rtol: 1e-6 });
});

// ---------------------------------------------------------------- WebGPU against the CPU kernels

const gpu = await initWebGPU();

Deno.test({
  name: "webgpu activation kernels match the CPU kernels",
  ignore: !gpu,
  async fn(t) {
    const rand = rng(7);
    const cases: [string, Record<string, unknown>, DType][] = [
      ["leaky_relu", { negativeSlope: 0.2 }, "float32"],
      ["elu", { alpha: 1.5, scale: 1, inputScale: 1 }, "float32"],
      ["elu", { alpha: 1.6732632423543772, scale: 1.0507009873554805, inputScale: 1 }, "float32"],
      ["gelu", { approximate: "none" }, "float32"],
      ["gelu", { approximate: "tanh" }, "float32"],
      ["gelu", { approximate: "none" }, "float64"],
      ["softplus", { beta: 2, threshold: 5 }, "float32"],
      ["hardtanh", { minVal: -2, maxVal: 2 }, "float32"],
      ["hardtanh", { minVal: 0, maxVal: 6 }, "int32"],
      ["silu", {}, "float32"],
      ["mish", {}, "float32"],
    ];
    for (const [op, extra, dtype] of cases) {
      await t.step(`${op} ${dtype} ${JSON.stringify(extra)}`, async () => {
        const params = { dtype, ...extra };
        const data = randomData(dtype, 60, rand, 8).map((v) => (dtype === "int32" ? v : Math.fround(v)));
        data[0] = 0;
        data[1] = -0;
        // Contiguous (gelu's oneDNN path) and permuted (its std::erf path) inputs.
        for (const strides of [[20, 5, 1], [1, 3, 12]]) {
          const x = pairOf(cpuBackend, gpu!, dtype, data, [3, 4, 5], strides);
          const out = outputPair(cpuBackend, gpu!, dtype, [3, 4, 5]);
          cpuBackend.kernel(op)!([x.cpu], [out.cpu], params);
          gpu!.kernel(op)!([x.gpu], [out.gpu], params);
          const want = cpuBackend.readSync(out.cpu.storage)!;
          const got = await gpu!.read(out.gpu.storage);
          const i = firstMismatch(got, want, dtype === "int32" ? 0 : 1e-6, dtype === "int32" ? 0 : 1e-6);
          assert.equal(i, -1, `element ${i}: got ${got[i]}, want ${want[i]} (input ${data[i]})`);
        }
      });
    }
  },
});

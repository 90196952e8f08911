// torch.nn layers from TypeScript against PyTorch 1.13: seeded default init (same RNG draws),
// extra_repr, dropout, embedding, containers and DataParallel; and numerical gradient checks of
// the layers' forward passes (conv, pooling, embedding, flatten, dropout, linear).

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { Tensor } from "../runtime/tensor.ts";
import { manualSeed } from "../runtime/random/generator.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { sum } from "../runtime/ops/reduce.ts";
import {
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  Conv1d,
  Conv2d,
  DataParallel,
  Dropout,
  Embedding,
  Flatten,
  Identity,
  Linear,
  MaxPool2d,
  ModuleDict,
  ModuleList,
  ReLU,
  Sequential,
  Unflatten,
} from "../runtime/nn/layers.ts";
import * as F from "../runtime/nn/functional_layers.ts";
import { assertClose, assertTensor, assertTorchError, tensor, values } from "./helpers.ts";
import { gradcheck } from "./gradcheck.ts";
import { trunc_normal_ } from "../runtime/nn/init.ts";
import { erfinv } from "../runtime/nn/trunc_normal.ts";

const ones = (shape: number[]) => tensor(new Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape);
const longs = (v: number[], shape = [v.length]) => tensor(v, shape, "int64");
const gradName = (t: Tensor) => (t.gradFn as { name: string } | null)?.name ?? null;

Deno.test("default init draws what PyTorch draws after manual_seed(0)", async (t) => {
  await t.step("Conv2d(2, 3, 3)", () => {
    manualSeed(0);
    const c = new Conv2d(2, 3, 3);
    assertClose(values(c.weight).slice(0, 6), [
      -0.0017646604683250189,
      0.12644097208976746,
      -0.19399359822273254,
      -0.17346249520778656,
      -0.09078175574541092,
      0.0632052943110466,
    ]);
    assertClose(values(c.bias!), [0.15803514420986176, -0.13878203928470612, 0.043921709060668945]);
  });
  await t.step("Conv1d(4, 2, 2, groups=2): fan_in counts in_channels / groups", () => {
    manualSeed(0);
    const c = new Conv1d(4, 2, 2, { groups: 2 });
    assert.deepEqual(c.weight.shape, [2, 2, 2]);
    assertClose(values(c.weight), [
      -0.003743410110473633,
      0.26822179555892944,
      -0.4115225672721863,
      -0.3679695129394531,
      -0.19257718324661255,
      0.13407868146896362,
      -0.009906589984893799,
      0.39644473791122437,
    ]);
    assertClose(values(c.bias!), [-0.04437202215194702, 0.1323062777519226]);
  });
  await t.step("Linear(3, 2)", () => {
    manualSeed(0);
    const l = new Linear(3, 2);
    assertClose(values(l.weight), [
      -0.004322517663240433,
      0.3097158372402191,
      -0.4751853346824646,
      -0.4248946011066437,
      -0.2223689705133438,
      0.15482072532176971,
    ]);
    assertClose(values(l.bias!), [-0.011439144611358643, 0.45777493715286255]);
  });
  await t.step("Embedding(3, 2, padding_idx=-1): N(0, 1) with the last row zeroed", () => {
    manualSeed(0);
    const e = new Embedding(3, 2, { paddingIdx: -1 });
    assert.equal(e.paddingIdx, 2);
    assertClose(values(e.weight), [
      1.5409960746765137,
      -0.293428897857666,
      -2.1787893772125244,
      0.5684312582015991,
      0,
      0,
    ]);
  });
});

Deno.test("trunc_normal_ draws like PyTorch; erfinv from elementwise ops", () => {
  manualSeed(0);
  const t = trunc_normal_(tensor([0, 0, 0, 0, 0, 0]));
  assertClose(values(t), [
    -0.008956512436270714,
    0.6935495734214783,
    -1.2415472269058228,
    -1.0417094230651855,
    -0.4783933460712433,
    0.3265029191970825,
  ], { rtol: 1e-5 });
  const y = tensor([-0.999, -0.5, 0.0, 0.3, 0.9, 0.99999], [6], "float64");
  assertClose(values(erfinv(y)), [
    -2.3267537655135153,
    -0.4769362762044699,
    0.0,
    0.2724627147267544,
    1.1630871536766743,
    3.123413274341075,
  ], { rtol: 1e-6 });
});

Deno.test("embedding_renorm_ scales the indexed rows over max_norm, as PyTorch does", () => {
  const w1 = tensor(Array.from({ length: 12 }, (_, i) => i - 5), [4, 3]);
  F.embedding_renorm_(w1, longs([0, 2, 3, 3], [2, 2]), 1.5, Infinity);
  assertClose(values(w1), [
    -1.4999998807907104,
    -1.1999999284744263,
    -0.8999999761581421,
    -2,
    -1,
    0,
    0.4999999701976776,
    0.9999999403953552,
    1.4999998807907104,
    1,
    1.25,
    1.5,
  ], { rtol: 1e-6 });
  const w2 = tensor(Array.from({ length: 12 }, (_, i) => i / 7 - 0.5), [4, 3]);
  F.embedding_renorm_(w2, longs([1, 2, 3]), 0.3, 2);
  assertClose(values(w2), [
    -0.5,
    -0.3571428656578064,
    -0.2142857015132904,
    -0.0714285671710968,
    0.07142859697341919,
    0.2142857313156128,
    0.12048288434743881,
    0.16867603361606598,
    0.21686920523643494,
    0.14541536569595337,
    0.17185452580451965,
    0.19829368591308594,
  ], { rtol: 1e-6 });
});

Deno.test("extra_repr and repr as PyTorch prints them", () => {
  const cases: [{ repr(): string }, string][] = [
    [new Conv2d(1, 4, 3, { stride: 2, padding: 1 }), "Conv2d(1, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))"],
    [
      new Conv2d(2, 4, 3, { padding: "same", dilation: 2, groups: 2 }),
      "Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1), padding=same, dilation=(2, 2), groups=2)",
    ],
    [new Conv1d(2, 4, 3, { stride: 2, bias: false }), "Conv1d(2, 4, kernel_size=(3,), stride=(2,), bias=False)"],
    [
      new MaxPool2d([2, 3], { stride: 1, padding: 1 }),
      "MaxPool2d(kernel_size=(2, 3), stride=1, padding=1, dilation=1, ceil_mode=False)",
    ],
    [new AvgPool2d(2), "AvgPool2d(kernel_size=2, stride=2, padding=0)"],
    [new AvgPool1d(3), "AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))"],
    [new AdaptiveAvgPool2d([2, null]), "AdaptiveAvgPool2d(output_size=(2, None))"],
    [new Dropout(0.2), "Dropout(p=0.2, inplace=False)"],
    [new Embedding(4, 2, { paddingIdx: 1 }), "Embedding(4, 2, padding_idx=1)"],
    [new Flatten(), "Flatten(start_dim=1, end_dim=-1)"],
    [new Unflatten(1, [2, 2]), "Unflatten(dim=1, unflattened_size=(2, 2))"],
    [new Identity(), "Identity()"],
    [
      new DataParallel(new Linear(2, 3)),
      "DataParallel(\n  (module): Linear(in_features=2, out_features=3, bias=True)\n)",
    ],
  ];
  for (const [m, want] of cases) assert.equal(m.repr(), want);
});

Deno.test("constructor errors are PyTorch's", () => {
  assertTorchError(() => new Conv2d(3, 4, 3, { groups: 2 }), "ValueError", "in_channels must be divisible by groups");
  assertTorchError(() => new Conv2d(4, 3, 3, { groups: 2 }), "ValueError", "out_channels must be divisible by groups");
  assertTorchError(
    () => new Conv2d(4, 4, 3, { stride: 2, padding: "same" }),
    "ValueError",
    "padding='same' is not supported for strided convolutions",
  );
  assertTorchError(() => new Dropout(1.5), "ValueError", "dropout probability has to be between 0 and 1, but got 1.5");
  assertTorchError(
    () => new Embedding(4, 2, { paddingIdx: 5 }),
    "AssertionError",
    "Padding_idx must be within num_embeddings",
  );
  assertTorchError(
    () => new Embedding(4, 2).forward(tensor([1])),
    "RuntimeError",
    "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)",
  );
});

Deno.test("forward values and grad_fn names", async (t) => {
  await t.step("Linear picks addmm for 2-d input, a viewed addmm for 3-d, matmul + add for 1-d", () => {
    const l = new Linear(3, 2);
    assert.equal(gradName(l.forward(ones([3]))), "AddBackward0");
    assert.equal(gradName(l.forward(ones([2, 3]))), "AddmmBackward0");
    const y3 = l.forward(ones([2, 2, 3]));
    assert.equal(gradName(y3), "ViewBackward0");
    assert.deepEqual(y3.shape, [2, 2, 2]);
    assert.equal(gradName(new Linear(3, 2, false).forward(ones([2, 3]))), "MmBackward0");
  });
  await t.step("Embedding rows and EmbeddingBackward0 skipping the padding row", () => {
    const e = new Embedding(5, 2, { paddingIdx: 0, weight: tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 2]) });
    const out = e.forward(longs([0, 2, 2, 4], [2, 2]));
    assertTensor(out, [0, 1, 4, 5, 4, 5, 8, 9], { shape: [2, 2, 2] });
    assert.equal(gradName(out), "EmbeddingBackward0");
    runBackward([sum(out)], [tensor([1], [])]);
    assertTensor(e.weight.grad!, [0, 0, 0, 0, 2, 2, 0, 0, 1, 1]);
  });
  await t.step("Dropout: identity in eval, a scaled bernoulli mask in train (PyTorch's draws)", () => {
    const d = new Dropout(0.25);
    const x = ones([8]);
    d.eval();
    assert.equal(d.forward(x), x);
    d.train();
    manualSeed(3);
    const y = d.forward(x);
    assertClose(values(y), [4, 4, 0, 4, 0, 4, 4, 4].map((v) => v / 3));
    assertTensor(F.dropout(x, 1), new Array(8).fill(0));
  });
  await t.step("Flatten, Unflatten, Identity", () => {
    assert.deepEqual(new Flatten().forward(ones([2, 3, 4])).shape, [2, 12]);
    assert.deepEqual(new Unflatten(1, [2, 2]).forward(ones([3, 4])).shape, [3, 2, 2]);
    const x = ones([2]);
    assert.equal(new Identity().forward(x), x);
  });
});

Deno.test("containers", async (t) => {
  await t.step("Sequential: slices keep names, delete renumbers, insert and append", () => {
    const [a, b, c] = [new ReLU(), new Linear(1, 2), new Identity()];
    const s = new Sequential(a, b, c);
    assert.deepEqual([...s.slice(1, null)._modules.keys()], ["1", "2"]);
    s.delete(0);
    assert.deepEqual(s.entries(), [["0", b], ["1", c]]);
    s.insert(1, a).append(new ReLU());
    assert.deepEqual(s.values().slice(0, 3), [b, a, c]);
    assertTorchError(() => s.get(7), "IndexError", "index 7 is out of range");
    assertTorchError(() => s.insert(9, a), "IndexError", "Index out of range: 9");
  });
  await t.step("ModuleList: slices renumber, insert shifts, parameters are registered", () => {
    const l = new ModuleList([new Linear(2, 2), new ReLU(), new Linear(2, 1)]);
    assert.equal(l.parameters().length, 4);
    assert.deepEqual([...l.slice(1, null)._modules.keys()], ["0", "1"]);
    const id = new Identity();
    l.insert(0, id);
    assert.equal(l.get(0), id);
    assert.equal(l.length, 4);
    assert.equal(l.pop(0), id);
    assert.equal(l.length, 3);
  });
  await t.step("ModuleDict keeps insertion order; a missing key is a KeyError", () => {
    const d = new ModuleDict([["b", new ReLU()], ["a", new Identity()]]);
    assert.deepEqual(d.keys(), ["b", "a"]);
    assert.equal(d.has("a"), true);
    assertTorchError(() => d.get("z"), "KeyError", "z");
  });
  await t.step("DataParallel prefixes state_dict keys with module.", () => {
    const dp = new DataParallel(new Linear(2, 3));
    assert.deepEqual([...dp.stateDict().keys()], ["module.weight", "module.bias"]);
    assert.deepEqual(dp.forward(ones([1, 2])).shape, [1, 3]);
  });
});

Deno.test("layer gradients match float64 central differences", async (t) => {
  const idx = () => longs([3, 0, 3, 1, 2]); // made inside each case, on the device it runs on
  const cases: [string, (...xs: Tensor[]) => Tensor, number[][]][] = [
    ["conv2d stride 2 padding 1", (x, w, b) => F.conv2d(x, w, b, { stride: 2, padding: 1 }), [[1, 2, 5, 5], [
      3,
      2,
      3,
      3,
    ], [3]]],
    ["conv2d dilation 2 groups 2", (x, w) => F.conv2d(x, w, null, { dilation: 2, groups: 2 }), [[2, 4, 6, 5], [
      4,
      2,
      2,
      2,
    ]]],
    ["conv2d padding same", (x, w, b) => F.conv2d(x, w, b, { padding: "same" }), [[1, 2, 4, 4], [2, 2, 2, 3], [2]]],
    ["conv1d stride 2 padding 1 groups 2", (x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 1, groups: 2 }), [
      [2, 4, 7],
      [2, 2, 3],
      [2],
    ]],
    ["max_pool2d 2", (x) => F.max_pool2d(x, 2), [[2, 2, 4, 4]]],
    ["max_pool2d 3 stride 2 padding 1", (x) => F.max_pool2d(x, 3, { stride: 2, padding: 1 }), [[1, 2, 5, 5]]],
    ["avg_pool2d 2 stride 1", (x) => F.avg_pool2d(x, 2, { stride: 1 }), [[1, 2, 4, 3]]],
    ["avg_pool1d 3", (x) => F.avg_pool1d(x, 3), [[2, 2, 6]]],
    ["adaptive_avg_pool2d (2, 3)", (x) => F.adaptive_avg_pool2d(x, [2, 3]), [[1, 2, 5, 7]]],
    ["adaptive_max_pool2d 2", (x) => F.adaptive_max_pool2d(x, 2), [[1, 2, 5, 4]]],
    ["embedding", (w) => F.embedding(idx(), w), [[4, 3]]],
    ["pad (1, 2, 0, 1)", (x) => F.pad(x, [1, 2, 0, 1], "constant", 0.5), [[2, 3, 4]]],
    ["pad cropping (-1, 1, 1, -1)", (x) => F.pad(x, [-1, 1, 1, -1]), [[2, 3, 4]]],
    ["pad reflect (2, 1, 1, 2)", (x) => F.pad(x, [2, 1, 1, 2], "reflect"), [[1, 2, 3, 4]]],
    ["pad replicate (1, 3)", (x) => F.pad(x, [1, 3], "replicate"), [[2, 3, 2]]],
    ["pad circular (2, 1, 0, 3)", (x) => F.pad(x, [2, 1, 0, 3], "circular"), [[1, 2, 3, 4]]],
    ["Flatten", (x) => new Flatten().forward(x), [[2, 3, 2]]],
    ["Dropout in eval", (x) => new Dropout(0.5).eval().forward(x), [[3, 4]]],
    ["dropout in train (same mask each call)", (x) => {
      manualSeed(5);
      return F.dropout(x, 0.4);
    }, [[3, 4]]],
    ["linear 1-d", (x, w, b) => F.linear(x, w, b), [[3], [2, 3], [2]]],
    ["linear 2-d", (x, w, b) => F.linear(x, w, b), [[4, 3], [2, 3], [2]]],
    ["linear 3-d", (x, w, b) => F.linear(x, w, b), [[2, 4, 3], [2, 3], [2]]],
    ["linear 2-d no bias", (x, w) => F.linear(x, w), [[4, 3], [2, 3]]],
  ];
  for (const [name, fn, shapes] of cases) {
    await t.step(name, () => gradcheck(fn, shapes, name.includes("max") ? "away" : "any"));
  }
});

// torch.utils.data against PyTorch 1.13: every expected value below is what /usr/bin/python3 (torch
// 1.13) printed for the same seeds and calls — shuffled orders, random_split, samplers, the random
// numbers drawn after a loader ran, and default_collate's output types.
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import { Tensor } from "../runtime/tensor.ts";
import { arange } from "../runtime/ops/ranges.ts";
import { rand, randint } from "../runtime/random/ops.ts";
import { Generator, manualSeed } from "../runtime/random/generator.ts";
import {
  BatchSampler,
  DataLoader,
  type Dataset,
  defaultCollate,
  getWorkerInfo,
  RandomSampler,
  randomSplit,
  SequentialSampler,
  splitLengths,
  Subset,
  SubsetRandomSampler,
  TensorDataset,
  WeightedRandomSampler,
} from "../runtime/data/mod.ts";
import { runTsl } from "./lang_harness.ts";

/** range(n) as a map-style dataset. */
const range = (n: number): Dataset<number> => ({ length: () => n, get: (i: number) => i });

async function collect<T>(it: Iterator<T> | AsyncIterator<T> | Promise<Iterator<T> | AsyncIterator<T>>): Promise<T[]> {
  const iterator = await it;
  const out: T[] = [];
  for (;;) {
    const r = await iterator.next();
    if (r.done) return out;
    out.push(r.value);
  }
}

const ints = (t: unknown) => Array.from((t as Tensor).dataSync());
const f32 = (x: number) => Math.fround(x);

Deno.test("samplers", async (t) => {
  await t.step("RandomSampler draws its seed from the default generator on the first next()", async () => {
    manualSeed(0);
    assert.deepEqual(await collect(new RandomSampler(range(10)).iter()), [6, 9, 0, 7, 3, 5, 4, 2, 1, 8]);
    assert.equal(rand([1]).dataSync()[0], f32(0.08847743272781372));
  });
  await t.step("RandomSampler with replacement and num_samples, own generator", async () => {
    const s = new RandomSampler(range(6), { replacement: true, numSamples: 40, generator: new Generator(2) });
    assert.deepEqual(
      await collect(s.iter()),
      // deno-fmt-ignore
      [0, 3, 5, 0, 2, 3, 0, 1, 2, 3, 0, 1, 5, 1, 3, 5, 1, 5, 2, 0, 4, 0, 1, 5, 1, 0, 4, 0, 3, 1, 5, 2, 2, 5, 0, 2, 5, 3, 5, 2],
    );
    assert.equal(await s.length(), 40);
  });
  await t.step("RandomSampler rejects an empty data source", async () => {
    await assert.rejects(
      () => new RandomSampler(range(0)).validate(),
      /num_samples should be a positive integer value, but got num_samples=0/,
    );
  });
  await t.step("SubsetRandomSampler", async () => {
    const s = new SubsetRandomSampler([10, 20, 30, 40, 50], new Generator(1));
    assert.deepEqual(await collect(s.iter()), [10, 50, 30, 40, 20]);
  });
  await t.step("SequentialSampler and BatchSampler", async () => {
    const seq = new SequentialSampler(range(10));
    assert.deepEqual(await collect(new BatchSampler(seq, 4, false).iter()), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    assert.deepEqual(await collect(new BatchSampler(seq, 4, true).iter()), [[0, 1, 2, 3], [4, 5, 6, 7]]);
    assert.equal(await new BatchSampler(seq, 4, false).length(), 3);
    assert.equal(await new BatchSampler(seq, 4, true).length(), 2);
    assert.throws(
      () => new BatchSampler(seq, 0, false),
      /batch_size should be a positive integer value, but got batch_size=0/,
    );
  });
  await t.step("WeightedRandomSampler (with replacement)", async () => {
    const s = new WeightedRandomSampler([0.3, 0.2, 0.5], 10, true, new Generator(4));
    assert.deepEqual(await collect(s.iter()), [1, 2, 0, 2, 2, 2, 1, 2, 0, 1]);
  });
});

Deno.test("random_split", async (t) => {
  await t.step("counts", async () => {
    const parts = await randomSplit(range(10), [3, 7], new Generator(42));
    assert.deepEqual(parts.map((p) => p.indices), [[2, 6, 1], [8, 4, 5, 0, 9, 3, 7]]);
    assert.ok(parts[0] instanceof Subset);
    assert.equal(await parts[1].get(1), 4);
  });
  await t.step("fractions, the remainder handed out round-robin", async () => {
    const parts = await randomSplit(range(10), [0.5, 0.3, 0.2], new Generator(42));
    assert.deepEqual(parts.map((p) => p.indices), [[2, 6, 1, 8, 4], [5, 0, 9], [3, 7]]);
    assert.deepEqual(splitLengths(7, [0.3, 0.3, 0.4]), [3, 2, 2]);
  });
  await t.step("lengths must add up", async () => {
    await assert.rejects(
      () => randomSplit(range(10), [3, 3]),
      /Sum of input lengths does not equal the length of the input dataset!/,
    );
  });
});

Deno.test("DataLoader", async (t) => {
  const td = new TensorDataset(arange(0, 10));
  const batches = async (loader: DataLoader<unknown>) => {
    const out: number[][] = [];
    for await (const b of loader) out.push(ints((b as Tensor[])[0]));
    return out;
  };
  await t.step("shuffle: _base_seed, then the sampler's seed, from the default generator", async () => {
    manualSeed(0);
    const loader = await DataLoader.create(td, { batchSize: 3, shuffle: true });
    assert.deepEqual(await batches(loader), [[6, 7, 1], [4, 2, 0], [9, 8, 3], [5]]);
    assert.equal(rand([1]).dataSync()[0], f32(0.30742281675338745));
    assert.equal(await loader.length(), 4);
  });
  await t.step("shuffle with a generator leaves the default generator alone", async () => {
    const g = new Generator(3);
    manualSeed(9);
    const loader = await DataLoader.create(td, { batchSize: 4, shuffle: true, generator: g });
    assert.deepEqual(await batches(loader), [[7, 4, 2, 9], [1, 5, 0, 8], [6, 3]]);
    assert.equal(randint(0, 1000, [1]).dataSync()[0], 670);
    assert.equal(randint(0, 1000, [1], { generator: g }).dataSync()[0], 356);
  });
  await t.step("workers fetch with their own seeded generators", async () => {
    const seen: (number | null)[] = [];
    const drawing: Dataset<Tensor> = {
      length: () => 4,
      get: () => (seen.push(getWorkerInfo()?.id ?? null), rand([1])),
    };
    manualSeed(7);
    const loader = await DataLoader.create(drawing, { batchSize: 1, numWorkers: 2 });
    const values = [];
    for await (const b of loader) values.push((b as Tensor).dataSync()[0]);
    const expected = [0.11662513017654419, 0.3148404359817505, 0.13414353132247925, 0.28084486722946167];
    assert.deepEqual(values, expected.map(f32));
    assert.deepEqual(seen, [0, 1, 0, 1]);
    assert.equal(getWorkerInfo(), null);
    assert.equal(rand([1]).dataSync()[0], f32(0.6592116951942444));
  });
  await t.step("argument checks", async () => {
    await assert.rejects(() => DataLoader.create(td, { batchSize: 0 }), /batch_size should be a positive integer/);
    await assert.rejects(
      () => DataLoader.create(td, { shuffle: true, sampler: new SequentialSampler(td) }),
      /sampler option is mutually exclusive with shuffle/,
    );
    await assert.rejects(
      () => DataLoader.create(td, { persistentWorkers: true }),
      /persistent_workers option needs num_workers > 0/,
    );
  });
  await t.step("iterable-style datasets and drop_last", async () => {
    const stream = { iterable: true as const, iter: () => [0, 1, 2, 3, 4][Symbol.iterator]() };
    const out = [];
    for await (const b of await DataLoader.create(stream, { batchSize: 2, dropLast: true })) out.push(ints(b));
    assert.deepEqual(out, [[0, 1], [2, 3]]);
  });
});

Deno.test("defaultCollate", async (t) => {
  await t.step("tensors are stacked, with stack's error for unequal sizes", () => {
    const batch = defaultCollate([arange(0, 2), arange(2, 4)]) as Tensor;
    assert.deepEqual(batch.shape, [2, 2]);
    assert.throws(
      () => defaultCollate([arange(0, 2), arange(0, 3)]),
      /stack expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at entry 1/,
    );
  });
  await t.step("numbers become int64, float64 or bool tensors; strings stay a list", () => {
    assert.equal((defaultCollate([1, 2]) as Tensor).dtype, "int64");
    assert.equal((defaultCollate([1, 2.5]) as Tensor).dtype, "float64");
    assert.equal((defaultCollate([true, false]) as Tensor).dtype, "bool");
    assert.deepEqual(defaultCollate(["a", "b"]), ["a", "b"]);
  });
  await t.step("sequences by position, objects by key", () => {
    const out = defaultCollate([{ x: [1, "p"] }, { x: [2, "q"] }]) as { x: [Tensor, string[]] };
    assert.deepEqual(ints(out.x[0]), [1, 2]);
    assert.deepEqual(out.x[1], ["p", "q"]);
    assert.throws(() => defaultCollate([[1, 2], [3]]), /each element in list of batch should be of equal size/);
  });
});

const BINDING_SCRIPT = `import torch
from torch.utils.data import Dataset, DataLoader, random_split, Subset


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        return idx * idx, float(idx), idx % 2 == 0, str(idx)


torch.manual_seed(0)
ds = Squares(7)
for batch in DataLoader(ds, batch_size=3, shuffle=True):
    print(batch)
print(torch.rand(1))
a, b = random_split(ds, [0.4, 0.6])
print(type(a).__name__, a.indices, b.indices, len(b), b[0])
c = a + b
print(type(c).__name__, len(c), c[2], c.cumulative_sizes)
print(Subset(ds, [3, 1])[1])
`;
const BINDING_EXPECTED =
  `[tensor([ 0, 16,  1]), tensor([0., 4., 1.], dtype=torch.float64), tensor([ True,  True, False]), ('0', '4', '1')]
[tensor([25,  4, 36]), tensor([5., 2., 6.], dtype=torch.float64), tensor([False,  True,  True]), ('5', '2', '6')]
[tensor([9]), tensor([3.], dtype=torch.float64), tensor([False]), ('3',)]
tensor([0.3074])
Subset [2, 0, 5] [4, 3, 6, 1] 4 (16, 4.0, True, '4')
ConcatDataset 7 (25, 5.0, False, '5') [3, 7]
(1, 1.0, False, '1')
`;
const COLLATE_SCRIPT = `import torch
from torch.utils.data import DataLoader, TensorDataset, default_collate, IterableDataset
print(default_collate([{'a': 1, 'b': (2.5, torch.ones(2))}, {'a': 3, 'b': (4.0, torch.zeros(2))}]))
print(default_collate([[1, 2], [3, 4]]), default_collate([(True,), (False,)]))
try:
    default_collate([torch.zeros(2), torch.zeros(3)])
except RuntimeError as e:
    print(e)
try:
    default_collate([{1}, {2}])
except TypeError as e:
    print(e)
for kw in [dict(batch_size=0), dict(shuffle=True, sampler=[0])]:
    try:
        DataLoader(TensorDataset(torch.zeros(2)), **kw)
    except ValueError as e:
        print(e)


class Count(IterableDataset):
    def __iter__(self):
        return iter(range(5))


print(list(DataLoader(Count(), batch_size=2)))
loader = DataLoader(TensorDataset(torch.arange(4)), batch_size=3)
print(len(loader), [x for (x,) in loader], [x for (x,) in loader])
`;
const COLLATE_EXPECTED = `{'a': tensor([1, 3]), 'b': [tensor([2.5000, 4.0000], dtype=torch.float64), tensor([[1., 1.],
        [0., 0.]])]}
[tensor([1, 3]), tensor([2, 4])] [tensor([ True, False])]
stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1
default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'set'>
batch_size should be a positive integer value, but got batch_size=0
sampler option is mutually exclusive with shuffle
[tensor([0, 1]), tensor([2, 3]), tensor([4])]
2 [tensor([0, 1, 2]), tensor([3])] [tensor([0, 1, 2]), tensor([3])]
`;

Deno.test("torch.utils.data from tsl", async (t) => {
  await t.step("a tsl Dataset subclass: shuffled batches, random_split, ConcatDataset, Subset", async () => {
    const r = await runTsl(BINDING_SCRIPT);
    assert.equal(r.err, "");
    assert.equal(r.out, BINDING_EXPECTED);
  });
  await t.step("default_collate types, errors, IterableDataset, re-iteration", async () => {
    const r = await runTsl(COLLATE_SCRIPT);
    assert.equal(r.err, "");
    assert.equal(r.out, COLLATE_EXPECTED);
  });
});

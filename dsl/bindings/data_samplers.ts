// torch.utils.data samplers as Python classes over runtime/data/sampler.ts. A Python sampler (a tsl
// subclass of Sampler, or any iterable with a length) reaches the runtime through PySampler.

import { argInt, len, nativeClass, pyError, repr, toArray } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { tensor } from "../../runtime/ops/tensor_data.ts";
import { WeightedRandomSampler } from "../../runtime/data/weighted_sampler.ts";
import { toNested } from "./convert.ts";
import {
  BatchSampler,
  RandomSampler,
  type Sampler,
  SequentialSampler,
  SubsetRandomSampler,
} from "../../runtime/data/sampler.ts";
import { isPlainNative, PyAdapter, pyIterator, pyObjectOf, toPyIterator } from "./data_iter.ts";
import { argGenerator, PyMapDataset } from "./data_datasets.ts";

/** A Python iterable of indices as the runtime sees it. */
export class PySampler extends PyAdapter implements Sampler<any> {
  iter(): Promise<AsyncIterator<any>> {
    return pyIterator(this.obj);
  }
  length(): any {
    return len(this.obj);
  }
}

/** The runtime view of a Python sampler: native samplers as they are, anything else adapted. */
export const toSampler = (obj: any): Sampler<any> =>
  isPlainNative(obj) && typeof obj.iter === "function" ? obj : new PySampler(obj);

const samplerMethods = {
  __iter__: ["__iter__()", (self: Sampler<any>) => toPyIterator(self.iter())] as [string, (s: any) => any],
  __len__: ["__len__()", (self: Sampler<any>) => self.length!()] as [string, (s: any) => any],
};

export const T_Sampler = nativeClass({
  name: "Sampler",
  module: "torch.utils.data.sampler",
  init: ["__init__(data_source)", () => null],
  methods: {
    __iter__: ["__iter__()", () => {
      throw pyError("NotImplementedError");
    }],
  },
});

export const T_SequentialSampler = nativeClass({
  name: "SequentialSampler",
  module: "torch.utils.data.sampler",
  jsClass: SequentialSampler,
  base: T_Sampler,
  init: ["__init__(data_source)", (self, a) => {
    Object.assign(self, new SequentialSampler(new PyMapDataset(a.data_source)));
  }],
  methods: samplerMethods,
  properties: { data_source: { get: (self: SequentialSampler) => pyObjectOf(self.dataSource) } },
});

const isInt = (x: any) => typeof x === "number" || typeof x === "bigint";

export const T_RandomSampler = nativeClass({
  name: "RandomSampler",
  module: "torch.utils.data.sampler",
  jsClass: RandomSampler,
  base: T_Sampler,
  init: ["__init__(data_source, replacement=False, num_samples=None, generator=None)", async (self, a) => {
    if (typeof a.replacement !== "boolean") {
      throw pyError(
        "TypeError",
        `replacement should be a boolean value, but got replacement=${await repr(a.replacement)}`,
      );
    }
    if (a.num_samples !== null && !(isInt(a.num_samples) || typeof a.num_samples === "boolean")) {
      throw pyError(
        "ValueError",
        `num_samples should be a positive integer value, but got num_samples=${await repr(a.num_samples)}`,
      );
    }
    (self as RandomSampler).configure(new PyMapDataset(a.data_source), {
      replacement: a.replacement,
      numSamples: a.num_samples === null ? null : argInt(a.num_samples, "RandomSampler", "num_samples"),
      generator: argGenerator(a.generator, "RandomSampler"),
    });
    await (self as RandomSampler).validate();
  }],
  methods: samplerMethods,
  properties: {
    data_source: { get: (self: RandomSampler) => pyObjectOf(self.dataSource) },
    replacement: { get: (self: RandomSampler) => self.replacement },
    num_samples: { get: (self: RandomSampler) => self.numSamples() },
    generator: { get: (self: RandomSampler) => self.generator },
  },
});

export const T_SubsetRandomSampler = nativeClass({
  name: "SubsetRandomSampler",
  module: "torch.utils.data.sampler",
  jsClass: SubsetRandomSampler,
  base: T_Sampler,
  init: ["__init__(indices, generator=None)", async (self, a) => {
    const indices = await toArray(a.indices);
    Object.assign(self, new SubsetRandomSampler(indices, argGenerator(a.generator, "SubsetRandomSampler")));
  }],
  methods: samplerMethods,
  properties: {
    indices: { get: (self: SubsetRandomSampler<any>) => self.indices },
    generator: { get: (self: SubsetRandomSampler<any>) => self.generator },
  },
});

export const T_BatchSampler = nativeClass({
  name: "BatchSampler",
  module: "torch.utils.data.sampler",
  jsClass: BatchSampler,
  base: T_Sampler,
  init: ["__init__(sampler, batch_size, drop_last)", async (self, a) => {
    if (!isInt(a.batch_size) || Number(a.batch_size) <= 0) {
      throw pyError(
        "ValueError",
        `batch_size should be a positive integer value, but got batch_size=${await repr(a.batch_size)}`,
      );
    }
    if (typeof a.drop_last !== "boolean") {
      throw pyError("ValueError", `drop_last should be a boolean value, but got drop_last=${await repr(a.drop_last)}`);
    }
    Object.assign(self, new BatchSampler(toSampler(a.sampler), Number(a.batch_size), a.drop_last));
  }],
  methods: samplerMethods,
  properties: {
    sampler: { get: (self: BatchSampler<any>) => pyObjectOf(self.sampler) },
    batch_size: { get: (self: BatchSampler<any>) => self.batchSize },
    drop_last: { get: (self: BatchSampler<any>) => self.dropLast },
  },
});

export const T_WeightedRandomSampler = nativeClass({
  name: "WeightedRandomSampler",
  module: "torch.utils.data.sampler",
  jsClass: WeightedRandomSampler,
  base: T_Sampler,
  init: ["__init__(weights, num_samples, replacement=True, generator=None)", async (self, a) => {
    if (!isInt(a.num_samples) || Number(a.num_samples) <= 0) {
      throw pyError(
        "ValueError",
        `num_samples should be a positive integer value, but got num_samples=${await repr(a.num_samples)}`,
      );
    }
    if (typeof a.replacement !== "boolean") {
      throw pyError(
        "ValueError",
        `replacement should be a boolean value, but got replacement=${await repr(a.replacement)}`,
      );
    }
    const w = a.weights instanceof Tensor ? a.weights : tensor(toNested(a.weights), { dtype: "float64" });
    if (w.ndim !== 1) {
      throw pyError(
        "ValueError",
        `weights should be a 1d sequence but given weights have shape (${w.shape.join(", ")}${
          w.ndim === 1 ? "," : ""
        })`,
      );
    }
    const weights = await w.data();
    const generator = argGenerator(a.generator, "WeightedRandomSampler");
    Object.assign(self, new WeightedRandomSampler(weights, Number(a.num_samples), a.replacement, generator));
  }],
  methods: samplerMethods,
  properties: {
    weights: { get: (self: WeightedRandomSampler) => Tensor.fromArray(self.weights, [self.weights.length], "float64") },
    num_samples: { get: (self: WeightedRandomSampler) => self.numSamples },
    replacement: { get: (self: WeightedRandomSampler) => self.replacement },
    generator: { get: (self: WeightedRandomSampler) => self.generator },
  },
});

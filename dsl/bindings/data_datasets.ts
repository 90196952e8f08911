// torch.utils.data datasets as Python classes: Dataset and IterableDataset (bases for tsl classes),
// TensorDataset, Subset, ConcatDataset, ChainDataset and random_split, over runtime/data. Python
// datasets reach the runtime through adapters that call their __len__/__getitem__/__iter__.

import {
  argFloat,
  argInt,
  builtin,
  getItem,
  len,
  nativeClass,
  pyError,
  PyTuple,
  toArray,
  typeOf,
} from "../runtime/binding.ts";
import { isinstance } from "../runtime/types.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { Generator } from "../../runtime/random/generator.ts";
import {
  type AnyDataset,
  ChainDataset,
  ConcatDataset,
  type Dataset,
  type IterableDataset,
  Subset,
  TensorDataset,
} from "../../runtime/data/dataset.ts";
import { randomSplit } from "../../runtime/data/random_split.ts";
import { PyAdapter, pyIterator, pyObjectOf, toPyIterator } from "./data_iter.ts";

/** A Python map-style dataset as the runtime sees it. */
export class PyMapDataset extends PyAdapter implements Dataset<any, any> {
  length(): any {
    return len(this.obj);
  }
  get(index: any): any {
    return getItem(this.obj, index);
  }
}

/** A Python iterable-style dataset as the runtime sees it. */
export class PyIterableDataset extends PyAdapter implements IterableDataset<any> {
  readonly iterable = true;
  iter(): Promise<AsyncIterator<any>> {
    return pyIterator(this.obj);
  }
  length(): any {
    return len(this.obj);
  }
}

/** The runtime view of a Python dataset object. */
export const toDataset = (obj: any): AnyDataset<any> =>
  isinstance(obj, T_IterableDataset) ? new PyIterableDataset(obj) : new PyMapDataset(obj);

export const T_Dataset = nativeClass({
  name: "Dataset",
  module: "torch.utils.data.dataset",
  methods: {
    __getitem__: ["__getitem__(index)", () => {
      throw pyError("NotImplementedError");
    }],
    __add__: ["__add__(other)", (self, a) => newConcat([self, a.other])],
  },
});

export const T_IterableDataset = nativeClass({
  name: "IterableDataset",
  module: "torch.utils.data.dataset",
  base: T_Dataset,
  methods: {
    __iter__: ["__iter__()", () => {
      throw pyError("NotImplementedError");
    }],
    __add__: ["__add__(other)", (self, a) => newChain([self, a.other])],
  },
});

export const T_TensorDataset = nativeClass({
  name: "TensorDataset",
  module: "torch.utils.data.dataset",
  jsClass: TensorDataset,
  base: T_Dataset,
  init: ["__init__(*tensors)", (self, a) => {
    const tensors = a.tensors as any[];
    if (tensors.length === 0) throw pyError("IndexError", "tuple index out of range");
    tensors.forEach((t) => {
      if (!(t instanceof Tensor)) throw pyError("AttributeError", `'${typeOf(t).name}' object has no attribute 'size'`);
    });
    Object.assign(self, new TensorDataset(...tensors));
  }],
  methods: {
    __getitem__: ["__getitem__(index)", async (self: TensorDataset, a) => {
      const items = [];
      for (const t of self.tensors) items.push(await getItem(t, a.index));
      return new PyTuple(items);
    }],
    __len__: ["__len__()", (self: TensorDataset) => self.length()],
  },
  properties: { tensors: { get: (self: TensorDataset) => new PyTuple([...self.tensors]) } },
});

export const T_Subset = nativeClass({
  name: "Subset",
  module: "torch.utils.data.dataset",
  jsClass: Subset,
  base: T_Dataset,
  init: ["__init__(dataset, indices)", async (self, a) => {
    Object.assign(self, new Subset(new PyMapDataset(a.dataset), await toArray(a.indices)));
  }],
  methods: {
    __getitem__: ["__getitem__(idx)", async (self: Subset<any, any>, a) => {
      const dataset = pyObjectOf(self.dataset);
      if (Array.isArray(a.idx) && !(a.idx instanceof PyTuple)) {
        const picked = [];
        for (const i of a.idx) picked.push(await getItem(self.indices, i));
        return getItem(dataset, picked);
      }
      return getItem(dataset, await getItem(self.indices, a.idx));
    }],
    __len__: ["__len__()", (self: Subset<any, any>) => self.length()],
  },
  properties: {
    dataset: { get: (self: Subset<any, any>) => pyObjectOf(self.dataset) },
    indices: { get: (self: Subset<any, any>) => self.indices },
  },
});

async function newConcat(datasets: any[]): Promise<any> {
  const self = Object.create(ConcatDataset.prototype);
  await initConcat(self, datasets);
  return self;
}

async function initConcat(self: any, datasets: any[]): Promise<void> {
  for (const d of datasets) {
    if (isinstance(d, T_IterableDataset)) {
      throw pyError("AssertionError", "ConcatDataset does not support IterableDataset");
    }
  }
  Object.assign(self, await ConcatDataset.of(datasets.map((d) => new PyMapDataset(d))));
}

export const T_ConcatDataset = nativeClass({
  name: "ConcatDataset",
  module: "torch.utils.data.dataset",
  jsClass: ConcatDataset,
  base: T_Dataset,
  init: ["__init__(datasets)", async (self, a) => initConcat(self, [...await toArray(a.datasets)])],
  methods: {
    __getitem__: ["__getitem__(idx)", (self: ConcatDataset<any>, a) => self.get(argInt(a.idx, "ConcatDataset", "idx"))],
    __len__: ["__len__()", (self: ConcatDataset<any>) => self.length()],
  },
  properties: {
    datasets: { get: (self: ConcatDataset<any>) => self.datasets.map(pyObjectOf) },
    cumulative_sizes: { get: (self: ConcatDataset<any>) => [...self.cumulativeSizes] },
  },
});

function newChain(datasets: any[]): ChainDataset<any> {
  return new ChainDataset(datasets.map((d) => new PyIterableDataset(d)));
}

export const T_ChainDataset = nativeClass({
  name: "ChainDataset",
  module: "torch.utils.data.dataset",
  jsClass: ChainDataset,
  base: T_IterableDataset,
  init: ["__init__(datasets)", async (self, a) => {
    Object.assign(self, newChain([...await toArray(a.datasets)]));
  }],
  methods: {
    __iter__: ["__iter__()", (self: ChainDataset<any>) => toPyIterator(self.iter())],
    __len__: ["__len__()", (self: ChainDataset<any>) => self.length()],
  },
  properties: { datasets: { get: (self: ChainDataset<any>) => self.datasets.map(pyObjectOf) } },
});

/** A generator argument: a torch.Generator (the runtime object) or None. */
export function argGenerator(x: any, fname: string): Generator | null {
  if (x === null) return null;
  if (x instanceof Generator) return x;
  throw pyError("TypeError", `${fname}(): argument 'generator' must be torch.Generator, not ${typeOf(x).name}`);
}

export const randomSplitFn = builtin("random_split(dataset, lengths, generator=None)", async (a) => {
  const lengths = [...await toArray(a.lengths)].map((x) => argFloat(x, "random_split", "lengths"));
  return await randomSplit(new PyMapDataset(a.dataset), lengths, argGenerator(a.generator, "random_split"));
});

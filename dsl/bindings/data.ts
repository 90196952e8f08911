// torch.utils and torch.utils.data: DataLoader and its iterator, get_worker_info, and the module
// assembled from data_datasets.ts, data_samplers.ts and data_collate.ts (over runtime/data).

import {
  argInt,
  callPython,
  nativeClass,
  pyError,
  PyModule,
  registeredModule,
  repr,
  truthy,
} from "../runtime/binding.ts";
import { normBig } from "../runtime/values.ts";
import { DataLoader, DataLoaderIterator } from "../../runtime/data/dataloader.ts";
import { getWorkerInfo } from "../../runtime/data/worker.ts";
import { defaultCollateFn, defaultConvertFn, pyDefaultCollate, pyDefaultConvert } from "./data_collate.ts";
import {
  argGenerator,
  randomSplitFn,
  T_ChainDataset,
  T_ConcatDataset,
  T_Dataset,
  T_IterableDataset,
  T_Subset,
  T_TensorDataset,
  toDataset,
} from "./data_datasets.ts";
import {
  T_BatchSampler,
  T_RandomSampler,
  T_Sampler,
  T_SequentialSampler,
  T_SubsetRandomSampler,
  T_WeightedRandomSampler,
  toSampler,
} from "./data_samplers.ts";
import { pyObjectOf } from "./data_iter.ts";
import "./data_worker_error.ts";
import { builtin } from "../runtime/binding.ts";

/** The Python-side values PyTorch keeps on a loader that the runtime holds in another form. */
interface PyLoaderFields {
  collate_fn: any;
  worker_init_fn: any;
}
const pyFields = new WeakMap<DataLoader<any>, PyLoaderFields>();

const INIT = "__init__(dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0, " +
  "collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None, multiprocessing_context=None, " +
  "generator=None, *, prefetch_factor=2, persistent_workers=False, pin_memory_device='')";

const optional = <T>(x: any, conv: (x: any) => T): T | null => (x === null ? null : conv(x));

// PyTorch hands batch_size to BatchSampler, whose check is a ValueError for a non-int too (the
// runtime checks the sign, in PyTorch's order).
async function batchSizeArg(x: any): Promise<number> {
  if (typeof x === "boolean") return +x;
  if (typeof x !== "number" && typeof x !== "bigint") {
    throw pyError("ValueError", `batch_size should be a positive integer value, but got batch_size=${await repr(x)}`);
  }
  return Number(x);
}

async function initLoader(self: DataLoader<any>, a: Record<string, any>): Promise<void> {
  const collate = a.collate_fn, workerInit = a.worker_init_fn;
  await self.setup(toDataset(a.dataset), {
    batchSize: a.batch_size === null ? null : await batchSizeArg(a.batch_size),
    shuffle: a.shuffle === null ? null : await truthy(a.shuffle),
    sampler: optional(a.sampler, toSampler),
    batchSampler: optional(a.batch_sampler, toSampler),
    numWorkers: argInt(a.num_workers, "DataLoader", "num_workers"),
    collateFn: collate === null ? null : (batch: any) => callPython(collate, batch),
    pinMemory: await truthy(a.pin_memory),
    dropLast: await truthy(a.drop_last),
    timeout: Number(a.timeout?.v ?? a.timeout),
    workerInitFn: workerInit === null ? null : (id: number) => callPython(workerInit, id),
    generator: argGenerator(a.generator, "DataLoader"),
    prefetchFactor: argInt(a.prefetch_factor, "DataLoader", "prefetch_factor"),
    persistentWorkers: await truthy(a.persistent_workers),
  });
  if (collate === null) self.collateFn = self.autoCollation ? pyDefaultCollate : pyDefaultConvert;
  pyFields.set(self, {
    collate_fn: collate ?? (self.autoCollation ? defaultCollateFn : defaultConvertFn),
    worker_init_fn: workerInit,
  });
}

/** PyTorch forbids resetting these once the loader is built. */
const frozen = (name: string) => ({
  set: () => {
    throw pyError("ValueError", `${name} attribute should not be set after DataLoader is initialized`);
  },
});

export const T_DataLoader = nativeClass({
  name: "DataLoader",
  module: "torch.utils.data.dataloader",
  jsClass: DataLoader,
  init: [INIT, initLoader],
  methods: {
    __iter__: ["__iter__()", iterLoader],
    __len__: ["__len__()", (self: DataLoader<any>) => self.length()],
  },
  properties: {
    dataset: { get: (s: DataLoader<any>) => pyObjectOf(s.dataset), ...frozen("dataset") },
    batch_size: { get: (s: DataLoader<any>) => s.batchSize, ...frozen("batch_size") },
    drop_last: { get: (s: DataLoader<any>) => s.dropLast, ...frozen("drop_last") },
    sampler: { get: (s: DataLoader<any>) => pyObjectOf(s.sampler), ...frozen("sampler") },
    batch_sampler: { get: (s: DataLoader<any>) => pyObjectOf(s.batchSampler), ...frozen("batch_sampler") },
    persistent_workers: { get: (s: DataLoader<any>) => s.persistentWorkers, ...frozen("persistent_workers") },
    num_workers: { get: (s: DataLoader<any>) => s.numWorkers },
    prefetch_factor: { get: (s: DataLoader<any>) => s.prefetchFactor },
    pin_memory: { get: (s: DataLoader<any>) => s.pinMemory },
    timeout: { get: (s: DataLoader<any>) => s.timeout },
    generator: { get: (s: DataLoader<any>) => s.generator },
    collate_fn: { get: (s: DataLoader<any>) => pyFields.get(s)?.collate_fn ?? null },
    worker_init_fn: { get: (s: DataLoader<any>) => pyFields.get(s)?.worker_init_fn ?? null },
  },
});

/**
 * The Python object over a runtime DataLoaderIterator. A wrapper, because the evaluator takes any
 * Python object with a JS next() for one of its internal iterators.
 */
class LoaderIter {
  constructor(readonly it: DataLoaderIterator<any>) {}
}

const iterClass = (name: string) =>
  nativeClass({
    name,
    module: "torch.utils.data.dataloader",
    jsClass: LoaderIter,
    methods: {
      __iter__: ["__iter__()", (s: LoaderIter) => s],
      __next__: ["__next__()", async (s: LoaderIter) => {
        const r = await s.it.next();
        if (r.done) throw pyError("StopIteration");
        return r.value;
      }],
      __len__: ["__len__()", (s: LoaderIter) => s.it.length()],
    },
    properties: { _base_seed: { get: (s: LoaderIter) => normBig(s.it.baseSeed) } },
  });

const T_SingleProcessDataLoaderIter = iterClass("_SingleProcessDataLoaderIter");
const T_MultiProcessingDataLoaderIter = iterClass("_MultiProcessingDataLoaderIter");

/** iter(loader); a persistent-worker loader gives the same Python iterator each pass, as PyTorch. */
const pyIters = new WeakMap<DataLoaderIterator<any>, LoaderIter>();
async function iterLoader(self: DataLoader<any>): Promise<LoaderIter> {
  const it = await self.iter();
  let py = pyIters.get(it);
  if (py === undefined) {
    py = new LoaderIter(it);
    if (self.numWorkers > 0) (py as any).$cls = T_MultiProcessingDataLoaderIter;
    pyIters.set(it, py);
  }
  return py;
}

/** get_worker_info()'s answer inside a worker. */
class WorkerInfoObject {
  constructor(readonly id: number, readonly num_workers: number, readonly seed: any, readonly dataset: any) {}
}

const T_WorkerInfo = nativeClass({
  name: "WorkerInfo",
  module: "torch.utils.data._utils.worker",
  jsClass: WorkerInfoObject,
  properties: {
    id: { get: (s: WorkerInfoObject) => s.id },
    num_workers: { get: (s: WorkerInfoObject) => s.num_workers },
    seed: { get: (s: WorkerInfoObject) => s.seed },
    dataset: { get: (s: WorkerInfoObject) => s.dataset },
  },
});

const getWorkerInfoFn = builtin("get_worker_info()", () => {
  const info = getWorkerInfo();
  if (info === null) return null;
  return new WorkerInfoObject(info.id, info.numWorkers, normBig(info.seed), pyObjectOf(info.dataset));
});

let utils: PyModule | null = null;

/** The torch.utils module with torch.utils.data (and its dataset/sampler/dataloader submodules), created once. */
export function utilsModule(): PyModule {
  if (utils) return utils;
  const datasets = {
    Dataset: T_Dataset,
    IterableDataset: T_IterableDataset,
    TensorDataset: T_TensorDataset,
    Subset: T_Subset,
    ConcatDataset: T_ConcatDataset,
    ChainDataset: T_ChainDataset,
    random_split: randomSplitFn,
  };
  const samplers = {
    Sampler: T_Sampler,
    SequentialSampler: T_SequentialSampler,
    RandomSampler: T_RandomSampler,
    SubsetRandomSampler: T_SubsetRandomSampler,
    BatchSampler: T_BatchSampler,
    WeightedRandomSampler: T_WeightedRandomSampler,
  };
  const loader = {
    DataLoader: T_DataLoader,
    default_collate: defaultCollateFn,
    default_convert: defaultConvertFn,
    get_worker_info: getWorkerInfoFn,
  };
  const data = registeredModule("torch.utils.data", {
    ...datasets,
    ...samplers,
    ...loader,
    dataset: registeredModule("torch.utils.data.dataset", datasets),
    sampler: registeredModule("torch.utils.data.sampler", samplers),
    dataloader: registeredModule("torch.utils.data.dataloader", loader),
  });
  utils = registeredModule("torch.utils", { data });
  return utils;
}

void T_WorkerInfo;
void T_SingleProcessDataLoaderIter;

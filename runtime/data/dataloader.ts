// torch.utils.data.DataLoader (PyTorch 1.13): a dataset, an index sampler and a collate function,
// iterated batch by batch.
//
// Random numbers are drawn in PyTorch's order: creating an iterator draws `_base_seed` from the
// loader's generator (the default one if none), and a shuffling RandomSampler then draws its own
// seed on the first batch. With num_workers > 0 the batches are still loaded in this process, each by
// an emulated worker (worker.ts), and the first prefetch_factor * num_workers index batches are drawn
// when the iterator is created, as PyTorch's prefetching does.

import { TorchError, valueError } from "../errors.ts";
import { defaultGenerator, type Generator } from "../random/generator.ts";
import { randomInt64 } from "../random/sampling.ts";
import { defaultCollate } from "./collate.ts";
import { type AnyDataset, isIterableDataset, type MaybePromise } from "./dataset.ts";
import { BatchSampler, RandomSampler, type Sampler, samplerLength, SequentialSampler } from "./sampler.ts";
import { Worker } from "./worker.ts";
import { END, Fetcher } from "./fetcher.ts";

export type CollateFn = (data: any) => MaybePromise<unknown>;

export interface DataLoaderOptions {
  /** null turns automatic batching off (each sample is converted, not collated). */
  batchSize?: number | null;
  shuffle?: boolean | null;
  sampler?: Sampler<unknown> | null;
  batchSampler?: Sampler<unknown[]> | null;
  numWorkers?: number;
  collateFn?: CollateFn | null;
  pinMemory?: boolean;
  dropLast?: boolean;
  timeout?: number;
  workerInitFn?: ((workerId: number) => MaybePromise<unknown>) | null;
  generator?: Generator | null;
  prefetchFactor?: number;
  persistentWorkers?: boolean;
}

/** An infinite stream of nulls: the index sampler of an iterable-style dataset. */
class InfiniteConstantSampler implements Sampler<null> {
  *iter(): globalThis.Generator<null> {
    for (;;) yield null;
  }
}

export class DataLoader<T = unknown> {
  dataset!: AnyDataset<T>;
  batchSize!: number | null;
  dropLast!: boolean;
  sampler!: Sampler<unknown>;
  batchSampler!: Sampler<unknown[]> | null;
  collateFn!: CollateFn;
  numWorkers!: number;
  prefetchFactor!: number;
  pinMemory!: boolean;
  timeout!: number;
  workerInitFn!: ((workerId: number) => MaybePromise<unknown>) | null;
  generator!: Generator | null;
  persistentWorkers!: boolean;
  /** The iterator kept between passes when workers are persistent. */
  persistentIterator: DataLoaderIterator<T> | null = null;

  /** A loader, with the checks PyTorch's constructor makes (some need the dataset's length). */
  static async create<T>(dataset: AnyDataset<T>, opts: DataLoaderOptions = {}): Promise<DataLoader<T>> {
    const loader = Object.create(DataLoader.prototype) as DataLoader<T>;
    return await loader.setup(dataset, opts);
  }

  /** The constructor's work, for bindings that allocate the object themselves. */
  async setup(dataset: AnyDataset<T>, opts: DataLoaderOptions = {}): Promise<this> {
    const numWorkers = opts.numWorkers ?? 0, timeout = opts.timeout ?? 0, prefetch = opts.prefetchFactor ?? 2;
    if (numWorkers < 0) {
      throw valueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    }
    if (timeout < 0) throw valueError("timeout option should be non-negative");
    if (numWorkers === 0 && prefetch !== 2) {
      throw valueError(
        "prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.",
      );
    }
    if (!(prefetch > 0)) throw new TorchError("AssertionError", "");
    const persistent = opts.persistentWorkers ?? false;
    if (persistent && numWorkers === 0) throw valueError("persistent_workers option needs num_workers > 0");

    let { sampler = null, batchSampler = null, dropLast = false } = opts;
    let batchSize = opts.batchSize === undefined ? 1 : opts.batchSize;
    let shuffle = opts.shuffle ?? null;
    const iterable = isIterableDataset(dataset);
    if (iterable) {
      if (shuffle !== null && shuffle !== false) {
        throw valueError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True`);
      }
      if (sampler !== null) throw valueError("DataLoader with IterableDataset: expected unspecified sampler option");
      if (batchSampler !== null) {
        throw valueError("DataLoader with IterableDataset: expected unspecified batch_sampler option");
      }
    } else shuffle = !!shuffle;
    if (sampler !== null && shuffle) throw valueError("sampler option is mutually exclusive with shuffle");
    if (batchSampler !== null) {
      if (batchSize !== 1 || shuffle || sampler !== null || dropLast) {
        throw valueError(
          "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
        );
      }
      batchSize = null;
      dropLast = false;
    } else if (batchSize === null && dropLast) {
      throw valueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    if (sampler === null) {
      if (iterable) sampler = new InfiniteConstantSampler();
      else if (shuffle) sampler = await new RandomSampler(dataset, { generator: opts.generator }).validate();
      else sampler = new SequentialSampler(dataset);
    }
    if (batchSize !== null && batchSampler === null) batchSampler = new BatchSampler(sampler, batchSize, dropLast);

    Object.assign(this, {
      dataset,
      batchSize,
      dropLast,
      sampler,
      batchSampler,
      numWorkers,
      prefetchFactor: prefetch,
      pinMemory: opts.pinMemory ?? false,
      timeout,
      workerInitFn: opts.workerInitFn ?? null,
      generator: opts.generator ?? null,
      persistentWorkers: persistent,
    });
    this.collateFn = opts.collateFn ?? (this.autoCollation ? defaultCollate : (x: unknown) => x);
    this.persistentIterator = null;
    return this;
  }

  /** Batching is automatic when there is a batch sampler. */
  get autoCollation(): boolean {
    return this.batchSampler !== null;
  }

  /** The sampler whose items the fetcher receives: batches of indices, or single indices. */
  get indexSampler(): Sampler<unknown> {
    return this.batchSampler ?? this.sampler;
  }

  /** len(loader): batches per pass (for iterable datasets, from the dataset's length). */
  async length(): Promise<number> {
    if (isIterableDataset(this.dataset)) {
      if (!this.dataset.length) throw new TorchError("TypeError", "object of type 'IterableDataset' has no len()");
      const n = await this.dataset.length();
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    return await samplerLength(this.indexSampler);
  }

  /** A new pass over the data (the same, reset, iterator when workers are persistent). */
  async iter(): Promise<DataLoaderIterator<T>> {
    if (this.persistentWorkers && this.numWorkers > 0) {
      if (this.persistentIterator === null) this.persistentIterator = await DataLoaderIterator.start(this);
      else await this.persistentIterator.reset();
      return this.persistentIterator;
    }
    return await DataLoaderIterator.start(this);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
    const it = await this.iter();
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
}

/** One pass over a DataLoader (PyTorch's _SingleProcessDataLoaderIter / _MultiProcessingDataLoaderIter). */
export class DataLoaderIterator<T = unknown> {
  readonly baseSeed: bigint;
  #indices!: Iterator<unknown> | AsyncIterator<unknown>;
  #pending: IteratorResult<unknown>[] = [];
  #workers: Worker<AnyDataset<T>>[] = [];
  #fetchers: Fetcher<T>[] = [];
  #active: boolean[] = [];
  #nextWorker = 0;
  numYielded = 0;

  /** Use DataLoaderIterator.start (or loader.iter()), which also starts the sampler. */
  constructor(readonly loader: DataLoader<T>) {
    this.baseSeed = randomInt64(loader.generator ?? defaultGenerator());
  }

  static async start<T>(loader: DataLoader<T>): Promise<DataLoaderIterator<T>> {
    const it = new DataLoaderIterator(loader);
    it.#indices = await loader.indexSampler.iter();
    const n = loader.numWorkers;
    if (n === 0) it.#fetchers = [await Fetcher.create(loader)];
    for (let id = 0; id < n; id++) {
      const worker = new Worker(id, n, it.baseSeed, loader.dataset);
      it.#workers.push(worker);
      await worker.run(() => loader.workerInitFn?.(id));
      it.#fetchers.push(await worker.run(() => Fetcher.create(loader)));
    }
    await it.#prefetch();
    return it;
  }

  /** Starts a new pass with the same (persistent) workers: no new base seed, fresh dataset iterators. */
  async reset(): Promise<void> {
    this.#indices = await this.loader.indexSampler.iter();
    this.#pending = [];
    this.numYielded = 0;
    for (let id = 0; id < this.#workers.length; id++) {
      this.#fetchers[id] = await this.#workers[id].run(() => Fetcher.create(this.loader));
    }
    await this.#prefetch();
  }

  /** PyTorch sends prefetch_factor * num_workers index batches to the workers up front. */
  async #prefetch(): Promise<void> {
    this.#active = this.#workers.map(() => true);
    this.#nextWorker = 0;
    for (let k = 0; k < this.loader.prefetchFactor * this.#workers.length; k++) {
      this.#pending.push(await this.#indices.next());
    }
  }

  async #nextIndex(): Promise<IteratorResult<unknown>> {
    return this.#pending.shift() ?? await this.#indices.next();
  }

  /** The next batch, or done at the end of the pass. */
  async next(): Promise<IteratorResult<unknown>> {
    for (;;) {
      const r = await this.#nextIndex();
      if (r.done) return { done: true, value: undefined };
      const data = this.#workers.length === 0
        ? await this.#fetchers[0].fetch(r.value)
        : await this.#fetchAsWorker(r.value);
      if (data === END) {
        if (this.#workers.length === 0 || !this.#active.includes(true)) return { done: true, value: undefined };
        continue;
      }
      this.numYielded++;
      return { done: false, value: data };
    }
  }

  /** Round-robin over the workers still active, as PyTorch hands out tasks. */
  async #fetchAsWorker(index: unknown): Promise<unknown> {
    if (!this.#active.includes(true)) return END;
    while (!this.#active[this.#nextWorker]) this.#nextWorker = (this.#nextWorker + 1) % this.#workers.length;
    const id = this.#nextWorker;
    this.#nextWorker = (id + 1) % this.#workers.length;
    const data = await this.#workers[id].run(() => this.#fetchers[id].fetch(index));
    if (data === END) this.#active[id] = false;
    return data;
  }

  async length(): Promise<number> {
    return await samplerLength(this.loader.indexSampler);
  }
}

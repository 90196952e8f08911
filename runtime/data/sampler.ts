// Samplers (torch.utils.data.sampler, PyTorch 1.13): iterables of dataset indices.
//
// Iteration is lazy exactly where PyTorch's generator functions are: RandomSampler draws its seed
// from the default generator on the first next(), not when iter() is called, because that order
// decides every random number a script draws afterwards.

import { TorchError, valueError } from "../errors.ts";
import { defaultGenerator, Generator } from "../random/generator.ts";
import { randintValues, randomInt64, randpermValues } from "../random/sampling.ts";
import type { MaybePromise, Sized } from "./dataset.ts";

/** Anything a DataLoader can draw indices (or batches of indices) from. */
export interface Sampler<I = number> {
  iter(): MaybePromise<Iterator<I> | AsyncIterator<I>>;
  length?(): MaybePromise<number>;
}

/** The length of a sampler (PyTorch's len(sampler)); a TypeError when it has none. */
export function samplerLength(s: Sampler<unknown>): MaybePromise<number> {
  if (!s.length) throw new TorchError("TypeError", "object of type 'sampler' has no len()");
  return s.length();
}

/** 0, 1, ..., len(dataSource) - 1. */
export class SequentialSampler implements Sampler<number> {
  constructor(readonly dataSource: Sized) {}
  async *iter(): AsyncGenerator<number> {
    const n = await this.dataSource.length();
    for (let i = 0; i < n; i++) yield i;
  }
  length(): MaybePromise<number> {
    return this.dataSource.length();
  }
}

export interface RandomSamplerOptions {
  replacement?: boolean;
  /** Defaults to len(dataSource). */
  numSamples?: number | null;
  /** Defaults to a fresh generator seeded from the default one at each iteration. */
  generator?: Generator | null;
}

/** A random permutation per pass (or draws with replacement), seeded as PyTorch's RandomSampler. */
export class RandomSampler implements Sampler<number> {
  dataSource!: Sized;
  replacement!: boolean;
  numSamplesOption!: number | null;
  generator!: Generator | null;

  constructor(dataSource: Sized, opts: RandomSamplerOptions = {}) {
    this.configure(dataSource, opts);
  }

  /** Sets the fields (for bindings that allocate the object themselves); call validate() after. */
  configure(dataSource: Sized, opts: RandomSamplerOptions = {}): this {
    this.dataSource = dataSource;
    this.replacement = opts.replacement ?? false;
    this.numSamplesOption = opts.numSamples ?? null;
    this.generator = opts.generator ?? null;
    return this;
  }

  /** PyTorch's constructor check, which needs len(dataSource) and so may be asynchronous. */
  async validate(): Promise<this> {
    const n = await this.numSamples();
    if (!Number.isInteger(n) || n <= 0) {
      throw valueError(`num_samples should be a positive integer value, but got num_samples=${n}`);
    }
    return this;
  }

  numSamples(): MaybePromise<number> {
    return this.numSamplesOption ?? this.dataSource.length();
  }

  async *iter(): AsyncGenerator<number> {
    const n = await this.dataSource.length();
    const gen = this.generator ?? new Generator(randomInt64(defaultGenerator()));
    const total = await this.numSamples();
    if (this.replacement) {
      for (let k = 0; k < Math.floor(total / 32); k++) yield* randintValues(gen, 32, "int64", 0, n);
      yield* randintValues(gen, total % 32, "int64", 0, n);
    } else {
      for (let k = 0; k < Math.floor(total / n); k++) yield* randpermValues(gen, n);
      // PyTorch draws this last permutation even when it keeps none of it.
      yield* randpermValues(gen, n).subarray(0, total % n);
    }
  }

  length(): MaybePromise<number> {
    return this.numSamples();
  }
}

/** The given indices in a random order (one torch.randperm per pass). */
export class SubsetRandomSampler<I = number> implements Sampler<I> {
  constructor(readonly indices: readonly I[], readonly generator: Generator | null = null) {}
  *iter(): Generator_<I> {
    const gen = this.generator ?? defaultGenerator();
    for (const i of randpermValues(gen, this.indices.length)) yield this.indices[i];
  }
  length(): number {
    return this.indices.length;
  }
}

type Generator_<T> = globalThis.Generator<T, void, unknown>;

/** Groups another sampler's indices into lists of batchSize (the last one shorter unless dropLast). */
export class BatchSampler<I = number> implements Sampler<I[]> {
  constructor(readonly sampler: Sampler<I>, readonly batchSize: number, readonly dropLast: boolean) {
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw valueError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
  }

  async *iter(): AsyncGenerator<I[]> {
    const it = await this.sampler.iter();
    let batch: I[] = [];
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      batch.push(r.value);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }

  async length(): Promise<number> {
    const n = await samplerLength(this.sampler);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}

// Datasets (torch.utils.data.dataset, PyTorch 1.13): the map-style and iterable-style interfaces a
// DataLoader reads, and the ready-made ones: TensorDataset, Subset, ConcatDataset, ChainDataset.
//
// Lengths and items may come back as Promises, because a dataset written in tsl answers
// asynchronously; native code awaits them.

import { indexError, TorchError, valueError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { select } from "../ops/slicing.ts";

export type MaybePromise<T> = T | Promise<T>;

/** Something with a size (a dataset, a sampler's data source). */
export interface Sized {
  length(): MaybePromise<number>;
}

/** A map-style dataset: `get(index)` for index in [0, length). */
export interface Dataset<T = unknown, I = number> extends Sized {
  get(index: I): MaybePromise<T>;
}

/** An iterable-style dataset: a stream of samples; a length is optional. */
export interface IterableDataset<T = unknown> {
  iterable: true;
  iter(): MaybePromise<Iterator<T> | AsyncIterator<T>>;
  length?(): MaybePromise<number>;
}

export type AnyDataset<T = unknown> = Dataset<T, any> | IterableDataset<T>;

export const isIterableDataset = <T>(d: AnyDataset<T>): d is IterableDataset<T> =>
  (d as IterableDataset<T>).iterable === true;

/** Samples are the rows (index along dim 0) of each tensor, as a tuple. */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw indexError("tuple index out of range");
    if (!tensors.every((t) => t.shape[0] === tensors[0].shape[0])) {
      throw assertionError("Size mismatch between tensors");
    }
    this.tensors = tensors;
  }
  length(): number {
    return this.tensors[0].shape[0];
  }
  get(index: number): Tensor[] {
    return this.tensors.map((t) => select(t, 0, index));
  }
}

/** The samples of `dataset` at `indices`, in that order. */
export class Subset<T, I = number> implements Dataset<T> {
  constructor(readonly dataset: Dataset<T, I>, readonly indices: readonly I[]) {}
  length(): number {
    return this.indices.length;
  }
  get(index: number): MaybePromise<T> {
    const i = index < 0 ? index + this.indices.length : index;
    if (i < 0 || i >= this.indices.length) throw indexError("list index out of range");
    return this.dataset.get(this.indices[i]);
  }
}

/** Datasets one after another; `cumulativeSizes[k]` is the length of the first k+1 of them. */
export class ConcatDataset<T> implements Dataset<T> {
  /** Prefer ConcatDataset.of, which reads the sizes. */
  constructor(readonly datasets: readonly Dataset<T>[], readonly cumulativeSizes: readonly number[]) {}

  /** Sizes are read once, at construction, as PyTorch does. */
  static async of<T>(datasets: readonly Dataset<T>[]): Promise<ConcatDataset<T>> {
    if (datasets.length === 0) throw assertionError("datasets should not be an empty iterable");
    const sizes: number[] = [];
    let total = 0;
    for (const d of datasets) {
      if (isIterableDataset(d as AnyDataset<T>)) throw assertionError("ConcatDataset does not support IterableDataset");
      total += await d.length();
      sizes.push(total);
    }
    return new ConcatDataset(datasets, sizes);
  }

  length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }

  get(index: number): MaybePromise<T> {
    let idx = index;
    if (idx < 0) {
      if (-idx > this.length()) throw valueError("absolute value of index should not exceed dataset length");
      idx += this.length();
    }
    const k = bisectRight(this.cumulativeSizes, idx);
    if (k >= this.datasets.length) throw indexError("list index out of range");
    return this.datasets[k].get(k === 0 ? idx : idx - this.cumulativeSizes[k - 1]);
  }
}

/** Iterable datasets one after another. */
export class ChainDataset<T> implements IterableDataset<T> {
  readonly iterable = true;
  constructor(readonly datasets: readonly IterableDataset<T>[]) {}
  async *iter(): AsyncGenerator<T> {
    for (const d of this.datasets) {
      const it = await d.iter();
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        yield r.value;
      }
    }
  }
  async length(): Promise<number> {
    let total = 0;
    for (const d of this.datasets) {
      if (!d.length) throw new TorchError("TypeError", "object has no len()");
      total += await d.length();
    }
    return total;
  }
}

function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export const assertionError = (msg: string): TorchError => new TorchError("AssertionError", msg);

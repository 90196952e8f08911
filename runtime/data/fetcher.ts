// Reading one batch (PyTorch's _MapDatasetFetcher / _IterableDatasetFetcher): the samples for a
// batch of indices, collated; or, without automatic batching, one sample, converted.

import type { AnyDataset, Dataset } from "./dataset.ts";
import { isIterableDataset } from "./dataset.ts";
import type { CollateFn, DataLoader } from "./dataloader.ts";

/** A fetcher's answer when an iterable-style dataset is exhausted. */
export const END: unique symbol = Symbol("end of dataset");

export class Fetcher<T> {
  #iterator: Iterator<T> | AsyncIterator<T> | null = null;
  #ended = false;

  private constructor(
    readonly dataset: AnyDataset<T>,
    readonly autoCollation: boolean,
    readonly collateFn: CollateFn,
    readonly dropLast: boolean,
  ) {}

  /** A fetcher for one pass; an iterable dataset's iterator is made here, as PyTorch does. */
  static async create<T>(loader: DataLoader<T>): Promise<Fetcher<T>> {
    const f = new Fetcher(loader.dataset, loader.autoCollation, loader.collateFn, loader.dropLast);
    if (isIterableDataset(f.dataset)) f.#iterator = await f.dataset.iter();
    return f;
  }

  async fetch(index: unknown): Promise<unknown> {
    if (this.#iterator !== null) return await this.#fetchStream(index);
    const dataset = this.dataset as Dataset<T, unknown>;
    if (!this.autoCollation) return await this.collateFn(await dataset.get(index));
    const data: T[] = [];
    for (const i of index as unknown[]) data.push(await dataset.get(i));
    return await this.collateFn(data);
  }

  async #fetchStream(batch: unknown): Promise<unknown> {
    if (this.#ended) return END;
    const it = this.#iterator!;
    if (!this.autoCollation) {
      const r = await it.next();
      if (r.done) {
        this.#ended = true;
        return END;
      }
      return await this.collateFn(r.value);
    }
    const wanted = (batch as unknown[]).length;
    const data: T[] = [];
    for (let k = 0; k < wanted; k++) {
      const r = await it.next();
      if (r.done) {
        this.#ended = true;
        break;
      }
      data.push(r.value);
    }
    if (data.length === 0 || (this.dropLast && data.length < wanted)) return END;
    return await this.collateFn(data);
  }
}

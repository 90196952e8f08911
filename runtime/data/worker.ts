// DataLoader workers, emulated in-process. PyTorch runs each worker in its own process whose torch
// generator is seeded with base_seed + worker_id; whatever a dataset draws there never touches the
// main process's generator. Here a worker is that seeded generator state plus its info: while a
// worker fetches, its state is swapped into the default generator, so a dataset that draws random
// numbers sees the worker's stream and the script's own stream is left as PyTorch leaves it.
// (Python's `random` module is not reseeded per worker; workers run one after another.)
// An error raised inside a worker reaches the main script through reraiseWorkerError, which the
// Python bindings set to PyTorch's wording ("Caught ValueError in DataLoader worker process 0.").

import { defaultGenerator, Generator, type GeneratorState } from "../random/generator.ts";
import type { MaybePromise } from "./dataset.ts";

/** What torch.utils.data.get_worker_info() returns inside a worker. */
export interface WorkerInfo<D = unknown> {
  readonly id: number;
  readonly numWorkers: number;
  readonly seed: bigint;
  readonly dataset: D;
}

let current: WorkerInfo | null = null;

/** Turns an error thrown while `workerId` ran into the one the main process sees. */
export type WorkerErrorWrapper = (error: unknown, workerId: number) => MaybePromise<unknown>;
let wrapWorkerError: WorkerErrorWrapper = (error) => error;

/** Sets how worker errors are re-raised in the main process (by default, unchanged). */
export function setWorkerErrorWrapper(wrap: WorkerErrorWrapper): void {
  wrapWorkerError = wrap;
}

/** The info of the worker now fetching, or null in the main process. */
export const getWorkerInfo = (): WorkerInfo | null => current;

export class Worker<D = unknown> {
  readonly info: WorkerInfo<D>;
  #state: GeneratorState;

  constructor(id: number, numWorkers: number, baseSeed: bigint, dataset: D) {
    const seed = baseSeed + BigInt(id);
    this.info = { id, numWorkers, seed, dataset };
    this.#state = new Generator(seed).getState();
  }

  /** Runs `fn` as this worker: its generator state and info in place, the main ones restored after. */
  async run<T>(fn: () => MaybePromise<T>): Promise<T> {
    const gen = defaultGenerator();
    const mainState = gen.getState();
    const mainInfo = current;
    gen.setState(this.#state);
    current = this.info;
    try {
      return await fn();
    } catch (e) {
      current = mainInfo; // the wrapper runs in the main process
      throw await wrapWorkerError(e, this.info.id);
    } finally {
      this.#state = gen.getState();
      gen.setState(mainState);
      current = mainInfo;
    }
  }
}

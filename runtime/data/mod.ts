// torch.utils.data for embedders: datasets, samplers, collation and the DataLoader.

export * from "./dataset.ts";
export * from "./sampler.ts";
export * from "./collate.ts";
export * from "./random_split.ts";
export * from "./dataloader.ts";
export { END } from "./fetcher.ts";
export { getWorkerInfo, type WorkerInfo } from "./worker.ts";
export * from "./weighted_sampler.ts";

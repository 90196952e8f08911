// Command batching. Kernels run synchronously but only encode: every dispatch goes into one shared
// command encoder and compute pass, and nothing is submitted per op. Work is submitted when
// something must see its results (a read), before an upload into a buffer that unsubmitted work
// uses, and every MAX_BATCH dispatches so the GPU starts on long op sequences early.
//
// Waiting is what costs (each wait on lavapipe in Deno is ~11 ms), so a read submits, copies into
// a staging buffer and awaits exactly one mapAsync; reads issued together share one wait.
// Besides reads, only an explicit synchronize() waits, and backlog.ts's backpressure: each submit
// is noted there, and a step boundary waits when the CPU is several submits ahead of the GPU.
//
// Ordering: queue.writeBuffer takes effect before the next submit, i.e. before commands encoded
// earlier but not yet submitted. Each pooled buffer records the batch ("epoch") that last used it;
// an upload into a buffer used by the open batch submits the batch first.

import { DTYPES, type TypedArray } from "../../runtime/dtype.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { checkGpu, gpuDevice, gpuStarted, onGpuFailure } from "./device.ts";
import { noteSubmit } from "./backlog.ts";
import { GPU_ITEMSIZE, packForGpu, storageType, unpackFromGpu } from "./dtypes.ts";
import { clearBindGroups, getBindGroup, getPipeline, type KernelSource, META_WORDS, OPAQUE_WORD } from "./pipelines.ts";
import { BufferPool, type GpuStorage, type PooledBuffer, USAGE } from "./pool.ts";
import { recordDispatch, tracing } from "./kernel_profile.ts";

/** Dispatches per batch; also the number of meta slots in the arena. */
const MAX_BATCH = 1024;
const SLOT_BYTES = META_WORDS * 4;

/** Counters for tests and benchmarks. `waits` counts every wait on the GPU (mapAsync and friends). */
export const queueStats = { dispatches: 0, submits: 0, waits: 0, uploads: 0 };

let encoder: GPUCommandEncoder | null = null;
let pass: GPUComputePassEncoder | null = null;
let lastPipeline: GPUComputePipeline | null = null;
/** The open batch's number; bumped by each submit. */
let epoch = 0;
let slots = 0;
const metaWords = new Uint32Array(MAX_BATCH * META_WORDS);
let metaBuffer: GPUBuffer | null = null;
const stagingPool = new BufferPool(USAGE.MAP_READ | USAGE.COPY_DST);

export const currentEpoch = (): number => epoch;

function arena(): GPUBuffer {
  if (!metaBuffer) {
    metaBuffer = gpuDevice().createBuffer({ size: metaWords.byteLength, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    clearBindGroups();
  }
  return metaBuffer;
}

function openEncoder(): GPUCommandEncoder {
  encoder ??= gpuDevice().createCommandEncoder();
  return encoder;
}

/** The encoder with no pass open, for copies and clears. */
function copyEncoder(): GPUCommandEncoder {
  if (pass) {
    pass.end();
    pass = null;
  }
  return openEncoder();
}

/** One operand of a dispatch. */
export interface Binding {
  readonly storage: GpuStorage;
  /** The kernel writes this storage. */
  readonly write?: boolean;
  /** The kernel writes every element of the storage (so its old contents do not matter). */
  readonly whole?: boolean;
}

/**
 * Encodes one dispatch of `src` over `bindings`, with `meta` (u32 words; see strided.ts's Meta) in its
 * uniform block. Storages still logically zero are cleared first unless the kernel overwrites them.
 */
export function dispatch(
  src: KernelSource,
  bindings: readonly Binding[],
  meta: Uint32Array,
  groups: readonly [number, number?, number?],
): void {
  checkGpu();
  if (meta.length > OPAQUE_WORD) throw new Error(`kernel ${src.key}: ${meta.length} meta words exceed ${OPAQUE_WORD}`);
  if (slots === MAX_BATCH) flush();
  const buffers: PooledBuffer[] = [];
  let aliased = false;
  for (const b of bindings) {
    const pb = b.storage.pooled;
    if (b.storage.needsZero) {
      // Skip the clear only when no binding of this storage reads it or writes it partially.
      if (bindings.some((o) => o.storage === b.storage && !(o.write && o.whole))) copyEncoder().clearBuffer(pb.buffer);
      b.storage.needsZero = false;
    }
    if (b.write && bindings.some((o) => !o.write && o.storage.pooled === pb)) aliased = true;
    pb.epoch = epoch;
    buffers.push(pb);
  }
  const p = getPipeline(
    src,
    bindings.map((b) => storageType(b.storage.dtype)),
    bindings.map((b) => aliased || !!b.write),
  );
  metaWords.set(meta, slots * META_WORDS);
  metaWords[slots * META_WORDS + OPAQUE_WORD] = 0;
  if (!pass) {
    pass = openEncoder().beginComputePass();
    lastPipeline = null;
  }
  if (p.pipeline !== lastPipeline) {
    pass.setPipeline(p.pipeline);
    lastPipeline = p.pipeline;
  }
  const bindGroup = getBindGroup(p, buffers, arena());
  pass.setBindGroup(0, bindGroup, [slots * SLOT_BYTES]);
  if (tracing()) {
    recordDispatch({
      key: src.key,
      pipeline: p.pipeline,
      bindGroup,
      meta: new Uint32Array(meta),
      groups,
      arena: arena(),
    });
  }
  pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
  slots++;
  queueStats.dispatches++;
}

/** Submits everything encoded so far (without waiting for it). */
export function flush(): void {
  if (!encoder) return;
  checkGpu();
  if (pass) {
    pass.end();
    pass = null;
  }
  const device = gpuDevice();
  if (slots) device.queue.writeBuffer(arena(), 0, metaWords, 0, slots * META_WORDS);
  device.queue.submit([encoder.finish()]);
  noteSubmit(device.queue);
  encoder = null;
  slots = 0;
  epoch++;
  queueStats.submits++;
}

/** Fills `storage` with `data` (converted to the GPU form of its dtype). */
export function upload(storage: GpuStorage, data: ArrayLike<number>): void {
  checkGpu();
  const pb = storage.pooled;
  if (encoder && pb.epoch === epoch) flush();
  const words = packForGpu(storage.dtype, data);
  gpuDevice().queue.writeBuffer(pb.buffer, 0, words);
  storage.needsZero = false;
  queueStats.uploads++;
}

/** Copies `n` elements between storages in the command stream (same GPU element size for all). */
export function copyWords(src: GpuStorage, srcOffset: number, dst: GpuStorage, dstOffset: number, n: number): void {
  checkGpu();
  if (src.needsZero) dispatchClear(src);
  if (dst.needsZero && !(dstOffset === 0 && n === dst.length)) dispatchClear(dst);
  dst.needsZero = false;
  const s = src.pooled, d = dst.pooled;
  s.epoch = d.epoch = epoch;
  copyEncoder().copyBufferToBuffer(s.buffer, srcOffset * GPU_ITEMSIZE, d.buffer, dstOffset * GPU_ITEMSIZE, n * 4);
}

function dispatchClear(s: GpuStorage): void {
  copyEncoder().clearBuffer(s.pooled.buffer);
  s.needsZero = false;
}

/**
 * A check that rides along every read() (index_check.ts: the fault flag of the indexing and loss
 * kernels): `storage` is copied into the read's staging buffer, so it costs no wait of its own,
 * and `verdict` gets its words once the read is through (it throws the recorded error).
 */
export interface ReadCheck {
  readonly storage: GpuStorage;
  verdict(words: TypedArray): void;
}

/** Each returns the check to run along the next read, or undefined when there is nothing to check. */
export const readChecks: (() => ReadCheck | undefined)[] = [];

/** All elements of `storage`, after the work encoded so far: one submit and one wait. */
export async function read(storage: GpuStorage): Promise<TypedArray> {
  const checks = readChecks.map((check) => check()).filter((c): c is ReadCheck => c !== undefined);
  const [data, ...words] = await readTogether([storage, ...checks.map((c) => c.storage)]);
  checks.forEach((c, k) => c.verdict(words[k]));
  return data;
}

/** The storages' elements through one staging buffer: one copy each, one submit, one wait. */
async function readTogether(storages: readonly GpuStorage[]): Promise<TypedArray[]> {
  checkGpu();
  const zeros = (s: GpuStorage) => new DTYPES[s.dtype].array(s.length);
  const onGpu = (s: GpuStorage) => !s.needsZero && s.length > 0;
  if (!storages.some(onGpu)) return storages.map(zeros);
  const offsets: number[] = [];
  let bytes = 0;
  for (const s of storages) {
    offsets.push(bytes);
    if (onGpu(s)) bytes += s.length * GPU_ITEMSIZE;
  }
  const staging = stagingPool.acquire(bytes);
  storages.forEach((s, k) => {
    if (!onGpu(s)) return;
    const src = s.pooled;
    src.epoch = epoch;
    copyEncoder().copyBufferToBuffer(src.buffer, 0, staging.buffer, offsets[k], s.length * GPU_ITEMSIZE);
  });
  flush();
  try {
    await waitFor(staging.buffer.mapAsync(GPUMapMode.READ, 0, bytes));
    checkGpu();
    const mapped = staging.buffer.getMappedRange(0, bytes);
    return storages.map((s, k) => (onGpu(s) ? unpackFromGpu(s.dtype, mapped, s.length, offsets[k]) : zeros(s)));
  } finally {
    if (staging.buffer.mapState === "mapped") staging.buffer.unmap();
    stagingPool.release(staging);
  }
}

/** Waits until the GPU has finished all submitted work (torch.cuda.synchronize()); nothing before bring-up. */
export async function synchronize(): Promise<void> {
  if (!gpuStarted()) return;
  flush();
  await waitFor(gpuDevice().queue.onSubmittedWorkDone());
  checkGpu();
}

// A lost device may leave a mapAsync unresolved; racing it against the failure turns that into
// the device's error instead of a hang.
function waitFor(p: Promise<unknown>): Promise<unknown> {
  queueStats.waits++;
  let stop = () => {};
  const failed = new Promise<never>((_, reject) => {
    stop = onGpuFailure(reject);
  });
  return Promise.race([p, failed]).catch((e) => {
    checkGpu();
    throw e instanceof Error && "pyType" in e ? e : runtimeError(`WebGPU read failed: ${e?.message ?? e}`);
  }).finally(() => stop());
}

/** Destroys free staging buffers; storage buffers are emptied by pool.ts's caller. */
export function emptyStagingCache(): void {
  stagingPool.emptyCache();
}

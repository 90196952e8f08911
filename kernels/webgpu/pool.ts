// GPU memory: storages are pooled GPUBuffers. Creating a buffer is slow and a training step
// allocates the same sizes over and over, so released buffers go back to a free list per size
// class and the next allocation of that class reuses one: in steady state no buffer is created.
// A storage is released explicitly (release()) or, failing that, when it is garbage-collected.

import type { Backend, Storage } from "../backend.ts";
import type { DType } from "../../runtime/dtype.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { GPU_ITEMSIZE, warnFloat64OnGpu } from "./dtypes.ts";
import { gpuDevice } from "./device.ts";

/** One pooled buffer. `epoch` is the last command batch that used it (see queue.ts). */
export interface PooledBuffer {
  readonly buffer: GPUBuffer;
  readonly size: number;
  readonly id: number;
  epoch: number;
}

// GPUBufferUsage's values, spelled out so that loading this module needs no WebGPU globals.
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const STORAGE_USAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

/**
 * Sizes round up to a class so that near sizes share buffers: powers of two up to 4 KiB, then four
 * classes per power of two (at most 25% slack). Every class is a multiple of 16 bytes, which vec4
 * bindings need.
 */
export function sizeClass(bytes: number): number {
  const b = Math.max(64, bytes);
  const pow = 2 ** Math.ceil(Math.log2(b));
  if (pow <= 4096) return pow;
  const step = pow / 8; // classes pow/2 + k*pow/8 for k = 1..4
  return Math.ceil(b / step) * step;
}

export class BufferPool {
  #free = new Map<number, PooledBuffer[]>();
  #nextId = 1;
  /** Bytes held by live storages, and their peak. */
  allocated = 0;
  peak = 0;
  /** Bytes of every buffer created (in use or free), and how many buffers were created. */
  reserved = 0;
  created = 0;

  constructor(readonly usage: number) {}

  /**
   * A buffer of at least `bytes`. With `avoidEpoch`, prefers a free buffer not used by that
   * (still unsubmitted) batch, so that queue.writeBuffer into it needs no flush first.
   */
  acquire(bytes: number, avoidEpoch = -1): PooledBuffer {
    const size = sizeClass(bytes);
    const list = this.#free.get(size);
    let pb: PooledBuffer | undefined;
    if (list?.length) {
      let i = list.length - 1;
      if (avoidEpoch >= 0) { while (i > 0 && list[i].epoch === avoidEpoch) i--; }
      pb = list[i];
      list[i] = list[list.length - 1];
      list.pop();
    } else {
      const limit = gpuDevice().limits.maxStorageBufferBindingSize;
      if (size > limit) throw this.outOfMemory(bytes, limit);
      pb = { buffer: gpuDevice().createBuffer({ size, usage: this.usage }), size, id: this.#nextId++, epoch: -1 };
      this.reserved += size;
      this.created++;
    }
    this.allocated += size;
    if (this.allocated > this.peak) this.peak = this.allocated;
    return pb;
  }

  /**
   * PyTorch's CUDA out-of-memory error, so that scripts catching it keep working. WebGPU tells
   * neither the device's capacity nor its free memory; what it refuses is a buffer over its limit.
   */
  outOfMemory(bytes: number, limit: number): Error {
    return runtimeError(
      `CUDA out of memory. Tried to allocate ${formatSize(bytes)} (GPU 0; ${
        formatSize(limit)
      } per-buffer limit of the WebGPU device; ${formatSize(this.allocated)} already allocated; ${
        formatSize(this.reserved)
      } reserved in total by tsl)`,
    );
  }

  release(pb: PooledBuffer): void {
    this.allocated -= pb.size;
    let list = this.#free.get(pb.size);
    if (!list) this.#free.set(pb.size, list = []);
    list.push(pb);
  }

  /** Destroys the free buffers (torch.cuda.empty_cache()); returns their ids. */
  emptyCache(): Set<number> {
    const ids = new Set<number>();
    for (const list of this.#free.values()) {
      for (const pb of list) {
        ids.add(pb.id);
        this.reserved -= pb.size;
        pb.buffer.destroy();
      }
    }
    this.#free.clear();
    return ids;
  }
}

/** A byte count as PyTorch's caching allocator writes it (c10 format_size). */
export function formatSize(bytes: number): string {
  if (bytes <= 1024) return `${bytes} bytes`;
  if (bytes <= 1048576) return `${(bytes / 1024).toFixed(2)} KiB`;
  if (bytes <= 1073741824) return `${(bytes / 1048576).toFixed(2)} MiB`;
  return `${(bytes / 1073741824).toFixed(2)} GiB`;
}

/** The pool behind every GPU storage. */
export const storagePool = new BufferPool(STORAGE_USAGE);

// Storages the program dropped without release(): their buffers go back to the pool when the
// garbage collector notices. Commands already encoded that use the buffer stay correct, since
// whoever reuses it encodes its work later in the same queue (uploads check epochs, see queue.ts).
const collected = new FinalizationRegistry<PooledBuffer>((pb) => storagePool.release(pb));

export class GpuStorage implements Storage {
  #buf: PooledBuffer | undefined;
  /**
   * A pooled buffer holds stale data, but a fresh storage must read as zeros. Rather than clear
   * every buffer (most are about to be overwritten whole by a kernel), the storage remembers that
   * it is logically zero; queue.ts clears it before any partial write or read on the GPU, and a
   * read answers zeros without touching the GPU.
   */
  needsZero = true;

  constructor(readonly backend: Backend, readonly dtype: DType, readonly length: number, avoidEpoch = -1) {
    // A one-element upload is mostly a Python float moved next to a GPU operand (registry.ts's
    // onDevice), which never shows up as a float64 result; anything else is the user's float64.
    if (dtype === "float64" && (length > 1 || avoidEpoch < 0)) warnFloat64OnGpu();
    this.#buf = storagePool.acquire(Math.max(1, length) * GPU_ITEMSIZE, avoidEpoch);
    collected.register(this, this.#buf, this);
    traffic += this.#buf.size;
  }

  get pooled(): PooledBuffer {
    if (!this.#buf) throw runtimeError("a WebGPU storage was used after release()");
    return this.#buf;
  }

  /** Returns the buffer to the pool now; the storage must not be used afterwards. */
  release(): void {
    if (!this.#buf) return;
    collected.unregister(this);
    storagePool.release(this.#buf);
    this.#buf = undefined;
  }
}

let fullGc: (() => void) | null | undefined;
/** Bytes of storages created since dropped ones were last collected, and the amount that calls for it. */
let traffic = 0;
const MIN_TRAFFIC = 64 * 2 ** 20;
let trafficLimit = MIN_TRAFFIC;

/**
 * Returns dropped storages to the pool before memory is counted. PyTorch frees a tensor when its
 * last reference goes; here a dropped storage waits for the garbage collector and then for an
 * event-loop turn (FinalizationRegistry callbacks run as tasks), which may be many steps later.
 * So this runs a full collection (V8's gc, exposed through node:v8 where the runtime allows it)
 * and yields one turn.
 */
export async function settleReleases(): Promise<void> {
  if (fullGc === undefined) {
    try {
      const [{ default: v8 }, { default: vm }] = await Promise.all([import("node:v8"), import("node:vm")]);
      v8.setFlagsFromString("--expose-gc");
      fullGc = vm.runInNewContext("gc") as () => void;
    } catch {
      fullGc = null; // counts then include storages not collected yet
    }
  }
  fullGc?.();
  await new Promise((resolve) => setTimeout(resolve, 0));
  traffic = 0;
  trafficLimit = Math.max(MIN_TRAFFIC, 2 * storagePool.allocated);
}

/**
 * Collects dropped storages once enough were created since the last time, else does nothing (and
 * answers undefined, so callers need not await). A loop that never waits on the GPU (lazy .item())
 * never gives FinalizationRegistry a turn, so without this the pool would grow by every step's
 * temporaries; with it, memory stays within the live tensors plus about twice their size (64 MiB
 * at least). The interpreter calls it once per optimizer step.
 */
export function releaseDroppedIfDue(): Promise<void> | undefined {
  return traffic >= trafficLimit ? settleReleases() : undefined;
}

/** torch.cuda.memory_allocated(): bytes held by live GPU storages (rounded up to size classes). */
export const memoryAllocated = (): number => storagePool.allocated;
/** torch.cuda.max_memory_allocated(). */
export const maxMemoryAllocated = (): number => storagePool.peak;
/** torch.cuda.memory_reserved(): bytes of all pooled buffers, free ones included. */
export const memoryReserved = (): number => storagePool.reserved;
export function resetPeakMemoryStats(): void {
  storagePool.peak = storagePool.allocated;
}

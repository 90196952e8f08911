// The WebGPU backend object: storages are pooled GPU buffers (pool.ts), kernels encode into the
// shared command batch (queue.ts), reads are asynchronous only.

import { type Backend, type Kernel, KernelTable, type Storage, type View } from "../backend.ts";
import type { DType, TypedArray } from "../../runtime/dtype.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { GpuStorage } from "./pool.ts";
import { currentEpoch, read, upload } from "./queue.ts";

/** The WebGPU kernels, filled by the kernel files in this folder (see mod.ts). */
export const webgpuKernels = new KernelTable();

class WebGpuBackend implements Backend {
  readonly name = "webgpu";

  alloc(dtype: DType, length: number): GpuStorage {
    return new GpuStorage(this, dtype, length);
  }

  upload(dtype: DType, data: ArrayLike<number>): GpuStorage {
    // Prefer a buffer the open batch does not use, so the write needs no submit first.
    const s = new GpuStorage(this, dtype, data.length, currentEpoch());
    if (data.length) upload(s, data);
    return s;
  }

  read(storage: Storage): Promise<TypedArray> {
    return read(gpuStorage(storage));
  }

  readSync(): undefined {
    return undefined;
  }

  kernel(op: string): Kernel | undefined {
    return webgpuKernels.get(op);
  }
}

export const webgpuBackend: Backend = new WebGpuBackend();

/** The GPU storage behind a storage or view (a clear error for a storage of another backend). */
export function gpuStorage(s: Storage): GpuStorage {
  if (!(s instanceof GpuStorage)) {
    throw runtimeError(`expected a WebGPU storage, got one of the ${s.backend.name} backend`);
  }
  return s;
}

export const storageOf = (v: View): GpuStorage => gpuStorage(v.storage);

/** Whether writing every element of `v` overwrites its whole storage (so stale data never shows). */
export const coversStorage = (v: View): boolean =>
  v.offset === 0 && numelOf(v.shape) === v.storage.length && isContiguous(v.shape, v.strides);

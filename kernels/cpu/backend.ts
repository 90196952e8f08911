// The CPU backend: storages are typed arrays, kernels are synchronous TypeScript (later WASM).

import { type Backend, type Kernel, KernelTable, type Storage, type View } from "../backend.ts";
import { type DType, DTYPES, type TypedArray } from "../../runtime/dtype.ts";
import { runtimeError } from "../../runtime/errors.ts";

export class CpuStorage implements Storage {
  constructor(readonly backend: Backend, readonly dtype: DType, readonly data: TypedArray) {}
  get length(): number {
    return this.data.length;
  }
}

/** The CPU kernels, filled by the kernel files in this folder (see kernels/cpu/mod.ts). */
export const cpuKernels = new KernelTable();

class CpuBackend implements Backend {
  readonly name = "cpu";

  alloc(dtype: DType, length: number): CpuStorage {
    return new CpuStorage(this, dtype, allocArray(dtype, length));
  }

  upload(dtype: DType, data: ArrayLike<number>): CpuStorage {
    const arr = allocArray(dtype, data.length);
    if (dtype === "bool") { for (let i = 0; i < data.length; i++) arr[i] = data[i] ? 1 : 0; }
    else if (dtype === "int64") { for (let i = 0; i < data.length; i++) arr[i] = Math.trunc(data[i]); }
    else arr.set(data as ArrayLike<number>);
    return new CpuStorage(this, dtype, arr);
  }

  read(storage: Storage): Promise<TypedArray> {
    return Promise.resolve(this.readSync(storage));
  }

  readSync(storage: Storage): TypedArray {
    return (storage as CpuStorage).data.slice();
  }

  kernel(op: string): Kernel | undefined {
    return cpuKernels.get(op);
  }
}

/**
 * A zeroed array of `length` elements. V8 refuses sizes beyond its limits or the machine's memory with
 * a RangeError; a script sees PyTorch's out-of-memory RuntimeError instead, and can catch it.
 */
function allocArray(dtype: DType, length: number): TypedArray {
  try {
    return new DTYPES[dtype].array(length);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const bytes = length * DTYPES[dtype].itemsize;
    throw runtimeError(
      `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`,
    );
  }
}

export const cpuBackend: Backend = new CpuBackend();

/** The typed array behind a CPU view. */
export const arrayOf = (v: View): TypedArray => (v.storage as CpuStorage).data;

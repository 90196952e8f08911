// The contract between runtime/ and a compute backend. runtime/ never touches a backend's memory
// directly: it allocates, uploads and reads storages through this interface and runs kernels that
// the backend registered under an op's name.

import type { DType, TypedArray } from "../runtime/dtype.ts";

/** A backend-owned block of elements of one dtype. */
export interface Storage {
  readonly backend: Backend;
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
}

/** A strided window on a storage: what every kernel reads and writes. */
export interface View {
  readonly storage: Storage;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * A kernel computes `outputs` from `inputs`. Outputs are allocated (or, for in-place and `out=`
 * calls, supplied) by the dispatcher with the shape and dtype that the op's rule gave, and may be
 * strided. Inputs may have any dtype; a kernel converts as it reads.
 */
export type Kernel<P = any> = (inputs: readonly View[], outputs: readonly View[], params: P) => void;

export interface Backend {
  /** "cpu" or "webgpu". */
  readonly name: string;
  /** A zero-filled storage. */
  alloc(dtype: DType, length: number): Storage;
  /** A storage holding `data` converted to `dtype`. */
  upload(dtype: DType, data: ArrayLike<number>): Storage;
  /** All elements of a storage, in a fresh array of the dtype's array type. Awaitable for GPUs. */
  read(storage: Storage): Promise<TypedArray>;
  /** The same, synchronously, or undefined where the backend can only read asynchronously. */
  readSync(storage: Storage): TypedArray | undefined;
  /** The kernel registered for `op`, or undefined. */
  kernel(op: string): Kernel | undefined;
}

/** A name → kernel table that backends fill from their op files. */
export class KernelTable {
  #kernels = new Map<string, Kernel>();

  register<P>(op: string, kernel: Kernel<P>): void {
    if (this.#kernels.has(op)) throw new Error(`kernel '${op}' registered twice`);
    this.#kernels.set(op, kernel as Kernel);
  }

  get(op: string): Kernel | undefined {
    return this.#kernels.get(op);
  }

  names(): string[] {
    return [...this.#kernels.keys()];
  }
}

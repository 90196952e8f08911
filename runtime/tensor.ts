// The Tensor: a strided view on a backend storage, plus autograd bookkeeping. Operations live in
// runtime/ops/ and are reached through the op registry; this class holds only state.

import type { Storage, View } from "../kernels/backend.ts";
import { defaultDevice, type Device, getDevice } from "./device.ts";
import type { DType, TypedArray } from "./dtype.ts";
import { runtimeError } from "./errors.ts";
import { contiguousStrides, isContiguous, numelOf } from "./shape.ts";

/** An autograd graph node (filled in by runtime/autograd). */
export interface GradNode {
  readonly name: string;
}

export class Tensor implements View {
  /** Set when the tensor wraps a Python number, which ranks lowest in type promotion. */
  isWrappedNumber = false;
  requiresGrad = false;
  grad: Tensor | null = null;
  gradFn: GradNode | null = null;
  #version = 0;
  /**
   * Bumped by in-place writes, so autograd can detect tensors modified after being saved. Shared
   * by a base and all its views (they share the storage), as PyTorch's version counter is.
   */
  get version(): number {
    return this.base ? this.base.version : this.#version;
  }
  set version(v: number) {
    if (this.base) this.base.version = v;
    else this.#version = v;
  }
  /** The tensor this one is a view of (shares its storage), for in-place autograd checks. */
  base: Tensor | null = null;
  /** Extra state owned by higher layers (e.g. nn.Parameter marks itself here). */
  isParameter = false;
  retainsGrad = false;

  constructor(
    readonly storage: Storage,
    readonly shape: readonly number[],
    readonly strides: readonly number[] = contiguousStrides(shape),
    readonly offset = 0,
  ) {}

  get dtype(): DType {
    return this.storage.dtype;
  }

  get device(): Device {
    return getDevice(this.storage.backend.name === "cpu" ? "cpu" : "webgpu");
  }

  get ndim(): number {
    return this.shape.length;
  }

  get numel(): number {
    return numelOf(this.shape);
  }

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** A view sharing this tensor's storage. */
  view(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    const t = new Tensor(this.storage, shape, strides, offset);
    t.base = this.base ?? this;
    return t;
  }

  /** The elements in row-major order, as numbers (bool as 0/1). Works on every backend. */
  async data(): Promise<TypedArray> {
    return gatherView(this, await this.storage.backend.read(this.storage));
  }

  /** The same, synchronously; throws on a backend that can only read asynchronously. */
  dataSync(): TypedArray {
    const all = this.storage.backend.readSync(this.storage);
    if (!all) throw runtimeError(`reading a ${this.device} tensor synchronously is not possible; await data()`);
    return gatherView(this, all);
  }

  static empty(shape: readonly number[], dtype: DType, device: Device = defaultDevice()): Tensor {
    return new Tensor(device.backend.alloc(dtype, numelOf(shape)), [...shape]);
  }

  static fromArray(
    data: ArrayLike<number>,
    shape: readonly number[],
    dtype: DType,
    device: Device = defaultDevice(),
  ): Tensor {
    if (data.length !== numelOf(shape)) {
      throw runtimeError(`shape '[${shape.join(", ")}]' is invalid for input of size ${data.length}`);
    }
    return new Tensor(device.backend.upload(dtype, data), [...shape]);
  }
}

/** Copies a strided view out of its storage's full contents into a fresh row-major array. */
export function gatherView(t: View, all: TypedArray): TypedArray {
  const n = numelOf(t.shape);
  if (t.offset === 0 && n === all.length && isContiguous(t.shape, t.strides)) return all;
  const Ctor = all.constructor as { new (n: number): TypedArray };
  const out = new Ctor(n);
  if (n === 0) return out;
  const nd = t.shape.length;
  const idx = new Array<number>(nd).fill(0);
  let src = t.offset;
  for (let i = 0; i < n; i++) {
    out[i] = all[src];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      src += t.strides[d];
      if (idx[d] < t.shape[d]) break;
      src -= t.strides[d] * t.shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

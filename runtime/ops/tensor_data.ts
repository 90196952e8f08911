// torch.tensor(data) and t.new_tensor(data): a tensor from nested Python data. The binding passes
// lists as JS arrays (tuples may stay boxed as `{ items }`), numbers per runtime/ops/scalar.ts, and
// tensors as Tensor objects (a one-element tensor is accepted where a number is expected).
//
// As in PyTorch, the shape comes from walking the first element of each level, the dtype from
// promoting the kinds of every leaf (any float → float32; all bool → bool; ints, or bools mixed
// with ints → int64; an empty list → float32), and each level is checked against the shape.

import { getDevice } from "../device.ts";
import { type DType, promoteTypes } from "../dtype.ts";
import { runtimeError, typeError, valueError } from "../errors.ts";
import { numelOf } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { tolist } from "./access.ts";
import { hostData } from "./host_read.ts";
import { clone } from "./copy.ts";
import { finishFactory, type TensorOptions } from "./creation.ts";
import { isScalar, type Scalar, scalarDType, scalarValue } from "./scalar.ts";

/** A Python tuple as the evaluator boxes it. */
export interface ItemsBox {
  readonly items: readonly NestedData[];
}

export type NestedData = Scalar | Tensor | readonly NestedData[] | ItemsBox;

const isItemsBox = (x: unknown): x is ItemsBox =>
  typeof x === "object" && x !== null && Array.isArray((x as ItemsBox).items);

/** The elements of a sequence, or undefined for a leaf. Tensors count as leaves here. */
function seqOf(x: NestedData): readonly NestedData[] | undefined {
  if (Array.isArray(x)) return x;
  if (isItemsBox(x)) return x.items;
  return undefined;
}

/** `torch.tensor(data, dtype=None, device=None, requires_grad=False)`. */
export function tensor(data: NestedData, opts: TensorOptions = {}): Tensor {
  const device = getDevice(opts.device);
  if (data instanceof Tensor) {
    const src = data.device === device ? data : Tensor.fromArray(hostData(data), data.shape, data.dtype, device);
    return finishFactory(clone(src, opts.dtype ?? data.dtype), opts);
  }
  const shape = computeSizes(data);
  const dtype = opts.dtype ?? inferDType(data);
  const values = new Float64Array(numelOf(shape));
  store(data, shape, 0, values, { i: 0 }, dtype);
  return finishFactory(Tensor.fromArray(values, shape, dtype, device), opts);
}

/** `t.new_tensor(data)`: like torch.tensor, but the dtype and device default to t's. */
export const new_tensor = (t: Tensor, data: NestedData, opts: TensorOptions = {}): Tensor =>
  tensor(data, { ...opts, dtype: opts.dtype ?? t.dtype, device: opts.device ?? t.device });

function computeSizes(data: NestedData): number[] {
  const sizes: number[] = [];
  let seq = seqOf(data);
  while (seq) {
    sizes.push(seq.length);
    if (seq.length === 0) break;
    seq = seqOf(seq[0]);
  }
  return sizes;
}

function inferDType(x: NestedData): DType {
  if (x instanceof Tensor) return x.dtype;
  const seq = seqOf(x);
  if (seq) {
    if (seq.length === 0) return "float32";
    let d: DType | undefined;
    for (const item of seq) {
      const di = inferDType(item);
      d = d === undefined ? di : promoteTypes(d, di);
    }
    return d!;
  }
  if (isScalar(x)) return scalarDType(x);
  throw leafTypeError(x);
}

function store(x: NestedData, shape: number[], dim: number, out: Float64Array, pos: { i: number }, dtype: DType) {
  if (dim === shape.length) {
    out[pos.i++] = leafValue(x, dtype);
    return;
  }
  const seq = x instanceof Tensor && x.ndim > 0 ? (tolist(x) as NestedData[]) : seqOf(x);
  if (!seq) throw typeError("not a sequence");
  if (seq.length !== shape[dim]) {
    throw valueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${seq.length})`);
  }
  for (const item of seq) store(item, shape, dim + 1, out, pos, dtype);
}

function leafValue(x: NestedData, dtype: DType): number {
  if (x instanceof Tensor) {
    if (x.numel !== 1) throw valueError("only one element tensors can be converted to Python scalars");
    return hostData(x)[0];
  }
  if (isScalar(x)) return scalarValue(x);
  const seq = seqOf(x);
  if (seq) {
    const kind = Array.isArray(x) ? "list" : "tuple";
    throw typeError(
      dtype === "float32" || dtype === "float64"
        ? `must be real number, not ${kind}`
        : `'${kind}' object cannot be interpreted as an integer`,
    );
  }
  throw leafTypeError(x);
}

function leafTypeError(x: unknown) {
  if (x === null || x === undefined) return runtimeError("Could not infer dtype of NoneType");
  const name = typeof x === "string" ? "str" : typeof x === "object" ? (x.constructor?.name ?? "object") : typeof x;
  return typeError(`new(): invalid data type '${name}'`);
}

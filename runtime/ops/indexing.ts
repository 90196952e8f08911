// Python's `t[index]` and `t[index] = value` with PyTorch's semantics (torch/csrc/autograd/
// python_variable_indexing.cpp and ATen's TensorIndexing.h). Ints, slices, None and Ellipsis give
// views (select / slice / unsqueeze); tensors, lists and bools are "advanced" indices, collected per
// dim and applied at the end by index / index_put_ (copies). Note PyTorch's own quirks, kept here:
// an int is always a select (so `x[0, :, [0, 1]]` has shape [3, 2] for x of shape [2, 3, 4], not
// NumPy's [2, 3]), and a mask advances the dim counter by one whatever its rank.
//
// The index arrives as Python has it: a tuple (`{ items }`, what `t[a, b]` passes), or a single
// component. Components: integers (JS numbers), booleans, null (None), "..." (Ellipsis; any object
// whose `name` is "Ellipsis" also counts), slices `{ start, stop, step }` (null/absent = None),
// tensors, and nested lists of numbers/booleans.

import { getDevice } from "../device.ts";
import { indexError, valueError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { index, index_put_ } from "./advanced_index.ts";
import { copyInto } from "./copy.ts";
import { fill_ } from "./creation.ts";
import { hostData, needsAsyncRead, withHostReads } from "./host_read.ts";
import { isPyScalar, isScalar, type Scalar, scalarValue } from "./scalar.ts";
import { clampSlice, selectOp, sliceOp } from "./slicing.ts";
import { tensor as tensorFromData } from "./tensor_data.ts";
import { applyView1 } from "./view_registry.ts";
import { alias, expand, unsqueeze, view } from "./views.ts";

export interface SliceSpec {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number | null;
}

export type IndexList = readonly (number | boolean | IndexList)[];
export type IndexComponent = number | boolean | null | "..." | SliceSpec | Tensor | IndexList;
export interface IndexTuple {
  readonly items: readonly IndexComponent[];
}
export type Index = IndexComponent | IndexTuple;

type Kind = "int" | "bool" | "none" | "ellipsis" | "slice" | "tensor" | "list";

const isTuple = (x: unknown): x is IndexTuple =>
  typeof x === "object" && x !== null && !(x instanceof Tensor) && Array.isArray((x as IndexTuple).items);

function kindOf(c: unknown): Kind {
  if (c === null || c === undefined) return "none";
  if (typeof c === "boolean") return "bool";
  if (c instanceof Tensor) return "tensor";
  if (Array.isArray(c) || isTuple(c)) return "list";
  if (c === "..." || (typeof c === "object" && (c as { name?: unknown }).name === "Ellipsis")) return "ellipsis";
  if (isScalar(c)) {
    const isFloat = isPyScalar(c) ? c.isFloat : typeof c === "number" && !Number.isInteger(c);
    if (!isFloat) return "int";
    throw indexError(
      "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)",
    );
  }
  if (typeof c === "object" && ("start" in c || "stop" in c || "step" in c)) return "slice";
  const name = typeof c === "string" ? "str" : typeof c === "object" ? c.constructor?.name ?? "object" : typeof c;
  throw indexError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${name})`,
  );
}

/** PyTorch's treatSequenceAsTuple: a list holding tensors, lists, slices, None or Ellipsis acts as a tuple. */
function componentsOf(idx: Index): readonly IndexComponent[] {
  if (isTuple(idx)) return idx.items;
  if (Array.isArray(idx) && idx.length < 32) {
    const k = idx.map((c) => kindOfLoose(c));
    if (k.some((x) => x === "tensor" || x === "list" || x === "slice" || x === "none" || x === "ellipsis")) {
      return idx as IndexComponent[];
    }
  }
  return [idx as IndexComponent];
}

function kindOfLoose(c: unknown): Kind | "other" {
  try {
    return kindOf(c);
  } catch {
    return "other";
  }
}

const intOf = (c: unknown): number => scalarValue(c as Scalar);

/** A list index as a tensor: bool lists stay masks, anything else becomes int64 (floats truncate). */
function listToTensor(list: unknown, device: Tensor["device"]): Tensor {
  const t = tensorFromData(list as IndexList, { device });
  return t.dtype === "bool" || t.dtype === "int64" ? t : tensorFromData(list as IndexList, { dtype: "int64", device });
}

/** A bool used as an index: the single position of a new size-1 dim (true) or none of it (false). */
const boolIndex = (b: boolean, device: Tensor["device"]): Tensor =>
  b ? Tensor.fromArray([0], [1], "int64", device) : Tensor.empty([0], "int64", device);

function checkedSelect(t: Tensor, dim: number, i: number, realDim: number): Tensor {
  if (t.ndim === 0) {
    throw indexError(
      "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
    );
  }
  const size = t.shape[dim];
  if (i < -size || i >= size) {
    throw indexError(`index ${i} is out of bounds for dimension ${realDim} with size ${size}`);
  }
  return applyView1(selectOp, t, { dim, index: i < 0 ? i + size : i });
}

function sliceBounds(s: SliceSpec): { start: number | null; stop: number | null; step: number } {
  const step = s.step === null || s.step === undefined ? 1 : intOf(s.step);
  if (step === 0) throw valueError("slice step cannot be zero");
  if (step < 0) throw valueError("step must be greater than zero");
  const start = s.start === null || s.start === undefined ? null : intOf(s.start);
  const stop = s.stop === null || s.stop === undefined ? null : intOf(s.stop);
  return { start, stop, step };
}

/** at::indexing::applySlice; `keepFull` turns off the skip of whole-range slices. */
function applySlice(t: Tensor, dim: number, s: SliceSpec, keepFull: boolean): Tensor {
  const { start, stop, step } = sliceBounds(s);
  const size = t.shape[dim];
  if (!keepFull && (start ?? 0) === 0 && step === 1 && (stop === null || stop === size)) return t;
  return applyView1(sliceOp, t, clampSlice(size, dim, start, stop, step));
}

function countSpecified(comps: readonly IndexComponent[]): number {
  let n = 0;
  for (const c of comps) {
    const k = kindOf(c);
    if (k === "tensor") {
      const t = c as Tensor;
      n += t.dtype === "bool" || t.dtype === "uint8" ? t.ndim : 1;
    } else if (k !== "none" && k !== "ellipsis" && k !== "bool") n++;
  }
  return n;
}

/** applySlicing: the basic-indexing view, plus the advanced index recorded for each of its dims. */
function applySlicing(self: Tensor, comps: readonly IndexComponent[]): { view: Tensor; indices: (Tensor | null)[] } {
  const specified = countSpecified(comps);
  if (specified > self.ndim) throw indexError(`too many indices for tensor of dimension ${self.ndim}`);
  let result = self;
  let dim = 0;
  const indices: (Tensor | null)[] = [];
  const record = (t: Tensor) => {
    while (indices.length < dim) indices.push(null);
    indices[dim] = t;
    dim++;
  };
  comps.forEach((c, realDim) => {
    switch (kindOf(c)) {
      case "int":
        result = checkedSelect(result, dim, intOf(c), realDim);
        break;
      case "slice":
        result = applySlice(result, dim, c as SliceSpec, false);
        dim++;
        break;
      case "ellipsis":
        dim += self.ndim - specified;
        break;
      case "none":
        result = unsqueeze(result, dim);
        dim++;
        break;
      case "bool":
        result = unsqueeze(result, dim);
        record(boolIndex(c as boolean, self.device));
        break;
      case "list":
        record(listToTensor(isTuple(c) ? c.items : c, self.device));
        break;
      case "tensor": {
        const t = c as Tensor;
        if (t.ndim === 0 && t.dtype !== "float32" && t.dtype !== "float64") {
          if (t.dtype === "bool" || t.dtype === "uint8") {
            result = unsqueeze(result, dim);
            record(boolIndex(hostData(t)[0] !== 0, self.device));
          } else result = checkedSelect(result, dim, hostData(t)[0], realDim);
        } else record(t);
        break;
      }
    }
  });
  return { view: result, indices };
}

/** `self[idx]`. */
export function getitem(self: Tensor, idx: Index): Tensor {
  if (!isTuple(idx) && !Array.isArray(idx)) {
    const k = kindOf(idx);
    if (k === "none") return unsqueeze(self, 0);
    if (k === "ellipsis") return alias(self);
    if (k === "int") return checkedSelect(self, 0, intOf(idx), 0);
    if (k === "slice") {
      if (self.ndim === 0) throw indexError("too many indices for tensor of dimension 0");
      return applySlice(self, 0, idx as SliceSpec, true);
    }
  }
  const { view, indices } = applySlicing(self, componentsOf(idx));
  if (indices.length === 0) return view === self ? alias(self) : view;
  return index(view, indices);
}

/**
 * The tensors an index makes the op read on the host: masks (their nonzero positions) and 0-d
 * tensors used as ints or bools. Values-independent index tensors are left on their device.
 */
function hostReadTensors(idx: Index, value?: Tensor | Scalar): Tensor[] {
  const out: Tensor[] = [];
  const visit = (c: unknown) => {
    if (c instanceof Tensor) {
      if (needsAsyncRead(c) && (c.dtype === "bool" || c.dtype === "uint8" || c.ndim === 0)) out.push(c);
    } else if (Array.isArray(c)) c.forEach(visit);
    else if (isTuple(c)) c.items.forEach(visit);
  };
  visit(idx);
  if (value instanceof Tensor && value.numel === 1 && needsAsyncRead(value)) out.push(value);
  return out;
}

/** `self[idx]` where the index may need values from another device: reads them first (one wait). */
export function getitemAsync(self: Tensor, idx: Index): Tensor | Promise<Tensor> {
  return withHostReads(hostReadTensors(idx), () => getitem(self, idx));
}

/** `self[idx] = value`, reading index (and value) tensors from another device first where needed. */
export function setitemAsync(self: Tensor, idx: Index, value: Tensor | Scalar): void | Promise<void> {
  return withHostReads(hostReadTensors(idx, value), () => setitem(self, idx, value));
}

/** `self[idx] = value`: writes through views (basic indices) or index_put_ (advanced ones). */
export function setitem(self: Tensor, idx: Index, value: Tensor | Scalar): void {
  if (!isTuple(idx) && !Array.isArray(idx)) {
    const k = kindOf(idx);
    if (k === "bool" && idx === false) return;
    if (k === "ellipsis") return copyTo(self, value);
    if (k === "none" || k === "bool") return copyTo(unsqueeze(self, 0), value);
    if (k === "int") return copyTo(checkedSelect(self, 0, intOf(idx), 0), value);
    if (k === "slice") {
      if (self.ndim === 0) throw indexError("too many indices for tensor of dimension 0");
      return copyTo(applySlice(self, 0, idx as SliceSpec, false), value);
    }
  }
  const { view, indices } = applySlicing(self, componentsOf(idx));
  if (indices.length === 0) return copyTo(view, value);
  // A Python value becomes a 0-d CPU tensor of self's dtype: masked_fill reads it on the host, and
  // the index_put kernel accepts a 0-d CPU operand on any device.
  let v = value instanceof Tensor ? value : Tensor.fromArray([scalarValue(value)], [], self.dtype, getDevice("cpu"));
  v = stripLeadingOnes(v);
  index_put_(view, indices, v);
}

/** Python values become self's dtype; tensors broadcast (after dropping leading size-1 dims). */
function copyTo(dst: Tensor, value: Tensor | Scalar): void {
  if (!(value instanceof Tensor)) {
    fill_(dst, scalarValue(value));
    return;
  }
  if (value.ndim === 0 && value.device.type === "cpu" && dst.device.type !== "cpu") {
    fill_(dst, hostData(value)[0]);
    return;
  }
  const src = stripLeadingOnes(value);
  copyInto(dst, src.ndim === dst.ndim && src.shape.every((d, i) => d === dst.shape[i]) ? src : expand(src, dst.shape));
}

function stripLeadingOnes(t: Tensor): Tensor {
  let k = 0;
  while (k < t.ndim && t.shape[k] === 1) k++;
  return k === 0 ? t : view(t, t.shape.slice(k));
}

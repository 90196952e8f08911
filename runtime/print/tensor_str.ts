// `str(tensor)` / `repr(tensor)` exactly as PyTorch 1.13 prints them (torch/_tensor_str.py), computed
// from plain data so that it does not depend on the Tensor class.

import { DTYPES } from "../dtype.ts";
import type { DType } from "../dtype.ts";
import { formatExp, formatFixed } from "./py_float.ts";

export interface TensorStrInput {
  /** All elements, contiguous row-major; bool as 0/1; int64 as exact JS numbers. */
  values: ArrayLike<number>;
  shape: readonly number[];
  dtype: DType;
  /** Extra suffix items appended in order, e.g. "device='cuda:0'", "requires_grad=True", "grad_fn=<AddBackward0>". */
  suffixes?: string[];
}

/** torch._tensor_str.PRINT_OPTS defaults. */
export const PRINT_OPTS = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
} as const;

const isFloatDType = (d: DType): boolean => d === "float32" || d === "float64";

/** `torch.Size([5, 3])`. */
export function sizeStr(shape: readonly number[]): string {
  return "torch.Size([" + shape.join(", ") + "])";
}

/** Python's `str(tuple(shape))`: `(2, 0)`, `(0,)`, `()`. */
function tupleStr(shape: readonly number[]): string {
  if (shape.length === 1) return "(" + shape[0] + ",)";
  return "(" + shape.join(", ") + ")";
}

/** The element formatter of torch._tensor_str._Formatter, with the default print options. */
class Formatter {
  readonly floating: boolean;
  readonly isBool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(values: readonly number[], dtype: DType) {
    this.floating = isFloatDType(dtype);
    this.isBool = dtype === "bool";
    if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.intStr(v).length);
      return;
    }
    const nz = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (nz.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of nz) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (this.intMode && v !== Math.ceil(v)) this.intMode = false;
    }
    const prec = PRINT_OPTS.precision;
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatExp(v, prec).length);
      } else {
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatExp(v, prec).length);
    } else {
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, prec).length);
    }
  }

  private intStr(v: number): string {
    if (this.isBool) return v ? "True" : "False";
    return String(v);
  }

  width(): number {
    return this.maxWidth;
  }

  format(v: number): string {
    let s: string;
    if (this.floating) {
      if (this.sciMode) {
        s = formatExp(v, PRINT_OPTS.precision);
      } else if (this.intMode) {
        s = formatFixed(v, 0);
        if (Number.isFinite(v)) s += ".";
      } else {
        s = formatFixed(v, PRINT_OPTS.precision);
      }
    } else {
      s = this.intStr(v);
    }
    return s.length < this.maxWidth ? " ".repeat(this.maxWidth - s.length) + s : s;
  }
}

/** A strided view over the flat row-major data: a sub-tensor `data[offset + ...]` of `shape`. */
interface View {
  values: ArrayLike<number>;
  offset: number;
  shape: readonly number[];
  strides: readonly number[];
}

function sub(v: View, i: number): View {
  return {
    values: v.values,
    offset: v.offset + i * v.strides[0],
    shape: v.shape.slice(1),
    strides: v.strides.slice(1),
  };
}

/** The element indices kept along a dimension of size n: all, or edgeitems at each end when summarizing. */
function keptIndices(n: number, summarize: boolean): { head: number[]; tail: number[] | null } {
  const e = PRINT_OPTS.edgeitems;
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
  if (summarize && n > 2 * e) return { head: range(0, e), tail: range(n - e, n) };
  return { head: range(0, n), tail: null };
}

/** get_summarized_data, flattened: the elements the formatter sees. */
function summarizedValues(v: View, summarize: boolean, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.values[v.offset]);
    return;
  }
  const { head, tail } = keptIndices(v.shape[0], summarize);
  for (const i of tail ? head.concat(tail) : head) summarizedValues(sub(v, i), summarize, out);
}

function vectorStr(v: View, indent: number, summarize: boolean, fmt: Formatter): string {
  const elementLength = fmt.width() + 2;
  const elementsPerLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const { head, tail } = keptIndices(v.shape[0], summarize);
  const at = (i: number) => fmt.format(v.values[v.offset + i * v.strides[0]]);
  const data = head.map(at);
  if (tail) data.push(" ...", ...tail.map(at));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += elementsPerLine) lines.push(data.slice(i, i + elementsPerLine).join(", "));
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}

function tensorStrWithFormatter(v: View, indent: number, summarize: boolean, fmt: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return fmt.format(v.values[v.offset]);
  if (dim === 1) return vectorStr(v, indent, summarize, fmt);
  const { head, tail } = keptIndices(v.shape[0], summarize);
  const slices = head.map((i) => tensorStrWithFormatter(sub(v, i), indent + 1, summarize, fmt));
  if (tail) slices.push("...", ...tail.map((i) => tensorStrWithFormatter(sub(v, i), indent + 1, summarize, fmt)));
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** _tensor_str: the bracketed contents, for a tensor with at least one element. */
function contentsStr(values: ArrayLike<number>, shape: readonly number[], dtype: DType, indent: number): string {
  let numel = 1;
  for (const s of shape) numel *= s;
  if (numel === 0) return "[]";
  // Values of a float32 tensor are float32 numbers; PyTorch formats them widened to double.
  let vals = values;
  if (dtype === "float32") vals = Float32Array.from({ length: numel }, (_, i) => values[i]);
  const view: View = { values: vals, offset: 0, shape, strides: contiguousStrides(shape) };
  const summarize = numel > PRINT_OPTS.threshold;
  const seen: number[] = [];
  summarizedValues(view, summarize, seen);
  const fmt = new Formatter(seen, dtype);
  return tensorStrWithFormatter(view, indent, summarize, fmt);
}

/** _add_suffixes: `, suffix` items, moved to an indented new line when the current one would pass linewidth. */
function addSuffixes(tensorStr: string, suffixes: readonly string[], indent: number): string {
  const parts = [tensorStr];
  // Python: len(s) - s.rfind("\n") + 1 (rfind gives -1 when there is no newline).
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(", " + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** `str(tensor)` / `repr(tensor)` of a dense CPU-style tensor: `tensor([1., 2.])`. */
export function tensorStr(t: TensorStrInput): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const suffixes: string[] = [];
  const dtypeName = DTYPES[t.dtype].pyName;
  let body: string;
  if (numel === 0) {
    // The shape is printed unless it is (0,); the dtype always unless it is the default float32.
    if (t.shape.length !== 1) suffixes.push("size=" + tupleStr(t.shape));
    if (t.dtype !== "float32") suffixes.push("dtype=" + dtypeName);
    body = "[]";
  } else {
    if (t.dtype !== "float32" && t.dtype !== "int64" && t.dtype !== "bool") suffixes.push("dtype=" + dtypeName);
    body = contentsStr(t.values, t.shape, t.dtype, indent);
  }
  if (t.suffixes) suffixes.push(...t.suffixes);
  return addSuffixes(prefix + body, suffixes, indent);
}

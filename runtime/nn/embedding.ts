// Embedding: F.embedding and nn.Embedding. The lookup is index_select of the weight's rows (a
// one-hot product on backends without index kernels); the result gets PyTorch's single
// EmbeddingBackward0 node, whose gradient skips the padding row.

import { runtimeError, TorchError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { mul } from "../ops/binary.ts";
import { eq, ne } from "../ops/compare.ts";
import { mm } from "../ops/linalg.ts";
import { arange } from "../ops/ranges.ts";
import { empty, fill_, zeros } from "../ops/creation.ts";
import { getitem } from "../ops/indexing.ts";
import { clone } from "../ops/copy.ts";
import { index_select } from "../ops/gather.ts";
import { index_put_ } from "../ops/advanced_index.ts";
import { legacyTypeName, reshape, t, unsqueeze } from "../ops/views.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { FunctionNode, gradEdge } from "../autograd/node.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { normal_ } from "./init.ts";
import { floatRepr } from "./repr_format.ts";
import { embedding_renorm_ } from "./embedding_renorm.ts";

const assertionError = (msg: string) => new TorchError("AssertionError", msg);

/** F.embedding's padding_idx: negative counts from the end; out of range is an AssertionError. */
export function normalizePaddingIdx(paddingIdx: number | null, numEmbeddings: number): number | null {
  if (paddingIdx === null) return null;
  if (paddingIdx > 0 && paddingIdx >= numEmbeddings) throw assertionError("Padding_idx must be within num_embeddings");
  if (paddingIdx < 0) {
    if (paddingIdx < -numEmbeddings) throw assertionError("Padding_idx must be within num_embeddings");
    return numEmbeddings + paddingIdx;
  }
  return paddingIdx;
}

/** Whether `t`'s backend has a kernel for `op` (index kernels are missing on WebGPU: issue 5). */
const hasKernel = (t: Tensor, op: string) => t.device.backend.kernel(op) !== undefined;

/** (n, num_embeddings) rows of 0/1 in `dtype`, 1 at each index: an index-free way to pick rows. */
function oneHot(flat: Tensor, numEmbeddings: number, dtype: Tensor["dtype"]): Tensor {
  const classes = arange(numEmbeddings, null, 1, { device: flat.device });
  return clone(eq(unsqueeze(flat, 1), classes), dtype);
}

/** Rows of `weight` at `input`'s indices: output shape input.shape + [embedding_dim]. */
export function embedding(input: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  if (input.dtype !== "int64" && input.dtype !== "int32") {
    throw runtimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${
        legacyTypeName(input)
      } instead (while checking arguments for embedding)`,
    );
  }
  if (weight.ndim !== 2) throw runtimeError("'weight' must be 2-D");
  const [numEmbeddings, dim] = weight.shape;
  const pad = normalizePaddingIdx(paddingIdx, numEmbeddings);
  const flat = reshape(input, [input.numel]);
  const byIndex = hasKernel(weight, "index_select");
  const hot = byIndex ? null : withGradMode(false, () => oneHot(flat, numEmbeddings, weight.dtype));
  const rows = withGradMode(false, () => (hot ? mm(hot, weight) : index_select(weight, 0, flat)));
  const out = reshape(rows, [...input.shape, dim]);
  if (isGradEnabled() && weight.requiresGrad) {
    out.gradFn = new FunctionNode("EmbeddingBackward0", [gradEdge(weight)], ([g]) => {
      if (!g) return [null];
      let gRows = reshape(g, [flat.numel, dim]);
      if (pad !== null) gRows = mul(gRows, unsqueeze(ne(flat, pad), 1));
      if (hot) return [mm(t(hot), gRows)];
      const grad = zeros(weight.shape, { dtype: g.dtype, device: g.device });
      const ix = flat.dtype === "int64" ? flat : clone(flat, "int64");
      index_put_(grad, [ix], gRows.isContiguous() ? gRows : clone(gRows), true);
      return [grad];
    }, 1);
    out.requiresGrad = true;
  }
  return out;
}

export interface EmbeddingOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  /** max_norm as the caller's language prints it (default: as a float). */
  maxNormText?: string;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
  /** A given weight (PyTorch's _weight) instead of the N(0, 1) init. */
  weight?: Tensor | null;
}

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1). */
export class Embedding extends Module {
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly maxNormText: string;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly sparse: boolean;
  weight!: Parameter;

  constructor(readonly numEmbeddings = 1, readonly embeddingDim = 1, opts: EmbeddingOptions = {}) {
    super();
    this.paddingIdx = normalizePaddingIdx(opts.paddingIdx ?? null, numEmbeddings);
    this.maxNorm = opts.maxNorm ?? null;
    this.maxNormText = opts.maxNormText ?? (this.maxNorm === null ? "None" : floatRepr(this.maxNorm));
    this.normType = opts.normType ?? 2;
    this.scaleGradByFreq = opts.scaleGradByFreq ?? false;
    this.sparse = opts.sparse ?? false;
    if (opts.weight) {
      const [n, d] = opts.weight.shape;
      if (opts.weight.ndim !== 2 || n !== numEmbeddings || d !== embeddingDim) {
        throw assertionError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(opts.weight);
      this.registerParameter("weight", this.weight);
    } else {
      this.weight = new Parameter(empty([numEmbeddings, embeddingDim]));
      this.registerParameter("weight", this.weight);
      this.resetParameters();
    }
  }

  /** N(0, 1), then the padding row zeroed. */
  resetParameters(): void {
    normal_(this.weight);
    const pad = this.paddingIdx;
    if (pad !== null) withGradMode(false, () => fill_(getitem(this.weight, pad), 0));
  }

  override forward(input: Tensor): Tensor {
    const weight = this._parameters.get("weight")!;
    if (this.maxNorm !== null) embedding_renorm_(weight, input, this.maxNorm, this.normType);
    return embedding(input, weight, this.paddingIdx);
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${this.maxNormText}`;
    if (this.normType !== 2) s += `, norm_type=${floatRepr(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    if (this.sparse) s += ", sparse=True";
    return s;
  }
}

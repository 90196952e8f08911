// F.pad's reflect, replicate and circular modes. Each padded dim is rebuilt as a concatenation of
// single-column views of the input (cat and views run on every backend); the gradient folds each
// padding column's gradient back onto the input column it copied.

import { runtimeError, TorchError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { add_ } from "../ops/binary.ts";
import { clone, contiguous } from "../ops/copy.ts";
import { cat } from "../ops/join.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { FunctionNode, gradEdge } from "../autograd/node.ts";

export type CopyingPadMode = "reflect" | "replicate" | "circular";

/** A view of `t` keeping `length` elements of `dim` from `start`. */
export function narrow(t: Tensor, dim: number, start: number, length: number): Tensor {
  const shape = [...t.shape];
  shape[dim] = length;
  return t.view(shape, t.strides, t.offset + start * t.strides[dim]);
}

/** The input position that output position `j` copies, along a dim of size n padded by `left`. */
function sourceOf(mode: CopyingPadMode, j: number, left: number, n: number): number {
  const p = j - left;
  if (mode === "replicate") return Math.min(Math.max(p, 0), n - 1);
  if (mode === "circular") return ((p % n) + n) % n;
  return p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p;
}

/** The padding columns of one dim: [output position, input position]. */
function paddingColumns(mode: CopyingPadMode, left: number, right: number, n: number): [number, number][] {
  const cols: [number, number][] = [];
  for (let j = 0; j < left; j++) cols.push([j, sourceOf(mode, j, left, n)]);
  for (let j = left + n; j < left + n + right; j++) cols.push([j, sourceOf(mode, j, left, n)]);
  return cols;
}

function padDim(x: Tensor, mode: CopyingPadMode, dim: number, left: number, right: number): Tensor {
  const n = x.shape[dim];
  const col = (j: number) => narrow(x, dim, sourceOf(mode, j, left, n), 1);
  const pieces = [...Array.from({ length: left }, (_, j) => col(j)), x];
  for (let j = left + n; j < left + n + right; j++) pieces.push(col(j));
  return cat(pieces, dim);
}

/** The adjoint of padDim: the centre of `g`, plus each padding column added onto its source. */
function foldDim(g: Tensor, mode: CopyingPadMode, dim: number, left: number, right: number): Tensor {
  const n = g.shape[dim] - left - right;
  const grad = clone(contiguous(narrow(g, dim, left, n)));
  for (const [j, src] of paddingColumns(mode, left, right, n)) {
    add_(narrow(grad, dim, src, 1), narrow(g, dim, j, 1));
  }
  return grad;
}

const MODE_NODE: Record<CopyingPadMode, string> = {
  reflect: "ReflectionPad",
  replicate: "ReplicationPad",
  circular: "",
};

/** The checks of PyTorch 1.13's at::pad and the reflection/circular kernels. */
function check(input: Tensor, pad: readonly number[], mode: CopyingPadMode): void {
  const dims = pad.length / 2;
  if (!(Number.isInteger(dims) && dims >= 1 && dims <= 3 && (input.ndim === dims + 1 || input.ndim === dims + 2))) {
    throw new TorchError(
      "NotImplementedError",
      "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now",
    );
  }
  for (let i = 0; i < dims; i++) {
    const dim = input.ndim - 1 - i;
    const [left, right] = [pad[2 * i], pad[2 * i + 1]];
    const n = input.shape[dim];
    if (left < 0 || right < 0) throw runtimeError(`F.pad: negative padding is not supported in mode '${mode}'`);
    if (mode === "reflect" && (left >= n || right >= n)) {
      throw runtimeError(
        `Argument #${
          4 + 2 * i
        }: Padding size should be less than the corresponding input dimension, but got: padding (${left}, ${right}) at dimension ${dim} of input [${
          input.shape.join(", ")
        }]`,
      );
    }
    if (mode === "circular" && (left > n || right > n)) {
      throw runtimeError("Padding value causes wrapping around more than once.");
    }
  }
}

/** F.pad(input, pad, mode) for the modes that copy input values into the padding. */
export function copyingPad(input: Tensor, pad: readonly number[], mode: CopyingPadMode): Tensor {
  check(input, pad, mode);
  const dims = pad.length / 2;
  const steps = Array.from({ length: dims }, (_, i) => [input.ndim - 1 - i, pad[2 * i], pad[2 * i + 1]]);
  const out = withGradMode(false, () => steps.reduce((x, [d, l, r]) => padDim(x, mode, d, l, r), input));
  if (isGradEnabled() && input.requiresGrad) {
    // PyTorch names the node per rank (ReflectionPad2DBackward0); circular padding is a CopySlices.
    const name = mode === "circular" ? "CopySlices" : `${MODE_NODE[mode]}${dims}DBackward0`;
    out.gradFn = new FunctionNode(name, [gradEdge(input)], ([g]) => {
      if (!g) return [null];
      return [[...steps].reverse().reduce((acc, [d, l, r]) => foldDim(acc, mode, d, l, r), g)];
    }, 1);
    out.requiresGrad = true;
  }
  return out;
}

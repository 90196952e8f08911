// F.pad: `pad` lists (left, right) pairs from the last dim backwards. The constant mode is
// PyTorch's constant_pad_nd (negative amounts crop); the copying modes are in padding_modes.ts.

import { runtimeError, TorchError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { isFloating } from "../dtype.ts";
import { full } from "../ops/creation.ts";
import { copyInto } from "../ops/copy.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { FunctionNode, gradEdge } from "../autograd/node.ts";
import { copyingPad, narrow } from "./padding_modes.ts";

export type PadMode = "constant" | "reflect" | "replicate" | "circular";

/** For each padded dim: where the kept part of the input starts, its length, and where it goes. */
interface DimPlan {
  dim: number;
  srcStart: number;
  length: number;
  dstStart: number;
}

function plan(input: Tensor, pad: readonly number[]): { shape: number[]; dims: DimPlan[] } {
  if (pad.length % 2 !== 0) throw runtimeError("Padding length must be divisible by 2");
  if (pad.length / 2 > input.ndim) throw runtimeError("Padding length too large");
  const shape = [...input.shape];
  const dims: DimPlan[] = [];
  for (let i = 0; i < pad.length / 2; i++) {
    const dim = input.ndim - 1 - i;
    const [left, right] = [pad[2 * i], pad[2 * i + 1]];
    const size = input.shape[dim];
    // Negative amounts narrow the input first, with narrow's message when they cross.
    const srcStart = Math.max(0, -left);
    const afterLeft = size - srcStart;
    const length = afterLeft + Math.min(0, right);
    if (length < 0) throw runtimeError(`start (0) + length (${length}) exceeds dimension size (${afterLeft}).`);
    shape[dim] = size + left + right;
    if (shape[dim] < 0) {
      throw runtimeError(
        `The input size ${size}, plus negative padding ${left} and ${right} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
      );
    }
    dims.push({ dim, srcStart, length, dstStart: Math.max(0, left) });
  }
  return { shape, dims };
}

/** F.pad(input, pad, mode="constant", value): grad_fn ConstantPadNdBackward0. */
export function pad(input: Tensor, pad: readonly number[], mode: PadMode | string = "constant", value = 0): Tensor {
  if (mode === "reflect" || mode === "replicate" || mode === "circular") {
    if (value !== 0) throw runtimeError(`Padding mode "${mode}" doesn't take in value argument`);
    return copyingPad(input, pad, mode);
  }
  if (mode !== "constant") throw new TorchError("NotImplementedError", `Unrecognised padding mode ${mode}`);
  const { shape, dims } = plan(input, pad);
  const fill = isFloating(input.dtype) ? value : Math.trunc(value);
  const out = withGradMode(false, () => {
    const o = full(shape, fill, { dtype: input.dtype, device: input.device });
    let src = input, dst = o;
    for (const d of dims) {
      src = narrow(src, d.dim, d.srcStart, d.length);
      dst = narrow(dst, d.dim, d.dstStart, d.length);
    }
    copyInto(dst, src);
    return o;
  });
  if (isGradEnabled() && input.requiresGrad) {
    // The gradient is the output gradient padded back by the negated amounts.
    out.gradFn = new FunctionNode(
      "ConstantPadNdBackward0",
      [gradEdge(input)],
      ([g]) => [g ? padLike(g, pad) : null],
      1,
    );
    out.requiresGrad = true;
  }
  return out;
}

const padLike = (g: Tensor, amounts: readonly number[]) => pad(g, amounts.map((a) => -a));

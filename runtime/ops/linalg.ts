// Matrix products: matmul (torch.matmul's 1-d/2-d/batched broadcasting rules), mm, bmm, mv, dot,
// addmm, outer. The error texts are PyTorch 1.13's, including those matmul reports from the
// mm/mv/bmm it folds batched operands into.

import type { DType } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { broadcastShapes, numelOf } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { defineOp, dispatch1 } from "./registry.ts";
import { castValue, notImplementedFor, resultTypeOf, SCALAR_TYPE_NAME } from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesOperands } from "../autograd/grad_rule.ts";
import { clone } from "./copy.ts";
import { mul } from "./binary.ts";
import { sumToShape } from "./sum_to.ts";
import { reshape, t as tr, transpose, unsqueeze } from "./views.ts";

const sizes = (t: Tensor) => t.shape.join("x");

function sameDtype(a: Tensor, b: Tensor, kernel: string): DType {
  if (a.dtype !== b.dtype) {
    throw runtimeError(`expected scalar type ${SCALAR_TYPE_NAME[a.dtype]} but found ${SCALAR_TYPE_NAME[b.dtype]}`);
  }
  if (a.dtype === "bool") throw notImplementedFor(kernel, a.dtype);
  return a.dtype;
}

const cannotMultiply = (m1: string, m2: string) =>
  runtimeError(`mat1 and mat2 shapes cannot be multiplied (${m1} and ${m2})`);

export const mmOp = defineOp<Record<never, never>>({
  name: "mm",
  gradName: "MmBackward0",
  infer([a, b]) {
    if (a.ndim !== 2) throw runtimeError("self must be a matrix");
    if (b.ndim !== 2) throw runtimeError("mat2 must be a matrix");
    if (a.shape[1] !== b.shape[0]) throw cannotMultiply(sizes(a), sizes(b));
    return [{ shape: [a.shape[0], b.shape[1]], dtype: sameDtype(a, b, "addmm_impl_cpu_") }];
  },
});

export const bmmOp = defineOp<Record<never, never>>({
  name: "bmm",
  gradName: "BmmBackward0",
  infer([a, b]) {
    if (a.ndim !== 3) throw runtimeError("batch1 must be a 3D tensor");
    if (b.ndim !== 3) throw runtimeError("batch2 must be a 3D tensor");
    if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
      throw runtimeError(
        `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${
          b.shape[0]
        }, ${b.shape[1]}].`,
      );
    }
    return [{ shape: [a.shape[0], a.shape[1], b.shape[2]], dtype: sameDtype(a, b, "bmm") }];
  },
});

export const mvOp = defineOp<Record<never, never>>({
  name: "mv",
  gradName: "MvBackward0",
  infer([a, v]) {
    if (a.ndim !== 2 || v.ndim !== 1) {
      throw runtimeError(`vector + matrix @ vector expected, got 1, ${a.ndim}, ${v.ndim}`);
    }
    if (a.shape[1] !== v.shape[0]) throw runtimeError(`size mismatch, got ${a.shape[0]}, ${sizes(a)},${v.shape[0]}`);
    return [{ shape: [a.shape[0]], dtype: sameDtype(a, v, "addmv_impl_cpu") }];
  },
});

export const dotOp = defineOp<Record<never, never>>({
  name: "dot",
  gradName: "DotBackward0",
  infer([a, b]) {
    if (a.ndim !== 1 || b.ndim !== 1) {
      throw runtimeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
    }
    if (a.dtype !== b.dtype) {
      throw runtimeError(
        `dot : expected both vectors to have same dtype, but found ${SCALAR_TYPE_NAME[a.dtype]} and ${
          SCALAR_TYPE_NAME[b.dtype]
        }`,
      );
    }
    if (a.numel !== b.numel) {
      throw runtimeError(
        `inconsistent tensor size, expected tensor [${a.numel}] and src [${b.numel}] to have the same number of elements, but got ${a.numel} and ${b.numel} elements respectively`,
      );
    }
    if (a.dtype === "bool") throw notImplementedFor("dot", a.dtype);
    return [{ shape: [], dtype: a.dtype }];
  },
});

export interface AddmmParams {
  beta: number;
  alpha: number;
}

export const addmmOp = defineOp<AddmmParams>({
  name: "addmm",
  gradName: "AddmmBackward0",
  infer([input, m1, m2]) {
    if (m1.ndim !== 2) throw runtimeError(`mat1 must be a matrix, got ${m1.ndim}-D tensor`);
    if (m2.ndim !== 2) throw runtimeError(`mat2 must be a matrix, got ${m2.ndim}-D tensor`);
    if (m1.shape[1] !== m2.shape[0]) throw cannotMultiply(sizes(m1), sizes(m2));
    if (m1.dtype !== m2.dtype) throw runtimeError("mat1 and mat2 must have the same dtype");
    if (input.dtype !== m2.dtype) throw runtimeError("self and mat2 must have the same dtype");
    if (m1.dtype === "bool") throw notImplementedFor("addmm_impl_cpu_", m1.dtype);
    const shape = [m1.shape[0], m2.shape[1]];
    checkExpandable(input, shape);
    return [{ shape, dtype: m1.dtype }];
  },
});

// at::expand's messages: addmm expands `input` to the product's shape.
function checkExpandable(t: Tensor, shape: readonly number[]): void {
  const tSizes = () => `[${t.shape.join(", ")}]`; // only for the messages: addmm checks every call
  if (t.ndim > shape.length) {
    throw runtimeError(
      `expand(torch.${SCALAR_TYPE_NAME[t.dtype]}Tensor{${tSizes()}}, size=[${
        shape.join(", ")
      }]): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim})`,
    );
  }
  for (let i = 0; i < t.ndim; i++) {
    const d = shape.length - t.ndim + i;
    if (t.shape[i] !== 1 && t.shape[i] !== shape[d]) {
      throw runtimeError(
        `The expanded size of the tensor (${shape[d]}) must match the existing size (${
          t.shape[i]
        }) at non-singleton dimension ${d}.  Target sizes: [${shape.join(", ")}].  Tensor sizes: ${tSizes()}`,
      );
    }
  }
}

export interface OuterParams {
  /** The promoted dtype the product is computed in. */
  dtype: DType;
}

/** outer is mul of broadcast views in PyTorch, hence its autograd node name. */
export const outerOp = defineOp<OuterParams>({
  name: "outer",
  gradName: "MulBackward0",
  infer([a, b], p) {
    if (a.ndim !== 1) throw runtimeError(`outer: Expected 1-D argument self, but got ${a.ndim}-D`);
    if (b.ndim !== 1) throw runtimeError(`outer: Expected 1-D argument vec2, but got ${b.ndim}-D`);
    return [{ shape: [a.shape[0], b.shape[0]], dtype: p.dtype }];
  },
});

/**
 * matmul's batched and mixed 1-d cases (the 1-d·1-d, 2-d·1-d and 2-d·2-d cases run dot, mv and mm,
 * as in PyTorch). Shape errors quote the folded mm/mv/bmm PyTorch 1.13 runs.
 */
export const matmulOp = defineOp<Record<never, never>>({
  name: "matmul",
  gradName: "UnsafeViewBackward0",
  infer([a, b]) {
    const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
    const [n, k] = a.ndim === 1 ? [1, a.shape[0]] : a.shape.slice(-2);
    const [k2, p] = b.ndim === 1 ? [b.shape[0], 1] : b.shape.slice(-2);
    let shape: number[];
    if (a.ndim === 1 && b.ndim === 2) {
      if (k !== k2) throw cannotMultiply(`1x${k}`, `${k2}x${p}`);
      shape = [p];
    } else if (b.ndim <= 2) {
      const rows = numelOf(batchA) * n;
      if (k !== k2) {
        throw b.ndim === 1
          ? runtimeError(`size mismatch, got ${rows}, ${rows}x${k},${k2}`)
          : cannotMultiply(`${rows}x${k}`, `${k2}x${p}`);
      }
      shape = b.ndim === 1 ? [...batchA, n] : [...batchA, n, p];
    } else if (a.ndim <= 2) {
      const rows = numelOf(batchB) * p;
      if (k !== k2) {
        throw a.ndim === 1
          ? runtimeError(`size mismatch, got ${rows}, ${rows}x${k2},${k}`)
          : cannotMultiply(`${rows}x${k2}`, `${k}x${n}`);
      }
      shape = a.ndim === 1 ? [...batchB, p] : [...batchB, n, p];
    } else {
      const batch = broadcastShapes(batchA, batchB);
      if (k !== k2) {
        const bs = numelOf(batch);
        throw runtimeError(
          `Expected size for first two dimensions of batch2 tensor to be: [${bs}, ${k}] but got: [${bs}, ${k2}].`,
        );
      }
      shape = [...batch, n, p];
    }
    return [{ shape, dtype: sameDtype(a, b, a.ndim > 2 && b.ndim > 2 ? "bmm" : "addmm_impl_cpu_") }];
  },
});

/** torch.matmul: dot, mv, mm, or a batched product broadcasting the batch dims. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  if (a.ndim === 2 && b.ndim === 1) return mv(a, b);
  if (a.ndim === 2 && b.ndim === 2) return mm(a, b);
  return dispatch1(matmulOp, [a, b], {});
}

export const mm = (a: Tensor, b: Tensor): Tensor => dispatch1(mmOp, [a, b], {});
export const bmm = (a: Tensor, b: Tensor): Tensor => dispatch1(bmmOp, [a, b], {});
export const mv = (a: Tensor, v: Tensor): Tensor => dispatch1(mvOp, [a, v], {});
export const dot = (a: Tensor, b: Tensor): Tensor => dispatch1(dotOp, [a, b], {});

export interface AddmmOptions {
  beta?: number;
  alpha?: number;
}

/** beta * input + alpha * (mat1 @ mat2); input broadcasts, and is ignored when beta is 0. */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, opts: AddmmOptions = {}): Tensor {
  // Integer products take beta and alpha as integers (truncated), as the C++ scalar cast does.
  const cast = (v: number) => (mat1.dtype === "float32" || mat1.dtype === "float64" ? v : castValue(v, "int64"));
  return dispatch1(addmmOp, [input, mat1, mat2], { beta: cast(opts.beta ?? 1), alpha: cast(opts.alpha ?? 1) });
}

/** The outer product of two vectors, in their promoted dtype. */
export const outer = (a: Tensor, b: Tensor): Tensor => dispatch1(outerOp, [a, b], { dtype: resultTypeOf(a, b) });

// ---- gradients

const asDtype = (t: Tensor, like: Tensor) => (t.dtype === like.dtype ? t : clone(t, like.dtype));
const mT = (t: Tensor) => transpose(t, -1, -2);
/** t * s; x * 1 is exactly x, so the usual alpha = beta = 1 costs no kernel (nn.Linear's backward). */
const scaled = (t: Tensor, s: number) => (s === 1 ? t : mul(t, s));

/**
 * PyTorch's mm_mat2_backward: a column-major mat2 (nn.Linear's weight.t()) gets a column-major
 * gradient, (gᵀ·mat1)ᵀ, so the weight's own gradient arrives contiguous, as in PyTorch (its
 * accumulation and the optimizer then take their contiguous paths). Same products, same sums.
 */
const mat2Grad = (g: Tensor, m1: Tensor, m2: Tensor): Tensor =>
  m2.strides[0] === 1 && m2.strides[1] === m2.shape[0] ? tr(mm(tr(g), m1)) : mm(tr(m1), g);

setBackward(mmOp, rule((g, { inputs: [a, b] }) => [mm(g, tr(b)), mat2Grad(g, a, b)]), savesOperands);
setBackward(bmmOp, rule((g, { inputs: [a, b] }) => [bmm(g, mT(b)), bmm(mT(a), g)]), savesOperands);
setBackward(mvOp, rule((g, { inputs: [a, v] }) => [outer(g, v), mv(tr(a), g)]), savesOperands);
setBackward(dotOp, rule((g, { inputs: [a, b] }) => [mul(g, b), mul(g, a)]), savesOperands);
setBackward(
  addmmOp,
  rule((g, { inputs: [, m1, m2], params: { alpha, beta } }) => [
    beta === 0 ? null : scaled(g, beta),
    scaled(mm(g, tr(m2)), alpha),
    scaled(mat2Grad(g, m1, m2), alpha),
  ]),
);
setBackward(outerOp, rule((g, { inputs: [a, b] }) => [mv(g, asDtype(b, g)), mv(tr(g), asDtype(a, g))]), savesOperands);
setBackward(
  matmulOp,
  rule((g, { inputs: [a, b] }) => {
    const A = a.ndim === 1 ? unsqueeze(a, 0) : a, Bm = b.ndim === 1 ? unsqueeze(b, -1) : b;
    let G = g;
    if (a.ndim === 1) G = unsqueeze(G, -2);
    if (b.ndim === 1) G = unsqueeze(G, -1);
    const gA = sumToShape(matmul(G, mT(Bm)), A.shape), gB = sumToShape(matmul(mT(A), G), Bm.shape);
    return [reshape(gA, a.shape), reshape(gB, b.shape)];
  }),
  savesOperands,
);

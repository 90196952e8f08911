// Comparisons (bool results, computed in the promoted dtype: `float32 tensor == 0.1` compares with
// 0.1 rounded to float32, as PyTorch does), isclose, and the whole-tensor predicates.

import type { Tensor } from "../tensor.ts";
import { runtimeError } from "../errors.ts";
import { callElementwise, defineElementwise, type ElementwiseParams, type OutOption } from "./elementwise.ts";
import type { OpDef } from "./registry.ts";
import { asTensor, type Operand, resultTypeOf, SCALAR_TYPE_NAME } from "./scalar.ts";
import { shapeEquals } from "../shape.ts";

const comparison = (name: string) => defineElementwise<ElementwiseParams>({ name, outDtype: () => "bool" });

export const eqOp = comparison("eq");
export const neOp = comparison("ne");
export const ltOp = comparison("lt");
export const leOp = comparison("le");
export const gtOp = comparison("gt");
export const geOp = comparison("ge");

function compare(op: OpDef<ElementwiseParams>, a: Operand, b: Operand, out?: Tensor): Tensor {
  const x = asTensor(a), y = asTensor(b);
  return callElementwise(op, [x, y], { dtype: resultTypeOf(x, y) }, out);
}

export const eq = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => compare(eqOp, a, b, opts.out);
export const ne = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => compare(neOp, a, b, opts.out);
export const lt = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => compare(ltOp, a, b, opts.out);
export const le = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => compare(leOp, a, b, opts.out);
export const gt = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => compare(gtOp, a, b, opts.out);
export const ge = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => compare(geOp, a, b, opts.out);

export interface IscloseParams extends ElementwiseParams {
  rtol: number;
  atol: number;
  equal_nan: boolean;
}

export interface IscloseOptions {
  rtol?: number;
  atol?: number;
  equal_nan?: boolean;
}

export const iscloseOp = defineElementwise<IscloseParams>({
  name: "isclose",
  outDtype: () => "bool",
  check([a, b], p) {
    if (a.dtype !== b.dtype) {
      throw runtimeError(`${SCALAR_TYPE_NAME[a.dtype]} did not match ${SCALAR_TYPE_NAME[b.dtype]}`);
    }
    if (p.rtol < 0) throw runtimeError(`rtol must be greater than or equal to zero, but got ${p.rtol}`);
    if (p.atol < 0) throw runtimeError(`atol must be greater than or equal to zero, but got ${p.atol}`);
  },
});

/** |a - b| <= atol + rtol * |b|, elementwise; the two tensors must share a dtype (as in PyTorch). */
export function isclose(a: Tensor, b: Tensor, opts: IscloseOptions = {}): Tensor {
  const params = {
    dtype: a.dtype,
    rtol: opts.rtol ?? 1e-5,
    atol: opts.atol ?? 1e-8,
    equal_nan: opts.equal_nan ?? false,
  };
  return callElementwise(iscloseOp, [a, b], params);
}

const allTrue = (t: Tensor): boolean => t.dataSync().every((v) => v !== 0);

/** Whether every element of isclose(a, b) holds (a JS boolean, like Python's bool result). */
export const allclose = (a: Tensor, b: Tensor, opts: IscloseOptions = {}): boolean => allTrue(isclose(a, b, opts));

/** torch.equal: same shape and equal values (dtypes may differ; NaN is never equal). */
export const equal = (a: Tensor, b: Tensor): boolean => shapeEquals(a.shape, b.shape) && allTrue(eq(a, b));

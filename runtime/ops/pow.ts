// pow in its three PyTorch forms. tensor ** scalar keeps the exponent as a param (PowBackward0
// differentiates only the base); tensor ** tensor and scalar ** tensor are PowBackward1.

import { isIntegral } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { callElementwise, defineElementwise, type ElementwiseParams, type OutOption } from "./elementwise.ts";
import {
  asTensor,
  notImplementedFor,
  type Operand,
  resultTypeOf,
  type Scalar,
  scalarInfo,
  unwrapScalar,
} from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesInput, savesInputAndOutput, zerosGrad } from "../autograd/grad_rule.ts";
import { mul, sub } from "./binary.ts";
import { log } from "./unary.ts";
import { where } from "./clamp.ts";
import { eq, ge } from "./compare.ts";
import { logical_and } from "./logical.ts";

export interface PowScalarParams extends ElementwiseParams {
  exponent: number;
}

const noBool = (_: readonly Tensor[], p: ElementwiseParams) => {
  if (p.dtype === "bool") throw notImplementedFor("pow", p.dtype);
};

export const powScalarOp = defineElementwise<PowScalarParams>({
  name: "pow",
  gradName: "PowBackward0",
  check(_, p) {
    noBool(_, p);
    if (isIntegral(p.dtype) && p.exponent < 0) {
      throw runtimeError("Integers to negative integer powers are not allowed.");
    }
  },
});

export const powTensorOp = defineElementwise<ElementwiseParams>({
  name: "pow_tensor",
  gradName: "PowBackward1",
  check: noBool,
});

// pow(a, e): e * a^(e-1) for the base; out * log(a) for a tensor exponent (0 where a == 0 and
// e >= 0, where PyTorch defines the limit).
setBackward(
  powScalarOp,
  rule((g, { inputs: [a], params: { exponent: e } }) => [e === 0 ? zerosGrad(g) : mul(g, mul(pow(a, e - 1), e))]),
  savesInput,
);
setBackward(
  powTensorOp,
  rule((g, { inputs: [a, e], outputs: [o] }) => [
    where(eq(e, 0), 0, mul(g, mul(e, pow(a, sub(e, 1))))),
    where(logical_and(eq(a, 0), ge(e, 0)), 0, mul(g, mul(o, log(a)))),
  ]),
  savesInputAndOutput,
);
function powScalar(base: Tensor, exponent: Scalar, out?: Tensor): Tensor {
  const e = asTensor(exponent);
  const params = { dtype: resultTypeOf(base, e), exponent: scalarInfo(exponent).value };
  return callElementwise(powScalarOp, [base], params, out);
}

/** `base ** exponent`; integer tensors to negative Python-int powers raise, as in PyTorch. */
export function pow(base: Operand, exponent: Operand, opts: OutOption = {}): Tensor {
  if (base instanceof Tensor && !(exponent instanceof Tensor && !exponent.isWrappedNumber)) {
    return powScalar(base, exponent instanceof Tensor ? unwrapScalar(exponent) : exponent, opts.out);
  }
  const b = asTensor(base), e = asTensor(exponent);
  return callElementwise(powTensorOp, [b, e], { dtype: resultTypeOf(b, e) }, opts.out);
}

export const pow_ = (self: Tensor, exponent: Operand): Tensor => pow(self, exponent, { out: self });

/** torch.square is pow(t, 2) in PyTorch (PowBackward0; bool squares to int64). */
export const square = (t: Tensor, opts: OutOption = {}): Tensor => powScalar(t, 2, opts.out);
export const square_ = (t: Tensor): Tensor => powScalar(t, 2, t);

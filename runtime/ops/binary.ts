// Arithmetic binary ops: + - * / // % and their relatives. Either operand may be a Python scalar
// (see scalar.ts); type promotion is torch.result_type's, and each op adds its own dtype rule.

import { type DType, isFloating } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { callElementwise, defineElementwise, type ElementwiseParams, type OutOption } from "./elementwise.ts";
import type { OpDef } from "./registry.ts";
import {
  asTensor,
  isPyScalar,
  notImplementedFor,
  type Operand,
  resultTypeOf,
  type Scalar,
  scalarInfo,
} from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesOperands, zerosGrad } from "../autograd/grad_rule.ts";
import { neg } from "./unary.ts";
import { where } from "./clamp.ts";
import { eq, gt, lt } from "./compare.ts";

export interface AlphaParams extends ElementwiseParams {
  alpha: number;
}

export interface AlphaOptions extends OutOption {
  alpha?: Scalar;
}

const noBool = (kernel: string) => (_: readonly Tensor[], p: ElementwiseParams) => {
  if (p.dtype === "bool") throw notImplementedFor(kernel, p.dtype);
};

function subCheck([a, b]: readonly Tensor[]): void {
  if (a.dtype === "bool" && b.dtype === "bool") {
    throw runtimeError(
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
  }
  if (a.dtype === "bool" || b.dtype === "bool") {
    throw runtimeError(
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
}

export const addOp = defineElementwise<AlphaParams>({ name: "add", gradName: "AddBackward0" });
export const subOp = defineElementwise<AlphaParams>({ name: "sub", gradName: "SubBackward0", check: subCheck });
/** `rsub(input, other, alpha)` = other - alpha * input: Python's `1 - t`. */
export const rsubOp = defineElementwise<AlphaParams>({ name: "rsub", gradName: "RsubBackward1", check: subCheck });
export const mulOp = defineElementwise<ElementwiseParams>({ name: "mul", gradName: "MulBackward0" });
export const divOp = defineElementwise<ElementwiseParams>({ name: "div", gradName: "DivBackward0" });
export const divTruncOp = defineElementwise<ElementwiseParams>({
  name: "div_trunc",
  gradName: "DivBackward2",
  check: noBool("div_trunc_cpu"),
});
export const divFloorOp = defineElementwise<ElementwiseParams>({
  name: "div_floor",
  gradName: "DivBackward2",
  check: noBool("div_floor_cpu"),
});
/** `//`: floor division; PyTorch records no derivative for it. */
export const floorDivideOp = defineElementwise<ElementwiseParams>({
  name: "floor_divide",
  gradName: "NotImplemented",
  check: noBool("div_floor_cpu"),
});
/** remainder(tensor, tensor): RemainderBackward1; with a Python scalar divisor RemainderBackward0. */
export const remainderOp = defineElementwise<ElementwiseParams>({
  name: "remainder",
  gradName: "RemainderBackward1",
  check: noBool("remainder_cpu"),
});
export const remainderScalarOp = defineElementwise<ElementwiseParams>({
  name: "remainder_scalar",
  gradName: "RemainderBackward0",
  check: noBool("remainder_cpu"),
});
export const maximumOp = defineElementwise<ElementwiseParams>({ name: "maximum", gradName: "MaximumBackward0" });
export const minimumOp = defineElementwise<ElementwiseParams>({ name: "minimum", gradName: "MinimumBackward0" });
export const atan2Op = defineElementwise<ElementwiseParams>({ name: "atan2", gradName: "Atan2Backward0" });

// Gradients. floor_divide has none: PyTorch records no derivative for `//`.
setBackward(addOp, rule((g, { params }) => [g, params.alpha === 1 ? g : mul(g, params.alpha)]));
setBackward(subOp, rule((g, { params }) => [g, mul(g, -params.alpha)]));
setBackward(rsubOp, rule((g, { params }) => [mul(g, -params.alpha), g]));
setBackward(mulOp, rule((g, { inputs: [a, b] }) => [mul(g, b), mul(g, a)]), savesOperands);
setBackward(divOp, rule((g, { inputs: [a, b] }) => [div(g, b), neg(div(mul(g, a), mul(b, b)))]), savesOperands);
setBackward(divTruncOp, rule((g) => [zerosGrad(g), zerosGrad(g)]));
setBackward(divFloorOp, rule((g) => [zerosGrad(g), zerosGrad(g)]));
setBackward(
  remainderOp,
  rule((g, { inputs: [a, b] }) => [g, neg(mul(g, div(a, b, { rounding_mode: "floor" })))]),
  savesOperands,
);
setBackward(remainderScalarOp, rule((g) => [g, null]));
/** maximum/minimum: the winner takes the gradient; ties split it evenly, as in PyTorch. */
const pickBinary = (g: Tensor, a: Tensor, b: Tensor, win: (a: Tensor, b: Tensor) => Tensor) => {
  const tie = eq(a, b);
  const half = where(tie, div(g, 2), g);
  return [where(win(a, b), half, where(tie, half, 0)), where(win(b, a), half, where(tie, half, 0))];
};
setBackward(maximumOp, rule((g, { inputs: [a, b] }) => pickBinary(g, a, b, gt)), savesOperands);
setBackward(minimumOp, rule((g, { inputs: [a, b] }) => pickBinary(g, a, b, lt)), savesOperands);
setBackward(
  atan2Op,
  rule((g, { inputs: [a, b] }) => {
    const r = add(mul(a, a), mul(b, b));
    return [div(mul(g, b), r), neg(div(mul(g, a), r))];
  }),
  savesOperands,
);

/** Runs a two-operand op computing in `dtype` (default: the promoted type of the operands). */
function binary<P extends ElementwiseParams>(
  op: OpDef<P>,
  a: Operand,
  b: Operand,
  extra: Omit<P, "dtype">,
  out?: Tensor,
  dtypeRule: (promoted: DType) => DType = (d) => d,
): Tensor {
  const x = asTensor(a), y = asTensor(b);
  const params = { ...extra, dtype: dtypeRule(resultTypeOf(x, y)) } as P;
  return callElementwise(op, [x, y], params, out);
}

/** at::native::alpha_check, then alpha as a number in the compute dtype. */
function alphaValue(alpha: Scalar | undefined, dtype: DType): number {
  if (alpha === undefined) return 1;
  const { value, dtype: kind } = scalarInfo(alpha);
  const isBool = typeof alpha === "boolean" || (isPyScalar(alpha) && typeof alpha.value === "boolean");
  if (isBool && dtype !== "bool") throw runtimeError("Boolean alpha only supported for Boolean results.");
  if (!isFloating(dtype) && kind === "float64") {
    throw runtimeError("For integral input tensors, argument alpha must not be a floating point number.");
  }
  return value;
}

function withAlpha(op: OpDef<AlphaParams>, a: Operand, b: Operand, opts: AlphaOptions, out?: Tensor): Tensor {
  const x = asTensor(a), y = asTensor(b);
  const dtype = resultTypeOf(x, y);
  op.infer([x, y], { dtype, alpha: 1 }); // PyTorch's bool-subtraction check comes before alpha's
  return callElementwise(op, [x, y], { dtype, alpha: alphaValue(opts.alpha, dtype) }, out);
}

/** `a + alpha * b`. */
export const add = (a: Operand, b: Operand, opts: AlphaOptions = {}): Tensor => withAlpha(addOp, a, b, opts, opts.out);
/** `a - alpha * b`. */
export const sub = (a: Operand, b: Operand, opts: AlphaOptions = {}): Tensor => withAlpha(subOp, a, b, opts, opts.out);
/** `other - alpha * input` (torch.rsub). */
export const rsub = (input: Tensor, other: Operand, opts: AlphaOptions = {}): Tensor =>
  withAlpha(rsubOp, input, other, opts, opts.out);
export const mul = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => binary(mulOp, a, b, {}, opts.out);

export type RoundingMode = "trunc" | "floor" | null;

export interface DivOptions extends OutOption {
  rounding_mode?: RoundingMode;
}

/** True division promotes integers to the default float dtype; trunc/floor keep integer dtypes. */
export function div(a: Operand, b: Operand, opts: DivOptions = {}): Tensor {
  const mode = opts.rounding_mode ?? null;
  if (mode === null) return binary(divOp, a, b, {}, opts.out, (d) => (isFloating(d) ? d : "float32"));
  if (mode === "trunc") return binary(divTruncOp, a, b, {}, opts.out);
  if (mode === "floor") return binary(divFloorOp, a, b, {}, opts.out);
  throw runtimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
}

/** Python's `//`: floor division with Python's sign rules, also on integers. */
export const floor_divide = (a: Operand, b: Operand, opts: OutOption = {}): Tensor =>
  binary(floorDivideOp, a, b, {}, opts.out);

/** Python's `%`: the result has the divisor's sign. */
export const remainder = (a: Operand, b: Operand, opts: OutOption = {}): Tensor =>
  binary(b instanceof Tensor && !b.isWrappedNumber ? remainderOp : remainderScalarOp, a, b, {}, opts.out);

/** Elementwise max, NaN-propagating. */
export const maximum = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => binary(maximumOp, a, b, {}, opts.out);
export const minimum = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => binary(minimumOp, a, b, {}, opts.out);

export const atan2 = (a: Operand, b: Operand, opts: OutOption = {}): Tensor =>
  binary(atan2Op, a, b, {}, opts.out, (d) => (isFloating(d) ? d : "float32"));

// In-place forms write through `self` (a view writes into its base); the result dtype must be
// castable to self's dtype, and the broadcast shape must be self's shape.

export const add_ = (self: Tensor, other: Operand, opts: { alpha?: Scalar } = {}): Tensor =>
  withAlpha(addOp, self, other, opts, self);
export const sub_ = (self: Tensor, other: Operand, opts: { alpha?: Scalar } = {}): Tensor =>
  withAlpha(subOp, self, other, opts, self);
export const mul_ = (self: Tensor, other: Operand): Tensor => mul(self, other, { out: self });
export const div_ = (self: Tensor, other: Operand, opts: { rounding_mode?: RoundingMode } = {}): Tensor =>
  div(self, other, { ...opts, out: self });
export const floor_divide_ = (self: Tensor, other: Operand): Tensor => floor_divide(self, other, { out: self });
export const remainder_ = (self: Tensor, other: Operand): Tensor => remainder(self, other, { out: self });

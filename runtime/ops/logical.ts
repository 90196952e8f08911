// Logical ops (any dtype in, bool out: nonzero is true) and bitwise ops (integers and bool only).

import { isFloating } from "../dtype.ts";
import type { Tensor } from "../tensor.ts";
import { callElementwise, defineElementwise, type ElementwiseParams, type OutOption } from "./elementwise.ts";
import type { OpDef } from "./registry.ts";
import { asTensor, notImplementedFor, type Operand, resultTypeOf } from "./scalar.ts";

const logicalOp = (name: string) => defineElementwise<ElementwiseParams>({ name, outDtype: () => "bool" });

export const logicalAndOp = logicalOp("logical_and");
export const logicalOrOp = logicalOp("logical_or");
export const logicalXorOp = logicalOp("logical_xor");
export const logicalNotOp = logicalOp("logical_not");

const bitwiseOp = (name: string) =>
  defineElementwise<ElementwiseParams>({
    name,
    check(_, p) {
      if (isFloating(p.dtype)) throw notImplementedFor(`${name}_cpu`, p.dtype);
    },
  });

export const bitwiseAndOp = bitwiseOp("bitwise_and");
export const bitwiseOrOp = bitwiseOp("bitwise_or");
export const bitwiseXorOp = bitwiseOp("bitwise_xor");
export const bitwiseNotOp = bitwiseOp("bitwise_not");

function binary(op: OpDef<ElementwiseParams>, a: Operand, b: Operand, out?: Tensor): Tensor {
  const x = asTensor(a), y = asTensor(b);
  return callElementwise(op, [x, y], { dtype: resultTypeOf(x, y) }, out);
}

export const logical_and = (a: Operand, b: Operand, opts: OutOption = {}): Tensor =>
  binary(logicalAndOp, a, b, opts.out);
export const logical_or = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => binary(logicalOrOp, a, b, opts.out);
export const logical_xor = (a: Operand, b: Operand, opts: OutOption = {}): Tensor =>
  binary(logicalXorOp, a, b, opts.out);
export const logical_not = (t: Tensor, opts: OutOption = {}): Tensor =>
  callElementwise(logicalNotOp, [t], { dtype: t.dtype }, opts.out);

/** `&`: on bool tensors a logical and; with Python ints, int64 (`bool_tensor & 3`). */
export const bitwise_and = (a: Operand, b: Operand, opts: OutOption = {}): Tensor =>
  binary(bitwiseAndOp, a, b, opts.out);
export const bitwise_or = (a: Operand, b: Operand, opts: OutOption = {}): Tensor => binary(bitwiseOrOp, a, b, opts.out);
export const bitwise_xor = (a: Operand, b: Operand, opts: OutOption = {}): Tensor =>
  binary(bitwiseXorOp, a, b, opts.out);
/** `~`: bitwise not on integers, logical not on bool. */
export const bitwise_not = (t: Tensor, opts: OutOption = {}): Tensor =>
  callElementwise(bitwiseNotOp, [t], { dtype: t.dtype }, opts.out);

export const logical_not_ = (t: Tensor): Tensor => callElementwise(logicalNotOp, [t], { dtype: t.dtype }, t);
export const bitwise_and_ = (self: Tensor, other: Operand): Tensor => bitwise_and(self, other, { out: self });
export const bitwise_or_ = (self: Tensor, other: Operand): Tensor => bitwise_or(self, other, { out: self });
export const bitwise_xor_ = (self: Tensor, other: Operand): Tensor => bitwise_xor(self, other, { out: self });

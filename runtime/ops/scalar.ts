// Python numbers as op operands. PyTorch wraps a Python scalar into a 0-d tensor flagged as a
// "wrapped number", which ranks lowest in type promotion (`int64 tensor * 2.5` is float32, but
// `uint8 tensor + 300` stays uint8). The binding cannot tell `2` from `2.0` once both are JS
// numbers, so it passes floats explicitly as `pyFloat(2)`; a bare JS number is a float only when
// it is not an integer.

import { getDevice } from "../device.ts";
import { type DType, isFloating, type PromotionOperand, resultType } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";

/** A Python number with its kind spelled out (`2.0` is `{ value: 2, isFloat: true }`). */
export interface PyScalar {
  readonly value: number | boolean;
  readonly isFloat: boolean;
}

export type Scalar = number | boolean | PyScalar;
/** What elementwise ops accept for each operand. */
export type Operand = Tensor | Scalar;

export const pyFloat = (value: number): PyScalar => ({ value, isFloat: true });
export const pyInt = (value: number): PyScalar => ({ value, isFloat: false });

export const isPyScalar = (x: unknown): x is PyScalar =>
  typeof x === "object" && x !== null && !(x instanceof Tensor) && "value" in x && "isFloat" in x;

export const isScalar = (x: unknown): x is Scalar => typeof x === "number" || typeof x === "boolean" || isPyScalar(x);

/** The numeric value of a scalar (bools as 0/1) and the dtype its wrapped tensor gets. */
export function scalarInfo(s: Scalar): { value: number; dtype: DType } {
  const { value, isFloat } = isPyScalar(s) ? s : { value: s, isFloat: undefined };
  if (typeof value === "boolean") return { value: value ? 1 : 0, dtype: "bool" };
  const float = isFloat ?? !Number.isInteger(value);
  // Wrapped floats are stored as doubles so `float64 tensor + 0.1` adds the exact double 0.1.
  return { value, dtype: float ? "float64" : "int64" };
}

/** The dtype `torch.full(size, s)` / `torch.tensor(s)` gives a scalar: bool, int64 or float32. */
export function scalarDType(s: Scalar): DType {
  const { dtype } = scalarInfo(s);
  return dtype === "float64" ? "float32" : dtype;
}

/** The scalar as a number (bools as 0/1). */
export const scalarValue = (s: Scalar): number => scalarInfo(s).value;

/** A Python scalar wrapped as PyTorch does: a 0-d CPU tensor with `isWrappedNumber` set. */
export function scalarTensor(value: number | boolean, isFloat?: boolean): Tensor {
  const info = scalarInfo(isFloat === undefined ? value : { value, isFloat });
  const t = Tensor.fromArray([info.value], [], info.dtype, getDevice("cpu"));
  t.isWrappedNumber = true;
  return t;
}

export function asTensor(x: Operand): Tensor {
  if (x instanceof Tensor) return x;
  const { value, dtype } = scalarInfo(x);
  return scalarTensor(dtype === "bool" ? value !== 0 : value, dtype === "float64");
}

/** A wrapped-number tensor back as the Python scalar it wraps. */
export function unwrapScalar(t: Tensor): PyScalar {
  const v = t.dataSync()[0];
  return { value: t.dtype === "bool" ? v !== 0 : v, isFloat: isFloating(t.dtype) };
}

/**
 * How a tensor takes part in type promotion. A wrapped float counts as the default dtype
 * (float32), as in at::native::result_type, so `where(c, 1, 2.5)` is float32, not float64.
 */
export function promotionOperand(t: Tensor): PromotionOperand {
  if (t.isWrappedNumber) return { dtype: isFloating(t.dtype) ? "float32" : t.dtype, priority: 0 };
  return { dtype: t.dtype, priority: t.ndim === 0 ? 1 : 2 };
}

/** torch.result_type over the given tensors (wrapped numbers included). */
export const resultTypeOf = (...ts: readonly Tensor[]): DType => resultType(ts.map(promotionOperand));

/** The dtype names PyTorch's C++ messages use (`Float`, `Long`, ...). */
export const SCALAR_TYPE_NAME: Readonly<Record<DType, string>> = {
  float32: "Float",
  float64: "Double",
  int64: "Long",
  int32: "Int",
  uint8: "Byte",
  bool: "Bool",
};

/** c10::canCast: no floating → integral, and nothing but bool → bool. */
export const canCast = (from: DType, to: DType): boolean =>
  !(isFloating(from) && !isFloating(to)) && !(from !== "bool" && to === "bool");

/** The check in-place ops and `out=` make before writing a result of dtype `from` into `to`. */
export function checkCast(from: DType, to: DType): void {
  if (!canCast(from, to)) {
    throw runtimeError(
      `result type ${SCALAR_TYPE_NAME[from]} can't be cast to the desired output type ${SCALAR_TYPE_NAME[to]}`,
    );
  }
}

/** A number converted as a store into a tensor of `dtype` would convert it. */
export function castValue(value: number, dtype: DType): number {
  switch (dtype) {
    case "float32":
      return Math.fround(value);
    case "float64":
      return value;
    case "int64":
      return Math.trunc(value) + 0;
    case "int32":
      return value | 0;
    case "uint8":
      return value & 255;
    case "bool":
      return value !== 0 ? 1 : 0;
  }
}

/** `"abs_cpu" not implemented for 'Bool'`: PyTorch's message for a dtype a kernel lacks. */
export const notImplementedFor = (kernel: string, dtype: DType) =>
  runtimeError(`"${kernel}" not implemented for '${SCALAR_TYPE_NAME[dtype]}'`);

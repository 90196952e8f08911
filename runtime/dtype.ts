// Tensor element types and PyTorch's type-promotion rules.

export type DType = "float32" | "float64" | "int64" | "int32" | "uint8" | "bool";

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

type Category = 0 | 1 | 2; // bool < integral < floating, as in c10::promoteTypes

interface DTypeInfo {
  /** The name PyTorch prints: `torch.float32`. */
  readonly pyName: string;
  readonly category: Category;
  readonly itemsize: number;
  /** int64 lives in a Float64Array: exact up to 2^53, which is what scripts need. */
  readonly array: { new (n: number): TypedArray; new (a: ArrayLike<number>): TypedArray };
}

export const DTYPES: Readonly<Record<DType, DTypeInfo>> = {
  bool: { pyName: "torch.bool", category: 0, itemsize: 1, array: Uint8Array },
  uint8: { pyName: "torch.uint8", category: 1, itemsize: 1, array: Uint8Array },
  int32: { pyName: "torch.int32", category: 1, itemsize: 4, array: Int32Array },
  int64: { pyName: "torch.int64", category: 1, itemsize: 8, array: Float64Array },
  float32: { pyName: "torch.float32", category: 2, itemsize: 4, array: Float32Array },
  float64: { pyName: "torch.float64", category: 2, itemsize: 8, array: Float64Array },
};

/** Python-visible aliases (`torch.float`, `torch.long`, ...) for each dtype. */
export const DTYPE_ALIASES: Readonly<Record<string, DType>> = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  int64: "int64",
  long: "int64",
  int32: "int32",
  int: "int32",
  uint8: "uint8",
  bool: "bool",
};

export const isFloating = (d: DType): boolean => DTYPES[d].category === 2;
export const isIntegral = (d: DType): boolean => DTYPES[d].category === 1;

const ORDER: DType[] = ["bool", "uint8", "int32", "int64", "float32", "float64"];

/** c10::promoteTypes for the dtypes tsl has (uint8 with int32 gives int32, and so on). */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  return ORDER.indexOf(a) > ORDER.indexOf(b) ? a : b;
}

/** The default dtype of a Python scalar's kind, as torch.tensor(scalar) would pick. */
export function scalarDType(v: number | boolean, isFloat: boolean): DType {
  if (typeof v === "boolean") return "bool";
  return isFloat ? "float32" : "int64";
}

/**
 * One operand of a type-promoting op. `priority` mirrors at::native::result_type: tensors with
 * dimensions (2) outrank zero-dim tensors (1), which outrank wrapped Python numbers (0), but only
 * within the same category; a higher category always wins.
 */
export interface PromotionOperand {
  dtype: DType;
  priority: 0 | 1 | 2;
}

export function resultType(operands: readonly PromotionOperand[]): DType {
  const best: (DType | undefined)[] = [undefined, undefined, undefined];
  for (const o of operands) {
    const cur = best[o.priority];
    best[o.priority] = cur === undefined ? o.dtype : promoteTypes(cur, o.dtype);
  }
  let result: DType | undefined;
  for (const p of [2, 1, 0]) {
    const d = best[p];
    if (d === undefined) continue;
    if (result === undefined) result = d;
    else if (DTYPES[d].category > DTYPES[result].category) {
      // A Python number of a higher category lifts the result to that category's default dtype;
      // a zero-dim tensor of a higher category lends its own dtype.
      result = p === 0 ? (DTYPES[d].category === 2 ? "float32" : "int64") : d;
    }
  }
  return result ?? "float32";
}

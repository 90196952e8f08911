// clamp (scalar or tensor bounds, either optional) and where. Both promote like PyTorch 1.13:
// `int_tensor.clamp(1.5)` is float32, `where(c, 1, 2.5)` is float32.

import { runtimeError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { callElementwise, defineElementwise, type ElementwiseParams, type OutOption } from "./elementwise.ts";
import {
  asTensor,
  notImplementedFor,
  type Operand,
  resultTypeOf,
  type Scalar,
  SCALAR_TYPE_NAME,
  scalarInfo,
} from "./scalar.ts";
import { setBackward } from "./registry.ts";
import { rule, savesInput } from "../autograd/grad_rule.ts";
import { ge, gt, le, lt, ne } from "./compare.ts";
import { logical_and } from "./logical.ts";

export interface ClampParams extends ElementwiseParams {
  /** Bounds in the compute dtype's units; null where not given. */
  min: number | null;
  max: number | null;
}

export interface ClampTensorParams extends ElementwiseParams {
  /** Which bound tensors follow the input: [input, min?, max?]. */
  hasMin: boolean;
  hasMax: boolean;
}

const noBoolResult = (_: readonly Tensor[], p: ElementwiseParams) => {
  if (p.dtype === "bool") throw notImplementedFor("clamp_min_cpu", p.dtype);
};

/** Scalar bounds (ClampBackward1); a NaN bound is ignored, as in PyTorch. */
export const clampOp = defineElementwise<ClampParams>({
  name: "clamp",
  gradName: "ClampBackward1",
  check: noBoolResult,
});
/** Tensor bounds (ClampBackward0); NaN in a bound propagates. */
export const clampTensorOp = defineElementwise<ClampTensorParams>({
  name: "clamp_tensor",
  gradName: "ClampBackward0",
  check: noBoolResult,
});

// The gradient passes where the input is inside the bounds; a tensor bound takes it where it won.
setBackward(
  clampOp,
  rule((g, { inputs: [a], params: { min, max } }) => {
    let keep = ge(a, min ?? -Infinity);
    if (max !== null) keep = logical_and(keep, le(a, max));
    return [where(keep, g, 0)];
  }),
  savesInput,
);
setBackward(
  clampTensorOp,
  rule((g, { inputs, params: { hasMin, hasMax } }) => {
    const [a] = inputs;
    const lo = hasMin ? inputs[1] : null, hi = hasMax ? inputs[hasMin ? 2 : 1] : null;
    let keep = lo ? ge(a, lo) : ne(a, NaN);
    if (hi) keep = logical_and(keep, le(a, hi));
    const hiWins = hi ? gt(a, hi) : null;
    const loWins = lo ? (hi ? logical_and(lt(a, lo), le(lo, hi)) : lt(a, lo)) : null;
    const out = [where(keep, g, 0)];
    if (lo) out.push(where(loWins!, g, 0));
    if (hi) out.push(where(hiWins!, g, 0));
    return out;
  }),
);
export interface ClampOptions extends OutOption {
  min?: Operand | null;
  max?: Operand | null;
}

const isRealTensor = (x: unknown): x is Tensor => x instanceof Tensor && !x.isWrappedNumber;

/** min(max(t, min), max): with min > max every element becomes max. */
export function clamp(t: Tensor, opts: ClampOptions = {}): Tensor {
  const lo = opts.min ?? null, hi = opts.max ?? null;
  if (lo === null && hi === null) throw runtimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const bounds = [lo, hi].filter((b): b is Operand => b !== null).map(asTensor);
  const dtype = resultTypeOf(t, ...bounds);
  if (isRealTensor(lo) || isRealTensor(hi)) {
    const params = { dtype, hasMin: lo !== null, hasMax: hi !== null };
    return callElementwise(clampTensorOp, [t, ...bounds], params, opts.out);
  }
  const value = (
    b: Operand | null,
  ) => (b === null ? null : scalarInfo(b instanceof Tensor ? b.dataSync()[0] : b as Scalar).value);
  return callElementwise(clampOp, [t], { dtype, min: value(lo), max: value(hi) }, opts.out);
}

export const clamp_ = (t: Tensor, opts: Omit<ClampOptions, "out"> = {}): Tensor => clamp(t, { ...opts, out: t });
export const clamp_min = (t: Tensor, min: Operand): Tensor => clamp(t, { min });
export const clamp_max = (t: Tensor, max: Operand): Tensor => clamp(t, { max });
/** torch.clip is an alias of clamp. */
export const clip = clamp;

export const whereOp = defineElementwise<ElementwiseParams>({
  name: "where",
  gradName: "WhereBackward0",
  check([cond]) {
    if (cond.dtype !== "bool" && cond.dtype !== "uint8") {
      const name = SCALAR_TYPE_NAME[cond.dtype];
      throw runtimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${name}`);
    }
  },
});

setBackward(whereOp, rule((g, { inputs: [c] }) => [null, where(c, g, 0), where(c, 0, g)]));
/** `where(cond, a, b)`: a where cond holds, else b; all three broadcast. */
export function where(cond: Tensor, a: Operand, b: Operand, opts: OutOption = {}): Tensor {
  const x = asTensor(a), y = asTensor(b);
  return callElementwise(whereOp, [cond, x, y], { dtype: resultTypeOf(x, y) }, opts.out);
}

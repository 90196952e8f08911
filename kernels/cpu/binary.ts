// CPU kernels of the arithmetic binary ops and pow. Values arrive converted to the op's compute
// dtype; results are computed in doubles and rounded/wrapped by the store into the output array,
// which is exact for + - * / on float32. Where PyTorch's float32 arithmetic rounds an
// intermediate (truncating division, floor division), the f32 variants round it too.

import type { DType } from "../../runtime/dtype.ts";
import type { ElementwiseParams } from "../../runtime/ops/elementwise.ts";
import type { AlphaParams } from "../../runtime/ops/binary.ts";
import type { PowScalarParams } from "../../runtime/ops/pow.ts";
import { castValue } from "../../runtime/ops/scalar.ts";
import { type ElementFn, type Fn1, type Fn2, registerElementwise } from "./loops.ts";
import {
  divFloorFloat,
  divFloorInt,
  divTruncInt,
  exact,
  mulInt64,
  mulUint8,
  powFloat,
  powFloatScalar,
  powInt,
  remainderFloat,
  remainderInt,
} from "./scalar_math.ts";

/** Picks an element function by the compute dtype's family. */
function byDtype(
  d: DType,
  fns: { f32: ElementFn; f64?: ElementFn; int: ElementFn; i32?: ElementFn; u8?: ElementFn; bool?: ElementFn },
): ElementFn {
  switch (d) {
    case "float32":
      return fns.f32;
    case "float64":
      return fns.f64 ?? fns.f32;
    case "int32":
      return fns.i32 ?? fns.int;
    case "uint8":
      return fns.u8 ?? fns.int;
    case "bool":
      return fns.bool ?? fns.int;
    default:
      return fns.int;
  }
}

const add: Fn2 = (x, y) => x + y;
const addAlpha: Fn2 = (x, y, P) => x + P[0] * y;
const or: Fn2 = (x, y) => x | y;
const orAlpha: Fn2 = (x, y, P) => (x !== 0 || (P[0] !== 0 && y !== 0) ? 1 : 0);
// alpha is a scalar of the compute dtype in PyTorch (a float32 op scales by alpha rounded to float32).
const alpha = (p: AlphaParams) => [castValue(p.alpha, p.dtype)];

registerElementwise<AlphaParams>("add", (p) => {
  if (p.dtype === "bool") return p.alpha === 1 ? or : orAlpha;
  return p.alpha === 1 ? add : addAlpha;
}, { numbers: alpha });

const sub: Fn2 = (x, y) => x - y;
const subAlpha: Fn2 = (x, y, P) => x - P[0] * y;
registerElementwise<AlphaParams>("sub", (p) => (p.alpha === 1 ? sub : subAlpha), { numbers: alpha });

const rsub: Fn2 = (x, y, P) => y - P[0] * x;
registerElementwise<AlphaParams>("rsub", () => rsub, { numbers: alpha });

const mul: Fn2 = (x, y) => x * y;
const mulInt: Fn2 = (x, y) => x * y + 0; // int64 0 * -3 must not store -0
const mulI32: Fn2 = (x, y) => Math.imul(x, y); // wraps like int32 multiplication, exactly
const and: Fn2 = (x, y) => x & y;
registerElementwise<ElementwiseParams>(
  "mul",
  (p) => byDtype(p.dtype, { f32: mul, int: mulInt, i32: mulI32, u8: mul, bool: and }),
);

const div: Fn2 = (x, y) => x / y;
registerElementwise<ElementwiseParams>("div", () => div);

const divTrunc32: Fn2 = (x, y) => Math.trunc(Math.fround(x / y));
const divTrunc64: Fn2 = (x, y) => Math.trunc(x / y);
const divTruncI: Fn2 = (x, y) => divTruncInt(x, y);
registerElementwise<ElementwiseParams>(
  "div_trunc",
  (p) => byDtype(p.dtype, { f32: divTrunc32, f64: divTrunc64, int: divTruncI }),
);

const divFloor32: Fn2 = (x, y) => divFloorFloat(x, y, Math.fround);
const divFloor64: Fn2 = (x, y) => divFloorFloat(x, y, exact);
const divFloorI: Fn2 = (x, y) => divFloorInt(x, y);
const chooseDivFloor = (p: ElementwiseParams) => byDtype(p.dtype, { f32: divFloor32, f64: divFloor64, int: divFloorI });
registerElementwise<ElementwiseParams>("div_floor", chooseDivFloor);
registerElementwise<ElementwiseParams>("floor_divide", chooseDivFloor);

const rem32: Fn2 = (x, y) => remainderFloat(x, y, Math.fround);
const rem64: Fn2 = (x, y) => remainderFloat(x, y, exact);
const remI: Fn2 = (x, y) => remainderInt(x, y);
const chooseRemainder = (p: ElementwiseParams) => byDtype(p.dtype, { f32: rem32, f64: rem64, int: remI });
registerElementwise<ElementwiseParams>("remainder", chooseRemainder);
registerElementwise<ElementwiseParams>("remainder_scalar", chooseRemainder);

// NaN-propagating, unlike Math.max's treatment of -0; ties keep the first operand as std::max.
const maxF: Fn2 = (x, y) => (x !== x ? x : y !== y ? y : x < y ? y : x);
const minF: Fn2 = (x, y) => (x !== x ? x : y !== y ? y : y < x ? y : x);
const maxI: Fn2 = (x, y) => (x < y ? y : x);
const minI: Fn2 = (x, y) => (y < x ? y : x);
registerElementwise<ElementwiseParams>("maximum", (p) => byDtype(p.dtype, { f32: maxF, int: maxI }));
registerElementwise<ElementwiseParams>("minimum", (p) => byDtype(p.dtype, { f32: minF, int: minI }));

const atan2: Fn2 = (x, y) => Math.atan2(x, y);
registerElementwise<ElementwiseParams>("atan2", () => atan2);

const powT: Fn2 = (x, y) => powFloat(x, y);
const powTI64: Fn2 = (x, y) => powInt(x, y, mulInt64);
const powTI32: Fn2 = (x, y) => powInt(x, y, Math.imul);
const powTU8: Fn2 = (x, y) => powInt(x, y, mulUint8);
registerElementwise<ElementwiseParams>(
  "pow_tensor",
  (p) => byDtype(p.dtype, { f32: powT, int: powTI64, i32: powTI32, u8: powTU8 }),
);

const powS32: Fn1 = (x, P) => powFloatScalar(x, P[0], Math.fround);
const powS64: Fn1 = (x, P) => powFloatScalar(x, P[0], exact);
const powSI64: Fn1 = (x, P) => powInt(x, P[0], mulInt64);
const powSI32: Fn1 = (x, P) => powInt(x, P[0], Math.imul);
const powSU8: Fn1 = (x, P) => powInt(x, P[0], mulUint8);
registerElementwise<PowScalarParams>(
  "pow",
  (p) => byDtype(p.dtype, { f32: powS32, f64: powS64, int: powSI64, i32: powSI32, u8: powSU8 }),
  { numbers: (p) => [p.exponent] },
);

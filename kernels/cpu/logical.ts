// CPU kernels of comparisons, isclose, logical and bitwise ops. Comparisons read both operands in
// the promoted dtype; logical ops read stored values raw, since all they ask is "nonzero?".

import type { ElementwiseParams } from "../../runtime/ops/elementwise.ts";
import type { IscloseParams } from "../../runtime/ops/compare.ts";
import { type Fn1, type Fn2, registerElementwise } from "./loops.ts";
import { and64, or64, xor64 } from "./scalar_math.ts";

const eq: Fn2 = (x, y) => (x === y ? 1 : 0);
const ne: Fn2 = (x, y) => (x !== y ? 1 : 0);
const lt: Fn2 = (x, y) => (x < y ? 1 : 0);
const le: Fn2 = (x, y) => (x <= y ? 1 : 0);
const gt: Fn2 = (x, y) => (x > y ? 1 : 0);
const ge: Fn2 = (x, y) => (x >= y ? 1 : 0);
for (const [name, fn] of [["eq", eq], ["ne", ne], ["lt", lt], ["le", le], ["gt", gt], ["ge", ge]] as const) {
  registerElementwise<ElementwiseParams>(name, () => fn);
}

// at::isclose: equal values (infinities included), NaNs when equal_nan, else a finite difference
// within atol + rtol * |other|.
const isclose: Fn2 = (x, y, P) => {
  if (x === y) return 1;
  if (x !== x || y !== y) return P[2] !== 0 && x !== x && y !== y ? 1 : 0;
  const diff = Math.abs(x - y);
  return diff !== Infinity && diff <= P[1] + P[0] * Math.abs(y) ? 1 : 0;
};
registerElementwise<IscloseParams>("isclose", () => isclose, {
  numbers: (p) => [p.rtol, p.atol, p.equal_nan ? 1 : 0],
});

const RAW2 = [true, true];
const logicalAnd: Fn2 = (x, y) => (x !== 0 && y !== 0 ? 1 : 0);
const logicalOr: Fn2 = (x, y) => (x !== 0 || y !== 0 ? 1 : 0);
const logicalXor: Fn2 = (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0);
const logicalNot: Fn1 = (x) => (x === 0 ? 1 : 0);
registerElementwise<ElementwiseParams>("logical_and", () => logicalAnd, { raw: RAW2 });
registerElementwise<ElementwiseParams>("logical_or", () => logicalOr, { raw: RAW2 });
registerElementwise<ElementwiseParams>("logical_xor", () => logicalXor, { raw: RAW2 });
registerElementwise<ElementwiseParams>("logical_not", () => logicalNot, { raw: [true] });

// int64 lives in a Float64Array; JavaScript's bitwise operators only see 32 bits.
const bitAnd: Fn2 = (x, y) => x & y;
const bitOr: Fn2 = (x, y) => x | y;
const bitXor: Fn2 = (x, y) => x ^ y;
const bitAnd64: Fn2 = (x, y) => and64(x, y);
const bitOr64: Fn2 = (x, y) => or64(x, y);
const bitXor64: Fn2 = (x, y) => xor64(x, y);
registerElementwise<ElementwiseParams>("bitwise_and", (p) => (p.dtype === "int64" ? bitAnd64 : bitAnd));
registerElementwise<ElementwiseParams>("bitwise_or", (p) => (p.dtype === "int64" ? bitOr64 : bitOr));
registerElementwise<ElementwiseParams>("bitwise_xor", (p) => (p.dtype === "int64" ? bitXor64 : bitXor));

const notBool: Fn1 = (x) => x ^ 1;
const notInt: Fn1 = (x) => ~x; // int32 and uint8 (the store keeps the low 8 bits)
const notInt64: Fn1 = (x) => -x - 1;
registerElementwise<ElementwiseParams>(
  "bitwise_not",
  (p) => (p.dtype === "bool" ? notBool : p.dtype === "int64" ? notInt64 : notInt),
);

const isnan: Fn1 = (x) => (x !== x ? 1 : 0);
const isinf: Fn1 = (x) => (x === Infinity || x === -Infinity ? 1 : 0);
const isfinite: Fn1 = (x) => (x - x === 0 ? 1 : 0);
registerElementwise<ElementwiseParams>("isnan", () => isnan, { raw: [true] });
registerElementwise<ElementwiseParams>("isinf", () => isinf, { raw: [true] });
registerElementwise<ElementwiseParams>("isfinite", () => isfinite, { raw: [true] });

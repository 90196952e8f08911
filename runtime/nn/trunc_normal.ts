// nn.init.trunc_normal_: PyTorch's inverse-CDF method (uniform_ between the bounds' CDF values,
// then erfinv), so it draws exactly what PyTorch draws. There is no erfinv op, so erfinv is
// computed here from elementwise ops (Giles' single-precision approximation plus one Newton step
// on erf), which every backend has.

import type { Tensor } from "../tensor.ts";
import { add, div, mul, sub } from "../ops/binary.ts";
import { lt } from "../ops/compare.ts";
import { clamp, where } from "../ops/clamp.ts";
import { copyInto } from "../ops/copy.ts";
import { erf, exp, log, neg, sqrt } from "../ops/unary.ts";
import { uniform_ } from "../random/ops.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { erf as erfScalar } from "../../kernels/cpu/scalar_math.ts";

const CENTRAL = [
  2.81022636e-08,
  3.43273939e-07,
  -3.5233877e-06,
  -4.39150654e-06,
  0.00021858087,
  -0.00125372503,
  -0.00417768164,
  0.246640727,
  1.50140941,
];
const TAIL = [
  -0.000200214257,
  0.000100950558,
  0.00134934322,
  -0.00367342844,
  0.00573950773,
  -0.0076224613,
  0.00943887047,
  1.00167406,
  2.83297682,
];

/** c0·wⁿ + c1·wⁿ⁻¹ + … + cn, by Horner's rule. */
const horner = (c: number[], w: Tensor): Tensor =>
  c.slice(2).reduce((p, ci) => add(mul(p, w), ci), add(mul(w, c[0]), c[1]));

/** Elementwise erfinv on (-1, 1), to float32 precision. */
export function erfinv(y: Tensor): Tensor {
  const w = neg(log(mul(sub(1, y), add(1, y))));
  const central = horner(CENTRAL, sub(w, 2.5));
  const tail = horner(TAIL, sub(sqrt(w), 3));
  const x = mul(where(lt(w, 5), central, tail), y);
  // Newton: x − (erf(x) − y) / (2/√π · e^(−x²)).
  const slope = mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI));
  return sub(x, div(sub(erf(x), y), slope));
}

const normCdf = (x: number) => (1 + erfScalar(x / Math.sqrt(2))) / 2;

/** N(mean, std²) truncated to [a, b]. */
export function trunc_normal_(tensor: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  return withGradMode(false, () => {
    const l = normCdf((a - mean) / std), u = normCdf((b - mean) / std);
    uniform_(tensor, 2 * l - 1, 2 * u - 1);
    const values = add(mul(erfinv(tensor), std * Math.sqrt(2)), mean);
    return copyInto(tensor, clamp(values, { min: a, max: b }));
  });
}

// CPU kernels of the activation ops (runtime/ops/activation.ts). They compute in doubles from
// params cast to the compute dtype (as PyTorch converts its scalars to scalar_t), and the float32
// store rounds the result: exact for the piecewise-linear ones, within an ulp of PyTorch's float32
// kernels for the transcendental ones.

import type {
  EluParams,
  GeluParams,
  HardtanhParams,
  LeakyReluParams,
  SoftplusParams,
} from "../../runtime/ops/activation.ts";
import type { ElementwiseParams } from "../../runtime/ops/elementwise.ts";
import { castValue } from "../../runtime/ops/scalar.ts";
import { type Fn1, registerElementwise, runElementwise } from "./loops.ts";
import { cpuKernels } from "./backend.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { erf } from "./scalar_math.ts";

const leakyRelu: Fn1 = (x, P) => (x > 0 ? x : x * P[0]);
registerElementwise<LeakyReluParams>("leaky_relu", () => leakyRelu, {
  numbers: (p) => [castValue(p.negativeSlope, p.dtype)],
});

// The transcendental activations round each step to float32 as PyTorch's kernels do: gelu's
// 1 + erf(x / sqrt 2) cancels for negative x, where a double-precision result would differ from
// PyTorch's printed digits.
type Round = (x: number) => number;
const f32: Round = Math.fround;
const f64: Round = (x) => x;

// P: alpha * scale, scale, input_scale.
const elu = (r: Round): Fn1 => (x, P) => (x <= 0 ? r(r(Math.expm1(r(x * P[2]))) * P[0]) : x * P[1]);
const ELU = [elu(f32), elu(f64)];
registerElementwise<EluParams>("elu", (p) => ELU[p.dtype === "float32" ? 0 : 1], {
  numbers: (p) => [p.alpha * p.scale, p.scale, p.inputScale].map((v) => castValue(v, p.dtype)),
});

const SQRT_2_PI = Math.sqrt(2 / Math.PI);
const geluWith = (r: Round, erfOf: Round): Fn1 => (x) => r(r(x * 0.5) * r(1 + r(erfOf(r(x * r(Math.SQRT1_2))))));
const geluTanh = (r: Round): Fn1 => (x) => {
  const inner = r(r(SQRT_2_PI) * r(x + r(r(0.044715) * r(r(x * x) * x))));
  // Sleef's tanhf (PyTorch's vectorized tanh) is exactly ±1 beyond 8.664339742.
  const th = r === f32 && Math.abs(inner) > 8.664339742 ? Math.sign(inner) : Math.tanh(inner);
  return r(r(0.5 * x) * r(1 + r(th)));
};
const GELU_ERF_F32 = geluWith(f32, erf);
// oneDNN's form: 0.5 x + 0.5 x * erf as one fused multiply-add (so gelu(-6) is +0, not -0).
const GELU_ERF_F32_VEC: Fn1 = (x) => {
  const half = f32(x * 0.5);
  return fma32(half, erfVectorized(f32(x * f32(Math.SQRT1_2))), half);
};
const GELU_ERF_F64 = geluWith(f64, erf);
const GELU_TANH = [geluTanh(f32), geluTanh(f64)];

// PyTorch hands contiguous float32 inputs of more than one element to oneDNN, whose gelu uses an
// erf approximation (good to ~1e-7 absolute, which shows in the printed digits where 1 + erf
// cancels), and computes the others with std::erf; tsl picks the same way.
cpuKernels.register<GeluParams>("gelu", (inputs, [out], p) => {
  const [x] = inputs;
  let fn: Fn1;
  if (p.approximate === "tanh") fn = GELU_TANH[p.dtype === "float32" ? 0 : 1];
  else if (p.dtype !== "float32") fn = GELU_ERF_F64;
  else fn = numelOf(x.shape) > 1 && isContiguous(x.shape, x.strides) ? GELU_ERF_F32_VEC : GELU_ERF_F32;
  runElementwise(`gelu#${p.approximate}#${fn === GELU_ERF_F32_VEC ? "vec" : p.dtype}`, fn, inputs, out, [p.dtype]);
});

const fma32 = (a: number, b: number, c: number) => f32(a * b + c);
const [ERF_P, ERF_P1, ERF_P2, ERF_P3, ERF_P4, ERF_P5] = [
  0.3275911,
  0.254829592,
  -0.284496736,
  1.421413741,
  -1.453152027,
  1.061405429,
].map(f32);

/** oneDNN's (and ATen's vectorized) erf: Abramowitz-Stegun 7.1.26 with fused multiply-adds, in float32 steps. */
function erfVectorized(x: number): number {
  if (x !== x) return x;
  const t = f32(1 / fma32(ERF_P, Math.abs(x), 1));
  const r = fma32(fma32(fma32(fma32(ERF_P5, t, ERF_P4), t, ERF_P3), t, ERF_P2), t, ERF_P1);
  const y = fma32(f32(-f32(Math.exp(-f32(x * x))) * t), r, 1);
  return x < 0 || Object.is(x, -0) ? -y : y;
}

const softplus = (r: Round): Fn1 => (x, P) => {
  const bx = r(x * P[0]);
  return bx > P[1] ? x : r(r(Math.log1p(r(Math.exp(bx)))) / P[0]);
};
const SOFTPLUS = [softplus(f32), softplus(f64)];
registerElementwise<SoftplusParams>("softplus", (p) => SOFTPLUS[p.dtype === "float32" ? 0 : 1], {
  numbers: (p) => [castValue(p.beta, p.dtype), castValue(p.threshold, p.dtype)],
});

// A NaN input compares false both ways and stays NaN, as in PyTorch's clamp.
const hardtanh: Fn1 = (x, P) => (x < P[0] ? P[0] : x > P[1] ? P[1] : x);
registerElementwise<HardtanhParams>("hardtanh", () => hardtanh, {
  numbers: (p) => [castValue(p.minVal, p.dtype), castValue(p.maxVal, p.dtype)],
});

const silu = (r: Round): Fn1 => (x) => r(x / r(1 + r(Math.exp(-x))));
const SILU = [silu(f32), silu(f64)];
registerElementwise<ElementwiseParams>("silu", (p) => SILU[p.dtype === "float32" ? 0 : 1]);

const mish = (r: Round): Fn1 => (x) => r(x * r(Math.tanh(r(Math.log1p(r(Math.exp(x)))))));
const MISH = [mish(f32), mish(f64)];
registerElementwise<ElementwiseParams>("mish", (p) => MISH[p.dtype === "float32" ? 0 : 1]);

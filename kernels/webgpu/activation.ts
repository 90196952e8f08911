// WebGPU kernels of the activation ops (runtime/ops/activation.ts): WGSL expressions for the
// generic elementwise kernel, with the same params as the CPU kernels (kernels/cpu/activation.ts)
// and tsl's own f32 math (wgsl_math.ts) for exp, erf, tanh and log1p.

import type {
  EluParams,
  GeluParams,
  HardtanhParams,
  LeakyReluParams,
  SoftplusParams,
} from "../../runtime/ops/activation.ts";
import { isFloating } from "../../runtime/dtype.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { elementwiseKernel } from "./elementwise.ts";
import type { ElementwiseOp } from "./elementwise_ops.ts";
import { webgpuKernels } from "./backend.ts";

// 0.5 x (1 + erf(z)) = 0.5 x erfc(-z), z = x / sqrt 2, with erfc from f_erf's approximation.
const GELU_ERFC_HELPER = `fn f_gelu_erfc(x: f32) -> f32 {
  let z = x * 0.70710678118654752;
  let az = abs(z);
  if (az < 0.5) { return x * 0.5 * (1.0 + f_erf(z)); }
  let t = 1.0 / (1.0 + 0.5 * az);
  let erfc = t * f_exp(-az * az - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
    + t * 0.17087277)))))))));
  return 0.5 * x * select(2.0 - erfc, erfc, z < 0.0);
}`;

const unary = (spec: ElementwiseOp["spec"]): ElementwiseOp => ({ arity: 1, spec });

const ACTIVATIONS: Readonly<Record<string, ElementwiseOp>> = {
  leaky_relu: unary((p: LeakyReluParams) => ({ expr: "select(a * P0, a, a > 0.0)", numbers: [p.negativeSlope] })),
  // P0: alpha * scale, P1: scale, P2: input_scale.
  elu: unary((p: EluParams) => ({
    expr: "select(a * P1, f_expm1(a * P2) * P0, a <= 0.0)",
    numbers: [p.alpha * p.scale, p.scale, p.inputScale],
  })),
  // float64 computes in f32 here, so it avoids the cancellation in 1 + erf / 1 + tanh for x < 0
  // (erfc directly, 2 sigmoid(2u)) to stay close to the double-precision result. float32 follows
  // Sleef's tanhf (PyTorch's), which is exactly ±1 beyond 8.664339742.
  gelu: unary((p: GeluParams, d) => {
    const f64 = d === "float64";
    if (p.approximate === "tanh") {
      const inner = "(0.79788456080286536 * (a + 0.044715 * a * a * a))";
      return {
        expr: f64
          ? `a * f_div(1.0, 1.0 + f_exp(-2.0 * ${inner}))`
          : `0.5 * a * (1.0 + select(f_tanh(${inner}), sign(${inner}), abs(${inner}) > 8.664339742))`,
      };
    }
    return f64
      ? { expr: "f_gelu_erfc(a)", helpers: { f_gelu_erfc: GELU_ERFC_HELPER } }
      : { expr: "a * 0.5 * (1.0 + f_erf(a * 0.70710678118654752))" };
  }),
  softplus: unary((p: SoftplusParams) => ({
    expr: "select(f_div(f_log1p(f_exp(a * P0)), P0), a, a * P0 > P1)",
    numbers: [p.beta, p.threshold],
  })),
  // f_clamp_* keep a NaN input, as the CPU kernel does; integer inputs compute in i32.
  hardtanh: unary((p: HardtanhParams, d) => ({
    expr: "f_clamp_hi(f_clamp_lo(a, P0), P1)",
    numbers: isFloating(d) ? [p.minVal, p.maxVal] : [Math.trunc(p.minVal), Math.trunc(p.maxVal)],
  })),
  silu: unary(() => ({ expr: "f_div(a, 1.0 + f_exp(-a))" })),
  mish: unary(() => ({ expr: "a * f_tanh(f_log1p(f_exp(a)))" })),
};

// PyTorch hands contiguous float32 inputs of more than one element to oneDNN, whose gelu computes
// erf by Abramowitz-Stegun 7.1.26 (see kernels/cpu/activation.ts); the others take std::erf.
const GELU_ONEDNN_HELPER = `fn f_gelu_onednn(x: f32) -> f32 {
  let half = x * 0.5;
  let z = x * 0.70710678118654752;
  let t = f_div(1.0, fma(0.3275911, abs(z), 1.0));
  let r = fma(fma(fma(fma(1.061405429, t, -1.453152027), t, 1.421413741), t, -0.284496736), t, 0.254829592);
  let y = f_opaque(fma(-f_exp(-(z * z)) * t, r, 1.0));
  // fma(half, ±y, half) is half * (1 ± y) rounded once; 1 - y is exact (y is in [0.5, 1] there),
  // which keeps the cancellation exact where the GPU does not fuse (f_opaque stops the
  // compiler from folding 1 - y algebraically).
  let below = half * (1.0 - y);
  return select(fma(half, y, half), select(below, 0.0, below == 0.0), z < 0.0); // +0 as the fma gives
}`;
const geluOneDnn = elementwiseKernel(
  "gelu",
  unary(() => ({ expr: "f_gelu_onednn(a)", helpers: { f_gelu_onednn: GELU_ONEDNN_HELPER } })),
);

for (const [name, op] of Object.entries(ACTIVATIONS)) {
  const kernel = elementwiseKernel(name, op);
  if (name !== "gelu") webgpuKernels.register(name, kernel);
  else {
    webgpuKernels.register<GeluParams>(name, (inputs, outputs, p) => {
      const [x] = inputs;
      const oneDnn = p.approximate === "none" && p.dtype === "float32" && numelOf(x.shape) > 1 &&
        isContiguous(x.shape, x.strides);
      (oneDnn ? geluOneDnn : kernel)(inputs, outputs, p);
    });
  }
}

// Elementwise activation ops with parameters: leaky_relu, elu (and selu through its scales), gelu,
// softplus, hardtanh (and relu6), silu, mish. Each is one op, as in PyTorch, so that its autograd
// node carries PyTorch's name (GeluBackward0, ...); the gradient is built from ordinary ops, so it
// runs on every backend and can itself be differentiated.

import { isFloating } from "../dtype.ts";
import { runtimeError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { add, mul, rsub } from "./binary.ts";
import { ge, gt, le } from "./compare.ts";
import { logical_or } from "./logical.ts";
import { where } from "./clamp.ts";
import { erf, exp, sigmoid, tanh } from "./unary.ts";
import type { ElementwiseParams } from "./elementwise.ts";
import { type BackwardContext, defineOp, dispatch1, type OpDef } from "./registry.ts";
import { notImplementedFor } from "./scalar.ts";
import { rule } from "../autograd/grad_rule.ts";

interface ActivationDef<P> {
  name: string;
  gradName: string;
  /** PyTorch's kernel name in its "not implemented for" error on integer and bool inputs. */
  kernel: string;
  /** Integer inputs are computed as they are (hardtanh); bool inputs still raise `noBool`. */
  integers?: { noBool: string };
  /** d(out)/d(input) times the output gradient `g`. */
  grad: (g: Tensor, ctx: BackwardContext<P>) => Tensor;
}

/** Declares an activation op: same shape and dtype as its input, one gradient for it. */
function activationOp<P extends ElementwiseParams>(def: ActivationDef<P>): OpDef<P> {
  return defineOp<P>({
    name: def.name,
    gradName: def.gradName,
    infer([t]) {
      if (!isFloating(t.dtype)) {
        if (!def.integers) throw notImplementedFor(def.kernel, t.dtype);
        if (t.dtype === "bool") throw runtimeError(def.integers.noBool);
      }
      return [{ shape: [...t.shape], dtype: t.dtype }];
    },
    backward: rule((g, ctx) => [def.grad(g, ctx)]),
  });
}

/** Runs an activation, in place when `inplace` (the input's storage takes the result). */
function run<P extends ElementwiseParams>(op: OpDef<P>, t: Tensor, params: Omit<P, "dtype">, inplace: boolean): Tensor {
  return dispatch1(op, [t], { ...params, dtype: t.dtype } as P, inplace ? t : undefined);
}

export interface LeakyReluParams extends ElementwiseParams {
  negativeSlope: number;
}

export const leakyReluOp = activationOp<LeakyReluParams>({
  name: "leaky_relu",
  gradName: "LeakyReluBackward0",
  kernel: "leaky_relu_cpu",
  grad: (g, { inputs: [x], params }) => where(gt(x, 0), g, mul(g, params.negativeSlope)),
});

/** x for x > 0, negative_slope * x otherwise. */
export const leaky_relu = (t: Tensor, negativeSlope = 0.01, inplace = false): Tensor =>
  run(leakyReluOp, t, { negativeSlope }, inplace);

export interface EluParams extends ElementwiseParams {
  alpha: number;
  /** Multiplies the whole result (selu's lambda). */
  scale: number;
  /** Multiplies the input inside exp (celu's 1/alpha). */
  inputScale: number;
}

export const eluOp = activationOp<EluParams>({
  name: "elu",
  gradName: "EluBackward0",
  kernel: "elu_cpu",
  grad: (g, { inputs: [x], params: { alpha, scale, inputScale } }) =>
    where(le(x, 0), mul(g, mul(exp(mul(x, inputScale)), alpha * scale * inputScale)), mul(g, scale)),
});

/** scale * (x for x > 0, alpha * (exp(x * input_scale) - 1) otherwise). */
export function elu(t: Tensor, alpha = 1, inplace = false, scale = 1, inputScale = 1): Tensor {
  return run(eluOp, t, { alpha, scale, inputScale }, inplace);
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** elu with the self-normalizing constants (PyTorch records it as EluBackward0 too). */
export const selu = (t: Tensor, inplace = false): Tensor => elu(t, SELU_ALPHA, inplace, SELU_SCALE);

export type GeluApproximate = "none" | "tanh";

export interface GeluParams extends ElementwiseParams {
  approximate: GeluApproximate;
}

const SQRT1_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_2_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

function geluGrad(g: Tensor, { inputs: [x], params }: BackwardContext<GeluParams>): Tensor {
  if (params.approximate === "none") {
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(mul(x, x), -0.5)), SQRT1_2PI);
    return mul(g, add(cdf, mul(x, pdf)));
  }
  // d/dx of 0.5 x (1 + tanh(k (x + c x^3))).
  const x2 = mul(x, x);
  const inner = mul(add(x, mul(mul(x2, x), GELU_CUBIC)), SQRT_2_PI);
  const th = tanh(inner);
  const dInner = mul(add(mul(x2, 3 * GELU_CUBIC), 1), SQRT_2_PI);
  const left = mul(add(th, 1), 0.5);
  const right = mul(mul(mul(x, 0.5), rsub(mul(th, th), 1)), dInner);
  return mul(g, add(left, right));
}

export const geluOp = activationOp<GeluParams>({
  name: "gelu",
  gradName: "GeluBackward0",
  kernel: "GeluKernelImpl",
  grad: geluGrad,
});

/** x * Φ(x) (erf form), or its tanh approximation. */
export function gelu(t: Tensor, approximate: string = "none"): Tensor {
  if (approximate !== "none" && approximate !== "tanh") {
    throw runtimeError("approximate argument must be either none or tanh.");
  }
  return run(geluOp, t, { approximate }, false);
}

export interface SoftplusParams extends ElementwiseParams {
  beta: number;
  threshold: number;
}

export const softplusOp = activationOp<SoftplusParams>({
  name: "softplus",
  gradName: "SoftplusBackward0",
  kernel: "softplus_cpu",
  grad: (g, { inputs: [x], params: { beta, threshold } }) => {
    const bx = mul(x, beta);
    return where(gt(bx, threshold), g, mul(g, sigmoid(bx)));
  },
});

/** log(1 + exp(beta x)) / beta, linear where beta x > threshold. */
export const softplus = (t: Tensor, beta = 1, threshold = 20): Tensor => run(softplusOp, t, { beta, threshold }, false);

export interface HardtanhParams extends ElementwiseParams {
  minVal: number;
  maxVal: number;
}

export const hardtanhOp = activationOp<HardtanhParams>({
  name: "hardtanh",
  gradName: "HardtanhBackward0",
  kernel: "hardtanh_cpu",
  integers: { noBool: "Bool inputs not supported for hardtanh" },
  grad: (g, { inputs: [x], params: { minVal, maxVal } }) =>
    where(logical_or(le(x, minVal), ge(x, maxVal)), mul(g, 0), g),
});

/** x clamped to [min_val, max_val]. */
export const hardtanh = (t: Tensor, minVal = -1, maxVal = 1, inplace = false): Tensor =>
  run(hardtanhOp, t, { minVal, maxVal }, inplace);

/** hardtanh to [0, 6], as PyTorch computes it (HardtanhBackward0). */
export const relu6 = (t: Tensor, inplace = false): Tensor => hardtanh(t, 0, 6, inplace);

export const siluOp = activationOp<ElementwiseParams>({
  name: "silu",
  gradName: "SiluBackward0",
  kernel: "silu_cpu",
  grad: (g, { inputs: [x] }) => {
    const s = sigmoid(x);
    return mul(g, mul(s, add(mul(x, rsub(s, 1)), 1)));
  },
});

/** x * sigmoid(x). */
export const silu = (t: Tensor, inplace = false): Tensor => run(siluOp, t, {}, inplace);

export const mishOp = activationOp<ElementwiseParams>({
  name: "mish",
  gradName: "MishBackward0",
  kernel: "mish_cpu",
  grad: (g, { inputs: [x] }) => {
    const tsp = tanh(softplus(x));
    return mul(g, add(tsp, mul(mul(x, sigmoid(x)), rsub(mul(tsp, tsp), 1))));
  },
});

/** x * tanh(softplus(x)). */
export const mish = (t: Tensor, inplace = false): Tensor => run(mishOp, t, {}, inplace);

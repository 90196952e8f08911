// CPU kernels of the one-pass single-tensor optimizer updates (runtime/ops/single_tensor_optim.ts).
// Each line below is one op of the op-by-op path, evaluated as its CPU kernel evaluates it: in
// doubles from float32 operands and scalars (a scalar operand or alpha is first rounded to float32),
// then rounded to float32 where that op stored its result. The optimizers route only float32
// contiguous operands here (runtime/optim/fused.ts).

import type { View } from "../backend.ts";
import {
  singleTensorAdamGroupSize,
  type SingleTensorAdamParams,
  type SingleTensorSgdParams,
} from "../../runtime/ops/single_tensor_optim.ts";
import { runtimeError } from "../../runtime/errors.ts";
import { isContiguous } from "../../runtime/shape.ts";
import { arrayOf, cpuKernels } from "./backend.ts";

const fround = Math.fround;

/** The elements of each view of a group (float32, contiguous, of one shape), indexed from 0. */
function float32Group(name: string, views: readonly View[]): Float32Array[] {
  const n = views[0].shape.reduce((a, b) => a * b, 1);
  return views.map((v) => {
    if (v.dtype !== "float32" || !isContiguous(v.shape, v.strides)) {
      throw runtimeError(`${name}: expects contiguous float32 operands`);
    }
    return (arrayOf(v) as Float32Array).subarray(v.offset, v.offset + n);
  });
}

cpuKernels.register(
  "_single_tensor_sgd",
  (inputs: readonly View[], _out: readonly View[], o: SingleTensorSgdParams) => {
    const momentum = fround(o.momentum); // buf.mul_(momentum)
    const keep = fround(1 - o.dampening); // buf.add_(d_p, alpha=1 - dampening)
    const decay = fround(o.weight_decay); // d_p.add(param, alpha=weight_decay)
    const step = fround(-o.lr); // param.add_(d_p, alpha=-lr)
    const { maximize, nesterov } = o;
    const decays = o.weight_decay !== 0;
    for (let k = 0; k < inputs.length; k += 3) {
      const [P, G, B] = float32Group("_single_tensor_sgd", inputs.slice(k, k + 3));
      for (let i = 0; i < P.length; i++) {
        let d = maximize ? -G[i] : G[i];
        if (decays) d = fround(d + decay * P[i]);
        const buf = fround(fround(B[i] * momentum) + keep * d);
        B[i] = buf;
        d = nesterov ? fround(d + momentum * buf) : buf;
        P[i] = P[i] + step * d;
      }
    }
  },
);

cpuKernels.register(
  "_single_tensor_adam",
  (inputs: readonly View[], _out: readonly View[], o: SingleTensorAdamParams) => {
    const per = singleTensorAdamGroupSize(o.amsgrad);
    const beta1 = fround(o.beta1), beta2 = fround(o.beta2);
    const keep1 = fround(1 - o.beta1); // exp_avg.add_(grad, alpha=1 - beta1)
    const keep2 = fround(1 - o.beta2); // exp_avg_sq.addcmul_(grad, grad, value=1 - beta2)
    const eps = fround(o.eps);
    const shrink = fround(1 - o.lr * o.weight_decay); // AdamW's param.mul_(1 - lr * weight_decay)
    const decay = fround(o.weight_decay); // Adam's grad.add(param, alpha=weight_decay)
    const { maximize, amsgrad, decoupled } = o;
    const decays = !decoupled && o.weight_decay !== 0;
    for (let k = 0; k < inputs.length; k += per) {
      const [P, G, M, V, max] = float32Group("_single_tensor_adam", inputs.slice(k, k + per));
      const X = max ?? V;
      const step = o.steps[k / per];
      const correction2 = fround(Math.sqrt(1 - o.beta2 ** step)); // .div(bias_correction2_sqrt)
      const stepSize = fround(-(o.lr / (1 - o.beta1 ** step))); // addcdiv_(exp_avg, denom, value=-step_size)
      for (let i = 0; i < P.length; i++) {
        let p = P[i];
        let g = maximize ? -G[i] : G[i];
        if (decoupled) p = fround(p * shrink);
        else if (decays) g = fround(g + decay * p);
        const m = fround(fround(M[i] * beta1) + keep1 * g);
        M[i] = m;
        // addcmul_ scales one factor (rounded), then fuses the product into the sum: one rounding.
        const v = fround(fround(V[i] * beta2) + fround(g * keep2) * g);
        V[i] = v;
        let second = v;
        if (amsgrad) {
          const x = X[i]; // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq): NaN wins
          second = x !== x ? x : v !== v ? v : x < v ? v : x;
          X[i] = second;
        }
        const denom = fround(fround(fround(Math.sqrt(second)) / correction2) + eps);
        // addcdiv_ scales exp_avg (rounded), divides (rounded), then adds.
        P[i] = p + fround(fround(m * stepSize) / denom);
      }
    }
  },
);

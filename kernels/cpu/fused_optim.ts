// CPU kernels of the fused optimizer ops (runtime/ops/fused_optim.ts): the reference the WebGPU
// kernels are tested against. Each element follows PyTorch's single-tensor arithmetic with one
// float32 rounding per op, as the WGSL does; the optimizers themselves keep the op-by-op path on the
// CPU (bitwise PyTorch), so these only run when called directly.

import type { View } from "../backend.ts";
import { adamGroupSize, type FusedAdamParams, type FusedSgdParams } from "../../runtime/ops/fused_optim.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { forEachOffset } from "./strided.ts";

const rounder = (v: View) => (v.dtype === "float32" ? Math.fround : (x: number) => x);

cpuKernels.register("_fused_sgd", (inputs: readonly View[], _out: readonly View[], o: FusedSgdParams) => {
  for (let k = 0; k < inputs.length; k += 3) {
    const group = inputs.slice(k, k + 3);
    const [P, G, B] = group.map(arrayOf);
    const r = rounder(group[0]);
    const first = o.first[k / 3];
    forEachOffset(group[0].shape, group, (_, [op, og, ob]) => {
      let d = o.maximize ? -G[og] : G[og];
      if (o.weight_decay !== 0) d = r(d + r(o.weight_decay * P[op]));
      const buf = first ? d : r(r(B[ob] * o.momentum) + r((1 - o.dampening) * d));
      B[ob] = buf;
      d = o.nesterov ? r(d + r(o.momentum * buf)) : buf;
      P[op] = r(P[op] + r(-o.lr * d));
    });
  }
});

cpuKernels.register("_fused_adam", (inputs: readonly View[], _out: readonly View[], o: FusedAdamParams) => {
  const per = adamGroupSize(o);
  for (let k = 0; k < inputs.length; k += per) {
    const group = inputs.slice(k, k + per);
    const [P, G, M, V] = group.map(arrayOf);
    const Vmax = o.amsgrad ? arrayOf(group[4]) : null;
    const r = rounder(group[0]);
    const step = o.steps[k / per];
    const bc2Sqrt = Math.sqrt(1 - o.beta2 ** step);
    const stepSize = o.lr / (1 - o.beta1 ** step);
    forEachOffset(group[0].shape, group.slice(0, o.amsgrad ? 5 : 4), (_, [op, og, om, ov, ox]) => {
      let param = P[op];
      let grad = o.maximize ? -G[og] : G[og];
      if (o.decoupled) param = r(param * r(1 - o.lr * o.weight_decay));
      else if (o.weight_decay !== 0) grad = r(grad + r(o.weight_decay * param));
      const m = r(r(M[om] * o.beta1) + r((1 - o.beta1) * grad));
      const v = r(r(V[ov] * o.beta2) + r(r((1 - o.beta2) * grad) * grad));
      M[om] = m;
      V[ov] = v;
      let second = v;
      if (Vmax) second = Vmax[ox] = Math.max(Vmax[ox], v);
      const denom = r(r(r(Math.sqrt(second)) / bc2Sqrt) + o.eps);
      P[op] = r(param + r(r(-stepSize * m) / denom));
    });
    if (o.withStepTensors) {
      const s = group[per - 1];
      arrayOf(s)[s.offset] += 1;
    }
  }
});

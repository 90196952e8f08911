// The five optimizer steps the optimizer tests compare with PyTorch (tests/optim_test.ts and
// tests/webgpu_fused_optim_test.ts hold the expected values).

import { Tensor } from "../runtime/tensor.ts";
import { add, mul, sub } from "../runtime/ops/binary.ts";
import type { Optimizer } from "../runtime/optim/mod.ts";
import { type Device, getDevice } from "../runtime/device.ts";

export type Make = (params: Tensor[]) => Optimizer<object>;

/**
 * Five steps on w = [1, -2, 3, 0.25], b = [0.5, -0.3] with the gradients
 * w.grad = w * [0.3, -1.7, 2.1, 0.05] - 0.1 and b.grad = b * 1.3 + 0.2 (set before every step).
 */
export async function fiveSteps(make: Make, device: Device = getDevice("cpu")): Promise<number[]> {
  const on = (xs: number[]) => Tensor.fromArray(xs, [xs.length], "float32", device);
  const w = on([1, -2, 3, 0.25]), b = on([0.5, -0.3]);
  w.requiresGrad = b.requiresGrad = true;
  const opt = make([w, b]);
  for (let i = 0; i < 5; i++) {
    w.grad = sub(mul(w, on([0.3, -1.7, 2.1, 0.05])), 0.1);
    b.grad = add(mul(b, 1.3), 0.2);
    opt.step();
  }
  return [...await w.data(), ...await b.data()];
}

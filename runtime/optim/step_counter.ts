// The `step` state of Adam, AdamW and Adagrad: PyTorch 1.13 keeps it as a 0-d float32 tensor created
// with torch.tensor(0.) (so on the default device) and reads it back with .item() every step. A GPU
// tensor cannot be read synchronously, so the value is also remembered here, next to the tensor.

import { Tensor } from "../tensor.ts";
import { defaultDevice } from "../device.ts";
import { add_ } from "../ops/binary.ts";

const known = new WeakMap<Tensor, number>();

/** A fresh step counter: tensor(0.) on the default device. */
export function stepTensor(): Tensor {
  const t = Tensor.fromArray([0], [], "float32", defaultDevice());
  known.set(t, 0);
  return t;
}

/** PyTorch's `step_t += 1; step = step_t.item()`. */
export function incrementStep(t: Tensor): number {
  const value = (known.get(t) ?? t.dataSync()[0]) + 1;
  add_(t, 1);
  known.set(t, Math.fround(value));
  return Math.fround(value);
}

/** incrementStep's value, for a caller whose kernel increments the tensor itself (fused Adam). */
export function advanceStepValue(t: Tensor): number {
  const value = Math.fround((known.get(t) ?? t.dataSync()[0]) + 1);
  known.set(t, value);
  return value;
}

/** Records the value of a step tensor made elsewhere (e.g. copied by load_state_dict). */
export async function rememberStep(t: Tensor): Promise<void> {
  known.set(t, (await t.data())[0]);
}

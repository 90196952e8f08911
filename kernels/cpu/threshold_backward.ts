// CPU kernel of threshold_backward (runtime/ops/threshold_backward.ts): grad where output > 0.

import type { ElementwiseParams } from "../../runtime/ops/elementwise.ts";
import { type Fn2, registerElementwise } from "./loops.ts";
import { thresholdBackwardFloat32 } from "./float32_bits.ts";

const thresholdBackward: Fn2 = (g, o) => (o <= 0 ? 0 : g);
registerElementwise<ElementwiseParams>("threshold_backward", () => thresholdBackward, {
  fast: (inputs, out, p) => p.dtype === "float32" && thresholdBackwardFloat32(inputs, out),
});

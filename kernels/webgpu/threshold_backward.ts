// WebGPU kernel of threshold_backward (runtime/ops/threshold_backward.ts): grad where output > 0,
// one dispatch for relu's gradient.

import { isFloating } from "../../runtime/dtype.ts";
import { elementwiseKernel } from "./elementwise.ts";
import { webgpuKernels } from "./backend.ts";

webgpuKernels.register(
  "threshold_backward",
  elementwiseKernel("threshold_backward", {
    arity: 2,
    spec: (_, d) => ({ expr: isFloating(d) ? "select(a, 0.0, b <= 0.0)" : "select(a, 0, b <= 0)" }),
  }),
);

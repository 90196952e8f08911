// Loads every CPU kernel file, so that each registers its kernels in cpuKernels.
import "./copy.ts";
import "./binary.ts";
import "./logical.ts";
import "./unary.ts";
import "./activation.ts";
import "./threshold_backward.ts";
import "./reduce.ts";
import "./scan.ts";
import "./matmul.ts";
import "./conv.ts";
import "./pool.ts";
import "./creation.ts";
import "./gather.ts";
import "./indexing.ts";
import "./join.ts";
import "./fused_optim.ts";
import "./single_tensor_optim.ts";

export { cpuBackend } from "./backend.ts";

// torch.nn.functional's layer functions (linear, conv, pooling, dropout, embedding, activations).

import { relu } from "../ops/unary.ts";
import { log_softmax, softmax } from "../ops/scan.ts";

export { log_softmax, relu, softmax };
export { linear } from "./functional_linear.ts";
export { conv1d, conv2d } from "../ops/conv.ts";
export { avg_pool1d, avg_pool2d, max_pool1d, max_pool2d } from "../ops/pool.ts";
export {
  adaptive_avg_pool1d,
  adaptive_avg_pool2d,
  adaptive_max_pool1d,
  adaptive_max_pool2d,
} from "../ops/adaptive_pool.ts";
export { dropout } from "./dropout.ts";
export { embedding } from "./embedding.ts";
export { embedding_renorm_ } from "./embedding_renorm.ts";
export { pad } from "./padding.ts";

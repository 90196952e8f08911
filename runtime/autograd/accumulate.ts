// Summing gradients that meet at one node or leaf (the engine runs with grad mode off).
import { add } from "../ops/binary.ts";
import type { Tensor } from "../tensor.ts";

export const addGrads = (a: Tensor, b: Tensor): Tensor => add(a, b);

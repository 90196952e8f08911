// Host-side samplers that reproduce PyTorch 1.13's CPU kernels draw for draw (DistributionTemplates.h,
// DistributionsHelper.h, TransformationHelper.h, randperm_cpu). Each returns the values in the order
// PyTorch's kernel writes them; runtime/random/ops.ts places them in tensors.
//
// The float32 normal path (numel >= 16) is PyTorch's AVX2 kernel, in normal_fill_avx2.ts.

import type { DType } from "../dtype.ts";
import type { Generator } from "./generator.ts";
import { normalFillAvx2 } from "./normal_fill_avx2.ts";

const TWO_PI = 2 * Math.PI;

/** uniform_(from, to): one draw per element (24 bits for float32, 53 for float64). */
export function uniformValues(
  gen: Generator,
  n: number,
  dtype: DType,
  from: number,
  to: number,
): Float32Array | Float64Array {
  if (dtype === "float64") {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = gen.uniform53() * (to - from) + from;
    return out;
  }
  const out = new Float32Array(n);
  gen.fillUniform24(out, 0, n);
  const f = Math.fround(from), range = Math.fround(Math.fround(to) - f);
  if (f === 0 && range === 1) return out;
  // u * range is exact in double; the float32 store is the one rounding of the fused x * range + from.
  for (let i = 0; i < n; i++) out[i] = out[i] * range + f;
  return out;
}

/**
 * normal_(mean, std). PyTorch's normal_kernel fills a contiguous tensor of >= 16 elements with
 * uniforms and transforms them by Box–Muller in blocks of 16 (recomputing the last 16 when the
 * size is not a multiple of 16): float32 through the AVX2 kernel (normal_fill_avx2.ts), float64
 * in double with libm. Otherwise it draws scalar samples, caching the second of each pair.
 */
export function normalValues(
  gen: Generator,
  n: number,
  dtype: DType,
  mean: number,
  std: number,
  contiguous: boolean,
): Float32Array | Float64Array {
  if (n >= 16 && contiguous) {
    if (dtype === "float64") return normalFillDouble(gen, n, mean, std);
    const out = new Float32Array(n);
    normalFillAvx2(gen, out, mean, std);
    return out;
  }
  const out = new Float64Array(n);
  const round = dtype === "float64" ? (x: number) => x : Math.fround;
  for (let i = 0; i < n; i++) out[i] = round(normalSample(gen) * std + mean);
  return out;
}

/** normal_fill<double>: the blocked Box–Muller with std::log, std::cos and std::sin. */
function normalFillDouble(gen: Generator, n: number, mean: number, std: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.uniform53();
  const block = (at: number) => {
    for (let j = 0; j < 8; j++) {
      const u1 = 1 - out[at + j], u2 = out[at + j + 8];
      const radius = Math.sqrt(-2 * Math.log(u1));
      const theta = TWO_PI * u2;
      out[at + j] = radius * Math.cos(theta) * std + mean;
      out[at + j + 8] = radius * Math.sin(theta) * std + mean;
    }
  };
  for (let i = 0; i + 16 <= n; i += 16) block(i);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = gen.uniform53();
    block(n - 16);
  }
  return out;
}

/** at::normal_distribution<double>: Box–Muller on two 53-bit uniforms, caching the sine half. */
export function normalSample(gen: Generator): number {
  if (gen.nextDoubleNormal !== null) {
    const v = gen.nextDoubleNormal;
    gen.nextDoubleNormal = null;
    return v;
  }
  const u1 = gen.uniform53();
  const u2 = gen.uniform53();
  const r = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = TWO_PI * u1;
  gen.nextDoubleNormal = r * Math.sin(theta);
  return r * Math.cos(theta);
}

/**
 * random_(from, to) / randint: `from + bits % range`, with 64-bit draws only where PyTorch uses them
 * (64-bit and floating dtypes, and a range of 2^32 or more).
 */
export function randintValues(gen: Generator, n: number, dtype: DType, low: number, high: number): Float64Array {
  const out = new Float64Array(n);
  const range = high - low;
  const wide = range >= 4294967296 && dtype !== "int32" && dtype !== "uint8" && dtype !== "bool";
  if (wide) {
    const r = BigInt(range);
    for (let i = 0; i < n; i++) out[i] = Number(gen.random64() % r) + low;
  } else {
    for (let i = 0; i < n; i++) out[i] = (gen.random() % range) + low;
  }
  return out;
}

/**
 * random_() with no bounds: uniform over [0, 2^mantissa] for floating dtypes and [0, max] for
 * integer ones. int64 values above 2^53 cannot be held exactly (see randomInt64).
 */
export function randomFullValues(gen: Generator, n: number, dtype: DType): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case "int64":
        out[i] = Number(gen.random64() % (1n << 63n));
        break;
      case "float64":
        out[i] = Number(gen.random64() % ((1n << 53n) + 1n));
        break;
      case "float32":
        out[i] = gen.random() % (16777216 + 1);
        break;
      case "int32":
        out[i] = gen.random() % 2147483648;
        break;
      case "uint8":
        out[i] = gen.random() % 256;
        break;
      case "bool":
        out[i] = gen.random() & 1;
        break;
    }
  }
  return out;
}

/**
 * The exact value of `torch.empty((), dtype=torch.int64).random_().item()`, which DataLoader and
 * RandomSampler use to seed a fresh Generator; as a bigint, since it needs 63 bits.
 */
export const randomInt64 = (gen: Generator): bigint => gen.random64() % (1n << 63n);

/** randperm_cpu: the identity, then a forward Fisher–Yates with `random() % (n - i)`. */
export function randpermValues(gen: Generator, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = out[i];
    out[i] = out[z + i];
    out[z + i] = t;
  }
  return out;
}

/** bernoulli_(p) with a scalar p: a 53-bit uniform per element, 1 where it falls below p. */
export function bernoulliScalarValues(gen: Generator, n: number, p: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.uniform53() < p ? 1 : 0;
  return out;
}

/** bernoulli(probs): one uniform per element, 53-bit when the probabilities are float64, else 24-bit. */
export function bernoulliTensorValues(gen: Generator, probs: ArrayLike<number>, probsDouble: boolean): Float64Array {
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) {
    const u = probsDouble ? gen.uniform53() : gen.uniform24();
    out[i] = u < probs[i] ? 1 : 0;
  }
  return out;
}

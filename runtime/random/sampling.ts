// Host-side samplers that reproduce PyTorch 1.13's CPU kernels draw for draw (DistributionTemplates.h,
// DistributionsHelper.h, TransformationHelper.h, randperm_cpu). Each returns the values in the order
// PyTorch's kernel writes them; runtime/random/ops.ts places them in tensors.
//
// Known approximation: the float32 normal path (numel >= 16) runs in PyTorch through AVX2
// polynomial log/sincos, computed here in double and rounded to float32 (differences ~1e-7).

import type { DType } from "../dtype.ts";
import type { Generator } from "./generator.ts";

const TWO_PI = 2 * Math.PI;

/** uniform_(from, to): one draw per element (24 bits for float32, 53 for float64). */
export function uniformValues(gen: Generator, n: number, dtype: DType, from: number, to: number): Float64Array {
  const out = new Float64Array(n);
  if (dtype === "float64") {
    for (let i = 0; i < n; i++) out[i] = gen.uniform53() * (to - from) + from;
  } else {
    const f = Math.fround(from), range = Math.fround(Math.fround(to) - f);
    for (let i = 0; i < n; i++) out[i] = Math.fround(gen.uniform24() * range + f);
  }
  return out;
}

/**
 * normal_(mean, std). PyTorch's normal_kernel fills a contiguous tensor of >= 16 elements with
 * uniforms and transforms them by Box–Muller in blocks of 16 (recomputing the last 16 when the
 * size is not a multiple of 16); otherwise it draws scalar samples, caching the second of each pair.
 */
export function normalValues(
  gen: Generator,
  n: number,
  dtype: DType,
  mean: number,
  std: number,
  contiguous: boolean,
): Float64Array {
  const out = new Float64Array(n);
  const f64 = dtype === "float64";
  const round = f64 ? (x: number) => x : Math.fround;
  if (n >= 16 && contiguous) {
    const draw = f64 ? () => gen.uniform53() : () => gen.uniform24();
    const m = round(mean), s = round(std);
    for (let i = 0; i < n; i++) out[i] = draw();
    const block = (at: number) => {
      for (let j = 0; j < 8; j++) {
        const u1 = 1 - out[at + j], u2 = out[at + j + 8];
        const radius = round(Math.sqrt(round(-2 * round(Math.log(u1)))));
        const theta = round(TWO_PI * u2);
        out[at + j] = round(radius * Math.cos(theta) * s + m);
        out[at + j + 8] = round(radius * Math.sin(theta) * s + m);
      }
    };
    for (let i = 0; i + 16 <= n; i += 16) block(i);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = draw();
      block(n - 16);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = round(normalSample(gen) * std + mean);
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

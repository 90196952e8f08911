// normal_ / randn bit for bit against PyTorch 1.13 on an AVX2 CPU: the fixtures in
// tests/fixtures/random/ are the raw float bits PyTorch produced (made by
// scripts/fixtures/make_normal_fixtures.py with python3-torch), compared here word for word.
// Also: the float32 fused multiply-add against exact rational arithmetic, and the fast kernel
// against the straight port of avx_mathfun.h on a spread of the 2^24 possible uniforms
// (scripts/check_normal_fill_exhaustive.ts checks all of them).

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import type { DType } from "../runtime/dtype.ts";
import { kaiming_normal_ } from "../runtime/nn/init.ts";
import { contiguous } from "../runtime/ops/copy.ts";
import { empty } from "../runtime/ops/creation.ts";
import { t as transpose } from "../runtime/ops/views.ts";
import { log256Lane, sincos256Lane, sincosLane } from "../runtime/random/avx_mathfun.ts";
import { fmaf } from "../runtime/random/fma_f32.ts";
import { Generator, manualSeed } from "../runtime/random/generator.ts";
import { normalFillBlocks } from "../runtime/random/normal_fill_avx2.ts";
import { normal_, randn } from "../runtime/random/ops.ts";
import type { Tensor } from "../runtime/tensor.ts";

interface FixtureCase {
  name: string;
  seed: number;
  shape: number[];
  dtype: DType;
  op: "randn" | "normal_" | "normal_transposed" | "kaiming_normal_conv";
  mean?: number;
  std?: number;
}

const FIXTURES = new URL("./fixtures/random/", import.meta.url);

function runCase(c: FixtureCase): Tensor {
  manualSeed(c.seed);
  switch (c.op) {
    case "randn":
      return randn(c.shape, { dtype: c.dtype });
    case "normal_":
      return normal_(empty(c.shape, { dtype: c.dtype }), c.mean, c.std);
    case "normal_transposed":
      // The fixture holds the transposed view's values in row-major order.
      return contiguous(normal_(transpose(empty([c.shape[1], c.shape[0]])), c.mean, c.std));
    case "kaiming_normal_conv":
      return kaiming_normal_(empty(c.shape), 0, "fan_out", "relu");
  }
}

/** The raw words of a float array, for an exact comparison that also tells -0 from +0. */
function words(values: Float32Array | Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.byteLength / 4);
}

/** Index and values of the first differing element, or null. */
function firstDifference(got: Float32Array | Float64Array, want: Float32Array | Float64Array): string | null {
  const g = words(got), w = words(want);
  const perElement = got.BYTES_PER_ELEMENT / 4;
  for (let i = 0; i < w.length; i++) {
    if (g[i] !== w[i]) {
      const e = Math.floor(i / perElement);
      return `element ${e}: got ${got[e]}, PyTorch ${want[e]}`;
    }
  }
  return null;
}

// Exact float32 rounding of a*b + c with BigInt: every float32 is an integer multiple of 2^-149.
const SCALE = 2 ** 149;
function exactFmaf(a: number, b: number, c: number): number {
  const sum = BigInt(a * SCALE) * BigInt(b * SCALE) + BigInt(c * SCALE) * BigInt(SCALE);
  if (sum === 0n) return a * b + c; // the sign of an exact zero follows IEEE's rules
  const negative = sum < 0n;
  const magnitude = negative ? -sum : sum;
  // Keep 24 significant bits, but no bit below 2^-149 (subnormals); the sum is scaled by 2^298.
  const shift = Math.max(magnitude.toString(2).length - 24, 149);
  let q = magnitude >> BigInt(shift);
  const rest = magnitude - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  const value = Number(q) * 2 ** (shift - 298);
  return negative ? -value : value;
}

/** A float32 with a random sign, mantissa and an exponent in [lo, hi]. */
function randomFloat(rand: () => number, lo: number, hi: number): number {
  const mantissa = 1 + Math.floor(rand() * 8388608) / 8388608;
  const exponent = lo + Math.floor(rand() * (hi - lo + 1));
  return (rand() < 0.5 ? -1 : 1) * mantissa * 2 ** exponent;
}

/** A small deterministic generator (mulberry32), so failures reproduce. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("normal_ and randn match PyTorch 1.13 bit for bit", async (t) => {
  const manifest: FixtureCase[] = JSON.parse(await Deno.readTextFile(new URL("manifest.json", FIXTURES)));
  for (const c of manifest) {
    await t.step(`${c.name}: ${c.op} ${JSON.stringify(c.shape)} seed ${c.seed}`, async () => {
      const bytes = await Deno.readFile(new URL(`${c.name}.bin`, FIXTURES));
      const want = c.dtype === "float64" ? new Float64Array(bytes.buffer) : new Float32Array(bytes.buffer);
      const result = runCase(c);
      assert.equal(result.dtype, c.dtype);
      const got = result.dataSync() as Float32Array | Float64Array;
      assert.equal(got.length, want.length);
      assert.equal(firstDifference(got, want), null);
    });
  }
});

Deno.test("fmaf rounds a * b + c once", async (t) => {
  await t.step("a case where rounding twice is wrong", () => {
    // a * b = 2^-24 - 2^-70, so a*b + c = 1 + 3·2^-24 - 2^-70: just below the halfway point
    // between 1 + 2^-23 and 1 + 2^-22, which the double sum rounds onto.
    const a = 1 + 2 ** -23, b = 2 ** -24 * (1 - 2 ** -23), c = 1 + 2 ** -23;
    assert.equal(Math.fround(a * b + c), 1 + 2 ** -22);
    assert.equal(fmaf(a, b, c), 1 + 2 ** -23);
    assert.equal(fmaf(-a, b, -c), -(1 + 2 ** -23));
    assert.equal(exactFmaf(a, b, c), 1 + 2 ** -23);
  });

  await t.step("random operands, near and far in magnitude", () => {
    const rand = mulberry32(1234);
    for (let i = 0; i < 20000; i++) {
      const spread = i % 4 === 0 ? 40 : 4;
      const a = randomFloat(rand, -spread, spread), b = randomFloat(rand, -spread, spread);
      const c = randomFloat(rand, -2 * spread - 24, 2 * spread);
      assert.equal(fmaf(a, b, c), exactFmaf(a, b, c), `fmaf(${a}, ${b}, ${c})`);
    }
  });

  await t.step("halfway double sums", () => {
    // c = 1 + k·2^-23 and a*b a hair above or below 2^-24: the double sum lands on the halfway point.
    for (let k = 0; k < 64; k++) {
      const c = 1 + k * 2 ** -23;
      for (const [a, b] of [[1 + 2 ** -23, 2 ** -24 * (1 - 2 ** -23)], [1 + 2 ** -23, 2 ** -24 * (1 + 2 ** -23)]]) {
        assert.equal(fmaf(a, b, c), exactFmaf(a, b, c), `fmaf(${a}, ${b}, ${c})`);
      }
    }
  });
});

Deno.test("the fast kernel agrees with the avx_mathfun.h port on a spread of uniforms", () => {
  const f = Math.fround;
  const twoPi = f(2 * Math.PI);
  const stride = 4099; // about 4,100 of the 2^24 uniforms, every residue class mod 16 included
  const count = Math.ceil(16777216 / stride);
  const blocks = Math.ceil(count / 8);
  const data = new Float32Array(blocks * 16);
  const u = (i: number) => ((i * stride) % 16777216) / 16777216;
  // First half of each block: the uniform under test for the log; second half: theta = 0, so
  // the first output is the radius itself.
  for (let i = 0; i < blocks * 8; i++) data[(i >> 3) * 16 + (i & 7)] = u(i);
  normalFillBlocks(data, 0, blocks, 0, 1);
  for (let i = 0; i < count; i++) {
    const reference = f(Math.sqrt(f(-2 * log256Lane(f(1 - u(i)))))) + 0;
    assert.equal(data[(i >> 3) * 16 + (i & 7)], reference, `radius at u = ${u(i)}`);
  }
  // Now the log's uniform is one whose radius is exactly 1 (-2·log(1 - u) rounds to 1), so the
  // outputs are cos and sin of theta = 2π·u.
  const unitRadiusU = 6601320 / 16777216;
  assert.equal(f(Math.sqrt(f(-2 * log256Lane(f(1 - unitRadiusU))))), 1);
  data.fill(0);
  for (let i = 0; i < blocks * 8; i++) {
    data[(i >> 3) * 16 + (i & 7)] = unitRadiusU;
    data[(i >> 3) * 16 + (i & 7) + 8] = u(i);
  }
  normalFillBlocks(data, 0, blocks, 0, 1);
  for (let i = 0; i < count; i++) {
    sincos256Lane(f(twoPi * u(i)));
    assert.equal(data[(i >> 3) * 16 + (i & 7)], sincosLane.cos + 0, `cos at u = ${u(i)}`);
    assert.equal(data[(i >> 3) * 16 + (i & 7) + 8], sincosLane.sin + 0, `sin at u = ${u(i)}`);
  }
});

Deno.test("bulk uniform draws continue the generator's sequence across twists", () => {
  const bulk = new Generator(99), single = new Generator(99);
  bulk.random(); // start off a twist boundary
  single.random();
  const out = new Float32Array(3000);
  let at = 0;
  for (const size of [1, 622, 1, 624, 625, 1000, 127]) {
    bulk.fillUniform24(out, at, at + size);
    at += size;
  }
  for (let i = 0; i < at; i++) assert.equal(out[i], single.uniform24(), `draw ${i}`);
  assert.equal(bulk.random(), single.random());
});

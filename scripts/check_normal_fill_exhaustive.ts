// Checks runtime/random/normal_fill_avx2.ts's specialised kernel against the reference port of
// avx_mathfun.h (runtime/random/avx_mathfun.ts, exact fused multiply-adds) on every one of the
// 2^24 uniforms the kernel can see, bit for bit: first the radius, pairing each uniform with
// theta = 0 (cos = 1, sin = 0); then cos and sin, pairing each with a uniform whose radius is 1.
// Run it after changing either file: deno run scripts/check_normal_fill_exhaustive.ts

import { log256Lane, sincos256Lane, sincosLane } from "../runtime/random/avx_mathfun.ts";
import { normalFillBlocks } from "../runtime/random/normal_fill_avx2.ts";

const f = Math.fround;
const TWO_PI_F = f(2 * Math.PI);
const COUNT = 16777216;
const referenceRadius = (u: number) => f(Math.sqrt(f(-2 * log256Lane(f(1 - u)))));

const bits = new Float32Array(2);
const words = new Uint32Array(bits.buffer);
/** The same float32, including the sign of zero. */
function same(a: number, b: number): boolean {
  bits[0] = a;
  bits[1] = b;
  return words[0] === words[1];
}

let mismatches = 0;
function expect(what: string, k: number, got: number, want: number): void {
  if (same(got, want)) return;
  if (mismatches++ < 10) console.log(`${what} at u = ${k} / 2^24: kernel ${got}, reference ${want}`);
}

/** Runs the kernel on blocks whose 8 first-half lanes take u1(k) and second-half lanes u2(k). */
function sweep(
  u1: (k: number) => number,
  u2: (k: number) => number,
  check: (k: number, n1: number, n2: number) => void,
) {
  const blocks = 4096;
  const data = new Float32Array(blocks * 16);
  for (let start = 0; start < COUNT; start += blocks * 8) {
    for (let i = 0; i < blocks * 8; i++) {
      const at = (i >> 3) * 16 + (i & 7);
      data[at] = u1(start + i);
      data[at + 8] = u2(start + i);
    }
    normalFillBlocks(data, 0, blocks, 0, 1);
    for (let i = 0; i < blocks * 8; i++) {
      const at = (i >> 3) * 16 + (i & 7);
      check(start + i, data[at], data[at + 8]);
    }
  }
}

sweep((k) => k / COUNT, () => 0, (k, n1, n2) => {
  expect("radius", k, n1, referenceRadius(k / COUNT) + 0); // + 0: fmadd(n, 1, +0)
  expect("sin(0)", k, n2, 0);
});

let unitRadius = -1; // a uniform whose radius is exactly 1, so that n1 = cos and n2 = sin
for (let k = Math.floor(0.39 * COUNT); unitRadius < 0; k++) if (referenceRadius(k / COUNT) === 1) unitRadius = k;
sweep(() => unitRadius / COUNT, (k) => k / COUNT, (k, n1, n2) => {
  sincos256Lane(f(TWO_PI_F * (k / COUNT)));
  expect("cos", k, n1, sincosLane.cos + 0);
  expect("sin", k, n2, sincosLane.sin + 0);
});

console.log(mismatches === 0 ? "all 2^24 uniforms agree" : `${mismatches} mismatches`);
if (mismatches !== 0) Deno.exit(1);

// A float32 fused multiply-add (vfmadd…ps) in JavaScript's doubles.
//
// The product of two float32 values has at most 48 significant bits, so `a * b` is exact in a
// double. The sum with `c` is then rounded twice (to double, then to float32), which agrees with a
// single rounding except when the double sum lands exactly halfway between two float32 values
// while the exact sum does not: there the residual of the double addition decides the side.

/** round_to_float32(a * b + c) with one rounding, for float32 a, b, c. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const f = Math.fround(s);
  // The other float32 neighbour when s is a halfway point; otherwise a value strictly between
  // f and that neighbour, which is never a float32 (the expression is exact in both cases).
  const g = s + (s - f);
  if (g === f || Math.fround(g) !== g) return f;
  // Exact residual of s = p + c (Knuth's TwoSum).
  const bv = s - p;
  const residual = (p - (s - bv)) + (c - bv);
  if (residual === 0) return f;
  return (residual > 0) === (g > f) ? g : f;
}

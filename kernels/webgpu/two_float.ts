// Two-word f32 arithmetic in WGSL: a value is hi + lo (a vec2), kept exact through error-free
// transformations (TwoSum, and Dekker's TwoProduct), which gives about 48 bits of precision. The
// scan and softmax kernels use it where the CPU kernels accumulate float32 in double.
// f_opaque (pipelines.ts) keeps compilers from simplifying the exact-error terms away; infinities
// and NaN fall back to the plain f32 result.

export const TWO_FLOAT = `
fn tf_special(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u; }
fn tf_norm(s: f32, lo: f32) -> vec2<f32> {
  let h = f_opaque(s + lo);
  if (tf_special(h)) { return vec2<f32>(h, 0.0); }
  return vec2<f32>(h, lo - (h - s));
}
fn tf_add(a: vec2<f32>, x: f32) -> vec2<f32> {
  let s = f_opaque(a.x + x);
  if (tf_special(s)) { return vec2<f32>(s, 0.0); }
  let bb = f_opaque(s - a.x);
  return tf_norm(s, a.y + ((a.x - (s - bb)) + (x - bb)));
}
fn tf_split(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0xfffff000u); }
fn tf_mul(a: vec2<f32>, x: f32) -> vec2<f32> {
  let p = f_opaque(a.x * x);
  if (tf_special(p)) { return vec2<f32>(p, 0.0); }
  // Dekker's exact product error from 12-bit halves (fma is not fused everywhere).
  let ah = tf_split(a.x); let al = a.x - ah;
  let xh = tf_split(x); let xl = x - xh;
  let err = (((ah * xh - p) + ah * xl) + al * xh) + al * xl;
  return tf_norm(p, a.y * x + err);
}
fn tf_add2(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return tf_add(tf_add(a, b.x), b.y); }
fn tf_mul2(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let r = tf_mul(a, b.x);
  if (tf_special(r.x)) { return r; }
  return tf_norm(r.x, r.y + a.x * b.y);
}`;

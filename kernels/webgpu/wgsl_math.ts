// f32 math in WGSL that does not trust the GPU's built-ins. WGSL allows exp/log/sin/atan/pow to be
// loose (lavapipe's asin is off by 4e-4, its exp by 4e-6 at large arguments, and GPUs use hardware
// approximations), but tsl promises results within ~1e-6 relative of the CPU backend. These are
// the Cephes single-precision algorithms (range reduction + minimax polynomials), built from
// +, -, *, /, fma, ldexp and frexp only. Built-ins are still used for special values (log(0)),
// since WGSL rejects constant expressions that evaluate to inf or NaN.

export const MATH_HELPERS: Readonly<Record<string, string>> = {
  // 2^n for the range of exp, in two steps: ldexp is only defined for results of normal exponents.
  f_scale2: `fn f_scale2(y: f32, n: i32) -> f32 {
  let h = n / 2;
  return ldexp(ldexp(y, h), n - h);
}`,
  f_exp: `fn f_exp(x: f32) -> f32 {
  if (x > 89.0) { return x * 3.0e38; }
  if (x < -104.0) { return 0.0; }
  let n = round(x * 1.44269504088896341);
  var r = fma(-n, 0.693359375, x);
  r = fma(-n, -2.12194440e-4, r);
  let z = r * r;
  let p = (((((1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r
    + 1.6666665459e-1) * r + 5.0000001201e-1) * z + r + 1.0;
  return f_scale2(p, i32(n));
}`,
  f_exp2: `fn f_exp2(x: f32) -> f32 {
  if (x > 129.0) { return x * 3.0e38; }
  if (x < -150.0) { return 0.0; }
  let n = round(x);
  return f_scale2(f_exp((x - n) * 0.693147180559945309), i32(n));
}`,
  f_expm1: `fn f_expm1(x: f32) -> f32 {
  if (abs(x) >= 0.5) { return f_exp(x) - 1.0; }
  var t = x; var s = x;
  for (var k = 2.0; k <= 11.0; k += 1.0) { t *= x / k; s += t; }
  return s;
}`,
  // log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1].
  f_log_poly: `fn f_log_poly(f: f32) -> f32 {
  let z = f * f;
  var y = ((((((((7.0376836292e-2 * f - 1.1514610310e-1) * f + 1.1676998740e-1) * f - 1.2420140846e-1) * f
    + 1.4249322787e-1) * f - 1.6668057665e-1) * f + 2.0000714765e-1) * f - 2.4999993993e-1) * f
    + 3.3333331174e-1) * f * z;
  return f + (y - 0.5 * z);
}`,
  // log(x) as (exponent e, log(m)) with x = m * 2^e, m in [sqrt(1/2), sqrt(2)); x finite and > 0.
  f_log_parts: `fn f_log_parts(x: f32) -> vec2<f32> {
  let fe = frexp(x);
  var m = fe.fract; var e = f32(fe.exp);
  if (m < 0.707106781186547524) { m = m + m; e -= 1.0; }
  return vec2<f32>(e, f_log_poly(m - 1.0));
}`,
  f_log_ok: `fn f_log_ok(x: f32) -> bool { return x > 0.0 && x <= 3.40282346e38; }`,
  f_log: `fn f_log(x: f32) -> f32 {
  if (!f_log_ok(x)) { return log(x); }
  let p = f_log_parts(x);
  return fma(p.x, 0.693359375, fma(p.x, -2.12194440e-4, p.y));
}`,
  f_log2: `fn f_log2(x: f32) -> f32 {
  if (!f_log_ok(x)) { return log2(x); }
  let p = f_log_parts(x);
  return p.x + p.y * 1.44269504088896341;
}`,
  f_log10: `fn f_log10(x: f32) -> f32 {
  if (!f_log_ok(x)) { return log2(x); }
  let p = f_log_parts(x);
  return fma(p.x, 0.30102999566398120, p.y * 0.434294481903251828);
}`,
  // Near 0 the polynomial takes x itself: 1 + x would round, and compilers fold (1 + x) - 1 to x,
  // which defeats the usual log(u) * x / (u - 1) correction.
  f_log1p: `fn f_log1p(x: f32) -> f32 {
  if (x > -0.2928932188134524 && x < 0.414213562373095) { return f_log_poly(x); }
  return f_log(1.0 + x);
}`,
  // x * y - p exactly, for p = x * y rounded: Dekker's product with halves cut by masking bits, as
  // fma may be unfused and compilers may contract or reassociate arithmetic splitting.
  f_split: `fn f_split(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0xfffff000u); }`,
  // a - q * b from exact partial products (12-bit halves), accurate when q * b is close to a.
  f_residual: `fn f_residual(a: f32, q: f32, b: f32) -> f32 {
  let qh = f_split(q); let ql = q - qh;
  let bh = f_split(b); let bl = b - bh;
  return (((a - qh * bh) - qh * bl) - ql * bh) - ql * bl;
}`,
  // Correctly rounded a / b and sqrt(x): WGSL allows 2.5 ulp (NVIDIA's are 1 ulp off), the CPU
  // backend's are IEEE. One correction step from the exact residual fixes the last bit; f_opaque
  // keeps the compiler from cancelling the residual algebraically.
  f_div: `fn f_div(a: f32, b: f32) -> f32 {
  let q = f_opaque(a / b);
  if (!(abs(q) < 1.0e37 && abs(q) > 1.0e-36)) { return q; }
  return q + f_residual(a, q, b) / b;
}`,
  f_sqrt: `fn f_sqrt(x: f32) -> f32 {
  let s = f_opaque(sqrt(x));
  if (!(x > 1.0e-36 && x < 1.0e37)) { return s; }
  return s + f_residual(x, s, s) / (s + s);
}`,
  f_prod_err: `fn f_prod_err(x: f32, y: f32, p: f32) -> f32 {
  let xh = f_split(x); let xl = x - xh;
  let yh = f_split(y); let yl = y - yh;
  return ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
}`,
  // a^b for a > 0 finite: b * log(a) carried in two floats, so that large results keep their digits.
  f_pow_pos: `fn f_pow_pos(a: f32, b: f32) -> f32 {
  let p = f_log_parts(a);
  let t1 = p.x * 0.693359375;
  let t2 = fma(p.x, -2.12194440e-4, p.y);
  let l = t1 + t2;
  let lo = t2 - (l - t1);
  let yh = b * l;
  let yl = f_prod_err(b, l, yh) + b * lo;
  return f_exp(yh) * (1.0 + yl);
}`,
  // Small integral exponents multiply (x * x is exactly what the CPU computes).
  f_pow: `fn f_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  let integral = b == trunc(b);
  if (integral && abs(b) <= 64.0) {
    var n = u32(abs(b)); var x = a; var r = 1.0;
    loop { if ((n & 1u) != 0u) { r *= x; } n >>= 1u; if (n == 0u) { break; } x *= x; }
    return select(r, 1.0 / r, b < 0.0);
  }
  if (a == 0.0) { return select(0.0, 1.0 / a, b < 0.0); }
  if (f_isnan(a) || f_isnan(b)) { return a + b; }
  if (!(abs(b) <= 3.40282346e38)) {
    if (abs(a) == 1.0) { return 1.0; }
    return select(0.0, abs(b), (abs(a) > 1.0) == (b > 0.0));
  }
  if (!(abs(a) <= 3.40282346e38)) {
    let m = select(0.0, abs(a), b > 0.0);
    let odd_inf = integral && abs(b) < 16777216.0 && (u32(abs(b)) & 1u) == 1u;
    return select(m, -m, a < 0.0 && odd_inf);
  }
  if (a < 0.0) {
    if (!integral) { return sqrt(a); }
    let odd = abs(b) < 16777216.0 && (u32(abs(b)) & 1u) == 1u;
    let m = f_pow_pos(-a, b);
    return select(m, -m, odd);
  }
  return f_pow_pos(a, b);
}`,
  // atan on [0, 1] (Cephes atanf: reduce by pi/4 above tan(pi/8)).
  f_atan01: `fn f_atan01(t0: f32) -> f32 {
  var t = t0; var y0 = 0.0;
  if (t > 0.414213562373095) { y0 = 0.785398163397448310; t = (t - 1.0) / (t + 1.0); }
  let z = t * t;
  return y0 + ((((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * t + t);
}`,
  f_signbit: `fn f_signbit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }`,
  f_atan2: `fn f_atan2(y: f32, x: f32) -> f32 {
  if (f_isnan(x) || f_isnan(y)) { return x + y; }
  let ax = abs(x); let ay = abs(y);
  let mx = max(ax, ay); let mn = min(ax, ay);
  var r = 0.0;
  if (mx == mn) { r = 0.785398163397448310; } else if (mx > 0.0) { r = f_atan01(mn / mx); }
  if (mx == 0.0) { r = 0.0; }
  if (ay > ax) { r = 1.57079632679489662 - r; }
  if (f_signbit(x)) { r = 3.14159265358979324 - r; }
  return select(r, -r, f_signbit(y));
}`,
  f_atan: `fn f_atan(x: f32) -> f32 {
  let t = abs(x);
  var r = 0.0;
  if (t > 1.0) { r = 1.57079632679489662 - f_atan01(1.0 / t); } else { r = f_atan01(t); }
  return select(r, -r, x < 0.0);
}`,
  f_asin: `fn f_asin(x: f32) -> f32 { return f_atan2(x, sqrt((1.0 - x) * (1.0 + x))); }`,
  f_acos: `fn f_acos(x: f32) -> f32 { return f_atan2(sqrt((1.0 - x) * (1.0 + x)), x); }`,
  // exp(a)/2 for a >= 0 without overflowing before the result does.
  f_half_exp: `fn f_half_exp(a: f32) -> f32 {
  if (a < 80.0) { return 0.5 * f_exp(a); }
  let h = f_exp(0.5 * a);
  return (0.5 * h) * h;
}`,
  f_sinh: `fn f_sinh(x: f32) -> f32 {
  let a = abs(x);
  var s = 0.0;
  if (a < 1.0) { let e = f_expm1(a); s = 0.5 * (e + e / (e + 1.0)); }
  else if (a < 40.0) { let e = f_exp(a); s = 0.5 * e - 0.5 / e; }
  else { s = f_half_exp(a); }
  return select(s, -s, x < 0.0);
}`,
  f_cosh: `fn f_cosh(x: f32) -> f32 {
  let a = abs(x);
  if (a < 40.0) { let e = f_exp(a); return 0.5 * e + 0.5 / e; }
  return f_half_exp(a);
}`,
  f_tanh: `fn f_tanh(x: f32) -> f32 {
  let a = abs(x);
  if (a > 9.0) { return sign(x); }
  let e = f_expm1(2.0 * a);
  return sign(x) * e / (e + 2.0);
}`,
  // sin and cos: x reduced by multiples of pi/4 in three parts (exact for |x| < 8192), then the
  // sine or cosine polynomial by octant.
  f_sincos: `fn f_sincos(x: f32, want_cos: bool) -> f32 {
  var a = abs(x);
  var j = u32(a * 1.27323954473516);
  var y = f32(j);
  if ((j & 1u) == 1u) { j += 1u; y += 1.0; }
  j = j & 7u;
  var neg = !want_cos && x < 0.0;
  if (j > 3u) { j -= 4u; neg = !neg; }
  if (want_cos && j > 1u) { neg = !neg; }
  let r = ((a - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
  let z = r * r;
  let use_cos = (j == 1u || j == 2u) != want_cos;
  var v = 0.0;
  if (use_cos) {
    v = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  } else {
    v = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  }
  return select(v, -v, neg);
}`,
  f_sin: `fn f_sin(x: f32) -> f32 { if (!(abs(x) <= 8192.0)) { return sin(x); } return f_sincos(x, false); }`,
  f_cos: `fn f_cos(x: f32) -> f32 { if (!(abs(x) <= 8192.0)) { return cos(x); } return f_sincos(x, true); }`,
  f_tan: `fn f_tan(x: f32) -> f32 { return f_sin(x) / f_cos(x); }`,
  // fmod with an exact remainder while |a / b| < 2^24; remainder is Python's (sign of b).
  f_fmod: `fn f_fmod(a: f32, b: f32) -> f32 {
  let q = trunc(a / b);
  let p = q * b;
  var r = (a - p) - f_prod_err(q, b, p);
  if (r != 0.0 && (r < 0.0) != (a < 0.0)) { r += select(abs(b), -abs(b), a < 0.0); }
  if (abs(r) >= abs(b)) { r -= select(-abs(b), abs(b), r > 0.0); }
  return r;
}`,
  f_remainder: `fn f_remainder(a: f32, b: f32) -> f32 {
  var m = f_fmod(a, b);
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { m += b; }
  return m;
}`,
  // c10::div_floor_floating, as the CPU kernel computes it: (a - fmod(a, b)) / b, corrected.
  f_div_floor: `fn f_div_floor(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return a / b; }
  let m = f_fmod(a, b);
  var d = f_div(a - m, b);
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { d -= 1.0; }
  if (d == 0.0) { return select(0.0, -0.0, f_signbit(a / b)); }
  let fl = floor(d);
  return select(fl, fl + 1.0, d - fl > 0.5);
}`,
  // erf: the CPU kernel's positive-term series near 0, else 1 - erfc with Numerical Recipes'
  // erfc (fractional error below 1.2e-7).
  f_erf: `fn f_erf(x: f32) -> f32 {
  let ax = abs(x);
  if (ax < 0.5) {
    let x2 = 2.0 * x * x;
    var term = x; var sum = x;
    for (var n = 1.0; n < 12.0; n += 1.0) { term *= x2 / (2.0 * n + 1.0); sum += term; }
    return 1.12837916709551257 * f_exp(-x * x) * sum;
  }
  if (ax >= 6.0) { return sign(x); }
  let t = 1.0 / (1.0 + 0.5 * ax);
  let erfc = t * f_exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
    + t * 0.17087277)))))))));
  return sign(x) * (1.0 - erfc);
}`,
};

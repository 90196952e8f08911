// Gradient rules of the elementwise ops, reductions, scans and matrix products, attached to the
// ops declared in runtime/ops. Each rule builds its gradients from ordinary ops (the engine runs it
// with grad mode off); a gradient for a broadcast input is summed back to the input's shape, and
// wrapped Python scalars and integer inputs get none.

import { isFloating } from "../dtype.ts";
import type { Tensor } from "../tensor.ts";
import * as B from "../ops/binary.ts";
import * as U from "../ops/unary.ts";
import { pow, powScalarOp, powTensorOp } from "../ops/pow.ts";
import { clampOp, clampTensorOp, where, whereOp } from "../ops/clamp.ts";
import { eq, ge, gt, le, lt, ne } from "../ops/compare.ts";
import { logical_and } from "../ops/logical.ts";
import * as R from "../ops/reduce.ts";
import { maxDimOp, maxOp, minDimOp, minOp } from "../ops/minmax.ts";
import { logsumexpOp, normOp, stdOp, varOp } from "../ops/stats.ts";
import { cumprodOp, cumsum as cumsumFn, cumsumOp, logSoftmaxOp, softmaxOp } from "../ops/scan.ts";
import * as L from "../ops/linalg.ts";
import { expand, reshape, t as tr, transpose, unsqueeze } from "../ops/views.ts";
import { clone } from "../ops/copy.ts";
import { arange } from "../ops/ranges.ts";
import { type BackwardRule, type OpDef, setBackward } from "../ops/registry.ts";
import { sumToShape } from "../ops/sum_to.ts";

const { add, div, mul, neg, sub } = { add: B.add, div: B.div, mul: B.mul, neg: U.neg, sub: B.sub };

/** `g` folded onto input `t`'s shape and dtype; null where `t` takes no gradient. */
function gradTo(g: Tensor | null, t: Tensor): Tensor | null {
  if (!g || t.isWrappedNumber || !isFloating(t.dtype)) return null;
  const r = sumToShape(g, t.shape);
  return r.dtype === t.dtype ? r : clone(r, t.dtype);
}

/** Declares a rule whose output gradient is required: no output gradient gives no input gradients. */
function rule<P>(op: OpDef<P>, f: (g: Tensor, ctx: Parameters<BackwardRule<P>>[1]) => (Tensor | null)[]): void {
  setBackward(op, ([g], ctx) => {
    if (!g) return ctx.inputs.map(() => null);
    return f(g, ctx).map((r, i) => gradTo(r, ctx.inputs[i]));
  });
}

const zerosGrad = (g: Tensor) => mul(g, 0);

// ---- binary arithmetic
rule(B.addOp, (g, { params }) => [g, params.alpha === 1 ? g : mul(g, params.alpha)]);
rule(B.subOp, (g, { params }) => [g, mul(g, -params.alpha)]);
rule(B.rsubOp, (g, { params }) => [mul(g, -params.alpha), g]);
rule(B.mulOp, (g, { inputs: [a, b] }) => [mul(g, b), mul(g, a)]);
rule(B.divOp, (g, { inputs: [a, b] }) => [div(g, b), neg(div(mul(g, a), mul(b, b)))]);
rule(B.divTruncOp, (g) => [zerosGrad(g), zerosGrad(g)]);
rule(B.divFloorOp, (g) => [zerosGrad(g), zerosGrad(g)]);
rule(B.remainderOp, (g, { inputs: [a, b] }) => [g, neg(mul(g, B.div(a, b, { rounding_mode: "floor" })))]);
rule(B.remainderScalarOp, (g) => [g, null]);
const pickBinary = (g: Tensor, a: Tensor, b: Tensor, win: (a: Tensor, b: Tensor) => Tensor) => {
  const half = where(eq(a, b), div(g, 2), g);
  return [where(win(a, b), half, where(eq(a, b), half, 0)), where(win(b, a), half, where(eq(a, b), half, 0))];
};
rule(B.maximumOp, (g, { inputs: [a, b] }) => pickBinary(g, a, b, gt));
rule(B.minimumOp, (g, { inputs: [a, b] }) => pickBinary(g, a, b, lt));
rule(B.atan2Op, (g, { inputs: [a, b] }) => {
  const r = add(mul(a, a), mul(b, b));
  return [div(mul(g, b), r), neg(div(mul(g, a), r))];
});

// ---- unary
rule(U.negOp, (g) => [neg(g)]);
rule(U.absOp, (g, { inputs: [a] }) => [mul(g, U.sign(a))]);
for (const op of [U.signOp, U.floorOp, U.ceilOp, U.truncOp, U.roundOp, U.roundDecimalsOp]) {
  rule(op, (g) => [zerosGrad(g)]);
}
rule(U.fracOp, (g) => [g]);
rule(U.reluOp, (g, { outputs: [o] }) => [where(gt(o, 0), g, 0)]);
rule(U.expOp, (g, { outputs: [o] }) => [mul(g, o)]);
rule(U.expm1Op, (g, { outputs: [o] }) => [mul(g, add(o, 1))]);
rule(U.logOp, (g, { inputs: [a] }) => [div(g, a)]);
rule(U.log2Op, (g, { inputs: [a] }) => [div(g, mul(a, Math.LN2))]);
rule(U.log10Op, (g, { inputs: [a] }) => [div(g, mul(a, Math.LN10))]);
rule(U.log1pOp, (g, { inputs: [a] }) => [div(g, add(a, 1))]);
rule(U.sqrtOp, (g, { outputs: [o] }) => [div(g, mul(o, 2))]);
rule(U.rsqrtOp, (g, { outputs: [o] }) => [mul(g, mul(mul(o, mul(o, o)), -0.5))]);
rule(U.sinOp, (g, { inputs: [a] }) => [mul(g, U.cos(a))]);
rule(U.cosOp, (g, { inputs: [a] }) => [neg(mul(g, U.sin(a)))]);
rule(U.tanOp, (g, { outputs: [o] }) => [mul(g, add(mul(o, o), 1))]);
rule(U.tanhOp, (g, { outputs: [o] }) => [mul(g, B.rsub(mul(o, o), 1))]);
rule(U.sigmoidOp, (g, { outputs: [o] }) => [mul(g, mul(o, B.rsub(o, 1)))]);
rule(U.erfOp, (g, { inputs: [a] }) => [mul(g, mul(U.exp(neg(mul(a, a))), 2 / Math.sqrt(Math.PI)))]);
rule(U.reciprocalOp, (g, { outputs: [o] }) => [neg(mul(g, mul(o, o)))]);
rule(U.nanToNumOp, (g, { inputs: [a] }) => [where(U.isfinite(a), g, 0)]);

// ---- pow, clamp, where
rule(powScalarOp, (g, { inputs: [a], params: { exponent: e } }) => [
  e === 0 ? zerosGrad(g) : mul(g, mul(pow(a, e - 1), e)),
]);
rule(powTensorOp, (g, { inputs: [a, e], outputs: [o] }) => [
  where(eq(e, 0), 0, mul(g, mul(e, pow(a, sub(e, 1))))),
  where(logical_and(eq(a, 0), ge(e, 0)), 0, mul(g, mul(o, U.log(a)))),
]);
rule(clampOp, (g, { inputs: [a], params: { min, max } }) => {
  let keep = ge(a, min ?? -Infinity);
  if (max !== null) keep = logical_and(keep, le(a, max));
  return [where(keep, g, 0)];
});
rule(clampTensorOp, (g, { inputs, params: { hasMin, hasMax } }) => {
  const [a] = inputs;
  const lo = hasMin ? inputs[1] : null, hi = hasMax ? inputs[hasMin ? 2 : 1] : null;
  let keep = lo ? ge(a, lo) : ne(a, NaN);
  if (hi) keep = logical_and(keep, le(a, hi));
  const hiWins = hi ? gt(a, hi) : null;
  const loWins = lo ? (hi ? logical_and(lt(a, lo), le(lo, hi)) : lt(a, lo)) : null;
  const out = [where(keep, g, 0)];
  if (lo) out.push(where(loWins!, g, 0));
  if (hi) out.push(where(hiWins!, g, 0));
  return out;
});
rule(whereOp, (g, { inputs: [c] }) => [null, where(c, g, 0), where(c, 0, g)]);

// ---- reductions

/** A reduction's output (or its gradient) broadcast back over the reduced dims of `t`. */
function unreduce(g: Tensor, t: Tensor, { dims, keepdim }: R.ReduceParams): Tensor {
  let r = g;
  if (!keepdim) { for (const d of dims) r = unsqueeze(r, d); }
  return expand(r, t.shape);
}

const countOf = (t: Tensor, dims: readonly number[]) => dims.reduce((n, d) => n * t.shape[d], 1);

for (const op of [R.sumOp, R.sumDimOp]) rule(op, (g, { inputs: [a], params }) => [unreduce(g, a, params)]);
for (const op of [R.meanOp, R.meanDimOp]) {
  rule(op, (g, { inputs: [a], params }) => [div(unreduce(g, a, params), countOf(a, params.dims))]);
}
// prod: d out / d a_i = out / a_i (inputs containing zeros are not handled specially).
for (const op of [R.prodOp, R.prodDimOp]) {
  rule(op, (g, { inputs: [a], outputs: [o], params }) => [
    div(mul(unreduce(g, a, params), unreduce(o, a, params)), a),
  ]);
}

/** max/min over everything: the gradient is shared evenly among the elements equal to the result. */
for (const op of [maxOp, minOp]) {
  rule(op, (g, { inputs: [a], outputs: [o] }) => {
    const hit = eq(a, o);
    return [where(hit, div(g, R.sum(hit)), 0)];
  });
}
/** max/min along a dim: the gradient goes to the selected element. */
for (const op of [maxDimOp, minDimOp]) {
  rule(op, (g, { inputs: [a], outputs: [, idx], params }) => {
    if (params.dims.length === 0) return [g];
    const d = params.dims[0];
    const gi = params.keepdim ? g : unsqueeze(g, d);
    const ii = params.keepdim ? idx : unsqueeze(idx, d);
    // A mask of the selected positions (arange along d == index), built without a scatter kernel.
    const shape = a.shape.map((n, i) => (i === d ? n : 1));
    const pos = reshape(arange(a.shape[d], null, 1, { dtype: "int64", device: a.device }), shape);
    return [where(eq(pos, ii), gi, 0)];
  });
}

rule(varOp, (g, { inputs: [a], params }) => {
  const n = Math.max(0, countOf(a, params.dims) - params.correction);
  const centered = sub(a, R.mean(a, { dim: params.dims, keepdim: true }));
  return [mul(unreduce(g, a, params), div(mul(centered, 2), n))];
});
rule(stdOp, (g, { inputs: [a], outputs: [o], params }) => {
  const n = Math.max(0, countOf(a, params.dims) - params.correction);
  const centered = sub(a, R.mean(a, { dim: params.dims, keepdim: true }));
  return [div(mul(unreduce(g, a, params), centered), mul(unreduce(o, a, params), n))];
});
rule(normOp, (g, { inputs: [a], outputs: [o], params }) => {
  const gg = unreduce(g, a, params), oo = unreduce(o, a, params);
  const p = params.p;
  if (p === 0) return [zerosGrad(gg)];
  if (p === 1) return [mul(gg, U.sign(a))];
  if (p === Infinity || p === -Infinity) {
    const hit = eq(U.abs(a), oo);
    const count = R.sum(hit, { dim: params.dims, keepdim: true });
    return [div(mul(where(hit, gg, 0), U.sign(a)), count)];
  }
  // a * |a|^(p-2) / norm^(p-1); zero where the norm is zero.
  const num = p === 2 ? a : mul(a, pow(U.abs(a), p - 2));
  const den = p === 2 ? oo : pow(oo, p - 1);
  return [where(eq(oo, 0), 0, div(mul(gg, num), den))];
});
rule(logsumexpOp, (g, { inputs: [a], outputs: [o], params }) => [
  mul(unreduce(g, a, params), U.exp(sub(a, unreduce(o, a, params)))),
]);

// ---- scans
rule(softmaxOp, (g, { outputs: [o], params: { dim } }) => [
  mul(o, sub(g, R.sum(mul(g, o), { dim, keepdim: true }))),
]);
rule(logSoftmaxOp, (g, { outputs: [o], params: { dim } }) => [
  sub(g, mul(U.exp(o), R.sum(g, { dim, keepdim: true }))),
]);
/** The running sum from the end along `dim`: total - cumsum + t. */
const reverseCumsum = (t: Tensor, dim: number) => add(sub(R.sum(t, { dim, keepdim: true }), cumsumFn(t, dim)), t);
rule(cumsumOp, (g, { params: { dim } }) => [reverseCumsum(g, dim)]);
// cumprod: sum over k >= i of g_k * out_k / a_i (inputs containing zeros are not handled specially).
rule(cumprodOp, (g, { inputs: [a], outputs: [o], params: { dim } }) => [div(reverseCumsum(mul(g, o), dim), a)]);

// ---- matrix products

const asDtype = (t: Tensor, like: Tensor) => (t.dtype === like.dtype ? t : clone(t, like.dtype));
const mT = (t: Tensor) => transpose(t, -1, -2);

rule(L.mmOp, (g, { inputs: [a, b] }) => [L.mm(g, tr(b)), L.mm(tr(a), g)]);
rule(L.bmmOp, (g, { inputs: [a, b] }) => [L.bmm(g, mT(b)), L.bmm(mT(a), g)]);
rule(L.mvOp, (g, { inputs: [a, v] }) => [L.outer(g, v), L.mv(tr(a), g)]);
rule(L.dotOp, (g, { inputs: [a, b] }) => [mul(g, b), mul(g, a)]);
rule(L.addmmOp, (g, { inputs: [, m1, m2], params: { alpha, beta } }) => [
  beta === 0 ? null : mul(g, beta),
  mul(L.mm(g, tr(m2)), alpha),
  mul(L.mm(tr(m1), g), alpha),
]);
rule(L.outerOp, (g, { inputs: [a, b] }) => [L.mv(g, asDtype(b, g)), L.mv(tr(g), asDtype(a, g))]);
rule(L.matmulOp, (g, { inputs: [a, b] }) => {
  const A = a.ndim === 1 ? unsqueeze(a, 0) : a, Bm = b.ndim === 1 ? unsqueeze(b, -1) : b;
  let G = g;
  if (a.ndim === 1) G = unsqueeze(G, -2);
  if (b.ndim === 1) G = unsqueeze(G, -1);
  const gA = sumToShape(L.matmul(G, mT(Bm)), A.shape), gB = sumToShape(L.matmul(mT(A), G), Bm.shape);
  return [reshape(gA, a.shape), reshape(gB, b.shape)];
});

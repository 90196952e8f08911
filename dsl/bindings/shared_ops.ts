// Operations that exist both as `torch.NAME(input, ...)` and as `tensor.NAME(...)`: one table, with the
// method's signature (without self/input); torch_module.ts prefixes `input`.

import { argInt, argIntList, type Args, pyError, PyTuple } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import * as B from "../../runtime/ops/binary.ts";
import * as U from "../../runtime/ops/unary.ts";
import { pow } from "../../runtime/ops/pow.ts";
import * as C from "../../runtime/ops/compare.ts";
import { clamp, where } from "../../runtime/ops/clamp.ts";
import { all, any, mean, prod, sum } from "../../runtime/ops/reduce.ts";
import { argmax, argmin, max, min } from "../../runtime/ops/minmax.ts";
import { logsumexp, norm, std, variance } from "../../runtime/ops/stats.ts";
import { cumprod, cumsum, log_softmax, softmax } from "../../runtime/ops/scan.ts";
import { addmm, bmm, dot, matmul, mm, mv, outer } from "../../runtime/ops/linalg.ts";
import { scalarInfo } from "../../runtime/ops/scalar.ts";
import * as V from "../../runtime/ops/views.ts";
import { chunk, narrow, select, split, unbind } from "../../runtime/ops/slicing.ts";
import { repeat } from "../../runtime/ops/join.ts";
import { gather, index_select, scatter, scatter_add, type ScatterReduce } from "../../runtime/ops/gather.ts";
import { masked_fill, masked_selectAsync } from "../../runtime/ops/masked.ts";
import { nonzeroAsync, nonzeroTupleAsync } from "../../runtime/ops/advanced_index.ts";
import { flip, roll } from "../../runtime/ops/reorder.ts";
import { argOperand, argScalar, argTensor } from "./convert.ts";

/** scatter's (dim, index, src or value, reduce), with PyTorch's names for the reduce modes. */
export function scatterArgs(a: Args, f: string): [number, Tensor, Tensor | number, ScatterReduce] {
  const src = a.src ?? a.value;
  if (src === null) throw pyError("TypeError", `${f}() missing required argument 'src' or 'value'`);
  const reduce = a.reduce === null ? "none" : String(a.reduce);
  if (reduce !== "none" && reduce !== "add" && reduce !== "multiply") {
    throw pyError("RuntimeError", `reduce argument must be either add or multiply.`);
  }
  return [
    argInt(a.dim, f, "dim"),
    argTensor(a.index, f, "index"),
    src instanceof Tensor ? src : argScalar(src, f, "value") as number,
    reduce,
  ];
}

/** Whether every element holds, read without blocking (a WebGPU tensor is read asynchronously). */
const allOf = async (t: Tensor): Promise<boolean> => (await all(t).data())[0] !== 0;
import { valuesIndices } from "./size.ts";
import { argDType } from "./dtype_device.ts";

export type Impl = (self: Tensor, a: Args) => any;
export type Table = Record<string, [string, Impl]>;

/** A dim= argument: None, int, or a tuple/list of ints. */
export function argDims(x: any, fname: string): number | number[] | null {
  if (x === null || x === undefined) return null;
  if (Array.isArray(x) || x instanceof PyTuple) return argIntList(x, fname, "dim");
  return argInt(x, fname, "dim");
}

const tuple = (ts: Tensor[]) => new PyTuple(ts);
/** Applies `f` to a result that may still be a Promise (an op that read another device first). */
const mapResult = <T, R>(r: T | Promise<T>, f: (v: T) => R): R | Promise<R> => r instanceof Promise ? r.then(f) : f(r);
const outOf = (a: Args) => (a.out instanceof Tensor ? a.out : undefined);

function minmaxImpl(name: "max" | "min") {
  const f = name === "max" ? max : min;
  return (self: Tensor, a: Args) => {
    if (a.dim === null) return f(self);
    if (a.dim instanceof Tensor) return f(self, a.dim);
    const r = f(self, { dim: argInt(a.dim, name, "dim"), keepdim: !!a.keepdim });
    return valuesIndices(name, r.values, r.indices);
  };
}

function unary(f: (t: Tensor) => Tensor): [string, Impl] {
  return ["f()", (self) => f(self)];
}

export const SHARED: Table = {
  add: [
    "add(other, *, alpha=1, out=None)",
    (s, a) => B.add(s, argOperand(a.other, "add"), { alpha: argScalar(a.alpha, "add", "alpha"), out: outOf(a) }),
  ],
  sub: [
    "sub(other, *, alpha=1, out=None)",
    (s, a) => B.sub(s, argOperand(a.other, "sub"), { alpha: argScalar(a.alpha, "sub", "alpha"), out: outOf(a) }),
  ],
  mul: ["mul(other, *, out=None)", (s, a) => B.mul(s, argOperand(a.other, "mul"), { out: outOf(a) })],
  div: [
    "div(other, *, rounding_mode=None, out=None)",
    (s, a) => B.div(s, argOperand(a.other, "div"), { rounding_mode: a.rounding_mode, out: outOf(a) }),
  ],
  true_divide: ["true_divide(other)", (s, a) => B.div(s, argOperand(a.other, "true_divide"))],
  floor_divide: ["floor_divide(other)", (s, a) => B.floor_divide(s, argOperand(a.other, "floor_divide"))],
  remainder: ["remainder(other)", (s, a) => B.remainder(s, argOperand(a.other, "remainder"))],
  maximum: ["maximum(other)", (s, a) => B.maximum(s, argTensor(a.other, "maximum", "other"))],
  minimum: ["minimum(other)", (s, a) => B.minimum(s, argTensor(a.other, "minimum", "other"))],
  pow: ["pow(exponent)", (s, a) => pow(s, argOperand(a.exponent, "pow", "exponent"))],
  eq: ["eq(other)", (s, a) => C.eq(s, argOperand(a.other, "eq"))],
  ne: ["ne(other)", (s, a) => C.ne(s, argOperand(a.other, "ne"))],
  lt: ["lt(other)", (s, a) => C.lt(s, argOperand(a.other, "lt"))],
  le: ["le(other)", (s, a) => C.le(s, argOperand(a.other, "le"))],
  gt: ["gt(other)", (s, a) => C.gt(s, argOperand(a.other, "gt"))],
  ge: ["ge(other)", (s, a) => C.ge(s, argOperand(a.other, "ge"))],
  equal: ["equal(other)", (s, a) => {
    const o = argTensor(a.other, "equal", "other");
    return s.shape.length === o.shape.length && s.shape.every((d, i) => d === o.shape[i]) && allOf(C.eq(s, o));
  }],
  allclose: [
    "allclose(other, rtol=1e-05, atol=1e-08, equal_nan=False)",
    (s, a) =>
      allOf(C.isclose(s, argTensor(a.other, "allclose", "other"), {
        rtol: num(a.rtol),
        atol: num(a.atol),
        equal_nan: a.equal_nan,
      })),
  ],
  neg: unary(U.neg),
  abs: unary(U.abs),
  sign: unary(U.sign),
  relu: unary(U.relu),
  floor: unary(U.floor),
  ceil: unary(U.ceil),
  trunc: unary(U.trunc),
  frac: unary(U.frac),
  exp: unary(U.exp),
  expm1: unary(U.expm1),
  log: unary(U.log),
  log2: unary(U.log2),
  log10: unary(U.log10),
  log1p: unary(U.log1p),
  sqrt: unary(U.sqrt),
  rsqrt: unary(U.rsqrt),
  sin: unary(U.sin),
  cos: unary(U.cos),
  tan: unary(U.tan),
  tanh: unary(U.tanh),
  sigmoid: unary(U.sigmoid),
  erf: unary(U.erf),
  reciprocal: unary(U.reciprocal),
  isnan: unary(U.isnan),
  isinf: unary(U.isinf),
  isfinite: unary(U.isfinite),
  round: ["round(*, decimals=0)", (s, a) => U.round(s, { decimals: argInt(a.decimals, "round", "decimals") })],
  clamp: [
    "clamp(min=None, max=None)",
    (s, a) =>
      clamp(s, {
        min: a.min === null ? undefined : argOperand(a.min, "clamp", "min"),
        max: a.max === null ? undefined : argOperand(a.max, "clamp", "max"),
      }),
  ],
  clip: [
    "clip(min=None, max=None)",
    (s, a) =>
      clamp(s, {
        min: a.min === null ? undefined : argOperand(a.min, "clip", "min"),
        max: a.max === null ? undefined : argOperand(a.max, "clip", "max"),
      }),
  ],
  where: [
    "where(condition, other)",
    (s, a) => where(argTensor(a.condition, "where", "condition"), s, argOperand(a.other, "where")),
  ],
  sum: [
    "sum(dim=None, keepdim=False, *, dtype=None)",
    (s, a) => sum(s, { dim: argDims(a.dim, "sum"), keepdim: !!a.keepdim, dtype: argDType(a.dtype) }),
  ],
  mean: [
    "mean(dim=None, keepdim=False, *, dtype=None)",
    (s, a) => mean(s, { dim: argDims(a.dim, "mean"), keepdim: !!a.keepdim, dtype: argDType(a.dtype) }),
  ],
  prod: [
    "prod(dim=None, keepdim=False, *, dtype=None)",
    (s, a) =>
      prod(
        s,
        {
          dim: a.dim === null ? undefined : argInt(a.dim, "prod", "dim"),
          keepdim: !!a.keepdim,
          dtype: argDType(a.dtype),
        } as any,
      ),
  ],
  all: ["all(dim=None, keepdim=False)", (s, a) => all(s, { dim: argDims(a.dim, "all"), keepdim: !!a.keepdim })],
  any: ["any(dim=None, keepdim=False)", (s, a) => any(s, { dim: argDims(a.dim, "any"), keepdim: !!a.keepdim })],
  std: [
    "std(dim=None, unbiased=True, keepdim=False, *, correction=None)",
    (s, a) =>
      std(
        s,
        {
          dim: argDims(a.dim, "std"),
          unbiased: a.unbiased,
          keepdim: !!a.keepdim,
          correction: a.correction ?? undefined,
        } as any,
      ),
  ],
  var: [
    "var(dim=None, unbiased=True, keepdim=False, *, correction=None)",
    (s, a) =>
      variance(
        s,
        {
          dim: argDims(a.dim, "var"),
          unbiased: a.unbiased,
          keepdim: !!a.keepdim,
          correction: a.correction ?? undefined,
        } as any,
      ),
  ],
  norm: [
    "norm(p='fro', dim=None, keepdim=False)",
    (s, a) =>
      norm(
        s,
        {
          p: typeof a.p === "string" || a.p === null ? undefined : num(a.p),
          dim: argDims(a.dim, "norm"),
          keepdim: !!a.keepdim,
        } as any,
      ),
  ],
  logsumexp: [
    "logsumexp(dim, keepdim=False)",
    (s, a) => logsumexp(s, { dim: argDims(a.dim, "logsumexp"), keepdim: !!a.keepdim }),
  ],
  max: ["max(dim=None, keepdim=False)", minmaxImpl("max")],
  min: ["min(dim=None, keepdim=False)", minmaxImpl("min")],
  argmax: [
    "argmax(dim=None, keepdim=False)",
    (s, a) => argmax(s, { dim: a.dim === null ? null : argInt(a.dim, "argmax", "dim"), keepdim: !!a.keepdim }),
  ],
  argmin: [
    "argmin(dim=None, keepdim=False)",
    (s, a) => argmin(s, { dim: a.dim === null ? null : argInt(a.dim, "argmin", "dim"), keepdim: !!a.keepdim }),
  ],
  softmax: [
    "softmax(dim, dtype=None)",
    (s, a) => softmax(s, argInt(a.dim, "softmax", "dim"), { dtype: argDType(a.dtype) }),
  ],
  log_softmax: [
    "log_softmax(dim, dtype=None)",
    (s, a) => log_softmax(s, argInt(a.dim, "log_softmax", "dim"), { dtype: argDType(a.dtype) }),
  ],
  cumsum: [
    "cumsum(dim, *, dtype=None)",
    (s, a) => cumsum(s, argInt(a.dim, "cumsum", "dim"), { dtype: argDType(a.dtype) }),
  ],
  cumprod: [
    "cumprod(dim, *, dtype=None)",
    (s, a) => cumprod(s, argInt(a.dim, "cumprod", "dim"), { dtype: argDType(a.dtype) }),
  ],
  matmul: ["matmul(other)", (s, a) => matmul(s, argTensor(a.other, "matmul", "other"))],
  mm: ["mm(mat2)", (s, a) => mm(s, argTensor(a.mat2, "mm", "mat2"))],
  bmm: ["bmm(mat2)", (s, a) => bmm(s, argTensor(a.mat2, "bmm", "mat2"))],
  mv: ["mv(vec)", (s, a) => mv(s, argTensor(a.vec, "mv", "vec"))],
  dot: ["dot(other)", (s, a) => dot(s, argTensor(a.other, "dot", "other"))],
  addmm: [
    "addmm(mat1, mat2, *, beta=1, alpha=1)",
    (s, a) =>
      addmm(s, argTensor(a.mat1, "addmm", "mat1"), argTensor(a.mat2, "addmm", "mat2"), {
        beta: scalarInfo(argScalar(a.beta, "addmm", "beta")).value,
        alpha: scalarInfo(argScalar(a.alpha, "addmm", "alpha")).value,
      }),
  ],
  outer: ["outer(vec2)", (s, a) => outer(s, argTensor(a.vec2, "outer", "vec2"))],
  reshape: ["reshape(*shape)", (s, a) => V.reshape(s, argIntList(a.shape, "reshape", "shape", "SymInts"))],
  flatten: [
    "flatten(start_dim=0, end_dim=-1)",
    (s, a) => V.flatten(s, argInt(a.start_dim, "flatten", "start_dim"), argInt(a.end_dim, "flatten", "end_dim")),
  ],
  transpose: [
    "transpose(dim0, dim1)",
    (s, a) => V.transpose(s, argInt(a.dim0, "transpose", "dim0"), argInt(a.dim1, "transpose", "dim1")),
  ],
  swapaxes: [
    "swapaxes(axis0, axis1)",
    (s, a) => V.transpose(s, argInt(a.axis0, "swapaxes", "axis0"), argInt(a.axis1, "swapaxes", "axis1")),
  ],
  t: ["t()", (s) => V.t(s)],
  squeeze: ["squeeze(dim=None)", (s, a) => V.squeeze(s, a.dim === null ? undefined : argInt(a.dim, "squeeze", "dim"))],
  unsqueeze: ["unsqueeze(dim)", (s, a) => V.unsqueeze(s, argInt(a.dim, "unsqueeze", "dim"))],
  permute: ["permute(*dims)", (s, a) => V.permute(s, argIntList(a.dims, "permute", "dims"))],
  movedim: ["movedim(source, destination)", (s, a) => V.movedim(s, a.source, a.destination)],
  diagonal: ["diagonal(offset=0, dim1=0, dim2=1)", (s, a) => V.diagonal(s, a.offset, a.dim1, a.dim2)],
  chunk: [
    "chunk(chunks, dim=0)",
    (s, a) => tuple(chunk(s, argInt(a.chunks, "chunk", "chunks"), argInt(a.dim, "chunk", "dim"))),
  ],
  split: ["split(split_size_or_sections, dim=0)", (s, a) => {
    const x = a.split_size_or_sections;
    const sz = Array.isArray(x) || x instanceof PyTuple
      ? argIntList(x, "split", "split_size")
      : argInt(x, "split", "split_size");
    return tuple(split(s, sz, argInt(a.dim, "split", "dim")));
  }],
  unbind: ["unbind(dim=0)", (s, a) => tuple(unbind(s, argInt(a.dim, "unbind", "dim")))],
  narrow: ["narrow(dim, start, length)", (s, a) => narrow(s, a.dim, a.start, a.length)],
  select: [
    "select(dim, index)",
    (s, a) => select(s, argInt(a.dim, "select", "dim"), argInt(a.index, "select", "index")),
  ],
  index_select: [
    "index_select(dim, index)",
    (s, a) => index_select(s, argInt(a.dim, "index_select", "dim"), argTensor(a.index, "index_select", "index")),
  ],
  gather: [
    "gather(dim, index)",
    (s, a) => gather(s, argInt(a.dim, "gather", "dim"), argTensor(a.index, "gather", "index")),
  ],
  scatter: [
    "scatter(dim, index, src=None, value=None, *, reduce=None)",
    (s, a) => scatter(s, ...scatterArgs(a, "scatter")),
  ],
  scatter_add: [
    "scatter_add(dim, index, src)",
    (s, a) =>
      scatter_add(
        s,
        argInt(a.dim, "scatter_add", "dim"),
        argTensor(a.index, "scatter_add", "index"),
        argTensor(a.src, "scatter_add", "src"),
      ),
  ],
  masked_fill: [
    "masked_fill(mask, value)",
    (s, a) => masked_fill(s, argTensor(a.mask, "masked_fill", "mask"), argOperand(a.value, "masked_fill", "value")),
  ],
  masked_select: [
    "masked_select(mask)",
    (s, a) => masked_selectAsync(s, argTensor(a.mask, "masked_select", "mask")),
  ],
  nonzero: [
    "nonzero(*, as_tuple=False)",
    (s, a) => (a.as_tuple ? mapResult(nonzeroTupleAsync(s), tuple) : nonzeroAsync(s)),
  ],
  flip: ["flip(*dims)", (s, a) => flip(s, argIntList(a.dims, "flip", "dims"))],
  roll: [
    "roll(shifts, dims=None)",
    (s, a) =>
      roll(
        s,
        a.shifts instanceof PyTuple ? a.shifts.items : a.shifts,
        a.dims instanceof PyTuple ? a.dims.items : a.dims,
      ),
  ],
  tile: ["tile(*dims)", (s, a) => repeat(s, argIntList(a.dims, "tile", "dims"))],
};

function num(x: any): number {
  return typeof x === "number" ? x : x?.v ?? Number(x);
}

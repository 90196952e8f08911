// Tensor-only methods and properties (those shared with torch.* live in shared_ops.ts).

import { argInt, argIntList, type Args, callPython, pyError, PyTuple, typeOf } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { type DType, isFloating } from "../../runtime/dtype.ts";
import { defaultDevice, type Device } from "../../runtime/device.ts";
import * as B from "../../runtime/ops/binary.ts";
import * as U from "../../runtime/ops/unary.ts";
import { pow_ } from "../../runtime/ops/pow.ts";
import { clamp_ } from "../../runtime/ops/clamp.ts";
import * as V from "../../runtime/ops/views.ts";
import { repeat } from "../../runtime/ops/join.ts";
import { clone, contiguous, copyInto } from "../../runtime/ops/copy.ts";
import { fill_, new_empty, new_full, new_ones, new_zeros, zero_ } from "../../runtime/ops/creation.ts";
import { new_tensor } from "../../runtime/ops/tensor_data.ts";
import { masked_fill_ } from "../../runtime/ops/masked.ts";
import { normal_, uniform_ } from "../../runtime/random/ops.ts";
import { retainGrad, runBackwardAsync } from "../../runtime/autograd/engine.ts";
import { registerHook } from "../../runtime/autograd/hooks.ts";
import { toCopy } from "../../runtime/ops/to_copy.ts";
import { RemovableHandle, tensorList } from "./autograd.ts";
import { ones_like } from "../../runtime/ops/creation.ts";
import { argOperand, argScalar, argTensor, tolistOf, withNestedData } from "./convert.ts";
import { itemValue } from "./lazy_item.ts";
import { argDevice, argDType, PyDevice, pyDevice, PyDType, pyDType } from "./dtype_device.ts";
import { makeSize } from "./size.ts";
import { shapeEquals } from "../../runtime/shape.ts";
import { scatterArgs, type Table } from "./shared_ops.ts";
import { scatter_, scatter_add_ } from "../../runtime/ops/gather.ts";
import { index_put_ } from "../../runtime/ops/advanced_index.ts";

const opts = (s: Tensor, a: Args) => ({
  dtype: argDType(a.dtype) ?? s.dtype,
  device: argDevice(a.device) ?? s.device,
  requires_grad: !!a.requires_grad,
});
const sizeArg = (a: Args, f: string) => argIntList(a.size, f, "size", "SymInts");
const NEW = "(*size, dtype=None, device=None, requires_grad=False)";

/** t.to(dtype/device/tensor): a copy when anything changes (recorded for autograd), else t itself. */
const convert = (s: Tensor, dtype: DType | undefined, device: Device | undefined, copy = false) =>
  toCopy(s, dtype, device, copy);

function toArgs(a: Args): [DType | undefined, Device | undefined] {
  let dtype = argDType(a.dtype);
  let device = argDevice(a.device);
  for (const x of a.args as any[]) {
    if (x instanceof PyDType) dtype = x.dtype;
    else if (x instanceof Tensor) [dtype, device] = [x.dtype, x.device];
    else if (typeof x === "string" || x instanceof PyDevice) device = argDevice(x);
    else if (x !== null) throw pyError("TypeError", "to() received an invalid combination of arguments");
  }
  return [dtype, device];
}

function requireGradFlag(s: Tensor, on: boolean): Tensor {
  if (!s.isLeaf && !on) {
    throw pyError(
      "RuntimeError",
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
  }
  if (on && !isFloating(s.dtype)) {
    throw pyError("RuntimeError", "only Tensors of floating point dtype can require gradients");
  }
  if (s.isLeaf) s.requiresGrad = on;
  return s;
}

const LEGACY_DTYPES: Record<string, DType> = {
  Float: "float32",
  Double: "float64",
  Long: "int64",
  Int: "int32",
  Byte: "uint8",
  Bool: "bool",
};

/** `t.type("torch.cuda.LongTensor")`: the legacy tensor-type names. */
function convertToTypeName(t: Tensor, name: string): Tensor | Promise<Tensor> {
  const m = /^torch\.(cuda\.)?(\w+)Tensor$/.exec(name);
  const dtype = m && LEGACY_DTYPES[m[2]];
  if (!dtype) throw pyError("ValueError", `invalid type: '${name}'`);
  return convert(t, dtype, argDevice(m[1] ? "cuda" : "cpu"));
}

/** `t.grad = v`: PyTorch's checks (its type message has no space before the type name). */
function assignedGrad(t: Tensor, v: any): Tensor {
  if (!(v instanceof Tensor)) {
    throw pyError("TypeError", `assigned grad expected to be a Tensor or None but got grad of type${typeOf(v).name}`);
  }
  // A different device is a different tensor type in PyTorch's check.
  if (v.dtype !== t.dtype || v.device !== t.device) {
    throw pyError("RuntimeError", "assigned grad has data of a different type");
  }
  if (!shapeEquals(v.shape, t.shape)) throw pyError("RuntimeError", "assigned grad has data of a different size");
  return v;
}

/** A Python hook's answer: a replacement gradient, or None to keep it. */
async function hookResult(r: unknown): Promise<Tensor | null> {
  const v = await r;
  return v === null || v === undefined ? null : argTensor(v, "hook", "grad");
}

const cast = (d: DType): [string, (s: Tensor, a: Args) => any] => ["cast()", (s) => convert(s, d, undefined)];

export const TENSOR_METHODS: Table = {
  size: ["size(dim=None)", (s, a) => {
    if (a.dim === null) return makeSize(s.shape);
    let d = argInt(a.dim, "size", "dim");
    const n = s.ndim;
    if (d < -Math.max(n, 1) || d >= Math.max(n, 1)) {
      throw pyError(
        "IndexError",
        `Dimension out of range (expected to be in range of [${-Math.max(n, 1)}, ${Math.max(n, 1) - 1}], but got ${d})`,
      );
    }
    if (d < 0) d += n;
    return s.shape[d];
  }],
  dim: ["dim()", (s) => s.ndim],
  ndimension: ["ndimension()", (s) => s.ndim],
  numel: ["numel()", (s) => s.numel],
  nelement: ["nelement()", (s) => s.numel],
  element_size: ["element_size()", (s) => ({ float32: 4, float64: 8, int64: 8, int32: 4, uint8: 1, bool: 1 })[s.dtype]],
  item: ["item()", (s) => itemValue(s)],
  tolist: ["tolist()", (s) => tolistOf(s)],
  view: ["view(*shape)", (s, a) => {
    if (a.shape.length === 1 && a.shape[0] instanceof PyDType) return convert(s, a.shape[0].dtype, undefined);
    return V.view(s, argIntList(a.shape, "view", "size", "SymInts"));
  }],
  view_as: ["view_as(other)", (s, a) => V.view_as(s, argTensor(a.other, "view_as", "other"))],
  reshape_as: ["reshape_as(other)", (s, a) => V.reshape_as(s, argTensor(a.other, "reshape_as", "other"))],
  expand: ["expand(*sizes)", (s, a) => V.expand(s, argIntList(a.sizes, "expand", "size", "SymInts"))],
  expand_as: ["expand_as(other)", (s, a) => V.expand_as(s, argTensor(a.other, "expand_as", "other"))],
  repeat: ["repeat(*sizes)", (s, a) => repeat(s, argIntList(a.sizes, "repeat", "repeats", "SymInts"))],
  contiguous: ["contiguous()", (s) => contiguous(s)],
  is_contiguous: ["is_contiguous()", (s) => s.isContiguous()],
  is_floating_point: ["is_floating_point()", (s) => isFloating(s.dtype)],
  clone: ["clone()", (s) => clone(s)],
  detach: ["detach()", (s) => s.view(s.shape, s.strides, s.offset)],
  detach_: ["detach_()", (s) => {
    s.gradFn = null;
    s.requiresGrad = false;
    return s;
  }],
  copy_: ["copy_(src, non_blocking=False)", (s, a) => copyInto(s, argTensor(a.src, "copy_", "src"))],
  fill_: [
    "fill_(value)",
    (s, a) => fill_(s, a.value instanceof Tensor ? a.value : argScalar(a.value, "fill_", "value")),
  ],
  zero_: ["zero_()", (s) => zero_(s)],
  scatter_: [
    "scatter_(dim, index, src=None, value=None, *, reduce=None)",
    (s, a) => scatter_(s, ...scatterArgs(a, "scatter_")),
  ],
  scatter_add_: [
    "scatter_add_(dim, index, src)",
    (s, a) =>
      scatter_add_(
        s,
        argInt(a.dim, "scatter_add_", "dim"),
        argTensor(a.index, "scatter_add_", "index"),
        argTensor(a.src, "scatter_add_", "src"),
      ),
  ],
  index_put_: [
    "index_put_(indices, values, accumulate=False)",
    (s, a) =>
      index_put_(
        s,
        tensorList(a.indices, "index_put_"),
        argTensor(a.values, "index_put_", "values"),
        !!a.accumulate,
      ),
  ],
  uniform_: ["uniform_(a=0, b=1)", (s, a) => uniform_(s, num(a.a), num(a.b))],
  normal_: ["normal_(mean=0, std=1)", (s, a) => normal_(s, num(a.mean), num(a.std))],
  add_: [
    "add_(other, *, alpha=1)",
    (s, a) => B.add_(s, argOperand(a.other, "add_"), { alpha: argScalar(a.alpha, "add_", "alpha") }),
  ],
  sub_: [
    "sub_(other, *, alpha=1)",
    (s, a) => B.sub_(s, argOperand(a.other, "sub_"), { alpha: argScalar(a.alpha, "sub_", "alpha") }),
  ],
  mul_: ["mul_(other)", (s, a) => B.mul_(s, argOperand(a.other, "mul_"))],
  div_: [
    "div_(other, *, rounding_mode=None)",
    (s, a) => B.div_(s, argOperand(a.other, "div_"), { rounding_mode: a.rounding_mode }),
  ],
  pow_: ["pow_(exponent)", (s, a) => pow_(s, argOperand(a.exponent, "pow_", "exponent"))],
  neg_: ["neg_()", (s) => U.neg_(s)],
  abs_: ["abs_()", (s) => U.abs_(s)],
  exp_: ["exp_()", (s) => U.exp_(s)],
  log_: ["log_()", (s) => U.log_(s)],
  sqrt_: ["sqrt_()", (s) => U.sqrt_(s)],
  relu_: ["relu_()", (s) => U.relu_(s)],
  sigmoid_: ["sigmoid_()", (s) => U.sigmoid_(s)],
  tanh_: ["tanh_()", (s) => U.tanh_(s)],
  clamp_: [
    "clamp_(min=None, max=None)",
    (s, a) =>
      clamp_(s, {
        min: a.min === null ? undefined : argOperand(a.min, "clamp_", "min"),
        max: a.max === null ? undefined : argOperand(a.max, "clamp_", "max"),
      }),
  ],
  masked_fill_: [
    "masked_fill_(mask, value)",
    (s, a) => masked_fill_(s, argTensor(a.mask, "masked_fill_", "mask"), argOperand(a.value, "masked_fill_", "value")),
  ],
  new_ones: ["new_ones" + NEW, (s, a) => new_ones(s, sizeArg(a, "new_ones"), opts(s, a))],
  new_zeros: ["new_zeros" + NEW, (s, a) => new_zeros(s, sizeArg(a, "new_zeros"), opts(s, a))],
  new_empty: ["new_empty" + NEW, (s, a) => new_empty(s, sizeArg(a, "new_empty"), opts(s, a))],
  new_full: [
    "new_full(size, fill_value, dtype=None, device=None, requires_grad=False)",
    (s, a) => new_full(s, sizeArg(a, "new_full"), argScalar(a.fill_value, "new_full", "fill_value"), opts(s, a)),
  ],
  new_tensor: [
    "new_tensor(data, dtype=None, device=None, requires_grad=False)",
    (s, a) => withNestedData(a.data, (d) => new_tensor(s, d, opts(s, a))),
  ],
  to: ["to(*args, dtype=None, device=None, non_blocking=False, copy=False)", (s, a) => {
    const [dtype, device] = toArgs(a);
    return convert(s, dtype, device, !!a.copy);
  }],
  type: ["type(dtype=None)", (s, a) => {
    if (a.dtype === null) return V.legacyTypeName(s);
    if (typeof a.dtype === "string") return convertToTypeName(s, a.dtype);
    return convert(s, argDType(a.dtype), undefined);
  }],
  cpu: ["cpu()", (s) => convert(s, undefined, argDevice("cpu"))],
  cuda: ["cuda(device=None)", (s) => convert(s, undefined, argDevice("cuda"))],
  float: cast("float32"),
  double: cast("float64"),
  long: cast("int64"),
  int: cast("int32"),
  bool: cast("bool"),
  byte: cast("uint8"),
  requires_grad_: ["requires_grad_(requires_grad=True)", (s, a) => requireGradFlag(s, !!a.requires_grad)],
  retain_grad: ["retain_grad()", (s) => {
    if (!s.requiresGrad && s.isLeaf) {
      throw pyError("RuntimeError", "can't retain_grad on Tensor that has requires_grad=False");
    }
    retainGrad(s);
  }],
  backward: ["backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)", (s, a) => {
    let g: Tensor;
    if (a.gradient === null) {
      if (s.numel !== 1) throw pyError("RuntimeError", "grad can be implicitly created only for scalar outputs");
      g = ones_like(s);
    } else g = argTensor(a.gradient, "backward", "gradient");
    if (!s.requiresGrad && !s.gradFn) {
      throw pyError("RuntimeError", "element 0 of tensors does not require grad and does not have a grad_fn");
    }
    const opts = {
      retainGraph: !!(a.retain_graph ?? a.create_graph),
      createGraph: !!a.create_graph,
      accumulateOnly: a.inputs === null ? undefined : tensorList(a.inputs, "backward"),
    };
    return runBackwardAsync([s], [g], opts).then(() => null);
  }],
  register_hook: ["register_hook(hook)", (s, a) => {
    if (!s.requiresGrad && !s.gradFn) {
      throw pyError("RuntimeError", "cannot register a hook on a tensor that doesn't require gradient");
    }
    return new RemovableHandle(registerHook(s, (g) => hookResult(callPython(a.hook, g))));
  }],
};

export const TENSOR_PROPERTIES: Record<string, { get: (s: any) => any; set?: (s: any, v: any) => any }> = {
  shape: { get: (s: Tensor) => makeSize(s.shape) },
  dtype: { get: (s: Tensor) => pyDType(s.dtype) },
  device: { get: (s: Tensor) => pyDevice(s.device) },
  ndim: { get: (s: Tensor) => s.ndim },
  T: { get: (s: Tensor) => V.permute(s, [...s.shape.keys()].reverse()) },
  mT: { get: (s: Tensor) => V.transpose(s, -2, -1) },
  is_cuda: { get: (s: Tensor) => s.device.type !== "cpu" },
  is_leaf: { get: (s: Tensor) => s.isLeaf },
  _version: { get: (s: Tensor) => s.version },
  requires_grad: {
    get: (s: Tensor) => s.requiresGrad || s.gradFn !== null,
    set: (s: Tensor, v: any) => void requireGradFlag(s, !!v),
  },
  grad: {
    get: (s: Tensor) => s.grad,
    set: (s: Tensor, v: any) => void (s.grad = v === null ? null : assignedGrad(s, v)),
  },
  grad_fn: { get: (s: Tensor) => s.gradFn },
  data: {
    get: (s: Tensor) => s.view(s.shape, s.strides, s.offset),
    set: (s: Tensor, v: any) => void copyInto(s, argTensor(v, "data", "data")),
  },
  is_default_device: { get: (s: Tensor) => s.device === defaultDevice() },
};

function num(x: any): number {
  return typeof x === "number" ? x : x?.v ?? Number(x);
}

export { PyTuple };

import { initWebGPU } from "../../runtime/backends.ts";
// The `torch` module: creation functions, math functions (from shared_ops.ts), grad mode, torch.cuda.

import {
  argInt,
  argIntList,
  type Args,
  builtin,
  callPythonKw,
  nativeClass,
  PyTuple,
  registeredModule,
  registerModule,
} from "../runtime/binding.ts";
import { PyFloat } from "../runtime/values.ts";
import { Tensor } from "../../runtime/tensor.ts";
import * as Cr from "../../runtime/ops/creation.ts";
import { arange, linspace } from "../../runtime/ops/ranges.ts";
import { tensor } from "../../runtime/ops/tensor_data.ts";
import { cat, stack } from "../../runtime/ops/join.ts";
import { where } from "../../runtime/ops/clamp.ts";
import { nonzeroTupleAsync } from "../../runtime/ops/advanced_index.ts";
import * as R from "../../runtime/random/ops.ts";
import { manualSeed } from "../../runtime/random/generator.ts";
import { isGradEnabled, setGradEnabled } from "../../runtime/autograd/grad_mode.ts";
import {
  deviceName,
  emptyCache,
  gpuStarted,
  isWebGpuAvailable,
  maxMemoryAllocated,
  memoryAllocated,
  memoryReserved,
  resetPeakMemoryStats,
  settleReleases,
  synchronize,
} from "../../kernels/webgpu/mod.ts";
import { argOperand, argScalar, argTensor, withNestedData } from "./convert.ts";
import { argDevice, argDType, dtypeAttrs, T_device } from "./dtype_device.ts";
import { T_Size } from "./size.ts";
import { SHARED } from "./shared_ops.ts";
import { autogradModule } from "./autograd.ts";
import { T_Node, T_Tensor } from "./tensor_class.ts";
import { nnModule } from "./nn.ts";
import { optimModule } from "./optim.ts";
import { utilsModule } from "./data.ts";
import { serializationAttributes } from "./serialization.ts";

const OPTS = "dtype=None, device=None, requires_grad=False";
const opts = (a: Args): any => {
  const o: any = { requires_grad: !!a.requires_grad };
  if (a.dtype !== null && a.dtype !== undefined) o.dtype = argDType(a.dtype);
  if (a.device !== null && a.device !== undefined) o.device = argDevice(a.device);
  return o;
};
const likeOpts = opts;
const size = (a: Args, f: string) => argIntList(a.size, f, "size");
/** The size of zeros/ones/empty/full, which PyTorch's messages call SymInts. */
const symSize = (a: Args, f: string) => argIntList(a.size, f, "size", "SymInts");
const tensors = (x: any, f: string): Tensor[] =>
  (Array.isArray(x) ? x : x instanceof PyTuple ? x.items : [x]).map((t: any) => argTensor(t, f, "tensors"));

/** A grad-mode context manager that is also a decorator. */
class GradMode {
  prev: boolean[] = [];
  orig: boolean | undefined;
  constructor(public on: boolean) {}
}

const T_GradMode = nativeClass({
  name: "_GradMode",
  module: "torch.autograd.grad_mode",
  jsClass: GradMode,
  methods: {
    __enter__: ["__enter__()", (s: GradMode) => void s.prev.push(setGradEnabled(s.on))],
    __exit__: ["__exit__(*exc)", (s: GradMode) => {
      const p = s.prev.pop() ?? true;
      setGradEnabled(s.orig ?? p);
    }],
    __call__: ["__call__(fn)", (s: GradMode, a) =>
      builtin("wrapper(*args, **kwargs)", async (b) => {
        const prev = setGradEnabled(s.on);
        try {
          return await callPythonKw(a.fn, b.args, Object.fromEntries(b.kwargs));
        } finally {
          setGradEnabled(prev);
        }
      })],
  },
});

/** torch.where(condition): the coordinates of its set elements, one tensor per dim. */
async function whereTuple(condition: Tensor): Promise<PyTuple> {
  return new PyTuple(await nonzeroTupleAsync(condition));
}

function sharedFunctions(): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, [sig, impl]] of Object.entries(SHARED)) {
    const m = /^\s*[\w.]+\s*\((.*)\)\s*$/s.exec(sig)!;
    const full = m[1].trim() === "" ? `${name}(input)` : `${name}(input, ${m[1]})`;
    out[name] = builtin(full, (a) => impl(argTensor(a.input, name), a));
  }
  return out;
}

function torchModule(): Record<string, any> {
  const cuda = {
    // The adapter is requested on first use, so scripts that never touch the GPU don't pay for it.
    is_available: builtin("is_available()", async () => (await initWebGPU(), isWebGpuAvailable())),
    device_count: builtin("device_count()", async () => (await initWebGPU(), isWebGpuAvailable() ? 1 : 0)),
    get_device_name: builtin("get_device_name(device=None)", async () => (await initWebGPU(), deviceName())),
    current_device: builtin("current_device()", () => 0),
    manual_seed: builtin("manual_seed(seed)", () => null),
    manual_seed_all: builtin("manual_seed_all(seed)", () => null),
    synchronize: builtin("synchronize(device=None)", async () => (await synchronize(), null)),
    // The pool's counters (kernels/webgpu/pool.ts): 0 while the GPU is not up, as PyTorch before CUDA init.
    // Counting live memory first collects dropped tensors, as PyTorch's reference counting has.
    memory_allocated: builtin(
      "memory_allocated(device=None)",
      async () => (gpuStarted() && await settleReleases(), memoryAllocated()),
    ),
    max_memory_allocated: builtin("max_memory_allocated(device=None)", () => maxMemoryAllocated()),
    memory_reserved: builtin("memory_reserved(device=None)", () => memoryReserved()),
    reset_peak_memory_stats: builtin("reset_peak_memory_stats(device=None)", () => (resetPeakMemoryStats(), null)),
    empty_cache: builtin("empty_cache()", async () => {
      if (gpuStarted()) await settleReleases(), emptyCache();
      return null;
    }),
  };
  const cudaMod = registeredModule("torch.cuda", cuda);
  const autogradMod = registeredModule("torch.autograd", autogradModule());
  return {
    ...dtypeAttrs(),
    ...sharedFunctions(),
    ...serializationAttributes(),
    Tensor: T_Tensor,
    Size: T_Size,
    device: T_device,
    cuda: cudaMod,
    autograd: autogradMod,
    empty: builtin(`empty(*size, ${OPTS})`, (a) => Cr.empty(symSize(a, "empty"), opts(a))),
    zeros: builtin(`zeros(*size, ${OPTS})`, (a) => Cr.zeros(symSize(a, "zeros"), opts(a))),
    ones: builtin(`ones(*size, ${OPTS})`, (a) => Cr.ones(symSize(a, "ones"), opts(a))),
    full: builtin(
      `full(size, fill_value, *, ${OPTS})`,
      (a) => Cr.full(symSize(a, "full"), argScalar(a.fill_value, "full", "fill_value"), opts(a)),
    ),
    eye: builtin(
      `eye(n, m=None, *, ${OPTS})`,
      (a) => Cr.eye(argInt(a.n, "eye", "n"), a.m === null ? undefined : argInt(a.m, "eye", "m"), opts(a)),
    ),
    arange: builtin(
      `arange(start, end=None, step=1, *, ${OPTS})`,
      (a) =>
        arange(
          argScalar(a.start, "arange", "start"),
          a.end === null ? null : argScalar(a.end, "arange", "end"),
          argScalar(a.step, "arange", "step"),
          opts(a),
        ),
    ),
    linspace: builtin(
      `linspace(start, end, steps, *, ${OPTS})`,
      (a) =>
        linspace(
          argScalar(a.start, "linspace", "start"),
          argScalar(a.end, "linspace", "end"),
          argInt(a.steps, "linspace", "steps"),
          opts(a),
        ),
    ),
    tensor: builtin(`tensor(data, *, ${OPTS})`, (a) => withNestedData(a.data, (d) => tensor(d, opts(a)))),
    as_tensor: builtin(
      `as_tensor(data, dtype=None, device=None)`,
      (a) =>
        a.data instanceof Tensor && a.dtype === null && a.device === null
          ? a.data
          : withNestedData(a.data, (d) => tensor(d, opts(a))),
    ),
    zeros_like: builtin(
      `zeros_like(input, *, ${OPTS})`,
      (a) => Cr.zeros_like(argTensor(a.input, "zeros_like"), likeOpts(a)),
    ),
    ones_like: builtin(
      `ones_like(input, *, ${OPTS})`,
      (a) => Cr.ones_like(argTensor(a.input, "ones_like"), likeOpts(a)),
    ),
    empty_like: builtin(
      `empty_like(input, *, ${OPTS})`,
      (a) => Cr.empty_like(argTensor(a.input, "empty_like"), likeOpts(a)),
    ),
    full_like: builtin(
      `full_like(input, fill_value, *, ${OPTS})`,
      (a) =>
        Cr.full_like(argTensor(a.input, "full_like"), argScalar(a.fill_value, "full_like", "fill_value"), likeOpts(a)),
    ),
    rand: builtin(
      `rand(*size, generator=None, ${OPTS})`,
      (a) => R.rand(size(a, "rand"), { ...opts(a), generator: a.generator }),
    ),
    randn: builtin(
      `randn(*size, generator=None, ${OPTS})`,
      (a) => R.randn(size(a, "randn"), { ...opts(a), generator: a.generator }),
    ),
    randint: builtin(`randint(low, high=None, size=None, *, generator=None, ${OPTS})`, (a) => {
      let [low, high, sz] = [a.low, a.high, a.size];
      if (sz === null) [low, high, sz] = [0, low, high];
      return R.randint(
        argInt(low, "randint", "low"),
        argInt(high, "randint", "high"),
        argIntList(sz, "randint", "size"),
        { ...opts(a), dtype: argDType(a.dtype) ?? "int64", generator: a.generator },
      );
    }),
    randperm: builtin(
      `randperm(n, *, generator=None, ${OPTS})`,
      (a) => R.randperm(argInt(a.n, "randperm", "n"), { ...opts(a), generator: a.generator }),
    ),
    rand_like: builtin(
      `rand_like(input, *, ${OPTS})`,
      (a) => R.rand_like(argTensor(a.input, "rand_like"), likeOpts(a)),
    ),
    randn_like: builtin(
      `randn_like(input, *, ${OPTS})`,
      (a) => R.randn_like(argTensor(a.input, "randn_like"), likeOpts(a)),
    ),
    nn: nnModule(),
    optim: optimModule(),
    utils: utilsModule(),
    manual_seed: builtin("manual_seed(seed)", (a) => void manualSeed(argInt(a.seed, "manual_seed", "seed"))),
    cat: builtin("cat(tensors, dim=0)", (a) => cat(tensors(a.tensors, "cat"), argInt(a.dim, "cat", "dim"))),
    concat: builtin("concat(tensors, dim=0)", (a) => cat(tensors(a.tensors, "concat"), argInt(a.dim, "concat", "dim"))),
    stack: builtin("stack(tensors, dim=0)", (a) => stack(tensors(a.tensors, "stack"), argInt(a.dim, "stack", "dim"))),
    where: builtin(
      "where(condition, input=None, other=None)",
      (a) =>
        a.input === null && a.other === null ? whereTuple(argTensor(a.condition, "where", "condition")) : where(
          argTensor(a.condition, "where", "condition"),
          argOperand(a.input, "where", "input"),
          argOperand(a.other, "where"),
        ),
    ),
    is_tensor: builtin("is_tensor(obj)", (a) => a.obj instanceof Tensor),
    is_floating_point: builtin(
      "is_floating_point(input)",
      (a) => SHARED_IS_FLOAT(argTensor(a.input, "is_floating_point")),
    ),
    numel: builtin("numel(input)", (a) => argTensor(a.input, "numel").numel),
    no_grad: nativeClassCtor(false),
    enable_grad: nativeClassCtor(true),
    // tsl has no inference tensors: inference_mode(True) is no_grad, inference_mode(False) leaves grad mode as is.
    inference_mode: builtin("inference_mode(mode=True)", (a) => new GradMode(a.mode ? false : isGradEnabled())),
    set_grad_enabled: builtin("set_grad_enabled(mode)", (a) => {
      const g = new GradMode(!!a.mode);
      g.orig = setGradEnabled(!!a.mode); // takes effect immediately, as in PyTorch
      return g;
    }),
    is_grad_enabled: builtin("is_grad_enabled()", () => isGradEnabled()),
    e: new PyFloat(Math.E),
    pi: new PyFloat(Math.PI),
    inf: new PyFloat(Infinity),
    nan: new PyFloat(NaN),
    _GradFn: T_Node,
  };
}

const SHARED_IS_FLOAT = (t: Tensor) => t.dtype === "float32" || t.dtype === "float64";

function nativeClassCtor(on: boolean) {
  return builtin(on ? "enable_grad(orig_func=None)" : "no_grad(orig_func=None)", () => new GradMode(on));
}

void T_GradMode;
registerModule("torch", torchModule);

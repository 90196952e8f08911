// torch.nn activation and normalization bindings (modules and their torch.nn.functional forms),
// over runtime/nn/activation.ts, normalization.ts and functional_act_norm.ts.

import {
  argBool,
  argFloat,
  argInt,
  argIntList,
  argOptional,
  type Args,
  argStr,
  builtin,
  nativeClass,
  pyError,
  PyFloat,
  pyFloat,
  pyTuple,
  typeOf,
} from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import * as A from "../../runtime/nn/activation.ts";
import * as N from "../../runtime/nn/normalization.ts";
import * as F from "../../runtime/nn/functional_act_norm.ts";
import { argTensor } from "./convert.ts";
import { T_Module } from "./nn_module.ts";
import { tensorForward } from "./nn_args.ts";

const ACT = "torch.nn.modules.activation";

/** A float hyperparameter; a Python int is remembered so that extra_repr shows it as an int. */
function hyper(self: { intArgs: Set<string> }, a: Args, name: string, fname: string): number {
  if (a[name] instanceof PyFloat) self.intArgs.delete(name);
  else self.intArgs.add(name);
  return argFloat(a[name], fname, name);
}

const inplaceProp = { inplace: { get: (s: { inplace: boolean }) => s.inplace } };
const floatProp = <T>(get: (s: T) => number) => ({ get: (s: T) => pyFloat(get(s)) });
/** A hyperparameter read back as the Python int or float it was given as. */
const hyperProp = <T extends { intArgs: Set<string> }>(name: string, get: (s: T) => number) => ({
  get: (s: T) => (s.intArgs.has(name) ? get(s) : pyFloat(get(s))),
});
const setInplace = (self: { inplace: boolean }, a: Args, fname: string) =>
  void (self.inplace = argBool(a.inplace, fname, "inplace"));

function activation(
  name: string,
  jsClass: new () => object,
  init: [string, (self: any, a: Args) => void],
  properties: Record<string, { get: (s: any) => any }> = {},
) {
  const forward = tensorForward(name.replace(/(?<=[a-z])([A-Z])/g, "_$1").toLowerCase());
  return nativeClass({
    name,
    module: ACT,
    jsClass,
    base: T_Module,
    create: () => new jsClass(),
    init,
    methods: { forward },
    properties,
  });
}

const T_LeakyReLU = activation(
  "LeakyReLU",
  A.LeakyReLU,
  ["__init__(negative_slope=0.01, inplace=False)", (self: A.LeakyReLU, a) => {
    self.negativeSlope = hyper(self, a, "negative_slope", "LeakyReLU");
    setInplace(self, a, "LeakyReLU");
  }],
  { negative_slope: hyperProp("negative_slope", (s: A.LeakyReLU) => s.negativeSlope), ...inplaceProp },
);

const T_ELU = activation(
  "ELU",
  A.ELU,
  ["__init__(alpha=1.0, inplace=False)", (self: A.ELU, a) => {
    self.alpha = hyper(self, a, "alpha", "ELU");
    setInplace(self, a, "ELU");
  }],
  { alpha: hyperProp("alpha", (s: A.ELU) => s.alpha), ...inplaceProp },
);

const T_GELU = activation(
  "GELU",
  A.GELU,
  ["__init__(approximate='none')", (self: A.GELU, a) => {
    self.approximate = argStr(a.approximate, "GELU", "approximate") as F.GeluApproximate;
  }],
  { approximate: { get: (s: A.GELU) => s.approximate } },
);

const T_Softplus = activation(
  "Softplus",
  A.Softplus,
  ["__init__(beta=1, threshold=20)", (self: A.Softplus, a) => {
    self.beta = hyper(self, a, "beta", "Softplus");
    self.threshold = hyper(self, a, "threshold", "Softplus");
  }],
  {
    beta: hyperProp("beta", (s: A.Softplus) => s.beta),
    threshold: hyperProp("threshold", (s: A.Softplus) => s.threshold),
  },
);

const T_Hardtanh = activation(
  "Hardtanh",
  A.Hardtanh,
  ["__init__(min_val=-1.0, max_val=1.0, inplace=False)", (self: A.Hardtanh, a) => {
    self.minVal = hyper(self, a, "min_val", "Hardtanh");
    self.maxVal = hyper(self, a, "max_val", "Hardtanh");
    if (self.maxVal <= self.minVal) throw pyError("AssertionError");
    setInplace(self, a, "Hardtanh");
  }],
  {
    min_val: hyperProp("min_val", (s: A.Hardtanh) => s.minVal),
    max_val: hyperProp("max_val", (s: A.Hardtanh) => s.maxVal),
    ...inplaceProp,
  },
);

const inplaceOnly = (name: string, jsClass: new () => object) =>
  activation(name, jsClass, ["__init__(inplace=False)", (self, a) => setInplace(self, a, name)], inplaceProp);

const noArgs = (name: string, jsClass: new () => object) =>
  activation(name, jsClass, ["__init__(*args, **kwargs)", () => {}]);

const softmaxLike = (name: string, jsClass: new () => A.Softmax) =>
  activation(name, jsClass, ["__init__(dim=None)", (self: A.Softmax, a) => {
    self.dim = argOptional(a.dim, (d) => argInt(d, name, "dim"));
  }], { dim: { get: (s: A.Softmax) => s.dim } });

/** The activation and normalization classes of torch.nn. */
export const actNormClasses = (): Record<string, unknown> => ({
  LeakyReLU: T_LeakyReLU,
  ELU: T_ELU,
  SELU: inplaceOnly("SELU", A.SELU),
  GELU: T_GELU,
  Sigmoid: noArgs("Sigmoid", A.Sigmoid),
  Tanh: noArgs("Tanh", A.Tanh),
  SiLU: inplaceOnly("SiLU", A.SiLU),
  Mish: inplaceOnly("Mish", A.Mish),
  Softplus: T_Softplus,
  Hardtanh: T_Hardtanh,
  ReLU6: inplaceOnly("ReLU6", A.ReLU6),
  Softmax: softmaxLike("Softmax", A.Softmax),
  LogSoftmax: softmaxLike("LogSoftmax", A.LogSoftmax),
  Softmin: softmaxLike("Softmin", A.Softmin),
  BatchNorm1d: batchNorm("BatchNorm1d", N.BatchNorm1d),
  BatchNorm2d: batchNorm("BatchNorm2d", N.BatchNorm2d),
  BatchNorm3d: batchNorm("BatchNorm3d", N.BatchNorm3d),
  LayerNorm: T_LayerNorm,
  GroupNorm: T_GroupNorm,
});

// ---------------------------------------------------------------- normalization modules

function batchNorm(name: string, jsClass: new (...args: ConstructorParameters<typeof N.BatchNorm1d>) => N.BatchNorm) {
  return nativeClass({
    name,
    module: "torch.nn.modules.batchnorm",
    jsClass,
    base: T_Module,
    create: () => Object.create(jsClass.prototype),
    init: [
      "__init__(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None)",
      (self: N.BatchNorm, a) => {
        Object.assign(
          self,
          new jsClass(
            argInt(a.num_features, name, "num_features"),
            argFloat(a.eps, name, "eps"),
            argOptional(a.momentum, (m) => argFloat(m, name, "momentum")),
            argBool(a.affine, name, "affine"),
            argBool(a.track_running_stats, name, "track_running_stats"),
          ),
        );
      },
    ],
    methods: {
      // _check_input_dim calls input.dim() first, so a non-tensor fails there, as in PyTorch
      forward: ["forward(input)", (self: N.BatchNorm, a) => {
        if (!(a.input instanceof Tensor)) {
          throw pyError("AttributeError", `'${typeOf(a.input).name}' object has no attribute 'dim'`);
        }
        return self.forward(a.input);
      }],
    },
    properties: {
      num_features: { get: (s: N.BatchNorm) => s.numFeatures },
      eps: {
        ...floatProp((s: N.BatchNorm) => s.eps),
        set: (s: N.BatchNorm, v) => void (s.eps = argFloat(v, name, "eps")),
      },
      momentum: {
        get: (s: N.BatchNorm) => (s.momentum === null ? null : pyFloat(s.momentum)),
        set: (s: N.BatchNorm, v) => void (s.momentum = argOptional(v, (m) => argFloat(m, name, "momentum"))),
      },
      affine: { get: (s: N.BatchNorm) => s.affine },
      track_running_stats: { get: (s: N.BatchNorm) => s.trackRunningStats },
    },
  });
}

const T_LayerNorm = nativeClass({
  name: "LayerNorm",
  module: "torch.nn.modules.normalization",
  jsClass: N.LayerNorm,
  base: T_Module,
  create: () => Object.create(N.LayerNorm.prototype),
  init: [
    "__init__(normalized_shape, eps=1e-05, elementwise_affine=True, device=None, dtype=None)",
    (self: N.LayerNorm, a) => {
      Object.assign(
        self,
        new N.LayerNorm(
          argIntList(a.normalized_shape, "LayerNorm", "normalized_shape"),
          argFloat(a.eps, "LayerNorm", "eps"),
          argBool(a.elementwise_affine, "LayerNorm", "elementwise_affine"),
        ),
      );
    },
  ],
  properties: {
    normalized_shape: { get: (s: N.LayerNorm) => pyTuple(s.normalizedShape) },
    eps: {
      ...floatProp((s: N.LayerNorm) => s.eps),
      set: (s: N.LayerNorm, v) => void (s.eps = argFloat(v, "LayerNorm", "eps")),
    },
    elementwise_affine: { get: (s: N.LayerNorm) => s.elementwiseAffine },
  },
});

const T_GroupNorm = nativeClass({
  name: "GroupNorm",
  module: "torch.nn.modules.normalization",
  jsClass: N.GroupNorm,
  base: T_Module,
  create: () => Object.create(N.GroupNorm.prototype),
  init: [
    "__init__(num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None)",
    (self: N.GroupNorm, a) => {
      Object.assign(
        self,
        new N.GroupNorm(
          argInt(a.num_groups, "GroupNorm", "num_groups"),
          argInt(a.num_channels, "GroupNorm", "num_channels"),
          argFloat(a.eps, "GroupNorm", "eps"),
          argBool(a.affine, "GroupNorm", "affine"),
        ),
      );
    },
  ],
  properties: {
    num_groups: { get: (s: N.GroupNorm) => s.numGroups },
    num_channels: { get: (s: N.GroupNorm) => s.numChannels },
    eps: floatProp((s: N.GroupNorm) => s.eps),
    affine: { get: (s: N.GroupNorm) => s.affine },
  },
});

// ---------------------------------------------------------------- torch.nn.functional

const input = (a: Args, f: string): Tensor => argTensor(a.input, f);
const optTensor = (x: any, f: string, name: string): Tensor | null => argOptional(x, (t) => argTensor(t, f, name));
const flag = (a: Args, f: string) => argBool(a.inplace, f, "inplace");

/** The activation and normalization functions of torch.nn.functional. */
export const actNormFunctional = (): Record<string, unknown> => ({
  leaky_relu: builtin(
    "leaky_relu(input, negative_slope=0.01, inplace=False)",
    (a) =>
      F.leaky_relu(
        input(a, "leaky_relu"),
        argFloat(a.negative_slope, "leaky_relu", "negative_slope"),
        flag(a, "leaky_relu"),
      ),
  ),
  leaky_relu_: builtin(
    "leaky_relu_(input, negative_slope=0.01)",
    (a) => F.leaky_relu(input(a, "leaky_relu_"), argFloat(a.negative_slope, "leaky_relu_", "negative_slope"), true),
  ),
  elu: builtin(
    "elu(input, alpha=1.0, inplace=False)",
    (a) => F.elu(input(a, "elu"), argFloat(a.alpha, "elu", "alpha"), flag(a, "elu")),
  ),
  elu_: builtin("elu_(input, alpha=1.0)", (a) => F.elu(input(a, "elu_"), argFloat(a.alpha, "elu_", "alpha"), true)),
  selu: builtin("selu(input, inplace=False)", (a) => F.selu(input(a, "selu"), flag(a, "selu"))),
  gelu: builtin(
    "gelu(input, approximate='none')",
    (a) => F.gelu(input(a, "gelu"), argStr(a.approximate, "gelu", "approximate")),
  ),
  sigmoid: builtin("sigmoid(input)", (a) => F.sigmoid(input(a, "sigmoid"))),
  tanh: builtin("tanh(input)", (a) => F.tanh(input(a, "tanh"))),
  silu: builtin("silu(input, inplace=False)", (a) => F.silu(input(a, "silu"), flag(a, "silu"))),
  mish: builtin("mish(input, inplace=False)", (a) => F.mish(input(a, "mish"), flag(a, "mish"))),
  softplus: builtin(
    "softplus(input, beta=1, threshold=20)",
    (a) =>
      F.softplus(
        input(a, "softplus"),
        argFloat(a.beta, "softplus", "beta"),
        argFloat(a.threshold, "softplus", "threshold"),
      ),
  ),
  hardtanh: builtin(
    "hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False)",
    (a) =>
      F.hardtanh(
        input(a, "hardtanh"),
        argFloat(a.min_val, "hardtanh", "min_val"),
        argFloat(a.max_val, "hardtanh", "max_val"),
        flag(a, "hardtanh"),
      ),
  ),
  hardtanh_: builtin(
    "hardtanh_(input, min_val=-1.0, max_val=1.0)",
    (a) =>
      F.hardtanh(
        input(a, "hardtanh_"),
        argFloat(a.min_val, "hardtanh_", "min_val"),
        argFloat(a.max_val, "hardtanh_", "max_val"),
        true,
      ),
  ),
  relu6: builtin("relu6(input, inplace=False)", (a) => F.relu6(input(a, "relu6"), flag(a, "relu6"))),
  softmin: builtin("softmin(input, dim=None, _stacklevel=3, dtype=None)", (a) => {
    const x = input(a, "softmin");
    const dim = argOptional(a.dim, (d) => argInt(d, "softmin", "dim")) ?? F.implicitSoftmaxDim(x.ndim);
    return F.softmin(x, dim);
  }),
  batch_norm: builtin(
    "batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05)",
    (a) =>
      F.batch_norm(
        input(a, "batch_norm"),
        optTensor(a.running_mean, "batch_norm", "running_mean"),
        optTensor(a.running_var, "batch_norm", "running_var"),
        {
          weight: optTensor(a.weight, "batch_norm", "weight"),
          bias: optTensor(a.bias, "batch_norm", "bias"),
          training: argBool(a.training, "batch_norm", "training"),
          momentum: argFloat(a.momentum, "batch_norm", "momentum"),
          eps: argFloat(a.eps, "batch_norm", "eps"),
        },
      ),
  ),
  layer_norm: builtin(
    "layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05)",
    (a) =>
      F.layer_norm(input(a, "layer_norm"), argIntList(a.normalized_shape, "layer_norm", "normalized_shape"), {
        weight: optTensor(a.weight, "layer_norm", "weight"),
        bias: optTensor(a.bias, "layer_norm", "bias"),
        eps: argFloat(a.eps, "layer_norm", "eps"),
      }),
  ),
  group_norm: builtin(
    "group_norm(input, num_groups, weight=None, bias=None, eps=1e-05)",
    (a) =>
      F.group_norm(input(a, "group_norm"), argInt(a.num_groups, "group_norm", "num_groups"), {
        weight: optTensor(a.weight, "group_norm", "weight"),
        bias: optTensor(a.bias, "group_norm", "bias"),
        eps: argFloat(a.eps, "group_norm", "eps"),
      }),
  ),
});

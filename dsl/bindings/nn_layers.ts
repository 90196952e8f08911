// torch.nn layer bindings (Linear, Identity, ReLU, Dropout, Embedding, Flatten, Unflatten) and the
// layer half of torch.nn.functional, over runtime/nn. Conv and pooling are in nn_conv_pool.ts,
// containers in nn_containers.ts.

import {
  argBool,
  argFloat,
  argInt,
  argIntList,
  argOptional,
  argStr,
  builtin,
  nativeClass,
} from "../runtime/binding.ts";
import { Identity, Linear } from "../../runtime/nn/linear.ts";
import { ReLU } from "../../runtime/nn/layers.ts";
import { checkDropoutProbability, Dropout } from "../../runtime/nn/dropout.ts";
import { Embedding } from "../../runtime/nn/embedding.ts";
import { Flatten, Unflatten } from "../../runtime/nn/flatten.ts";
import * as F from "../../runtime/nn/functional_layers.ts";
import { argTensor } from "./convert.ts";
import { T_Module } from "./nn_module.ts";
import { argFloatWithRepr, layerClass, pyFloatOf } from "./nn_args.ts";
import { convPoolClasses, convPoolFunctional } from "./nn_conv_pool.ts";
import { containerClasses } from "./nn_containers.ts";
import { paddingClasses } from "./nn_padding.ts";

const T_Linear = layerClass({
  name: "Linear",
  module: "torch.nn.modules.linear",
  jsClass: Linear,
  signature: "__init__(in_features, out_features, bias=True, device=None, dtype=None)",
  make: (a) =>
    new Linear(
      argInt(a.in_features, "Linear", "in_features"),
      argInt(a.out_features, "Linear", "out_features"),
      !!a.bias,
    ),
  attrs: { in_features: (s) => s.inFeatures, out_features: (s) => s.outFeatures },
});

const T_Identity = layerClass({
  name: "Identity",
  module: "torch.nn.modules.linear",
  jsClass: Identity,
  signature: "__init__(*args, **kwargs)",
  make: () => new Identity(),
});

const T_ReLU = nativeClass({
  name: "ReLU",
  module: "torch.nn.modules.activation",
  jsClass: ReLU,
  base: T_Module,
  create: () => new ReLU(),
  init: ["__init__(inplace=False)", (self: ReLU, a) => void (self.inplace = argBool(a.inplace, "ReLU", "inplace"))],
  properties: { inplace: { get: (s: ReLU) => s.inplace } },
});

const T_Dropout = layerClass({
  name: "Dropout",
  module: "torch.nn.modules.dropout",
  jsClass: Dropout,
  signature: "__init__(p=0.5, inplace=False)",
  make: (a) => {
    const [p, text] = argFloatWithRepr(a.p, "Dropout", "p");
    return new Dropout(p, !!a.inplace, text);
  },
  attrs: { p: (s) => pyFloatOf(s.p), inplace: (s) => s.inplace },
});

/** Embedding's max_norm and how Python prints it (an int stays an int). */
function maxNormOf(x: any): { maxNorm: number | null; maxNormText?: string } {
  if (x === null) return { maxNorm: null };
  const [maxNorm, maxNormText] = argFloatWithRepr(x, "Embedding", "max_norm");
  return { maxNorm, maxNormText };
}

const T_Embedding = layerClass({
  name: "Embedding",
  module: "torch.nn.modules.sparse",
  jsClass: Embedding,
  signature:
    "__init__(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None)",
  make: (a) =>
    new Embedding(
      argInt(a.num_embeddings, "Embedding", "num_embeddings"),
      argInt(a.embedding_dim, "Embedding", "embedding_dim"),
      {
        paddingIdx: argOptional(a.padding_idx, (v) => argInt(v, "Embedding", "padding_idx")),
        ...maxNormOf(a.max_norm),
        normType: argFloat(a.norm_type, "Embedding", "norm_type"),
        scaleGradByFreq: !!a.scale_grad_by_freq,
        sparse: !!a.sparse,
        weight: argOptional(a._weight, (v) => argTensor(v, "Embedding", "_weight")),
      },
    ),
  attrs: {
    num_embeddings: (s) => s.numEmbeddings,
    embedding_dim: (s) => s.embeddingDim,
    padding_idx: (s) => s.paddingIdx,
    max_norm: (s) => pyFloatOf(s.maxNorm),
    norm_type: (s) => pyFloatOf(s.normType),
    scale_grad_by_freq: (s) => s.scaleGradByFreq,
    sparse: (s) => s.sparse,
  },
});

const T_Flatten = layerClass({
  name: "Flatten",
  module: "torch.nn.modules.flatten",
  jsClass: Flatten,
  signature: "__init__(start_dim=1, end_dim=-1)",
  make: (a) => new Flatten(argInt(a.start_dim, "Flatten", "start_dim"), argInt(a.end_dim, "Flatten", "end_dim")),
  attrs: { start_dim: (s) => s.startDim, end_dim: (s) => s.endDim },
});

const T_Unflatten = layerClass({
  name: "Unflatten",
  module: "torch.nn.modules.flatten",
  jsClass: Unflatten,
  signature: "__init__(dim, unflattened_size)",
  make: (a) =>
    new Unflatten(argInt(a.dim, "Unflatten", "dim"), argIntList(a.unflattened_size, "Unflatten", "unflattened_size")),
  attrs: { dim: (s) => s.dim, unflattened_size: (s) => [...s.unflattenedSize] },
});

/** The layer classes of torch.nn. */
export const layerClasses = (): Record<string, unknown> => ({
  Linear: T_Linear,
  Identity: T_Identity,
  ReLU: T_ReLU,
  Dropout: T_Dropout,
  Embedding: T_Embedding,
  Flatten: T_Flatten,
  Unflatten: T_Unflatten,
  ...convPoolClasses(),
  ...paddingClasses(),
  ...containerClasses(),
});

/** The layer functions of torch.nn.functional. */
export const layerFunctional = (): Record<string, unknown> => ({
  relu: builtin("relu(input, inplace=False)", (a) => F.relu(argTensor(a.input, "relu"))),
  softmax: builtin(
    "softmax(input, dim=None)",
    (a) => F.softmax(argTensor(a.input, "softmax"), argInt(a.dim, "softmax", "dim")),
  ),
  log_softmax: builtin(
    "log_softmax(input, dim=None)",
    (a) => F.log_softmax(argTensor(a.input, "log_softmax"), argInt(a.dim, "log_softmax", "dim")),
  ),
  linear: builtin(
    "linear(input, weight, bias=None)",
    (a) =>
      F.linear(
        argTensor(a.input, "linear"),
        argTensor(a.weight, "linear", "weight"),
        argOptional(a.bias, (b) => argTensor(b, "linear", "bias")),
      ),
  ),
  dropout: builtin("dropout(input, p=0.5, training=True, inplace=False)", (a) => {
    const [p, text] = argFloatWithRepr(a.p, "dropout", "p");
    checkDropoutProbability(p, text);
    return F.dropout(argTensor(a.input, "dropout"), p, argBool(a.training, "dropout", "training"), !!a.inplace);
  }),
  embedding: builtin(
    "embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False)",
    (a) => {
      const [input, weight] = [argTensor(a.input, "embedding"), argTensor(a.weight, "embedding", "weight")];
      if (a.max_norm !== null) {
        const normType = argFloat(a.norm_type, "embedding", "norm_type");
        F.embedding_renorm_(weight, input, argFloat(a.max_norm, "embedding", "max_norm"), normType);
      }
      return F.embedding(input, weight, argOptional(a.padding_idx, (v) => argInt(v, "embedding", "padding_idx")));
    },
  ),
  pad: builtin("pad(input, pad, mode='constant', value=None)", (a) =>
    F.pad(
      argTensor(a.input, "pad"),
      argIntList(a.pad, "pad", "pad"),
      argStr(a.mode, "pad", "mode"),
      a.value === null ? 0 : argFloat(a.value, "pad", "value"),
    )),
  ...convPoolFunctional(),
});

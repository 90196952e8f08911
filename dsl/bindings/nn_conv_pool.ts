// torch.nn convolution and pooling bindings (Conv1d/2d, MaxPool, AvgPool, adaptive pooling) and
// their torch.nn.functional functions, over runtime/nn/conv.ts, pooling.ts and the ops.

import { argBool, argInt, argOptional, type Args, argStr, builtin } from "../runtime/binding.ts";
import { Conv1d, Conv2d, type ConvModuleOptions, type ConvNd, type ConvPadding } from "../../runtime/nn/conv.ts";
import {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AdaptiveMaxPool1d,
  AdaptiveMaxPool2d,
  AvgPool1d,
  AvgPool2d,
  MaxPool1d,
  MaxPool2d,
} from "../../runtime/nn/pooling.ts";
import * as F from "../../runtime/nn/functional_layers.ts";
import { argTensor } from "./convert.ts";
import { argIntOrTuple, argOptIntOrTuple, argOutputSize, layerClass, toPy } from "./nn_args.ts";

const argPadding = (x: any, f: string): ConvPadding =>
  typeof x === "string" ? x as ConvPadding : argIntOrTuple(x, f, "padding");

function convOptions(a: Args, f: string): ConvModuleOptions {
  return {
    stride: argIntOrTuple(a.stride, f, "stride"),
    padding: argPadding(a.padding, f),
    dilation: argIntOrTuple(a.dilation, f, "dilation"),
    groups: argInt(a.groups, f, "groups"),
    bias: !!a.bias,
    paddingMode: argStr(a.padding_mode, f, "padding_mode"),
  };
}

const convAttrs = {
  in_channels: (s: ConvNd) => s.inChannels,
  out_channels: (s: ConvNd) => s.outChannels,
  kernel_size: (s: ConvNd) => s.kernelSize,
  stride: (s: ConvNd) => s.stride,
  padding: (s: ConvNd) => s.padding,
  dilation: (s: ConvNd) => s.dilation,
  groups: (s: ConvNd) => s.groups,
  padding_mode: (s: ConvNd) => s.paddingMode,
  transposed: () => false,
  output_padding: (s: ConvNd) => s.kernelSize.map(() => 0),
};

const CONV_SIGNATURE =
  "__init__(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)";

function convClass(name: string, js: typeof Conv1d | typeof Conv2d) {
  return layerClass({
    name,
    module: "torch.nn.modules.conv",
    jsClass: js,
    signature: CONV_SIGNATURE,
    make: (a) =>
      new js(
        argInt(a.in_channels, name, "in_channels"),
        argInt(a.out_channels, name, "out_channels"),
        argIntOrTuple(a.kernel_size, name, "kernel_size"),
        convOptions(a, name),
      ),
    attrs: convAttrs,
  });
}

function maxPoolClass(name: string, js: typeof MaxPool1d | typeof MaxPool2d) {
  return layerClass({
    name,
    functional: name.replace("MaxPool", "max_pool").toLowerCase(),
    module: "torch.nn.modules.pooling",
    jsClass: js,
    signature: "__init__(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)",
    make: (a) =>
      new js(argIntOrTuple(a.kernel_size, name, "kernel_size"), {
        stride: argOptIntOrTuple(a.stride, name, "stride"),
        padding: argIntOrTuple(a.padding, name, "padding"),
        dilation: argIntOrTuple(a.dilation, name, "dilation"),
        returnIndices: !!a.return_indices,
        ceilMode: !!a.ceil_mode,
      }),
    attrs: {
      kernel_size: (s) => s.kernelSize,
      stride: (s) => s.stride,
      padding: (s) => s.padding,
      dilation: (s) => s.dilation,
      return_indices: (s) => s.returnIndices,
      ceil_mode: (s) => s.ceilMode,
    },
  });
}

const avgPoolAttrs = {
  kernel_size: (s: AvgPool1d | AvgPool2d) => s.kernelSize,
  stride: (s: AvgPool1d | AvgPool2d) => s.stride,
  padding: (s: AvgPool1d | AvgPool2d) => s.padding,
  ceil_mode: (s: AvgPool1d | AvgPool2d) => s.ceilMode,
  count_include_pad: (s: AvgPool1d | AvgPool2d) => s.countIncludePad,
};

const T_AvgPool2d = layerClass({
  name: "AvgPool2d",
  module: "torch.nn.modules.pooling",
  jsClass: AvgPool2d,
  signature:
    "__init__(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)",
  make: (a) =>
    new AvgPool2d(argIntOrTuple(a.kernel_size, "AvgPool2d", "kernel_size"), {
      stride: argOptIntOrTuple(a.stride, "AvgPool2d", "stride"),
      padding: argIntOrTuple(a.padding, "AvgPool2d", "padding"),
      ceilMode: !!a.ceil_mode,
      countIncludePad: !!a.count_include_pad,
      divisorOverride: argOptional(a.divisor_override, (v) => argInt(v, "AvgPool2d", "divisor_override")),
    }),
  attrs: { ...avgPoolAttrs, divisor_override: (s) => s.divisorOverride },
});

const T_AvgPool1d = layerClass({
  name: "AvgPool1d",
  module: "torch.nn.modules.pooling",
  jsClass: AvgPool1d,
  signature: "__init__(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)",
  make: (a) =>
    new AvgPool1d(argIntOrTuple(a.kernel_size, "AvgPool1d", "kernel_size"), {
      stride: argOptIntOrTuple(a.stride, "AvgPool1d", "stride"),
      padding: argIntOrTuple(a.padding, "AvgPool1d", "padding"),
      ceilMode: !!a.ceil_mode,
      countIncludePad: !!a.count_include_pad,
    }),
  attrs: avgPoolAttrs,
});

type AdaptiveClass =
  | typeof AdaptiveAvgPool1d
  | typeof AdaptiveAvgPool2d
  | typeof AdaptiveMaxPool1d
  | typeof AdaptiveMaxPool2d;

function adaptiveClass(name: string, js: AdaptiveClass, max: boolean) {
  return layerClass({
    name,
    module: "torch.nn.modules.pooling",
    jsClass: js,
    signature: max ? "__init__(output_size, return_indices=False)" : "__init__(output_size)",
    make: (a) => new js(argOutputSize(a.output_size, name), !!a.return_indices),
    attrs: max
      ? { output_size: (s) => s.outputSize, return_indices: (s) => s.returnIndices }
      : { output_size: (s) => s.outputSize },
  });
}

/** The conv and pooling classes of torch.nn. */
export const convPoolClasses = (): Record<string, unknown> => ({
  Conv1d: convClass("Conv1d", Conv1d),
  Conv2d: convClass("Conv2d", Conv2d),
  MaxPool1d: maxPoolClass("MaxPool1d", MaxPool1d),
  MaxPool2d: maxPoolClass("MaxPool2d", MaxPool2d),
  AvgPool1d: T_AvgPool1d,
  AvgPool2d: T_AvgPool2d,
  AdaptiveAvgPool1d: adaptiveClass("AdaptiveAvgPool1d", AdaptiveAvgPool1d, false),
  AdaptiveAvgPool2d: adaptiveClass("AdaptiveAvgPool2d", AdaptiveAvgPool2d, false),
  AdaptiveMaxPool1d: adaptiveClass("AdaptiveMaxPool1d", AdaptiveMaxPool1d, true),
  AdaptiveMaxPool2d: adaptiveClass("AdaptiveMaxPool2d", AdaptiveMaxPool2d, true),
});

function convFunction(name: "conv1d" | "conv2d") {
  return builtin(`${name}(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`, (a) =>
    F[name](
      argTensor(a.input, name),
      argTensor(a.weight, name, "weight"),
      argOptional(a.bias, (b) => argTensor(b, name, "bias")),
      {
        stride: argIntOrTuple(a.stride, name, "stride"),
        padding: argPadding(a.padding, name),
        dilation: argIntOrTuple(a.dilation, name, "dilation"),
        groups: argInt(a.groups, name, "groups"),
      },
    ));
}

function maxPoolFunction(name: "max_pool1d" | "max_pool2d") {
  return builtin(
    `${name}(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)`,
    (a) =>
      toPy(F[name](argTensor(a.input, name), argIntOrTuple(a.kernel_size, name, "kernel_size"), {
        stride: argOptIntOrTuple(a.stride, name, "stride"),
        padding: argIntOrTuple(a.padding, name, "padding"),
        dilation: argIntOrTuple(a.dilation, name, "dilation"),
        ceil_mode: argBool(a.ceil_mode, name, "ceil_mode"),
        return_indices: argBool(a.return_indices, name, "return_indices"),
      })),
  );
}

/** The conv and pooling functions of torch.nn.functional. */
export const convPoolFunctional = (): Record<string, unknown> => ({
  conv1d: convFunction("conv1d"),
  conv2d: convFunction("conv2d"),
  max_pool1d: maxPoolFunction("max_pool1d"),
  max_pool2d: maxPoolFunction("max_pool2d"),
  avg_pool1d: builtin(
    "avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)",
    (a) =>
      F.avg_pool1d(argTensor(a.input, "avg_pool1d"), argIntOrTuple(a.kernel_size, "avg_pool1d", "kernel_size"), {
        stride: argOptIntOrTuple(a.stride, "avg_pool1d", "stride"),
        padding: argIntOrTuple(a.padding, "avg_pool1d", "padding"),
        ceil_mode: argBool(a.ceil_mode, "avg_pool1d", "ceil_mode"),
        count_include_pad: argBool(a.count_include_pad, "avg_pool1d", "count_include_pad"),
      }),
  ),
  avg_pool2d: builtin(
    "avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)",
    (a) =>
      F.avg_pool2d(argTensor(a.input, "avg_pool2d"), argIntOrTuple(a.kernel_size, "avg_pool2d", "kernel_size"), {
        stride: argOptIntOrTuple(a.stride, "avg_pool2d", "stride"),
        padding: argIntOrTuple(a.padding, "avg_pool2d", "padding"),
        ceil_mode: argBool(a.ceil_mode, "avg_pool2d", "ceil_mode"),
        count_include_pad: argBool(a.count_include_pad, "avg_pool2d", "count_include_pad"),
        divisor_override: argOptional(a.divisor_override, (v) => argInt(v, "avg_pool2d", "divisor_override")),
      }),
  ),
  adaptive_avg_pool1d: builtin(
    "adaptive_avg_pool1d(input, output_size)",
    (a) =>
      F.adaptive_avg_pool1d(
        argTensor(a.input, "adaptive_avg_pool1d"),
        argIntOrTuple(a.output_size, "adaptive_avg_pool1d", "output_size"),
      ),
  ),
  adaptive_avg_pool2d: builtin(
    "adaptive_avg_pool2d(input, output_size)",
    (a) =>
      F.adaptive_avg_pool2d(
        argTensor(a.input, "adaptive_avg_pool2d"),
        argOutputSize(a.output_size, "adaptive_avg_pool2d"),
      ),
  ),
  adaptive_max_pool1d: builtin("adaptive_max_pool1d(input, output_size, return_indices=False)", (a) => {
    const x = argTensor(a.input, "adaptive_max_pool1d");
    const size = argIntOrTuple(a.output_size, "adaptive_max_pool1d", "output_size");
    return toPy(a.return_indices ? F.adaptive_max_pool1d(x, size, true) : F.adaptive_max_pool1d(x, size));
  }),
  adaptive_max_pool2d: builtin("adaptive_max_pool2d(input, output_size, return_indices=False)", (a) => {
    const x = argTensor(a.input, "adaptive_max_pool2d");
    const size = argOutputSize(a.output_size, "adaptive_max_pool2d");
    return toPy(a.return_indices ? F.adaptive_max_pool2d(x, size, true) : F.adaptive_max_pool2d(x, size));
  }),
});

// torchvision.transforms: the transform classes over runtime/vision/transforms, with torchvision
// 0.14's reprs (from the arguments as the script passed them) and Compose calling any Python callable.
// torchvision.transforms.functional is in torchvision_transforms_functional.ts.

import {
  argBool,
  argFloat,
  argInt,
  type Args,
  callPython,
  nativeClass,
  pyError,
  PyFloat,
  pyTuple,
  type PyType,
  typeOf,
} from "../runtime/binding.ts";
import { isCallable } from "../runtime/functions.ts";
import * as T from "../../runtime/vision/transforms/transforms.ts";
import { argDType, pyDType } from "./dtype_device.ts";
import {
  argAntialias,
  argChannelValues,
  argCropSize,
  argFill,
  argFloatPair,
  argInterpolationOr,
  argMaxSize,
  argPadding,
  argPadMode,
  argResizeSize,
  items,
  onHost,
  pyFormat,
  setupSizeValue,
  T_InterpolationMode,
} from "./torchvision_transforms_args.ts";
import { functionalModule } from "./torchvision_transforms_functional.ts";
import "./vision_image.ts";

/** A native transform's Python-visible arguments, kept as passed for the repr and attribute reads. */
type WithArgs = T.Transform & { py: Record<string, unknown> };

const nativeTypes = new Set<PyType>();

interface TransformSpec<R extends T.Transform> {
  name: string;
  jsClass: abstract new (...args: any[]) => R;
  signature: string;
  make: (a: Args) => [R, Record<string, unknown>];
  repr: (py: Record<string, unknown>) => string | Promise<string>;
}

/** Whether `t` is an instance of one of these classes itself (a tsl subclass may override __call__). */
const isNative = (t: any): t is WithArgs => t !== null && typeof t === "object" && nativeTypes.has(t.$cls);

const applyNative = (t: WithArgs, img: unknown) => onHost(img, () => t.apply(img));

function transformClass<R extends T.Transform>(spec: TransformSpec<R>): PyType {
  const proto = spec.jsClass.prototype;
  const call: [string, (self: WithArgs, a: Args) => unknown] = ["__call__(img)", (self, a) => applyNative(self, a.img)];
  const names = /\((.*)\)/.exec(spec.signature)![1].split(",").map((p) => p.split("=")[0].trim()).filter((n) => n);
  const t = nativeClass({
    name: spec.name,
    module: "torchvision.transforms.transforms",
    jsClass: spec.jsClass,
    create: () => Object.create(proto),
    init: [spec.signature, (self: WithArgs, a) => {
      const [impl, py] = spec.make(a);
      Object.assign(self, impl);
      self.py = py;
    }],
    methods: {
      __call__: call,
      forward: call,
      __repr__: ["__repr__()", (self: WithArgs) => spec.repr(self.py)],
    },
    properties: Object.fromEntries(
      names.map((k) => [k, { get: (s: WithArgs) => s.py[k] ?? null }]),
    ),
  });
  nativeTypes.add(t);
  return t;
}

const simple = <R extends T.Transform>(name: string, jsClass: new () => R) =>
  transformClass({ name, jsClass, signature: "__init__()", make: () => [new jsClass(), {}], repr: () => `${name}()` });

const pyFloatIfNeeded = (x: unknown) => (typeof x === "number" ? x : new PyFloat(argFloat(x, "p", "p")));

const T_ToTensor = simple("ToTensor", T.ToTensor);
const T_PILToTensor = simple("PILToTensor", T.PILToTensor);

const T_ToPILImage = transformClass({
  name: "ToPILImage",
  jsClass: T.ToPILImage,
  signature: "__init__(mode=None)",
  make: (a) => [new T.ToPILImage(a.mode), { mode: a.mode }],
  repr: (py) => (py.mode === null ? "ToPILImage()" : pyFormat`ToPILImage(mode=${py.mode})`),
});

const T_ConvertImageDtype = transformClass({
  name: "ConvertImageDtype",
  jsClass: T.ConvertImageDtype,
  signature: "__init__(dtype)",
  make: (a) => {
    const dtype = argDType(a.dtype, "ConvertImageDtype");
    if (!dtype) throw pyError("TypeError", "ConvertImageDtype(): argument 'dtype' must be torch.dtype");
    return [new T.ConvertImageDtype(dtype), { dtype: pyDType(dtype) }];
  },
  repr: () => "ConvertImageDtype()",
});

const T_Normalize = transformClass({
  name: "Normalize",
  jsClass: T.Normalize,
  signature: "__init__(mean, std, inplace=False)",
  make: (a) => [
    new T.Normalize(
      argChannelValues(a.mean, "mean"),
      argChannelValues(a.std, "std"),
      argBool(a.inplace, "Normalize", "inplace"),
    ),
    { mean: a.mean, std: a.std, inplace: a.inplace },
  ],
  repr: (py) => pyFormat`Normalize(mean=${py.mean}, std=${py.std})`,
});

const T_Resize = transformClass({
  name: "Resize",
  jsClass: T.Resize,
  signature: "__init__(size, interpolation=None, max_size=None, antialias=None)",
  make: (a) => {
    const mode = argInterpolationOr(a.interpolation, "bilinear");
    const impl = new T.Resize(
      argResizeSize(a.size),
      mode.value,
      argMaxSize(a.max_size, "Resize"),
      argAntialias(a.antialias, "Resize"),
    );
    return [impl, { size: a.size, interpolation: mode, max_size: a.max_size, antialias: a.antialias }];
  },
  repr: (py) =>
    pyFormat`Resize(size=${py.size}, interpolation=${
      (py.interpolation as any).value
    }, max_size=${py.max_size}, antialias=${py.antialias})`,
});

const T_CenterCrop = transformClass({
  name: "CenterCrop",
  jsClass: T.CenterCrop,
  signature: "__init__(size)",
  make: (a) => {
    const size = argCropSize(a.size);
    return [new T.CenterCrop(size), { size: setupSizeValue(a.size, size) }];
  },
  repr: (py) => pyFormat`CenterCrop(size=${py.size})`,
});

const T_Pad = transformClass({
  name: "Pad",
  jsClass: T.Pad,
  signature: "__init__(padding, fill=0, padding_mode='constant')",
  make: (a) => {
    const padding = argPadding(a.padding);
    if (Array.isArray(padding) && ![1, 2, 4].includes(padding.length)) {
      throw pyError(
        "ValueError",
        `Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`,
      );
    }
    const impl = new T.Pad(padding, argFill(a.fill), argPadMode(a.padding_mode));
    return [impl, { padding: a.padding, fill: a.fill, padding_mode: a.padding_mode }];
  },
  repr: (py) => pyFormat`Pad(padding=${py.padding}, fill=${py.fill}, padding_mode=${py.padding_mode})`,
});

const T_Grayscale = transformClass({
  name: "Grayscale",
  jsClass: T.Grayscale,
  signature: "__init__(num_output_channels=1)",
  make: (a) => [new T.Grayscale(argInt(a.num_output_channels, "Grayscale", "num_output_channels")), {
    num_output_channels: a.num_output_channels,
  }],
  repr: (py) => pyFormat`Grayscale(num_output_channels=${py.num_output_channels})`,
});

function flipClass(name: string, jsClass: typeof T.RandomHorizontalFlip) {
  return transformClass({
    name,
    jsClass,
    signature: "__init__(p=0.5)",
    make: (a) => [new jsClass(argFloat(a.p, name, "p")), { p: pyFloatIfNeeded(a.p) }],
    repr: (py) => pyFormat`${name}(p=${py.p})`,
  });
}

const T_RandomHorizontalFlip = flipClass("RandomHorizontalFlip", T.RandomHorizontalFlip);
const T_RandomVerticalFlip = flipClass("RandomVerticalFlip", T.RandomVerticalFlip);

const T_RandomCrop = transformClass({
  name: "RandomCrop",
  jsClass: T.RandomCrop,
  signature: "__init__(size, padding=None, pad_if_needed=False, fill=0, padding_mode='constant')",
  make: (a) => {
    const size = argCropSize(a.size);
    const padding = a.padding === null ? null : argPadding(a.padding);
    const impl = new T.RandomCrop(size, padding, !!a.pad_if_needed, argFill(a.fill), argPadMode(a.padding_mode));
    return [impl, {
      size: pyTuple(items(setupSizeValue(a.size, size) as any)),
      padding: a.padding,
      pad_if_needed: a.pad_if_needed,
      fill: a.fill,
      padding_mode: a.padding_mode,
    }];
  },
  repr: (py) => pyFormat`RandomCrop(size=${py.size}, padding=${py.padding})`,
});

/** round(x, 4) as RandomResizedCrop's repr prints it (ints stay ints). */
const round4 = (x: unknown) => (typeof x === "number" ? x : new PyFloat(Number(argFloat(x, "round", "x").toFixed(4))));

const T_RandomResizedCrop = transformClass({
  name: "RandomResizedCrop",
  jsClass: T.RandomResizedCrop,
  signature: "__init__(size, scale=(0.08, 1.0), ratio=(0.75, 1.3333333333333333), interpolation=None, antialias=None)",
  make: (a) => {
    const size = argCropSize(a.size);
    const mode = argInterpolationOr(a.interpolation, "bilinear");
    const scale = argFloatPair(a.scale, "Scale"), ratio = argFloatPair(a.ratio, "Ratio");
    const impl = new T.RandomResizedCrop(
      size,
      scale,
      ratio,
      mode.value,
      argAntialias(a.antialias, "RandomResizedCrop"),
    );
    return [impl, {
      size: setupSizeValue(a.size, size),
      scale: a.scale,
      ratio: a.ratio,
      interpolation: mode,
      antialias: a.antialias,
    }];
  },
  repr: (py) => {
    const scale = pyTuple(items(py.scale as any).map(round4)), ratio = pyTuple(items(py.ratio as any).map(round4));
    return pyFormat`RandomResizedCrop(size=${py.size}, scale=${scale}, ratio=${ratio}, interpolation=${
      (py.interpolation as any).value
    }), antialias=${py.antialias})`;
  },
});

/** torchvision's _setup_angle: [-d, d] from a number, else a 2-sequence; floats. */
function argDegrees(x: unknown): [number, number] {
  if (typeof x === "number" || x instanceof PyFloat) {
    const d = argFloat(x, "RandomRotation", "degrees");
    if (d < 0) throw pyError("ValueError", "If degrees is a single number, it must be positive.");
    return [-d, d];
  }
  const s = items(x as any);
  if (s.length !== 2) throw pyError("ValueError", "degrees should be a sequence of length 2.");
  return [argFloat(s[0], "RandomRotation", "degrees"), argFloat(s[1], "RandomRotation", "degrees")];
}

const T_RandomRotation = transformClass({
  name: "RandomRotation",
  jsClass: T.RandomRotation,
  signature: "__init__(degrees, interpolation=None, expand=False, center=None, fill=0)",
  make: (a) => {
    const degrees = argDegrees(a.degrees);
    const mode = argInterpolationOr(a.interpolation, "nearest");
    const center = a.center === null ? null : items(a.center).map((v) => argFloat(v, "RandomRotation", "center"));
    const fill = a.fill === null ? 0 : argFill(a.fill);
    const impl = new T.RandomRotation(degrees, mode.value, !!a.expand, center, fill);
    const py = { degrees: degrees.map((d) => new PyFloat(d)), interpolation: mode, expand: a.expand, center: a.center };
    return [impl, { ...py, fill: a.fill === null ? 0 : a.fill }];
  },
  repr: async (py) => {
    let out = await pyFormat`RandomRotation(degrees=${py.degrees}, interpolation=${(py.interpolation as any).value}`;
    out += await pyFormat`, expand=${py.expand}`;
    if (py.center !== null) out += await pyFormat`, center=${py.center}`;
    return out + (await pyFormat`, fill=${py.fill})`);
  },
});

/** Lambda(lambd): calls a Python function. */
class LambdaTransform {
  lambd: unknown = null;
}

const T_Lambda = nativeClass({
  name: "Lambda",
  module: "torchvision.transforms.transforms",
  jsClass: LambdaTransform,
  init: ["__init__(lambd)", (self: LambdaTransform, a) => {
    if (!isCallable(a.lambd)) {
      throw pyError("TypeError", `Argument lambd should be callable, got '${typeOf(a.lambd).name}'`);
    }
    self.lambd = a.lambd;
  }],
  methods: {
    __call__: ["__call__(img)", (self: LambdaTransform, a) => callPython(self.lambd, a.img)],
    __repr__: ["__repr__()", () => "Lambda()"],
  },
  properties: { lambd: { get: (self: LambdaTransform) => self.lambd } },
});

/** Compose(transforms): a Python list of callables. */
class ComposeTransform {
  transforms: unknown = null;
}

/** Runs `steps` from `k` on; native transforms run directly, ToTensor + Normalize as one pass. */
function runSteps(steps: unknown[], img: unknown, k: number): unknown {
  for (; k < steps.length; k++) {
    const t = steps[k], next = steps[k + 1];
    // A tsl subclass may override __call__, so only the classes themselves fuse.
    const fused = isNative(t) && isNative(next) ? T.fusedToTensorNormalize(t, next, img) : undefined;
    if (fused) {
      img = fused;
      k++;
      continue;
    }
    const r = isNative(t) ? applyNative(t, img) : callPython(t, img);
    if (r instanceof Promise) {
      const from = k + 1;
      return r.then((v) => runSteps(steps, v, from));
    }
    img = r;
  }
  return img;
}

const T_Compose = nativeClass({
  name: "Compose",
  module: "torchvision.transforms.transforms",
  jsClass: ComposeTransform,
  init: ["__init__(transforms)", (self: ComposeTransform, a) => void (self.transforms = a.transforms)],
  methods: {
    __call__: ["__call__(img)", (self: ComposeTransform, a) => runSteps(stepsOf(self), a.img, 0)],
    __repr__: ["__repr__()", async (self: ComposeTransform) => {
      let out = "Compose(";
      for (const t of stepsOf(self)) out += `\n    ${await pyFormat`${t}`}`;
      return out + "\n)";
    }],
  },
  properties: {
    transforms: {
      get: (self: ComposeTransform) => self.transforms,
      set: (self: ComposeTransform, v) => void (self.transforms = v),
    },
  },
});

function stepsOf(c: ComposeTransform): unknown[] {
  const ts: any = c.transforms;
  if (Array.isArray(ts)) return ts;
  if (ts?.items) return ts.items;
  throw pyError("TypeError", `'${typeOf(ts).name}' object is not iterable`);
}

/** The `torchvision.transforms` module's attributes. */
export function transformsAttributes(): Record<string, unknown> {
  return {
    Compose: T_Compose,
    ToTensor: T_ToTensor,
    PILToTensor: T_PILToTensor,
    ToPILImage: T_ToPILImage,
    ConvertImageDtype: T_ConvertImageDtype,
    Normalize: T_Normalize,
    Resize: T_Resize,
    CenterCrop: T_CenterCrop,
    Pad: T_Pad,
    Grayscale: T_Grayscale,
    Lambda: T_Lambda,
    RandomHorizontalFlip: T_RandomHorizontalFlip,
    RandomVerticalFlip: T_RandomVerticalFlip,
    RandomCrop: T_RandomCrop,
    RandomResizedCrop: T_RandomResizedCrop,
    RandomRotation: T_RandomRotation,
    InterpolationMode: T_InterpolationMode,
    functional: functionalModule(),
  };
}

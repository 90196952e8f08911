// torchvision.datasets.VisionDataset and StandardTransform for datasets written in tsl: a script's
// `class MyData(VisionDataset)` calls `super().__init__(root, transform=...)` and gets torchvision's
// attributes and repr. The built-in datasets (MNIST, ImageFolder, ...) subclass it natively.

import {
  callMethod,
  callPython,
  getAttr,
  len,
  nativeClass,
  pyError,
  PyException,
  pyTuple,
  repr,
  setAttr,
  str,
  typeOf,
} from "../runtime/binding.ts";
import { T_Dataset } from "./data_datasets.ts";
import { expandUser } from "../../runtime/vision/datasets/files.ts";
import { formatDatasetRepr, formatTransformRepr } from "../../runtime/vision/datasets/vision_dataset.ts";

class StandardTransform {
  transform: any = null;
  targetTransform: any = null;
}

/** torchvision's _format_transform_repr of a Python transform. */
async function transformReprLines(transform: any, head: string): Promise<string[]> {
  return formatTransformRepr(String(await repr(transform)), head);
}

export const T_StandardTransform = nativeClass({
  name: "StandardTransform",
  module: "torchvision.datasets.vision",
  jsClass: StandardTransform,
  init: ["__init__(transform=None, target_transform=None)", (self: StandardTransform, a) => {
    self.transform = a.transform;
    self.targetTransform = a.target_transform;
  }],
  methods: {
    __call__: ["__call__(input, target)", async (self: StandardTransform, a) => {
      const input = self.transform === null ? a.input : await callPython(self.transform, a.input);
      const target = self.targetTransform === null ? a.target : await callPython(self.targetTransform, a.target);
      return pyTuple([input, target]);
    }],
    __repr__: ["__repr__()", async (self: StandardTransform) => {
      const body = ["StandardTransform"];
      if (self.transform !== null) body.push(...await transformReprLines(self.transform, "Transform: "));
      if (self.targetTransform !== null) {
        body.push(...await transformReprLines(self.targetTransform, "Target transform: "));
      }
      return body.join("\n");
    }],
  },
  properties: {
    transform: { get: (s: StandardTransform) => s.transform, set: (s, v) => void (s.transform = v) },
    target_transform: { get: (s: StandardTransform) => s.targetTransform, set: (s, v) => void (s.targetTransform = v) },
  },
});

async function attrOrNull(self: any, name: string): Promise<any> {
  try {
    return await getAttr(self, name);
  } catch (e) {
    if (e instanceof PyException && typeOf(e).name === "AttributeError") return null;
    throw e;
  }
}

export const T_VisionDataset = nativeClass({
  name: "VisionDataset",
  module: "torchvision.datasets.vision",
  base: T_Dataset,
  init: ["__init__(root, transforms=None, transform=None, target_transform=None)", async (self, a) => {
    const separate = a.transform !== null || a.target_transform !== null;
    if (a.transforms !== null && separate) {
      throw pyError("ValueError", "Only transforms or transform/target_transform can be passed as argument");
    }
    await setAttr(self, "root", typeof a.root === "string" ? expandUser(a.root) : a.root);
    await setAttr(self, "transform", a.transform);
    await setAttr(self, "target_transform", a.target_transform);
    const transforms = separate ? await callPython(T_StandardTransform, a.transform, a.target_transform) : a.transforms;
    await setAttr(self, "transforms", transforms);
  }],
  methods: {
    __getitem__: ["__getitem__(index)", () => {
      throw pyError("NotImplementedError");
    }],
    __len__: ["__len__()", () => {
      throw pyError("NotImplementedError");
    }],
    __repr__: ["__repr__()", async (self) => {
      // Read in torchvision's order, so that a failing attribute raises as it would there.
      const length = await len(self);
      const root = await attrOrNull(self, "root");
      const rootText = root === null ? null : String(await str(root));
      const extra = String(await callMethod(self, "extra_repr", [], null));
      const transforms = await attrOrNull(self, "transforms");
      const transformsText = transforms === null ? null : String(await repr(transforms));
      return formatDatasetRepr(typeOf(self).name, { length, root: rootText, extra, transforms: transformsText });
    }],
    extra_repr: ["extra_repr()", () => ""],
  },
});

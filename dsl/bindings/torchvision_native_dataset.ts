// The Python face that torchvision's built-in datasets share over runtime/vision/datasets: Python
// transforms wrapped as runtime callbacks, the methods and attributes every VisionDataset has, and
// one class builder for the split datasets (MNIST family, CIFAR10/100), whose constructor, download()
// and data/targets/classes attributes are the same and only their download sources differ.

import {
  argBool,
  argStr,
  callPython,
  fromPython,
  nativeClass,
  type PropertySpec,
  pyError,
  type PyTuple,
  pyTuple,
  type PyType,
  repr,
  toPython,
  typeOf,
} from "../runtime/binding.ts";
import { SYS } from "../runtime/sys_state.ts";
import { Tensor } from "../../runtime/tensor.ts";
import type { Transform, VisionDataset } from "../../runtime/vision/datasets/vision_dataset.ts";
import type { SplitImageDataset, SplitImageOptions } from "../../runtime/vision/datasets/split_image_dataset.ts";

type Method = [string, (self: any, a: any) => any];

/** A Python callable as a runtime transform; `.py` keeps the Python object for attribute reads. */
export function pyCallback(f: any): Transform | null {
  if (f === null) return null;
  return Object.assign((x: any) => callPython(f, x), { py: f });
}

/** The Python object behind a runtime callback (the callable itself when it was native). */
export const pyOf = (t: ((x: any) => any) | null): any => (t === null ? null : (t as any).py ?? t);

/** Download messages go to the script's stdout, where torchvision prints them. */
export const log = (line: string) => SYS.stdout(line + "\n");

async function datasetRepr(self: VisionDataset): Promise<string> {
  const reprs = new Map<Transform, string>();
  const shown = self.transforms ?? { transform: null, targetTransform: null };
  for (const t of [shown.transform, shown.targetTransform]) if (t !== null) reprs.set(t, await repr(pyOf(t)));
  return self.repr(typeOf(self).name, (t) => reprs.get(t)!);
}

async function getItem(self: VisionDataset, index: any): Promise<PyTuple> {
  if (typeof index !== "number") {
    if (typeof index === "boolean") index = +index;
    else if (index instanceof Tensor && index.numel === 1) index = (await index.data())[0];
    else throw pyError("TypeError", `dataset indices must be integers, not ${typeOf(index).name}`);
  }
  return pyTuple(await self.get(index));
}

/** Methods every VisionDataset has. */
export const visionMethods: Record<string, Method> = {
  __getitem__: ["__getitem__(index)", (self: VisionDataset, a: any) => getItem(self, a.index)],
  __len__: ["__len__()", (self: VisionDataset) => self.length()],
  __repr__: ["__repr__()", datasetRepr],
};

/** Attributes every VisionDataset has. */
export const visionProperties: Record<string, PropertySpec> = {
  root: { get: (self: VisionDataset) => self.root, set: (self: VisionDataset, v: any) => void (self.root = v) },
  transform: {
    get: (self: VisionDataset) => pyOf(self.transform),
    set: (self: VisionDataset, v: any) => void (self.transform = pyCallback(v)),
  },
  target_transform: {
    get: (self: VisionDataset) => pyOf(self.targetTransform),
    set: (self: VisionDataset, v: any) => void (self.targetTransform = pyCallback(v)),
  },
};

/** What sets one split dataset class apart from the others. */
export interface SplitDatasetSpec<D extends SplitImageDataset> {
  name: string;
  module: string;
  jsClass: new () => D;
  base: PyType;
  /**
   * The download sources as runtime options, read from the class attributes a script may have
   * replaced (`MNIST.mirrors = [...]`, `CIFAR10.url = ...`).
   */
  downloadSource: (self: D) => Promise<Partial<Parameters<D["load"]>[1]>>;
  /** Attributes beyond the shared ones (MNIST's raw_folder). */
  properties?: Record<string, PropertySpec>;
  /** Class attributes (the download sources and file names). */
  attrs: Record<string, unknown>;
}

/** A split dataset class: `Name(root, train=True, transform=None, target_transform=None, download=False)`. */
export function splitDatasetClass<D extends SplitImageDataset>(spec: SplitDatasetSpec<D>): PyType {
  const { name, jsClass, downloadSource } = spec;
  return nativeClass({
    name,
    module: spec.module,
    jsClass,
    base: spec.base,
    create: () => new jsClass(),
    init: [
      "__init__(root, train=True, transform=None, target_transform=None, download=False)",
      async (self: D, a) => {
        const source = a.download ? await downloadSource(self) : {};
        const opts: SplitImageOptions = {
          train: argBool(a.train, name, "train"),
          download: argBool(a.download, name, "download"),
          transform: pyCallback(a.transform),
          targetTransform: pyCallback(a.target_transform),
          log,
          ...source,
        };
        await self.load(argStr(a.root, name, "root"), opts);
      },
    ],
    methods: {
      ...visionMethods,
      extra_repr: ["extra_repr()", (self: D) => self.extraRepr()],
      download: ["download()", async (self: D) => {
        Object.assign(self, await downloadSource(self));
        await self.download(log);
      }],
    },
    properties: {
      ...visionProperties,
      train: { get: (self: D) => self.train, set: (self: D, v: any) => void (self.train = !!v) },
      data: {
        get: (self: D) => self.data,
        set: (self: D, v: any) => {
          if (!(v instanceof Tensor)) throw pyError("TypeError", `data must be a uint8 tensor, not ${typeOf(v).name}`);
          self.data = v;
        },
      },
      targets: { get: (self: D) => self.targets, set: (self: D, v: any) => void (self.targets = fromPython(v)) },
      classes: { get: (self: D) => self.classes, set: (self: D, v: any) => void (self.classes = v) },
      class_to_idx: { get: (self: D) => toPython(self.classToIdx) },
      ...spec.properties,
    },
    attrs: spec.attrs,
  });
}

// torchvision.datasets as Python classes over runtime/vision/datasets: DatasetFolder and ImageFolder
// here, MNIST/FashionMNIST/KMNIST in torchvision_mnist.ts, CIFAR10/100 in torchvision_cifar.ts. This
// layer parses arguments, wraps Python transforms and loaders as runtime callbacks, and shows the
// runtime's fields as torchvision's attributes; samples come back as (VisionImage, int) tuples,
// VisionImage being PIL.Image's stand-in.

import {
  argStr,
  builtin,
  callPython,
  fromPython,
  nativeClass,
  pyTuple,
  toArray,
  toPython,
  truthy,
} from "../runtime/binding.ts";
import { T_StandardTransform, T_VisionDataset } from "./torchvision_vision_dataset.ts";
import { datasetsUtilsModule } from "./torchvision_datasets_utils.ts";
import {
  DatasetFolder,
  defaultLoader,
  type FileFilter,
  ImageFolder,
  IMG_EXTENSIONS,
  type Loader,
} from "../../runtime/vision/datasets/image_folder.ts";
import { T_CIFAR10, T_CIFAR100 } from "./torchvision_cifar.ts";
import { T_FashionMNIST, T_KMNIST, T_MNIST } from "./torchvision_mnist.ts";
import { submodule } from "../runtime/modules.ts";
import { pyCallback, pyOf, visionMethods, visionProperties } from "./torchvision_native_dataset.ts";

/** folder.default_loader: PNG/JPEG decoded natively, converted to RGB. */
export const default_loader = builtin("default_loader(path)", (a) => defaultLoader(argStr(a.path, "loader", "path")));

/** A Python loader as a runtime one; `.py` keeps the Python object (default_loader runs natively). */
function pyLoader(f: any): Loader<unknown> {
  if (f === default_loader) return defaultLoader;
  return Object.assign((path: string) => callPython(f, path), { py: f });
}

function pyFilter(f: any): FileFilter | null {
  if (f === null) return null;
  return async (path) => !!(await truthy(await callPython(f, path)));
}

async function extensionsArg(x: any): Promise<string | string[] | null> {
  if (x === null || typeof x === "string") return x;
  return (await toArray(x)).map((e: any) => argStr(e, "DatasetFolder", "extensions"));
}

const folderProperties = {
  ...visionProperties,
  classes: {
    get: (self: DatasetFolder) => self.classes,
    set: (self: DatasetFolder, v: any) => void (self.classes = v),
  },
  class_to_idx: { get: (self: DatasetFolder) => toPython(self.classToIdx) },
  samples: {
    get: (self: DatasetFolder) => self.samples.map((s) => pyTuple([...s])),
    set: (self: DatasetFolder, v: any) => void (self.samples = fromPython(v)),
  },
  targets: {
    get: (self: DatasetFolder) => self.targets,
    set: (self: DatasetFolder, v: any) => void (self.targets = fromPython(v)),
  },
  loader: {
    get: (self: DatasetFolder) => self.loader === defaultLoader ? default_loader : pyOf(self.loader as any),
  },
  extensions: {
    get: (self: DatasetFolder) => {
      const e = self.extensions;
      return e === null || typeof e === "string" ? e : pyTuple([...e]);
    },
  },
};

export const T_DatasetFolder = nativeClass({
  name: "DatasetFolder",
  module: "torchvision.datasets.folder",
  jsClass: DatasetFolder,
  base: T_VisionDataset,
  create: () => new DatasetFolder(),
  init: [
    "__init__(root, loader, extensions=None, transform=None, target_transform=None, is_valid_file=None)",
    async (self: DatasetFolder, a) => {
      await self.load(argStr(a.root, "DatasetFolder", "root"), {
        loader: pyLoader(a.loader),
        extensions: await extensionsArg(a.extensions),
        transform: pyCallback(a.transform),
        targetTransform: pyCallback(a.target_transform),
        isValidFile: pyFilter(a.is_valid_file),
      });
    },
  ],
  methods: visionMethods,
  properties: folderProperties,
});

export const T_ImageFolder = nativeClass({
  name: "ImageFolder",
  module: "torchvision.datasets.folder",
  jsClass: ImageFolder,
  base: T_DatasetFolder,
  create: () => new ImageFolder<unknown>(),
  init: [
    "__init__(root, transform=None, target_transform=None, loader=None, is_valid_file=None)",
    async (self: ImageFolder<unknown>, a) => {
      await self.loadImages(argStr(a.root, "ImageFolder", "root"), {
        loader: pyLoader(a.loader ?? default_loader),
        transform: pyCallback(a.transform),
        targetTransform: pyCallback(a.target_transform),
        isValidFile: pyFilter(a.is_valid_file),
      });
    },
  ],
  methods: visionMethods,
  properties: { ...folderProperties, imgs: folderProperties.samples },
});

const folderModule = () =>
  submodule("torchvision.datasets.folder", {
    DatasetFolder: T_DatasetFolder,
    ImageFolder: T_ImageFolder,
    default_loader,
    IMG_EXTENSIONS: pyTuple([...IMG_EXTENSIONS]),
  });

export function datasetsAttributes(): Record<string, unknown> {
  return {
    VisionDataset: T_VisionDataset,
    MNIST: T_MNIST,
    FashionMNIST: T_FashionMNIST,
    KMNIST: T_KMNIST,
    DatasetFolder: T_DatasetFolder,
    ImageFolder: T_ImageFolder,
    CIFAR10: T_CIFAR10,
    CIFAR100: T_CIFAR100,
    folder: folderModule(),
    vision: submodule("torchvision.datasets.vision", {
      VisionDataset: T_VisionDataset,
      StandardTransform: T_StandardTransform,
    }),
    utils: datasetsUtilsModule(),
  };
}

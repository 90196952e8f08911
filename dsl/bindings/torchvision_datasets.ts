// torchvision.datasets as Python classes over runtime/vision/datasets: MNIST, FashionMNIST, KMNIST,
// DatasetFolder, ImageFolder, CIFAR10 and CIFAR100. This layer parses arguments, wraps Python
// transforms and loaders as runtime callbacks, and shows the runtime's fields as torchvision's
// attributes; samples come back as (VisionImage, int) tuples, VisionImage being PIL.Image's stand-in.

import {
  argBool,
  argStr,
  builtin,
  callPython,
  fromPython,
  getAttr,
  nativeClass,
  pyError,
  PyModule,
  PyTuple,
  pyTuple,
  repr,
  toArray,
  toPython,
  truthy,
  typeOf,
} from "../runtime/binding.ts";
import { SYS } from "../runtime/sys_state.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { T_StandardTransform, T_VisionDataset } from "./torchvision_vision_dataset.ts";
import { datasetsUtilsModule } from "./torchvision_datasets_utils.ts";
import type { Transform } from "../../runtime/vision/datasets/vision_dataset.ts";
import type { VisionDataset } from "../../runtime/vision/datasets/vision_dataset.ts";
import {
  FASHION_MNIST_VARIANT,
  FashionMNIST,
  KMNIST,
  KMNIST_VARIANT,
  MNIST,
  MNIST_VARIANT,
  type MnistVariant,
  type Resource,
} from "../../runtime/vision/datasets/mnist.ts";
import {
  DatasetFolder,
  defaultLoader,
  type FileFilter,
  ImageFolder,
  IMG_EXTENSIONS,
  type Loader,
} from "../../runtime/vision/datasets/image_folder.ts";
import { cifarClasses } from "./torchvision_cifar.ts";

/** A Python callable as a runtime transform; `.py` keeps the Python object for attribute reads. */
function pyCallback(f: any): Transform | null {
  if (f === null) return null;
  return Object.assign((x: any) => callPython(f, x), { py: f });
}

const pyOf = (t: ((x: any) => any) | null): any => (t === null ? null : (t as any).py ?? t);

const log = (line: string) => SYS.stdout(line + "\n");

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

/** Methods and attributes every VisionDataset has. */
const visionMethods = {
  __getitem__: ["__getitem__(index)", (self: VisionDataset, a: any) => getItem(self, a.index)] as [
    string,
    (self: any, a: any) => any,
  ],
  __len__: ["__len__()", (self: VisionDataset) => self.length()] as [string, (self: any, a: any) => any],
  __repr__: ["__repr__()", datasetRepr] as [string, (self: any, a: any) => any],
};

const visionProperties = {
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

// ---------------------------------------------------------------- MNIST family

/** The class attributes a script may have replaced (`MNIST.mirrors = [...]`) as runtime values. */
async function downloadSources(self: any): Promise<{ mirrors: string[]; resources: Resource[] }> {
  const mirrors = fromPython(await getAttr(self, "mirrors")) as string[];
  const resources = fromPython(await getAttr(self, "resources")) as Resource[];
  return { mirrors, resources };
}

function mnistClass(variant: MnistVariant, jsClass: new () => MNIST, base: any) {
  return nativeClass({
    name: variant.name,
    module: "torchvision.datasets.mnist",
    jsClass,
    base,
    create: () => new jsClass(),
    init: [
      "__init__(root, train=True, transform=None, target_transform=None, download=False)",
      async (self: MNIST, a) => {
        const sources = a.download ? await downloadSources(self) : {};
        await self.load(argStr(a.root, variant.name, "root"), {
          train: argBool(a.train, variant.name, "train"),
          download: argBool(a.download, variant.name, "download"),
          transform: pyCallback(a.transform),
          targetTransform: pyCallback(a.target_transform),
          log,
          ...sources,
        });
      },
    ],
    methods: {
      ...visionMethods,
      extra_repr: ["extra_repr()", (self: MNIST) => self.extraRepr()],
      download: ["download()", async (self: MNIST) => {
        Object.assign(self, await downloadSources(self));
        await self.download(log);
      }],
    },
    properties: {
      ...visionProperties,
      train: { get: (self: MNIST) => self.train, set: (self: MNIST, v: any) => void (self.train = !!v) },
      data: {
        get: (self: MNIST) => self.data,
        set: (self: MNIST, v: any) => {
          if (!(v instanceof Tensor)) throw pyError("TypeError", `data must be a uint8 tensor, not ${typeOf(v).name}`);
          self.data = v;
        },
      },
      targets: {
        get: (self: MNIST) => self.targets,
        set: (self: MNIST, v: any) => void (self.targets = v instanceof Tensor ? v : fromPython(v)),
      },
      classes: { get: (self: MNIST) => self.classes, set: (self: MNIST, v: any) => void (self.classes = v) },
      class_to_idx: { get: (self: MNIST) => toPython(self.classToIdx) },
      raw_folder: { get: (self: MNIST) => self.rawFolder },
      processed_folder: { get: (self: MNIST) => self.rawFolder.replace(/raw$/, "processed") },
    },
    attrs: {
      mirrors: [...variant.mirrors],
      resources: variant.resources.map((r) => pyTuple([...r])),
      training_file: "training.pt",
      test_file: "test.pt",
    },
  });
}

export const T_MNIST = mnistClass(MNIST_VARIANT, MNIST, T_VisionDataset);
export const T_FashionMNIST = mnistClass(FASHION_MNIST_VARIANT, FashionMNIST, T_MNIST);
export const T_KMNIST = mnistClass(KMNIST_VARIANT, KMNIST, T_MNIST);

// ---------------------------------------------------------------- folders

/** folder.default_loader: PNG/JPEG decoded natively, converted to RGB. */
export const default_loader = builtin("default_loader(path)", (a) => defaultLoader(argStr(a.path, "loader", "path")));

function pyLoader(f: any): Loader<unknown> {
  if (f === default_loader) return defaultLoader;
  return (path) => callPython(f, path);
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
      const loader = pyLoader(a.loader);
      await self.load(argStr(a.root, "DatasetFolder", "root"), {
        loader: a.loader === default_loader ? loader : Object.assign(loader, { py: a.loader }),
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
      const loader = a.loader === null || a.loader === default_loader ? defaultLoader : pyLoader(a.loader);
      await self.loadImages(argStr(a.root, "ImageFolder", "root"), {
        loader: loader === defaultLoader ? loader : Object.assign(loader, { py: a.loader }),
        transform: pyCallback(a.transform),
        targetTransform: pyCallback(a.target_transform),
        isValidFile: pyFilter(a.is_valid_file),
      });
    },
  ],
  methods: visionMethods,
  properties: { ...folderProperties, imgs: folderProperties.samples },
});

function submodule(name: string, attrs: Record<string, unknown>): PyModule {
  const m = new PyModule(name);
  Object.assign(m.$d, attrs);
  return m;
}

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
    ...cifarClasses(T_VisionDataset, visionMethods, visionProperties),
    folder: folderModule(),
    vision: submodule("torchvision.datasets.vision", {
      VisionDataset: T_VisionDataset,
      StandardTransform: T_StandardTransform,
    }),
    utils: datasetsUtilsModule(),
  };
}

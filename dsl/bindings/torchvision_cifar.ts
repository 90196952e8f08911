// torchvision.datasets.CIFAR10 / CIFAR100 as Python classes over runtime/vision/datasets/cifar.ts
// (split out of torchvision_datasets.ts, which passes in the shared VisionDataset pieces).

import { argBool, argStr, callPython, fromPython, getAttr, nativeClass, pyError, typeOf } from "../runtime/binding.ts";
import { toPython } from "../runtime/binding.ts";
import { SYS } from "../runtime/sys_state.ts";
import { Tensor } from "../../runtime/tensor.ts";
import {
  CIFAR10,
  CIFAR100,
  CIFAR100_VARIANT,
  CIFAR10_VARIANT,
  type CifarVariant,
} from "../../runtime/vision/datasets/cifar.ts";
import type { Transform } from "../../runtime/vision/datasets/vision_dataset.ts";

type MethodSpec = [string, (self: any, a: any) => any];

const log = (line: string) => SYS.stdout(line + "\n");

function pyCallback(f: any): Transform | null {
  if (f === null) return null;
  return Object.assign((x: any) => callPython(f, x), { py: f });
}

/** The class attributes a script may have replaced (`CIFAR10.url = ...`). */
async function downloadSource(self: any): Promise<{ url: string; tgzMd5: string }> {
  return { url: await getAttr(self, "url"), tgzMd5: await getAttr(self, "tgz_md5") };
}

function cifarClass(
  variant: CifarVariant,
  jsClass: new () => CIFAR10,
  base: any,
  methods: Record<string, MethodSpec>,
  properties: Record<string, any>,
) {
  const list = (l: CifarVariant["trainList"]) => l.map(([name, md5]) => [name, md5]);
  return nativeClass({
    name: variant.name,
    module: "torchvision.datasets.cifar",
    jsClass,
    base,
    create: () => new jsClass(),
    init: [
      "__init__(root, train=True, transform=None, target_transform=None, download=False)",
      async (self: CIFAR10, a) => {
        const source = a.download ? await downloadSource(self) : {};
        await self.load(argStr(a.root, variant.name, "root"), {
          train: argBool(a.train, variant.name, "train"),
          download: argBool(a.download, variant.name, "download"),
          transform: pyCallback(a.transform),
          targetTransform: pyCallback(a.target_transform),
          log,
          ...source,
        });
      },
    ],
    methods: {
      ...methods,
      extra_repr: ["extra_repr()", (self: CIFAR10) => self.extraRepr()],
      download: ["download()", async (self: CIFAR10) => {
        Object.assign(self, await downloadSource(self));
        await self.download(log);
      }],
    },
    properties: {
      ...properties,
      train: { get: (self: CIFAR10) => self.train, set: (self: CIFAR10, v: any) => void (self.train = !!v) },
      data: {
        get: (self: CIFAR10) => self.data,
        set: (self: CIFAR10, v: any) => {
          if (!(v instanceof Tensor)) throw pyError("TypeError", `data must be a uint8 tensor, not ${typeOf(v).name}`);
          self.data = v;
        },
      },
      targets: {
        get: (self: CIFAR10) => self.targets,
        set: (self: CIFAR10, v: any) => void (self.targets = fromPython(v)),
      },
      classes: { get: (self: CIFAR10) => self.classes, set: (self: CIFAR10, v: any) => void (self.classes = v) },
      class_to_idx: { get: (self: CIFAR10) => toPython(self.classToIdx) },
    },
    attrs: {
      base_folder: variant.baseFolder,
      url: variant.url,
      filename: variant.filename,
      tgz_md5: variant.tgzMd5,
      train_list: list(variant.trainList),
      test_list: list(variant.testList),
      meta: toPython({ ...variant.meta }),
    },
  });
}

/** CIFAR10 and CIFAR100 over the shared VisionDataset base, methods and properties. */
export function cifarClasses(
  base: any,
  methods: Record<string, MethodSpec>,
  properties: Record<string, any>,
): Record<string, unknown> {
  const T_CIFAR10 = cifarClass(CIFAR10_VARIANT, CIFAR10, base, methods, properties);
  const T_CIFAR100 = cifarClass(CIFAR100_VARIANT, CIFAR100, T_CIFAR10, methods, properties);
  return { CIFAR10: T_CIFAR10, CIFAR100: T_CIFAR100 };
}

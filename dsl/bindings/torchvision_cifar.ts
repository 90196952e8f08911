// torchvision.datasets.CIFAR10 / CIFAR100 as Python classes over runtime/vision/datasets/cifar.ts.

import { getAttr, type PyType, toPython } from "../runtime/binding.ts";
import {
  CIFAR10,
  CIFAR100,
  CIFAR100_VARIANT,
  CIFAR10_VARIANT,
  type CifarVariant,
} from "../../runtime/vision/datasets/cifar.ts";
import { splitDatasetClass } from "./torchvision_native_dataset.ts";
import { T_VisionDataset } from "./torchvision_vision_dataset.ts";

/** The class attributes a script may have replaced (`CIFAR10.url = ...`). */
async function downloadSource(self: CIFAR10): Promise<{ url: string; tgzMd5: string }> {
  return { url: await getAttr(self, "url"), tgzMd5: await getAttr(self, "tgz_md5") };
}

function cifarClass(variant: CifarVariant, jsClass: new () => CIFAR10, base: PyType): PyType {
  const list = (l: CifarVariant["trainList"]) => l.map(([name, md5]) => [name, md5]);
  return splitDatasetClass({
    name: variant.name,
    module: "torchvision.datasets.cifar",
    jsClass,
    base,
    downloadSource,
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

// CIFAR100 subclasses CIFAR10, as in torchvision.
export const T_CIFAR10 = cifarClass(CIFAR10_VARIANT, CIFAR10, T_VisionDataset);
export const T_CIFAR100 = cifarClass(CIFAR100_VARIANT, CIFAR100, T_CIFAR10);

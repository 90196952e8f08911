// torchvision.datasets.MNIST, FashionMNIST and KMNIST as Python classes over
// runtime/vision/datasets/mnist.ts.

import { fromPython, getAttr, pyTuple, type PyType } from "../runtime/binding.ts";
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
import { splitDatasetClass } from "./torchvision_native_dataset.ts";
import { T_VisionDataset } from "./torchvision_vision_dataset.ts";

/** The class attributes a script may have replaced (`MNIST.mirrors = [...]`) as runtime values. */
async function downloadSource(self: MNIST): Promise<{ mirrors: string[]; resources: Resource[] }> {
  const mirrors = fromPython(await getAttr(self, "mirrors")) as string[];
  const resources = fromPython(await getAttr(self, "resources")) as Resource[];
  return { mirrors, resources };
}

function mnistClass(variant: MnistVariant, jsClass: new () => MNIST, base: PyType): PyType {
  return splitDatasetClass({
    name: variant.name,
    module: "torchvision.datasets.mnist",
    jsClass,
    base,
    downloadSource,
    properties: {
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

// FashionMNIST and KMNIST subclass MNIST, as in torchvision.
export const T_MNIST = mnistClass(MNIST_VARIANT, MNIST, T_VisionDataset);
export const T_FashionMNIST = mnistClass(FASHION_MNIST_VARIANT, FashionMNIST, T_MNIST);
export const T_KMNIST = mnistClass(KMNIST_VARIANT, KMNIST, T_MNIST);

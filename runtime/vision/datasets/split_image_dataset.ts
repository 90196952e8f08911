// What MNIST and CIFAR10 share: a train or test split held as one N×H×W(×C) uint8 tensor of images,
// a label per image, the class names, and "Split: Train|Test" in the repr. `ds[i]` copies just that
// image's bytes into a VisionImage.

import type { MaybePromise } from "../../data/dataset.ts";
import type { Tensor } from "../../tensor.ts";
import { type ImageMode, VisionImage } from "../image.ts";
import { consoleLog, type Log } from "./download.ts";
import { labelAt, rowBytes } from "./tensor_bytes.ts";
import { VisionDataset, type VisionDatasetOptions } from "./vision_dataset.ts";

export interface SplitImageOptions extends VisionDatasetOptions {
  train?: boolean;
  download?: boolean;
  /** Where the download messages go. */
  log?: Log;
}

export abstract class SplitImageDataset<Options extends SplitImageOptions = SplitImageOptions>
  extends VisionDataset<VisionImage> {
  train = true;
  /** N×H×W (grayscale) or N×H×W×C uint8 images. */
  data!: Tensor;
  /** A label per image: a tensor or a list, as the dataset loads it or a script assigns it. */
  targets: Tensor | number[] = [];
  classes: string[] = [];

  /** The PIL mode of one image ("L" for N×H×W data, "RGB" for N×H×W×3). */
  protected abstract readonly imageMode: ImageMode;

  /** Takes the options' replacements for the download sources (a script's `MNIST.mirrors = [...]`). */
  protected abstract useSources(opts: Options): void;

  /** Fetches the split's files into the root (nothing when they are already there). */
  abstract download(log?: Log): Promise<void>;

  /** Raises torchvision's "Dataset not found ..." error when the split's files are missing. */
  protected abstract requireFiles(): void;

  /** Reads the split's images, labels and class names from the files. */
  protected abstract readSplit(): Promise<void>;

  /** Loads (and, with `download`, first fetches) the split: the torchvision constructor's work. */
  async load(root: string, opts: Options = {} as Options): Promise<void> {
    this.setupVision(root, opts);
    this.train = opts.train ?? true;
    this.useSources(opts);
    if (opts.download) await this.download(opts.log ?? consoleLog);
    this.requireFiles();
    await this.readSplit();
  }

  static async create<T extends SplitImageDataset<any>>(
    this: new () => T,
    root: string,
    opts?: Parameters<T["load"]>[1],
  ): Promise<T> {
    const ds = new this();
    await ds.load(root, opts);
    return ds;
  }

  get classToIdx(): Map<string, number> {
    return new Map(this.classes.map((c, i) => [c, i]));
  }

  length(): number {
    return this.data.shape[0];
  }

  /** The image row for `index`; a dataset whose Python original indexes a numpy array checks it as numpy does. */
  protected imageIndex(index: number): number {
    return index;
  }

  sample(index: number): MaybePromise<[VisionImage, number]> {
    const i = this.imageIndex(index);
    const [height, width] = [this.data.shape[1], this.data.shape[2]];
    const bytes = rowBytes(this.data, i);
    const label = labelAt(this.targets, i);
    if (bytes instanceof Promise || label instanceof Promise) {
      return Promise.all([bytes, label]).then(([b, l]) => [new VisionImage(width, height, this.imageMode, b), l]);
    }
    return [new VisionImage(width, height, this.imageMode, bytes), label];
  }

  override extraRepr(): string {
    return `Split: ${this.train ? "Train" : "Test"}`;
  }
}

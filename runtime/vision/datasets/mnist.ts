// torchvision.datasets.MNIST and its variants with the same file layout (FashionMNIST, KMNIST): the
// four IDX files, gzipped or not, read either from torchvision's layout (root/FashionMNIST/raw/) or
// from a folder that holds them directly (Debian's /usr/share/datasets/fashion-mnist). The images
// become one N×28×28 uint8 tensor with a single copy, and `ds[i]` copies just that image's bytes.

import { getDevice } from "../../device.ts";
import { runtimeError } from "../../errors.ts";
import { Tensor } from "../../tensor.ts";
import { consoleLog, downloadAndExtractArchive, type Log, UrlError } from "./download.ts";
import { isFile, joinPath, makeDirs, readMaybeGzipped } from "./files.ts";
import { parseIdxUint8 } from "./idx.ts";
import { SplitImageDataset, type SplitImageOptions } from "./split_image_dataset.ts";

/** A file to download and its MD5. */
export type Resource = readonly [filename: string, md5: string];

/** What distinguishes MNIST, FashionMNIST and KMNIST: their folder name, sources and class names. */
export interface MnistVariant {
  readonly name: string;
  readonly mirrors: readonly string[];
  readonly resources: readonly Resource[];
  readonly classes: readonly string[];
}

export const MNIST_VARIANT: MnistVariant = {
  name: "MNIST",
  mirrors: ["http://yann.lecun.com/exdb/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/"],
  resources: [
    ["train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"],
    ["train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"],
    ["t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"],
    ["t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"],
  ],
  classes: [
    "0 - zero",
    "1 - one",
    "2 - two",
    "3 - three",
    "4 - four",
    "5 - five",
    "6 - six",
    "7 - seven",
    "8 - eight",
    "9 - nine",
  ],
};

export const FASHION_MNIST_VARIANT: MnistVariant = {
  name: "FashionMNIST",
  mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
  resources: [
    ["train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
    ["train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"],
    ["t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"],
    ["t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"],
  ],
  classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
};

export const KMNIST_VARIANT: MnistVariant = {
  name: "KMNIST",
  mirrors: ["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"],
  resources: [
    ["train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"],
    ["train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"],
    ["t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"],
    ["t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"],
  ],
  classes: ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
};

export interface MnistOptions extends SplitImageOptions {
  /** Override the variant's download sources (Python scripts do this by setting MNIST.mirrors). */
  mirrors?: readonly string[];
  resources?: readonly Resource[];
}

const stripGz = (name: string): string => name.endsWith(".gz") ? name.slice(0, -3) : name;

export class MNIST extends SplitImageDataset<MnistOptions> {
  mirrors: readonly string[];
  resources: readonly Resource[];
  protected readonly imageMode = "L";

  constructor(readonly variant: MnistVariant = MNIST_VARIANT) {
    super();
    this.classes = [...variant.classes];
    this.mirrors = variant.mirrors;
    this.resources = variant.resources;
  }

  protected useSources(opts: MnistOptions): void {
    if (opts.mirrors) this.mirrors = opts.mirrors;
    if (opts.resources) this.resources = opts.resources;
  }

  protected requireFiles(): void {
    if (!this.checkExists()) throw runtimeError("Dataset not found. You can use download=True to download it");
  }

  get rawFolder(): string {
    return joinPath(this.root ?? "", this.variant.name, "raw");
  }

  /**
   * Where the IDX file `name` (without .gz) is: torchvision's raw folder first, then the root
   * itself; in each, the uncompressed file before the gzipped one.
   */
  locate(name: string): string | null {
    for (const dir of [this.rawFolder, this.root ?? ""]) {
      for (const file of [name, name + ".gz"]) {
        const path = joinPath(dir, file);
        if (isFile(path)) return path;
      }
    }
    return null;
  }

  checkExists(): boolean {
    return this.resources.every(([filename]) => this.locate(stripGz(filename)) !== null);
  }

  protected async readSplit(): Promise<void> {
    const split = this.train ? "train" : "t10k";
    const imagesFile = this.locate(`${split}-images-idx3-ubyte`)!;
    const labelsFile = this.locate(`${split}-labels-idx1-ubyte`)!;
    const [imageBytes, labelBytes] = await Promise.all([readMaybeGzipped(imagesFile), readMaybeGzipped(labelsFile)]);
    const images = parseIdxUint8(imageBytes, imagesFile, 3);
    const labels = parseIdxUint8(labelBytes, labelsFile, 1);
    if (labels.shape[0] !== images.shape[0]) {
      throw runtimeError(
        `${labelsFile}: ${labels.shape[0]} labels for the ${images.shape[0]} images of ${imagesFile}`,
      );
    }
    const cpu = getDevice("cpu");
    this.data = Tensor.fromArray(images.data, images.shape, "uint8", cpu);
    this.targets = Tensor.fromArray(labels.data, labels.shape, "int64", cpu);
  }

  /** Fetches the four files into the raw folder from the first mirror that answers, then gunzips them. */
  async download(log: Log = consoleLog): Promise<void> {
    if (this.checkExists()) return;
    await makeDirs(this.rawFolder);
    for (const [filename, md5] of this.resources) {
      let done = false;
      for (const mirror of this.mirrors) {
        const url = `${mirror}${filename}`;
        log(`Downloading ${url}`);
        try {
          await downloadAndExtractArchive(url, this.rawFolder, { filename, md5, log });
          done = true;
        } catch (e) {
          if (!(e instanceof UrlError)) throw e;
          log(`Failed to download (trying next):\n${e.message}`);
        } finally {
          log("");
        }
        if (done) break;
      }
      if (!done) throw runtimeError(`Error downloading ${filename}`);
    }
  }
}

export class FashionMNIST extends MNIST {
  constructor() {
    super(FASHION_MNIST_VARIANT);
  }
}

export class KMNIST extends MNIST {
  constructor() {
    super(KMNIST_VARIANT);
  }
}

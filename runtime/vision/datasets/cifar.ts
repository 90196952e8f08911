// torchvision.datasets.CIFAR10 / CIFAR100 from the "python version" batches (cifar-10-batches-py,
// cifar-100-python): pickled dicts of N×3072 CHW bytes and label lists. As in torchvision, `.data`
// holds the images HWC (N×32×32×3, transposed once at load) and `.targets` is a list of ints.

import { readCifarBatch, readCifarMeta } from "../../io/cifar_batch.ts";
import { getDevice } from "../../device.ts";
import { runtimeError, TorchError } from "../../errors.ts";
import { Tensor } from "../../tensor.ts";
import { consoleLog, downloadAndExtractArchive, type Log } from "./download.ts";
import { corruptFile, isFile, joinPath, readBytes } from "./files.ts";
import { SplitImageDataset, type SplitImageOptions } from "./split_image_dataset.ts";

export interface CifarVariant {
  readonly name: string;
  readonly baseFolder: string;
  readonly url: string;
  readonly filename: string;
  readonly tgzMd5: string;
  readonly trainList: readonly (readonly [string, string])[];
  readonly testList: readonly (readonly [string, string])[];
  readonly meta: { readonly filename: string; readonly key: string; readonly md5: string };
}

export const CIFAR10_VARIANT: CifarVariant = {
  name: "CIFAR10",
  baseFolder: "cifar-10-batches-py",
  url: "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
  filename: "cifar-10-python.tar.gz",
  tgzMd5: "c58f30108f718f92721af3b95e74349a",
  trainList: [
    ["data_batch_1", "c99cafc152244af753f735de768cd75f"],
    ["data_batch_2", "d4bba439e000b95fd0a9bffe97cbabec"],
    ["data_batch_3", "54ebc095f3ab1f0389bbae665268c751"],
    ["data_batch_4", "634d18415352ddfa80567beed471001a"],
    ["data_batch_5", "482c414d41f54cd18b22e5b47cb7c3cb"],
  ],
  testList: [["test_batch", "40351d587109b95175f43aff81a1287e"]],
  meta: { filename: "batches.meta", key: "label_names", md5: "5ff9c542aee3614f3951f8cda6e48888" },
};

export const CIFAR100_VARIANT: CifarVariant = {
  name: "CIFAR100",
  baseFolder: "cifar-100-python",
  url: "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
  filename: "cifar-100-python.tar.gz",
  tgzMd5: "eb9058c3a382ffc7106e4002c42a8d85",
  trainList: [["train", "16019d7e3df5f24257cddd939b257f8d"]],
  testList: [["test", "f0ef6b0ae62326f3e7ffdfab6717acfc"]],
  meta: { filename: "meta", key: "fine_label_names", md5: "7973b15100ade9c7d40fb424638fde48" },
};

export interface CifarOptions extends SplitImageOptions {
  /** Override the archive's URL and MD5 (a Python script sets CIFAR10.url / CIFAR10.tgz_md5). */
  url?: string;
  tgzMd5?: string;
}

const SIDE = 32, IMAGE_BYTES = 3 * SIDE * SIDE;

/** The pickle reader's errors as Python RuntimeErrors naming the file. */
function parsing<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof TorchError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw corruptFile(
      file,
      `not a valid CIFAR pickle (${msg.startsWith(file + ": ") ? msg.slice(file.length + 2) : msg})`,
    );
  }
}

export class CIFAR10 extends SplitImageDataset<CifarOptions> {
  url: string;
  tgzMd5: string;
  protected readonly imageMode = "RGB";

  constructor(readonly variant: CifarVariant = CIFAR10_VARIANT) {
    super();
    this.url = variant.url;
    this.tgzMd5 = variant.tgzMd5;
  }

  protected useSources(opts: CifarOptions): void {
    if (opts.url) this.url = opts.url;
    if (opts.tgzMd5) this.tgzMd5 = opts.tgzMd5;
  }

  protected requireFiles(): void {
    if (!this.checkIntegrity()) {
      throw runtimeError("Dataset not found or corrupted. You can use download=True to download it");
    }
  }

  protected async readSplit(): Promise<void> {
    const list = this.train ? this.variant.trainList : this.variant.testList;
    const batches = await Promise.all(list.map(async ([name]) => {
      const path = this.path(name);
      const bytes = await readBytes(path);
      return parsing(path, () => readCifarBatch(bytes, path));
    }));
    const count = batches.reduce((n, b) => n + b.count, 0);
    const hwc = new Uint8Array(count * IMAGE_BYTES);
    const labels: number[] = [];
    let image = 0;
    for (const b of batches) {
      chwToHwc(b.data, hwc.subarray(image * IMAGE_BYTES), b.count);
      image += b.count;
      labels.push(...b.labels);
    }
    this.targets = labels;
    this.data = new Tensor(getDevice("cpu").backend.upload("uint8", hwc), [count, SIDE, SIDE, 3]);
    await this.loadMeta();
  }

  private path(name: string): string {
    return joinPath(this.root ?? "", this.variant.baseFolder, name);
  }

  private async loadMeta(): Promise<void> {
    const path = this.path(this.variant.meta.filename);
    if (!isFile(path)) {
      throw runtimeError("Dataset metadata file not found or corrupted. You can use download=True to download it");
    }
    const bytes = await readBytes(path);
    this.classes = parsing(path, () => readCifarMeta(bytes, path));
  }

  /**
   * torchvision's _check_integrity, except that files already present are taken as they are (their
   * MD5s are checked right after a download), so data in the real format can stand in for them.
   */
  checkIntegrity(): boolean {
    return [...this.variant.trainList, ...this.variant.testList].every(([name]) => isFile(this.path(name)));
  }

  async download(log: Log = consoleLog): Promise<void> {
    if (this.checkIntegrity()) {
      log("Files already downloaded and verified");
      return;
    }
    await downloadAndExtractArchive(this.url, this.root ?? "", {
      filename: this.variant.filename,
      md5: this.tgzMd5,
      log,
    });
  }

  /** torchvision indexes a numpy array here, so a bad index gets numpy's message. */
  protected override imageIndex(index: number): number {
    const size = this.data.shape[0];
    const i = index < 0 ? index + size : index;
    if (i < 0 || i >= size) {
      throw new TorchError("IndexError", `index ${index} is out of bounds for axis 0 with size ${size}`);
    }
    return i;
  }
}

export class CIFAR100 extends CIFAR10 {
  constructor() {
    super(CIFAR100_VARIANT);
  }
}

/** `count` images from CHW planes to HWC pixels. */
function chwToHwc(chw: Uint8Array, hwc: Uint8Array, count: number): void {
  const plane = SIDE * SIDE;
  for (let n = 0; n < count; n++) {
    const src = n * IMAGE_BYTES;
    for (let p = 0; p < plane; p++) {
      const dst = src + 3 * p;
      hwc[dst] = chw[src + p];
      hwc[dst + 1] = chw[src + plane + p];
      hwc[dst + 2] = chw[src + 2 * plane + p];
    }
  }
}

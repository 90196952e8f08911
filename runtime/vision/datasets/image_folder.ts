// torchvision.datasets.DatasetFolder / ImageFolder: one sub-folder per class (sorted names give the
// class indices), every file below it whose name passes `isValidFile` (by default: has one of the
// extensions) is a sample, walked in torchvision's order. ImageFolder's default loader decodes
// PNG and JPEG and converts to RGB, as PIL's `Image.open(f).convert("RGB")` does.

import { TorchError, valueError } from "../../errors.ts";
import type { MaybePromise } from "../../data/dataset.ts";
import { convertImage, decodeImage } from "../codec.ts";
import type { VisionImage } from "../image.ts";
import { expandUser, isDirectory, joinPath, osError, readBytes } from "./files.ts";
import { VisionDataset, type VisionDatasetOptions } from "./vision_dataset.ts";

export const IMG_EXTENSIONS = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"] as const;

export type Loader<S> = (path: string) => MaybePromise<S>;
export type FileFilter = (path: string) => MaybePromise<boolean>;

/** has_file_allowed_extension: the lower-cased name ends with one of the extensions. */
export const hasAllowedExtension = (filename: string, extensions: string | readonly string[]): boolean =>
  (typeof extensions === "string" ? [extensions] : extensions).some((e) => filename.toLowerCase().endsWith(e));

function listDir(path: string): Deno.DirEntry[] {
  try {
    return [...Deno.readDirSync(path)];
  } catch (e) {
    throw osError(e, path);
  }
}

/** os.scandir's is_dir(), which follows symbolic links. */
const entryIsDir = (dir: string, e: Deno.DirEntry): boolean =>
  e.isDirectory || (e.isSymlink && isDirectory(joinPath(dir, e.name)));

/** find_classes: the sorted names of the folders in `directory` and their indices. */
export function findClasses(directory: string): { classes: string[]; classToIdx: Map<string, number> } {
  const classes = listDir(directory).filter((e) => entryIsDir(directory, e)).map((e) => e.name).sort(pyCompare);
  if (classes.length === 0) {
    throw new TorchError("FileNotFoundError", `Couldn't find any class folder in ${directory}.`);
  }
  return { classes, classToIdx: new Map(classes.map((c, i) => [c, i])) };
}

/** Python's str ordering (code points), which sorted() uses. */
function pyCompare(a: string, b: string): number {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** sorted(os.walk(top, followlinks=True)): every folder below `top` with its files, ordered by path. */
function walk(top: string): { root: string; files: string[] }[] {
  const out: { root: string; files: string[] }[] = [];
  const visit = (dir: string) => {
    const entries = listDir(dir);
    out.push({ root: dir, files: entries.filter((e) => !entryIsDir(dir, e)).map((e) => e.name).sort(pyCompare) });
    for (const e of entries.filter((e) => entryIsDir(dir, e)).sort((a, b) => pyCompare(a.name, b.name))) {
      visit(joinPath(dir, e.name));
    }
  };
  visit(top);
  return out.sort((a, b) => pyCompare(a.root, b.root));
}

/** make_dataset: the (path, class index) samples, class by class in sorted order. */
export async function makeDataset(
  directory: string,
  classToIdx: Map<string, number>,
  extensions: string | readonly string[] | null,
  isValidFile: FileFilter | null,
): Promise<[string, number][]> {
  directory = expandUser(directory);
  if (classToIdx.size === 0) throw valueError("'class_to_index' must have at least one entry to collect any samples.");
  if ((extensions === null) === (isValidFile === null)) {
    throw valueError("Both extensions and is_valid_file cannot be None or not None at the same time");
  }
  const accept: FileFilter = isValidFile ?? ((path) => hasAllowedExtension(path, extensions!));
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const targetClass of [...classToIdx.keys()].sort(pyCompare)) {
    const classIndex = classToIdx.get(targetClass)!;
    const targetDir = joinPath(directory, targetClass);
    if (!isDirectory(targetDir)) continue;
    for (const { root, files } of walk(targetDir)) {
      for (const fname of files) {
        const path = joinPath(root, fname);
        if (await accept(path)) {
          instances.push([path, classIndex]);
          available.add(targetClass);
        }
      }
    }
  }
  const empty = [...classToIdx.keys()].filter((c) => !available.has(c)).sort(pyCompare);
  if (empty.length > 0) {
    let msg = `Found no valid file for the classes ${empty.join(", ")}. `;
    if (extensions !== null) {
      msg += `Supported extensions are: ${typeof extensions === "string" ? extensions : extensions.join(", ")}`;
    }
    throw new TorchError("FileNotFoundError", msg);
  }
  return instances;
}

/** pil_loader: the file decoded and converted to RGB. */
export async function defaultLoader(path: string): Promise<VisionImage> {
  return convertImage(decodeImage(await readBytes(path), path), "RGB");
}

export interface DatasetFolderOptions<S> extends VisionDatasetOptions {
  loader: Loader<S>;
  extensions?: string | readonly string[] | null;
  isValidFile?: FileFilter | null;
}

export class DatasetFolder<S = unknown> extends VisionDataset<S> {
  loader!: Loader<S>;
  extensions: string | readonly string[] | null = null;
  classes: string[] = [];
  classToIdx = new Map<string, number>();
  samples: [string, number][] = [];
  targets: number[] = [];

  static async create<S>(root: string, opts: DatasetFolderOptions<S>): Promise<DatasetFolder<S>> {
    const ds = new DatasetFolder<S>();
    await ds.load(root, opts);
    return ds;
  }

  async load(root: string, opts: DatasetFolderOptions<S>): Promise<void> {
    this.setupVision(root, opts);
    const { classes, classToIdx } = findClasses(this.root!);
    this.samples = await makeDataset(this.root!, classToIdx, opts.extensions ?? null, opts.isValidFile ?? null);
    this.loader = opts.loader;
    this.extensions = opts.extensions ?? null;
    this.classes = classes;
    this.classToIdx = classToIdx;
    this.targets = this.samples.map((s) => s[1]);
  }

  length(): number {
    return this.samples.length;
  }

  sample(index: number): MaybePromise<[S, number]> {
    const i = index < 0 ? index + this.samples.length : index;
    const entry = this.samples[i];
    if (entry === undefined) throw new TorchError("IndexError", "list index out of range");
    const [path, target] = entry;
    const s = this.loader(path);
    return s instanceof Promise ? s.then((v) => [v, target]) : [s, target];
  }
}

/** ImageFolder: a DatasetFolder of images (PNG/JPEG decoded to RGB unless another loader is given). */
export class ImageFolder<S = VisionImage> extends DatasetFolder<S> {
  static override async create<S = VisionImage>(
    root: string,
    opts: Partial<DatasetFolderOptions<S>> = {},
  ): Promise<ImageFolder<S>> {
    const ds = new ImageFolder<S>();
    await ds.loadImages(root, opts);
    return ds;
  }

  /** ImageFolder.__init__: the image extensions unless a file filter is given. */
  loadImages(root: string, opts: Partial<DatasetFolderOptions<S>> = {}): Promise<void> {
    const isValidFile = opts.isValidFile ?? null;
    return this.load(root, {
      ...opts,
      loader: opts.loader ?? (defaultLoader as unknown as Loader<S>),
      extensions: isValidFile === null ? IMG_EXTENSIONS : null,
      isValidFile,
    });
  }

  get imgs(): [string, number][] {
    return this.samples;
  }
}

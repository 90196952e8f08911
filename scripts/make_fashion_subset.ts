// Makes the embedded Fashion-MNIST subset (assets/fashion-mnist-subset/) from Debian's
// dataset-fashion-mnist package: the first TRAIN_PER_CLASS training and TEST_PER_CLASS test images
// of each class, in file order, written as gzipped IDX files with the originals' names so any
// MNIST-style loader reads them. Deterministic, so re-running it reproduces the committed files.
//   deno run -A scripts/make_fashion_subset.ts [source-dir] [out-dir]
import { gunzipSync, gzipSync } from "node:zlib";

const TRAIN_PER_CLASS = 500;
const TEST_PER_CLASS = 100;
const source = Deno.args[0] ?? "/usr/share/datasets/fashion-mnist";
const out = Deno.args[1] ?? new URL("../assets/fashion-mnist-subset", import.meta.url).pathname;

function readIdx(path: string): { header: Uint8Array; body: Uint8Array; itemSize: number } {
  const bytes = gunzipSync(Deno.readFileSync(path));
  const dims = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let itemSize = 1;
  for (let d = 1; d < dims; d++) itemSize *= view.getUint32(4 + 4 * d);
  const headerLength = 4 + 4 * dims;
  return { header: bytes.subarray(0, headerLength), body: bytes.subarray(headerLength), itemSize };
}

function writeIdx(path: string, header: Uint8Array, items: Uint8Array[], itemSize: number): void {
  const bytes = new Uint8Array(header.length + items.length * itemSize);
  bytes.set(header);
  new DataView(bytes.buffer).setUint32(4, items.length); // the first dimension is the item count
  items.forEach((item, i) => bytes.set(item, header.length + i * itemSize));
  // mtime 0 in the gzip header keeps the output byte-identical across runs
  Deno.writeFileSync(path, gzipSync(bytes, { level: 9 }));
}

function subset(split: "train" | "t10k", perClass: number): void {
  const images = readIdx(`${source}/${split}-images-idx3-ubyte.gz`);
  const labels = readIdx(`${source}/${split}-labels-idx1-ubyte.gz`);
  const counts = new Array(10).fill(0);
  const keptImages: Uint8Array[] = [], keptLabels: Uint8Array[] = [];
  for (let i = 0; i < labels.body.length; i++) {
    const label = labels.body[i];
    if (counts[label] >= perClass) continue;
    counts[label]++;
    keptImages.push(images.body.subarray(i * images.itemSize, (i + 1) * images.itemSize));
    keptLabels.push(labels.body.subarray(i, i + 1));
  }
  writeIdx(`${out}/${split}-images-idx3-ubyte.gz`, images.header, keptImages, images.itemSize);
  writeIdx(`${out}/${split}-labels-idx1-ubyte.gz`, labels.header, keptLabels, 1);
  console.log(`${split}: ${keptImages.length} images (${counts.join(" ")} per class)`);
}

Deno.mkdirSync(out, { recursive: true });
subset("train", TRAIN_PER_CLASS);
subset("t10k", TEST_PER_CLASS);

// torchvision.datasets: MNIST/FashionMNIST from IDX files (gzipped or not, both root layouts), the
// real Fashion-MNIST when Debian's copy is installed, CIFAR-10/100 from pickled batches, ImageFolder,
// and clear Python errors for damaged files. Expected values come from torchvision 0.14.

import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import "../runtime/backends.ts";
import { TorchError } from "../runtime/errors.ts";
import { FashionMNIST, MNIST } from "../runtime/vision/datasets/mnist.ts";
import { CIFAR10, CIFAR100 } from "../runtime/vision/datasets/cifar.ts";
import { ImageFolder } from "../runtime/vision/datasets/image_folder.ts";
import { encodeJpeg, encodePng } from "../runtime/vision/codec.ts";
import { VisionImage } from "../runtime/vision/image.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { hasTorchvision, mnistSplit, runPython, runTsl } from "./fixtures/vision/helpers.ts";

const FASHION = "/usr/share/datasets/fashion-mnist";
const FIXTURES = new URL("./fixtures/vision/", import.meta.url).pathname.replace(/\/$/, "");

const row = (img: VisionImage, y: number, x0: number, x1: number) =>
  Array.from(img.data.slice(y * 28 + x0, y * 28 + x1));
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};
const bincount = (t: Tensor) => {
  const counts = new Array(10).fill(0);
  for (const v of t.dataSync()) counts[v]++;
  return counts;
};

function assertTorchErrorMatching(e: unknown, pyType: string, pattern: RegExp): true {
  assert.ok(e instanceof TorchError, `expected a TorchError, got ${e}`);
  assert.equal(e.pyType, pyType);
  assert.match(e.message, pattern);
  return true;
}

/** Writes the four MNIST files: gzipped into `dir`, or raw into dir/MNIST/raw (torchvision's layout). */
async function writeMnist(dir: string, layout: "flat-gz" | "torchvision") {
  const train = mnistSplit(5), test = mnistSplit(3, 1);
  const files: [string, Uint8Array][] = [
    ["train-images-idx3-ubyte", train.images],
    ["train-labels-idx1-ubyte", train.labels],
    ["t10k-images-idx3-ubyte", test.images],
    ["t10k-labels-idx1-ubyte", test.labels],
  ];
  const target = layout === "flat-gz" ? dir : `${dir}/MNIST/raw`;
  await Deno.mkdir(target, { recursive: true });
  for (const [name, bytes] of files) {
    if (layout === "flat-gz") await Deno.writeFile(`${target}/${name}.gz`, gzipSync(bytes));
    else await Deno.writeFile(`${target}/${name}`, bytes);
  }
}

Deno.test("vision datasets: the real Fashion-MNIST", async (t) => {
  try {
    Deno.statSync(`${FASHION}/train-images-idx3-ubyte.gz`);
  } catch {
    console.log(`skipped: ${FASHION} not installed (apt-get install dataset-fashion-mnist)`);
    return;
  }
  await t.step("the 60k training split loads fast and matches torchvision", async () => {
    const start = performance.now();
    const ds = await FashionMNIST.create(FASHION, { train: true });
    const ms = performance.now() - start;
    console.log(`  Fashion-MNIST train split loaded in ${ms.toFixed(0)} ms`);
    assert.ok(ms < 5000, `loading took ${ms} ms`);
    assert.equal(ds.length(), 60000);
    assert.deepEqual([...ds.data.shape], [60000, 28, 28]);
    assert.equal(ds.data.dtype, "uint8");
    assert.equal((ds.targets as Tensor).dtype, "int64");
    assert.deepEqual(bincount(ds.targets as Tensor), new Array(10).fill(6000));
    assert.equal(sum(ds.data.dataSync()), 3431114169);
    const expected: [number, number, number[], number][] = [
      [0, 9, [0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221], 76247],
      [1, 0, [197, 199, 205, 202, 205, 206, 204, 205, 207, 204, 205, 205], 84598],
      [12345, 8, [191, 185, 187, 193, 190, 191, 193, 196, 197, 199, 202, 205], 97611],
      [59999, 5, [129, 153, 34, 0, 3, 3, 0, 3, 0, 24, 104, 89], 16684],
    ];
    for (const [i, label, pixels, total] of expected) {
      const [img, target] = ds.get(i) as [VisionImage, number];
      assert.equal(target, label);
      assert.equal(img.mode, "L");
      assert.deepEqual([img.width, img.height], [28, 28]);
      assert.deepEqual(row(img, 14, 8, 20), pixels);
      assert.equal(sum(img.data), total);
    }
    const start2 = performance.now();
    for (let i = 0; i < 60000; i++) ds.get(i);
    console.log(`  ds[i] for all 60000 images: ${(performance.now() - start2).toFixed(0)} ms`);
  });

  await t.step("the test split", async () => {
    const ds = await FashionMNIST.create(FASHION, { train: false });
    assert.equal(ds.length(), 10000);
    assert.deepEqual(bincount(ds.targets as Tensor), new Array(10).fill(1000));
    assert.equal(sum(ds.data.dataSync()), 573469082);
    const [img, label] = ds.get(2345) as [VisionImage, number];
    assert.equal(label, 3);
    assert.deepEqual(row(img, 14, 8, 20), [0, 61, 202, 146, 199, 255, 217, 185, 169, 72, 187, 124]);
    assert.equal(sum(img.data), 51198);
    assert.equal((ds.get(-1) as [VisionImage, number])[1], 5);
  });
});

Deno.test("vision datasets: MNIST from small IDX files, in both root layouts", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await writeMnist(`${dir}/flat`, "flat-gz");
    await writeMnist(`${dir}/tv`, "torchvision");
    for (const layout of ["flat", "tv"]) {
      await t.step(`${layout === "flat" ? "a folder of .gz files" : "root/MNIST/raw"}`, async () => {
        const ds = await MNIST.create(`${dir}/${layout}`, { train: true });
        assert.equal(ds.length(), 5);
        assert.deepEqual([...ds.data.shape], [5, 28, 28]);
        assert.deepEqual([...(ds.targets as Tensor).dataSync()], [0, 3, 6, 9, 2]);
        const [img, label] = ds.get(3) as [VisionImage, number];
        assert.equal(label, 9);
        assert.deepEqual(row(img, 2, 0, 4), [(3 * 31 + 14) % 256, (3 * 31 + 17) % 256, 113, 116]);
        const test = await MNIST.create(`${dir}/${layout}`, { train: false });
        assert.deepEqual([...(test.targets as Tensor).dataSync()], [1, 4, 7]);
      });
    }

    await t.step("torchvision reads the same images and labels, and prints the same repr", async () => {
      if (!await hasTorchvision()) return console.log("skipped: python3-torchvision not installed");
      const script = `from torchvision import datasets
class T:
    def __call__(self, x):
        return x
    def __repr__(self):
        return 'Compose(\\n    ToTensor()\\n)'
for train in (True, False):
    ds = datasets.MNIST(ROOT, train=train, transform=T(), target_transform=T())
    print(ds)
    print(len(ds), ds.targets.tolist(), ds.data.sum().item(), ds.class_to_idx['7 - seven'])
    print([ds.data[i, 27, 27].item() for i in range(len(ds))], [ds[i][1] for i in range(len(ds))])
ds.transform = None
print(ds)
print(ds.transform, ds[-1][1], ds.raw_folder[len(ROOT):])
`;
      const expected = await runPython(`ROOT = '${dir}/tv'\n${script}`);
      for (const layout of ["tv", "flat"]) {
        const r = await runTsl(`ROOT = '${dir}/${layout}'\n${script}`);
        assert.equal(r.stderr, "");
        assert.equal(r.stdout, expected.replaceAll(`${dir}/tv`, `${dir}/${layout}`));
      }
    });

    await t.step("ds.data and ds.targets can be replaced, as scripts do to take a subset", async () => {
      const r = await runTsl(`from torchvision import datasets
ds = datasets.MNIST('${dir}/flat')
ds.data, ds.targets = ds.data[1:3], ds.targets[1:3]
print(len(ds), ds[1][1], ds[-1][1], ds.targets)
`);
      assert.equal(r.stdout, "2 6 6 tensor([3, 6])\n");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("vision datasets: damaged or missing files raise a Python error naming the file", async (t) => {
  const dir = await Deno.makeTempDir();
  const images = `${dir}/train-images-idx3-ubyte.gz`;
  const setup = async (imageBytes: Uint8Array, labels = mnistSplit(5).labels) => {
    await writeMnist(dir, "flat-gz");
    await Deno.writeFile(images, imageBytes);
    await Deno.writeFile(`${dir}/train-labels-idx1-ubyte.gz`, gzipSync(labels));
  };
  const good = mnistSplit(5).images;
  const cases: [string, Uint8Array, string, RegExp, Uint8Array?][] = [
    [
      "truncated gzip",
      gzipSync(good).subarray(0, 500),
      "RuntimeError",
      /train-images-idx3-ubyte\.gz: corrupt or truncated gzip data/,
    ],
    [
      "truncated IDX data",
      gzipSync(good.subarray(0, 1000)),
      "RuntimeError",
      /truncated IDX data: the header declares 5x28x28 = 3920 values, the file holds 984/,
    ],
    [
      "not an IDX file",
      gzipSync(new TextEncoder().encode("<html>not found</html>")),
      "RuntimeError",
      /not an IDX file: bad magic number 0x3c68746d/,
    ],
    [
      "a header cut short",
      gzipSync(good.subarray(0, 10)),
      "RuntimeError",
      /truncated IDX header: 10 bytes, the header needs 16/,
    ],
    [
      "labels that do not match the images",
      gzipSync(good),
      "RuntimeError",
      /3 labels for the 5 images/,
      mnistSplit(3).labels,
    ],
  ];
  try {
    for (const [name, bytes, pyType, pattern, labels] of cases) {
      await t.step(name, async () => {
        await setup(bytes, labels);
        await assert.rejects(MNIST.create(dir), (e) => assertTorchErrorMatching(e, pyType, pattern));
      });
    }
    await t.step("a tsl script sees the Python exception and its line, no JavaScript stack", async () => {
      await setup(gzipSync(good.subarray(0, 1000)));
      const r = await runTsl(`import torchvision\nds = torchvision.datasets.MNIST('${dir}')\n`);
      assert.equal(r.ok, false);
      assert.equal(
        r.stderr,
        `Traceback (most recent call last):\n  File "test.tsl", line 2, in <module>\n` +
          `    ds = torchvision.datasets.MNIST('${dir}')\n` +
          `RuntimeError: ${images}: truncated IDX data: the header declares 5x28x28 = 3920 values, the file holds 984\n`,
      );
    });
    await t.step("no files: torchvision's message", async () => {
      const r = await runTsl(`import torchvision\nds = torchvision.datasets.FashionMNIST('${dir}/none')\n`);
      assert.match(r.stderr, /\nRuntimeError: Dataset not found. You can use download=True to download it\n$/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("vision datasets: CIFAR-10 and CIFAR-100 from pickled batches", async (t) => {
  // Expected values: torchvision 0.14 on tests/fixtures/vision (made by make_cifar.py), MD5 checks off.
  const cases: [typeof CIFAR10, boolean, number[], string, number[], number[], number, number][] = [
    [CIFAR10, true, [5, 0, 4, 0, 6, 1, 3, 9, 4, 2], "airplane", [187, 249, 112], [170, 136, 179], 392679, 3924795],
    [CIFAR10, false, [0, 1, 8], "airplane", [35, 93, 100], [175, 225, 28], 394283, 1180522],
    [CIFAR100, true, [90, 38, 26, 90], "class_00", [48, 26, 245], [124, 32, 157], 395335, 1577802],
    [CIFAR100, false, [22, 86], "class_00", [95, 9, 220], [80, 192, 138], 383482, 781515],
  ];
  for (const [cls, train, targets, firstClass, pixel57, pixel310, imageSum, dataSum] of cases) {
    await t.step(`${cls.name} ${train ? "train" : "test"}`, async () => {
      const ds = await cls.create(FIXTURES, { train });
      assert.equal(ds.length(), targets.length);
      assert.deepEqual([...ds.data.shape], [targets.length, 32, 32, 3]);
      assert.deepEqual(ds.targets, targets);
      assert.equal(ds.classes[0], firstClass);
      assert.equal(sum(ds.data.dataSync()), dataSum);
      const [img, label] = ds.get(targets.length - 1) as [VisionImage, number];
      assert.equal(label, targets.at(-1));
      assert.equal(img.mode, "RGB");
      assert.deepEqual(Array.from(img.data.slice((5 * 32 + 7) * 3, (5 * 32 + 8) * 3)), pixel57);
      assert.deepEqual(Array.from(img.data.slice(31 * 32 * 3, 31 * 32 * 3 + 3)), pixel310);
      assert.equal(sum(img.data), imageSum);
    });
  }
  await t.step("repr and attributes from tsl", async () => {
    const r = await runTsl(`from torchvision import datasets
ds = datasets.CIFAR100('${FIXTURES}', train=False)
print(ds)
print(ds.targets, ds.data.shape, ds.class_to_idx['class_99'], ds[1][1])
`);
    assert.equal(
      r.stdout,
      `Dataset CIFAR100\n    Number of datapoints: 2\n    Root location: ${FIXTURES}\n    Split: Test\n` +
        "[22, 86] torch.Size([2, 32, 32, 3]) 99 86\n",
    );
  });
  await t.step("a missing batch", async () => {
    await assert.rejects(
      CIFAR10.create(`${FIXTURES}/nowhere`),
      (e) => assertTorchErrorMatching(e, "RuntimeError", /^Dataset not found or corrupted\. You can use download=True/),
    );
  });
});

/** A class folder tree with PNGs in several modes, a JPEG, a non-image file and a nested folder. */
async function writeImageTree(root: string): Promise<void> {
  const gradient = (w: number, h: number, c: number, seed: number) =>
    Uint8Array.from({ length: w * h * c }, (_, i) => (i * seed + (i >> 3)) % 256);
  await Deno.mkdir(`${root}/cat/more`, { recursive: true });
  await Deno.mkdir(`${root}/dog`, { recursive: true });
  await Deno.mkdir(`${root}/bird`, { recursive: true });
  await Deno.writeFile(`${root}/cat/b.png`, encodePng(new VisionImage(5, 4, "RGB", gradient(5, 4, 3, 7))));
  await Deno.writeFile(`${root}/cat/A.PNG`, encodePng(new VisionImage(3, 2, "L", gradient(3, 2, 1, 29))));
  await Deno.writeFile(`${root}/cat/more/c.png`, encodePng(new VisionImage(2, 2, "RGBA", gradient(2, 2, 4, 11))));
  await Deno.writeFile(`${root}/cat/notes.txt`, new TextEncoder().encode("not an image"));
  await Deno.writeFile(`${root}/dog/d.jpg`, encodeJpeg(new VisionImage(16, 8, "RGB", gradient(16, 8, 3, 1))));
  await Deno.writeFile(`${root}/bird/e.png`, encodePng(new VisionImage(1, 1, "RGB", new Uint8Array([1, 2, 3]))));
}

Deno.test("vision datasets: ImageFolder", async (t) => {
  const root = await Deno.makeTempDir();
  try {
    await writeImageTree(root);
    const ds = await ImageFolder.create(root);
    await t.step("classes, samples and targets in torchvision's order", () => {
      assert.deepEqual(ds.classes, ["bird", "cat", "dog"]);
      assert.deepEqual(ds.samples.map(([p, c]) => [p.slice(root.length + 1), c]), [
        ["bird/e.png", 0],
        ["cat/A.PNG", 1],
        ["cat/b.png", 1],
        ["cat/more/c.png", 1],
        ["dog/d.jpg", 2],
      ]);
      assert.deepEqual(ds.targets, [0, 1, 1, 1, 2]);
    });
    await t.step("images are RGB, as PIL's convert('RGB') gives them", async () => {
      const [img, label] = await ds.get(1) as [VisionImage, number];
      assert.equal(label, 1);
      assert.equal(img.mode, "RGB");
      assert.deepEqual(Array.from(img.data.slice(0, 6)), [0, 0, 0, 29, 29, 29]);
    });
    await t.step("the same as torchvision (PNG exact, JPEG within the decoders' rounding)", async () => {
      if (!await hasTorchvision()) return console.log("skipped: python3-torchvision not installed");
      const script = `from torchvision import datasets
ds = datasets.ImageFolder(ROOT)
print(ds)
print(ds.classes, ds.class_to_idx, ds.targets)
print([(p[len(ROOT):], c) for p, c in ds.imgs])
for i in range(len(ds)):
    img, label = ds[i]
    print(label, img.size, img.mode)
odd = datasets.ImageFolder(ROOT, is_valid_file=lambda p: not p.endswith('b.png'))
print(len(odd), odd.targets, odd.extensions)
custom = datasets.ImageFolder(ROOT, loader=lambda p: p[-5:])
print(custom[0], custom[4])
folder = datasets.DatasetFolder(ROOT, loader=len, extensions=('.png', '.txt', '.jpg'), target_transform=lambda t: t * 10)
print(len(folder), [(p[len(ROOT):], c) for p, c in folder.samples], folder[1], folder.extensions)
print(datasets.folder.default_loader(ROOT + '/cat/b.png').size)
`;
      const pixelScript = `import json, numpy as np
print(json.dumps([np.asarray(ds[i][0]).reshape(-1).tolist() for i in range(len(ds))]))`;
      const [expected, pixelLine] = (await runPython(`ROOT = '${root}'\n${script}${pixelScript}`)).split(
        /(?<=\n)(?=\[\[)/,
      );
      const r = await runTsl(`ROOT = '${root}'\n${script}`);
      assert.equal(r.stderr, "");
      assert.equal(r.stdout, expected);
      const pixels = JSON.parse(pixelLine);
      for (let i = 0; i < ds.length(); i++) {
        const img = (await ds.get(i))[0] as VisionImage;
        const diff = Math.max(...Array.from(img.data, (v, k) => Math.abs(v - pixels[i][k])));
        assert.ok(diff <= (i === 4 ? 3 : 0), `image ${i}: max difference ${diff}`);
      }
    });
    await t.step("errors as torchvision raises them", async () => {
      await Deno.mkdir(`${root}/empty`);
      await assert.rejects(
        ImageFolder.create(root),
        (e) =>
          assertTorchErrorMatching(
            e,
            "FileNotFoundError",
            /^Found no valid file for the classes empty\. Supported extensions are: \.jpg, \.jpeg/,
          ),
      );
      await Deno.writeFile(
        `${root}/empty/broken.png`,
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
      );
      const broken = await ImageFolder.create(root);
      await assert.rejects(
        async () => await broken.get(5),
        (e) => assertTorchErrorMatching(e, "OSError", /empty\/broken\.png: broken PNG data/),
      );
      await Deno.writeFile(`${root}/empty/broken.png`, new TextEncoder().encode("text"));
      await assert.rejects(
        async () => await (await ImageFolder.create(root)).get(5),
        (e) => assertTorchErrorMatching(e, "OSError", /^cannot identify image file '.*empty\/broken\.png'$/),
      );
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("vision datasets: a VisionDataset subclass written in tsl, and datasets.utils", async () => {
  const source = (await Deno.readTextFile(`${FIXTURES}/vision_dataset.tsl`))
    .replace("ROOT = 'tests/fixtures/vision/", `ROOT = '${FIXTURES}/`);
  const r = await runTsl(source);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, await Deno.readTextFile(`${FIXTURES}/vision_dataset.expected`));
});

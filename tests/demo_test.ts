// The README's demo (scripts/fashion_mnist.tsl) on the shipped Fashion-MNIST subset, with few steps,
// and the seed's CIFAR-10 program (scripts/cifar10.tsl) on a small CIFAR-10 in the real format.
// Where PyTorch + torchvision are installed, the demo's output is compared with theirs line for line.

import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { decode } from "fast-png";

const root = new URL("../", import.meta.url).pathname;
const SUBSET = `${root}assets/fashion-mnist-subset`;
const dec = new TextDecoder();

async function run(cmd: string, args: string[], cwd = root) {
  const r = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

async function hasPython(modules: string): Promise<boolean> {
  try {
    return (await run("/usr/bin/python3", ["-c", `import ${modules}`])).code === 0;
  } catch {
    return false;
  }
}

/** The output without what depends on the machine or the folder: timings and the data root. */
const comparable = (out: string) =>
  out.split("\n").filter((l) =>
    !l.startsWith("Finished Training") && !l.includes(" images from ") && !l.startsWith("saved ")
  );

Deno.test("demo: LeNet-5 on the Fashion-MNIST subset", async (t) => {
  const out = await Deno.makeTempDir({ prefix: "tsl_demo_" });
  const args = ["--max-steps", "30", "--epochs", "1", "--out", out];
  const tsl = await run(Deno.execPath(), [
    "run",
    "-A",
    "mod.ts",
    "scripts/fashion_mnist.tsl",
    "--root",
    SUBSET,
    ...args,
  ]);

  await t.step("trains, reports the loss and the accuracies, and saves the model and the plot", async () => {
    assert.equal(tsl.err, "");
    assert.equal(tsl.code, 0);
    const lines = tsl.out.split("\n");
    assert.equal(lines[0], `5000 training and 1000 test images from ${SUBSET}, on cpu`);
    assert.deepEqual(lines.filter((l) => l.startsWith("[1, ")).map((l) => l.slice(0, 9)), [
      "[1,     7",
      "[1,    14",
      "[1,    21",
      "[1,    28",
    ]);
    assert.match(tsl.out, /Finished Training: 30 steps in [\d.]+ s/);
    assert.match(tsl.out, /Accuracy of the network on the 1000 test images: [\d.]+ %/);
    assert.equal(lines.filter((l) => /^Accuracy of +[\w\/ -]+ : +\d+ %$/.test(l)).length, 10);
    const png = decode(await Deno.readFile(`${out}/fashion_mnist_loss.png`));
    assert.deepEqual([png.width, png.height], [640, 480]);
    const check = await run(Deno.execPath(), [
      "run",
      "-A",
      "mod.ts",
      "-c",
      `import torch\nsd = torch.load('${out}/fashion_mnist_lenet.pt')\nprint(list(sd.keys())[:2], sd['fc3.weight'].shape)`,
    ]);
    assert.equal(check.out, "['conv1.weight', 'conv1.bias'] torch.Size([10, 84])\n", check.err);
  });

  await t.step("prints what PyTorch + torchvision print for the same run", async () => {
    if (!(await hasPython("torch, torchvision, matplotlib"))) {
      console.log("skipped: /usr/bin/python3 with torch, torchvision and matplotlib is not installed");
      return;
    }
    // torchvision itself needs root/FashionMNIST/raw/ with the unzipped files
    const tvRoot = await Deno.makeTempDir({ prefix: "tsl_demo_tv_" });
    await Deno.mkdir(`${tvRoot}/FashionMNIST/raw`, { recursive: true });
    for (
      const f of [
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
      ]
    ) {
      await Deno.writeFile(`${tvRoot}/FashionMNIST/raw/${f}`, gunzipSync(await Deno.readFile(`${SUBSET}/${f}.gz`)));
    }
    const py = await run("/usr/bin/python3", [`${root}scripts/fashion_mnist.tsl`, "--root", tvRoot, ...args]);
    assert.equal(py.code, 0, py.err);
    assert.deepEqual(comparable(tsl.out), comparable(py.out));
    await Deno.remove(tvRoot, { recursive: true });
  });
  await Deno.remove(out, { recursive: true });
});

Deno.test("cifar10.tsl: the seed's CIFAR-10 program", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "tsl_cifar_" });
  await t.step("without ./data it says how to get CIFAR-10 and exits with 1", async () => {
    const r = await run(Deno.execPath(), ["run", "-A", `${root}mod.ts`, `${root}scripts/cifar10.tsl`], dir);
    assert.equal(r.code, 1);
    assert.equal(r.out, "");
    assert.match(r.err, /^CIFAR-10 is not in \.\/data\/cifar-10-batches-py\. Get it with:\n {2}mkdir -p data && curl/);
  });
  await t.step("on a small CIFAR-10 in the real format it trains, tests and shows images", async () => {
    if (!(await hasPython("numpy"))) {
      console.log("skipped: /usr/bin/python3 with numpy is not installed (needed to write CIFAR-10 pickles)");
      return;
    }
    const make = `import os, pickle, numpy as np
rng = np.random.RandomState(0)
d = 'data/cifar-10-batches-py'
os.makedirs(d)
def write(name, n):
    with open(os.path.join(d, name), 'wb') as f:
        pickle.dump({'data': rng.randint(0, 256, (n, 3072)).astype(np.uint8),
                     'labels': [i % 10 for i in range(n)]}, f, protocol=2)
for i in range(1, 6):
    write('data_batch_%d' % i, 8)
write('test_batch', 20)
with open(os.path.join(d, 'batches.meta'), 'wb') as f:
    pickle.dump({'label_names': ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse',
                                 'ship', 'truck']}, f, protocol=2)
`;
    assert.equal((await run("/usr/bin/python3", ["-c", make], dir)).code, 0);
    const r = await run(Deno.execPath(), ["run", "-A", `${root}mod.ts`, `${root}scripts/cifar10.tsl`], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, "Figure saved to ./tsl_plot_1.png\n");
    const lines = r.out.trimEnd().split("\n");
    const names = "(plane|car|bird|cat|deer|dog|frog|horse|ship|truck)";
    assert.match(lines[0], new RegExp(`^( *${names}){4}$`));
    assert.equal(lines[1], "Finished Training");
    assert.match(lines[2], new RegExp(`^GroundTruth: ( *${names}){4}$`));
    assert.match(lines[3], new RegExp(`^Predicted: ( *${names}){4}$`));
    assert.match(lines[4], /^Accuracy of the network on the 10000 test images: \d+ %$/);
    assert.equal(lines.length, 15);
    const png = decode(await Deno.readFile(`${dir}/tsl_plot_1.png`));
    assert.ok(png.width > 0 && png.height > 0);
  });
  await Deno.remove(dir, { recursive: true });
});

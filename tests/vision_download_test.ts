// download=True for MNIST and CIFAR10 against a loopback HTTP server holding small archives made
// here: mirrors tried in order, MD5 verified after the download, .gz and .tar.gz extracted, files
// already present left alone. The printed lines are compared with what torchvision 0.14 prints for
// the same script against the same server.

import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import "../runtime/backends.ts";
import { TorchError } from "../runtime/errors.ts";
import { md5Hex } from "../runtime/vision/datasets/md5.ts";
import { MNIST } from "../runtime/vision/datasets/mnist.ts";
import { CIFAR10 } from "../runtime/vision/datasets/cifar.ts";
import { hasTorchvision, mnistSplit, runPython, runTsl } from "./fixtures/vision/helpers.ts";

const FIXTURES = new URL("./fixtures/vision/", import.meta.url).pathname;

/** Serves `files` under /good/; everything else is a 404. */
function serve(files: Map<string, Uint8Array>): { base: string; server: Deno.HttpServer } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    const body = path.startsWith("/good/") ? files.get(path.slice(6)) : undefined;
    return body ? new Response(body.slice()) : new Response("no such file", { status: 404 });
  });
  return { base: `http://127.0.0.1:${server.addr.port}`, server };
}

/** A loopback URL nothing listens on. */
function refusedBase(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

async function cifarArchive(): Promise<Uint8Array> {
  const r = await new Deno.Command("tar", { args: ["-cz", "cifar-10-batches-py"], cwd: FIXTURES, stdout: "piped" })
    .output();
  assert.ok(r.success, "tar failed");
  return r.stdout;
}

Deno.test("vision download: MNIST and CIFAR10 from a loopback server", async (t) => {
  const train = mnistSplit(4), test = mnistSplit(2, 5);
  const gz: [string, Uint8Array][] = [
    ["train-images-idx3-ubyte.gz", gzipSync(train.images)],
    ["train-labels-idx1-ubyte.gz", gzipSync(train.labels)],
    ["t10k-images-idx3-ubyte.gz", gzipSync(test.images)],
    ["t10k-labels-idx1-ubyte.gz", gzipSync(test.labels)],
  ];
  const tgz = await cifarArchive();
  const files = new Map([...gz, ["cifar-10-python.tar.gz", tgz]]);
  const resources: [string, string][] = gz.map(([name, bytes]) => [name, md5Hex(bytes)]);
  const { base, server } = serve(files);
  const refused = refusedBase();
  const dir = await Deno.makeTempDir();
  try {
    await t.step("the TypeScript API: dead mirror, then a good one; MD5 checked; .gz extracted", async () => {
      const lines: string[] = [];
      const ds = await MNIST.create(`${dir}/api`, {
        train: false,
        download: true,
        mirrors: [`${base}/dead/`, `${base}/good/`],
        resources,
        log: (l) => lines.push(l),
      });
      assert.deepEqual([...(ds.targets as never as { dataSync(): Float64Array }).dataSync()], [5, 8]);
      const raw = `${dir}/api/MNIST/raw`;
      assert.deepEqual(lines.slice(0, 6), [
        `Downloading ${base}/dead/train-images-idx3-ubyte.gz`,
        "Failed to download (trying next):\nHTTP Error 404: Not Found",
        "",
        `Downloading ${base}/good/train-images-idx3-ubyte.gz`,
        `Downloading ${base}/good/train-images-idx3-ubyte.gz to ${raw}/train-images-idx3-ubyte.gz`,
        `Extracting ${raw}/train-images-idx3-ubyte.gz to ${raw}`,
      ]);
      assert.deepEqual(await Deno.readFile(`${raw}/train-images-idx3-ubyte`), train.images);
      lines.length = 0;
      await MNIST.create(`${dir}/api`, { download: true, log: (l) => lines.push(l) });
      assert.deepEqual(lines, [], "files already there are not downloaded again");
    });

    await t.step("a wrong MD5 fails after the download", async () => {
      await assert.rejects(
        MNIST.create(`${dir}/md5`, {
          download: true,
          mirrors: [`${base}/good/`],
          resources: [[resources[0][0], "0".repeat(32)], ...resources.slice(1)],
          log: () => {},
        }),
        (e) => e instanceof TorchError && e.pyType === "RuntimeError" && e.message === "File not found or corrupted.",
      );
    });

    await t.step("CIFAR10: the .tar.gz is verified and unpacked", async () => {
      const lines: string[] = [];
      const ds = await CIFAR10.create(`${dir}/cifar`, {
        download: true,
        url: `${base}/good/cifar-10-python.tar.gz`,
        tgzMd5: md5Hex(tgz),
        log: (l) => lines.push(l),
      });
      assert.deepEqual(ds.targets, [5, 0, 4, 0, 6, 1, 3, 9, 4, 2]);
      assert.deepEqual(lines, [
        `Downloading ${base}/good/cifar-10-python.tar.gz to ${dir}/cifar/cifar-10-python.tar.gz`,
        `Extracting ${dir}/cifar/cifar-10-python.tar.gz to ${dir}/cifar`,
      ]);
      lines.length = 0;
      await CIFAR10.create(`${dir}/cifar`, { download: true, log: (l) => lines.push(l) });
      assert.deepEqual(lines, ["Files already downloaded and verified"]);
    });

    await t.step("a tsl script prints what torchvision prints for the same downloads", async () => {
      if (!await hasTorchvision()) return console.log("skipped: python3-torchvision not installed");
      const script = `from torchvision import datasets
datasets.MNIST.mirrors = [BASE + '/dead/', BASE + '/good/']
datasets.MNIST.resources = RESOURCES
ds = datasets.MNIST(ROOT, train=False, download=True)
print(len(ds), ds.targets.tolist())
ds = datasets.MNIST(ROOT, download=True)
print(len(ds), ds.targets.tolist())
datasets.MNIST.mirrors = [REFUSED + '/', BASE + '/dead/']
try:
    datasets.MNIST(ROOT + '2', download=True)
except RuntimeError as e:
    print('RuntimeError:', e)
datasets.MNIST.mirrors = [BASE + '/good/']
datasets.MNIST.resources = [(RESOURCES[0][0], '0' * 32)] + RESOURCES[1:]
try:
    datasets.MNIST(ROOT + '3', download=True)
except RuntimeError as e:
    print('RuntimeError:', e)
datasets.CIFAR10.url = BASE + '/good/cifar-10-python.tar.gz'
datasets.CIFAR10.tgz_md5 = '${md5Hex(tgz)}'
datasets.CIFAR10.train_list = [[name, None] for name, md5 in datasets.CIFAR10.train_list]
datasets.CIFAR10.test_list = [[name, None] for name, md5 in datasets.CIFAR10.test_list]
datasets.CIFAR10.meta['md5'] = None
ds = datasets.CIFAR10(ROOT, download=True)
print(len(ds), ds.targets)
ds = datasets.CIFAR10(ROOT, download=True, train=False)
print(len(ds), ds.targets)
`;
      const header = (root: string) =>
        `BASE = '${base}'\nREFUSED = '${refused}'\nROOT = '${root}'\n` +
        `RESOURCES = [${resources.map(([f, m]) => `('${f}', '${m}')`).join(", ")}]\n`;
      const expected = await runPython(header(`${dir}/py`) + script);
      const r = await runTsl(header(`${dir}/tsl`) + script);
      assert.equal(r.stderr, "");
      assert.equal(r.stdout, expected.replaceAll(`${dir}/py`, `${dir}/tsl`));
    });
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

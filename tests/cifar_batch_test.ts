// The CIFAR batch reader on fixtures made by scripts/fixtures/make_cifar_fixtures.py (numpy + pickle);
// expected values are what /usr/bin/python3 printed for the same files.

import assert from "node:assert/strict";
import { readCifarBatch, readCifarMeta } from "../runtime/io/cifar_batch.ts";
import { UnpicklingError } from "../runtime/io/pickle_values.ts";

const dir = new URL("./fixtures/cifar/", import.meta.url);
const read = (name: string) => Deno.readFileSync(new URL(name, dir));

Deno.test("CIFAR batch reader", async (t) => {
  await t.step("Python 3 protocol-2 pickle (bytes through _codecs.encode)", () => {
    const b = readCifarBatch(read("cifar10_batch"), "cifar10_batch");
    assert.deepEqual(b.count, 3);
    assert.deepEqual(b.labels, [3, 0, 9]);
    assert.deepEqual(b.coarseLabels, undefined);
    assert.deepEqual(b.data.length, 3 * 3072);
    assert.deepEqual([b.data[2 * 3072], b.data[2 * 3072 + 2048], b.data[2 * 3072 + 3071]], [87, 116, 249]);
  });
  await t.step("Python 2 pickle with BINSTRING payload, fine and coarse labels", () => {
    const b = readCifarBatch(read("cifar100_py2"), "cifar100_py2");
    assert.deepEqual(b.count, 2);
    assert.deepEqual(b.labels, [19, 71]);
    assert.deepEqual(b.coarseLabels, [11, 10]);
    assert.deepEqual([b.data[3072], b.data[3073], b.data[3072 + 1024], b.data[3072 + 3071]], [169, 176, 58, 80]);
  });
  await t.step("meta files: label_names and fine_label_names (latin1)", () => {
    assert.deepEqual(readCifarMeta(read("cifar10_meta"), "batches.meta"), ["airplane", "automobile", "bird"]);
    assert.deepEqual(readCifarMeta(read("cifar100_meta_py2"), "meta"), ["apple", "caf\u00e9"]);
  });
  await t.step("a foreign or truncated file is refused with a clear message", () => {
    assert.throws(
      () => readCifarBatch(new TextEncoder().encode("xyz"), "f"),
      (e) => e instanceof UnpicklingError && e.message === "f: invalid load key, 'x'.",
    );
    const full = read("cifar100_py2");
    assert.throws(
      () => readCifarBatch(full.subarray(0, 500), "g"),
      (e) => e instanceof UnpicklingError && e.message === "g: pickle data was truncated",
    );
  });
});

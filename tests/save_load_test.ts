// torch.save / torch.load in tsl: round trips of every dtype, views, Parameters and nested structures
// through runtime/io (TypeScript API) and through the Python bindings; the pickle VM's refusals; error
// messages as PyTorch 1.13 prints them; atomic writes.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import { Tensor } from "../runtime/tensor.ts";
import { Parameter } from "../runtime/nn/parameter.ts";
import { torchSaveBytes } from "../runtime/io/torch_save.ts";
import { torchLoadBytes } from "../runtime/io/torch_load.ts";
import { PickleDevice, PickleDict, PickleFloat, PickleTuple, UnpicklingError } from "../runtime/io/pickle_values.ts";
import { readPickle } from "../runtime/io/pickle_reader.ts";
import { PickleGlobal, PicklePersistent, PickleReduce, writePickle } from "../runtime/io/pickle_writer.ts";
import { getDevice, hasBackend } from "../runtime/device.ts";
import { ZipReader } from "../runtime/io/zip_reader.ts";
import { ZipWriter } from "../runtime/io/zip_writer.ts";
import { writeFileAtomic } from "../runtime/io/atomic_write.ts";

const roundTrip = async (value: unknown) => torchLoadBytes(await torchSaveBytes(value));
const values = (t: Tensor) => Array.from(t.dataSync());

Deno.test("torch.save / torch.load round trips (TypeScript API)", async (t) => {
  await t.step("every dtype keeps its values, shape and dtype", async () => {
    const cases: [Tensor, number[]][] = [
      [Tensor.fromArray([0.5, -1.25, 3e-8, 1e30], [2, 2], "float32"), [
        0.5,
        -1.25,
        Math.fround(3e-8),
        Math.fround(1e30),
      ]],
      [Tensor.fromArray([1 / 3, -2.5e-300], [2], "float64"), [1 / 3, -2.5e-300]],
      [Tensor.fromArray([0, -5, 2 ** 40, -(2 ** 52)], [4], "int64"), [0, -5, 2 ** 40, -(2 ** 52)]],
      [Tensor.fromArray([1, -2, 2 ** 31 - 1], [3], "int32"), [1, -2, 2 ** 31 - 1]],
      [Tensor.fromArray([0, 7, 255], [3, 1], "uint8"), [0, 7, 255]],
      [Tensor.fromArray([1, 0, 1], [3], "bool"), [1, 0, 1]],
      [Tensor.fromArray([2.5], [], "float32"), [2.5]],
      [Tensor.fromArray([], [0, 3], "float32"), []],
    ];
    for (const [x, expected] of cases) {
      const y = await roundTrip(x) as Tensor;
      assert.equal(y.dtype, x.dtype);
      assert.deepEqual(y.shape, x.shape);
      assert.deepEqual(values(y), expected);
    }
  });

  await t.step("views of one storage are saved once and load sharing storage, strides and offsets", async () => {
    const base = Tensor.fromArray(Array.from({ length: 12 }, (_, i) => i), [3, 4], "float32");
    const tr = base.view([4, 3], [1, 4], 0);
    const block = base.view([2, 2], [4, 1], 5);
    const bytes = await torchSaveBytes(new PickleDict().set("base", base).set("t", tr).set("block", block));
    assert.deepEqual(new ZipReader(bytes).names(), ["archive/data.pkl", "archive/data/0", "archive/version"]);
    const d = torchLoadBytes(bytes) as PickleDict;
    const [b2, t2, k2] = ["base", "t", "block"].map((k) => d.get(k) as Tensor);
    assert.equal(b2.storage, t2.storage);
    assert.equal(b2.storage, k2.storage);
    assert.deepEqual([t2.strides, k2.strides, k2.offset], [[1, 4], [4, 1], 5]);
    assert.deepEqual(values(t2), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    assert.deepEqual(values(k2), [5, 6, 9, 10]);
  });

  await t.step("Parameters and requires_grad survive; one tensor twice loads as one object", async () => {
    const p = new Parameter(Tensor.fromArray([1.5, -2], [2], "float32"), true);
    const frozen = new Parameter(Tensor.fromArray([3], [1], "float32"), false);
    const g = Tensor.fromArray([1, 2], [2], "float32");
    g.requiresGrad = true;
    const list = await roundTrip([p, frozen, g, g]) as Tensor[];
    assert.ok(list[0] instanceof Parameter && list[0].requiresGrad);
    assert.ok(list[1] instanceof Parameter && !list[1].requiresGrad);
    assert.ok(!(list[2] instanceof Parameter) && list[2].requiresGrad);
    assert.equal(list[2], list[3]);
    assert.deepEqual(values(list[0]), [1.5, -2]);
  });

  await t.step("nested dicts (int keys), lists, tuples, numbers, strings, None, devices", async () => {
    const inner = new PickleDict().set(0, new PickleDict().set("step", 3)).set(1, null);
    const od = new PickleDict(true).set("z", 1).set("a", 2);
    od.attributes.set("_metadata", new PickleDict(true).set("", new PickleDict().set("version", 1)));
    const value = new PickleDict()
      .set("state", inner)
      .set("nested", [1, new PickleTuple([2, "a\u00e9\u{1F600}"]), [], new PickleTuple([])])
      .set("floats", [new PickleFloat(0.25), new PickleFloat(3), new PickleFloat(-Infinity)])
      .set("ints", [255, 256, 65536, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, 2n ** 64n + 1n, -(2n ** 70n)])
      .set("flags", [true, false, null])
      .set("device", new PickleDevice("cuda", 0))
      .set("ordered", od);
    const back = await roundTrip(value) as PickleDict;
    assert.deepEqual(back, value);
    const floats = back.get("floats") as PickleFloat[];
    assert.ok(floats[1] instanceof PickleFloat && floats[1].value === 3);
  });
});

Deno.test("torch.load: saved locations, map_location and foreign archives", async (t) => {
  const cudaArchive = () => {
    const storage = new PicklePersistent(
      new PickleTuple(["storage", new PickleGlobal("torch", "FloatStorage"), "0", "cuda:0", 2]),
    );
    const tensor = new PickleReduce(new PickleGlobal("torch._utils", "_rebuild_tensor_v2"), [
      storage,
      0,
      new PickleTuple([2]),
      new PickleTuple([1]),
      false,
      new PickleDict(true),
    ]);
    const zip = new ZipWriter();
    zip.addRecord("ck/data.pkl", writePickle(tensor));
    zip.addRecord("ck/data/0", new Uint8Array(new Float32Array([1.5, -2]).buffer));
    zip.addRecord("ck/version", new TextEncoder().encode("3\n"));
    return new Uint8Array(zip.finish().flatMap((c) => [...c]));
  };
  await t.step("a CUDA-saved storage goes where map_location says", () => {
    const x = torchLoadBytes(cudaArchive(), { mapLocation: () => getDevice("cpu") }) as Tensor;
    assert.deepEqual([x.device.type, values(x)], ["cpu", [1.5, -2]]);
  });
  await t.step("without map_location and without a GPU, PyTorch's CPU-only message", () => {
    if (hasBackend("webgpu")) return; // a GPU is up in this process: the storage would load there
    assert.throws(
      () => torchLoadBytes(cudaArchive()),
      /^RuntimeError: Attempting to deserialize object on a CUDA device but torch.cuda.is_available\(\) is False/,
    );
  });
  await t.step("a zip that torch.save did not write", () => {
    const zip = new ZipWriter();
    zip.addRecord("foo/bar.txt", new TextEncoder().encode("hi"));
    assert.throws(
      () => torchLoadBytes(new Uint8Array(zip.finish().flatMap((c) => [...c]))),
      (e) => e instanceof Error && e.message.startsWith('Expected hasRecord("version") to be true, but got false.'),
    );
  });
});

Deno.test("pickle VM: refuses what a checkpoint never needs", async (t) => {
  const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  await t.step("a global outside the allowed set is named, never called", () => {
    const evil = latin("\x80\x02cos\nsystem\nX\x02\x00\x00\x00lsq\x00\x85R.");
    assert.throws(
      () => readPickle(evil, { findClass: () => undefined }),
      (e) => e instanceof UnpicklingError && e.message === "Unsupported class os.system",
    );
  });
  await t.step("torch.load words it as PyTorch's weights_only unpickler does", () => {
    const zip = new ZipWriter();
    zip.addRecord("archive/data.pkl", latin("\x80\x02cos\nsystem\n)R."));
    zip.addRecord("archive/version", latin("3\n"));
    const bytes = new Uint8Array(zip.finish().flatMap((c) => [...c]));
    assert.throws(
      () => torchLoadBytes(bytes),
      (e) => e instanceof UnpicklingError && /WeightsUnpickler error: Unsupported class os.system$/.test(e.message),
    );
  });
  await t.step("reads what CPython writes at protocols 4 (frames, memoize) and 0 (text)", () => {
    // pickle.dumps({'a': [1, 2.5, 'x\u00e9', None, True, (1, 2)], 'b': b'\x00\x01', 'big': 2**70, 'neg': -3,
    // 'n': 70000}, protocol=4), and the same without 'b' and 'n' at protocol 0.
    const p4 = "80049554000000000000007d94288c0161945d94284b014740040000000000008c0378c3a9944e884b014b028694658c0162" +
      "9443020001948c03626967948a090000000000000000408c036e6567944afdffffff8c016e944a70110100752e";
    const bytes = Uint8Array.from(p4.match(/../g)!, (h) => parseInt(h, 16));
    const d = readPickle(bytes, { findClass: () => undefined }) as PickleDict;
    const list = [1, new PickleFloat(2.5), "x\u00e9", null, true, new PickleTuple([1, 2])];
    assert.deepEqual(d.get("a"), list);
    assert.deepEqual([d.get("b"), d.get("big"), d.get("neg"), d.get("n")], [
      new Uint8Array([0, 1]),
      2n ** 70n,
      -3,
      70000,
    ]);
    const p0 = latin(
      "(dp0\nVa\np1\n(lp2\nI1\naF2.5\naVx\xe9\np3\naNaI01\na(I1\nI2\ntp4\nasVbig\np5\n" +
        "L1180591620717411303424L\nsVneg\np6\nI-3\ns.",
    );
    const d0 = readPickle(p0, { findClass: () => undefined }) as PickleDict;
    assert.deepEqual([d0.get("a"), d0.get("big"), d0.get("neg")], [list, 2n ** 70n, -3]);
  });
  await t.step("writer and reader agree on memoized (shared) containers", () => {
    const shared = [1, 2];
    const back = readPickle(writePickle([shared, shared, new PickleTuple([shared])]), {
      findClass: () => undefined,
    }) as unknown[][];
    assert.equal(back[0], back[1]);
    assert.equal((back[2] as unknown as PickleTuple).items[0], back[0]);
  });
});

const dir = Deno.makeTempDirSync({ prefix: "tsl_save_load_" });

Deno.test("torch.save / torch.load from tsl scripts", async (t) => {
  await t.step("a checkpoint round trip prints what PyTorch prints", async () => {
    const r = await runTsl(`
import torch
import torch.nn as nn
from collections import OrderedDict
p = '${dir}/ck.pt'
base = torch.arange(6.).view(2, 3)
ck = {'epoch': 3, 'loss': 0.25, 'steps': (1, 2.0, None, True), 'opt': {0: {'step': 2}}, 'od': OrderedDict([('b', 1), ('a', 2)]),
      'x': base, 'xt': base.t(), 'l': torch.tensor([2 ** 40, -3]), 'w': nn.Parameter(torch.ones(2)), 'd': torch.device('cpu')}
torch.save(ck, p)
back = torch.load(p)
print(back)
back['x'][0, 1] = 9.0
print(back['xt'], type(back['od']).__name__, type(back['w']).__name__)
print(torch.load(open(p, 'rb'))['epoch'], torch.load(p, map_location='cpu')['l'], torch.load(p, map_location={'cpu': 'cpu'})['loss'])
`);
    // /usr/bin/python3 (torch 1.13) printed exactly this for the same script.
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `{'epoch': 3, 'loss': 0.25, 'steps': (1, 2.0, None, True), 'opt': {0: {'step': 2}}, 'od': OrderedDict([('b', 1), ('a', 2)]), 'x': tensor([[0., 1., 2.],
        [3., 4., 5.]]), 'xt': tensor([[0., 3.],
        [1., 4.],
        [2., 5.]]), 'l': tensor([1099511627776,            -3]), 'w': Parameter containing:
tensor([1., 1.], requires_grad=True), 'd': device(type='cpu')}
tensor([[0., 3.],
        [9., 4.],
        [2., 5.]]) OrderedDict Parameter
3 tensor([1099511627776,            -3]) 0.25
`,
    );
  });

  await t.step("corrupt, truncated, foreign and missing files give PyTorch's errors", async () => {
    const good = await torchSaveBytes(new PickleDict().set("a", Tensor.fromArray([1, 2, 3], [3], "float32")));
    Deno.writeFileSync(`${dir}/trunc.pt`, good.subarray(0, good.length - 30));
    Deno.writeFileSync(`${dir}/key.pt`, new TextEncoder().encode("xyz"));
    Deno.writeFileSync(`${dir}/hello.pt`, new TextEncoder().encode("hello world"));
    Deno.writeFileSync(`${dir}/pk.pt`, new Uint8Array([0x50, 0x4b, 3, 4]));
    Deno.writeFileSync(`${dir}/empty.pt`, new Uint8Array());
    const r = await runTsl(
      `
import torch
import torch.nn as nn
import pickle
for f in ['trunc.pt', 'key.pt', 'hello.pt', 'pk.pt', 'empty.pt', 'missing.pt']:
    try:
        torch.load('${dir}/' + f)
    except (RuntimeError, pickle.UnpicklingError, EOFError, FileNotFoundError) as e:
        print(type(e).__name__, str(e).replace('${dir}/', ''))
for obj, path in [(nn.Linear(2, 2), 'm.pt'), ({'a': 1}, 'no/such/dir/x.pt')]:
    try:
        torch.save(obj, '${dir}/' + path)
    except (TypeError, RuntimeError) as e:
        print(type(e).__name__, str(e).replace('${dir}/', ''))
torch.load('${dir}/key.pt')
`,
      "errors.tsl",
    );
    assert.equal(
      r.out,
      `RuntimeError PytorchStreamReader failed reading zip archive: failed finding central directory
UnpicklingError invalid load key, 'x'.
UnpicklingError Memo value not found at index 101
RuntimeError PytorchStreamReader failed reading zip archive: not a ZIP archive
EOFError Ran out of input
FileNotFoundError [Errno 2] No such file or directory: 'missing.pt'
TypeError cannot pickle 'Linear' object: tsl's torch.save does not save whole modules; save model.state_dict() instead and load it with model.load_state_dict(torch.load(path))
RuntimeError Parent directory no/such/dir does not exist.
`,
    );
    assert.match(
      r.err,
      /line 15, in <module>\n {4}torch.load\(.*\)\n_pickle.UnpicklingError: invalid load key, 'x'.\n$/,
    );
  });

  await t.step("Deno permission denials surface as PermissionError with the script's line", async () => {
    const script = `${dir}/perm.tsl`;
    Deno.writeTextFileSync(script, `import torch\nx = 1\ntorch.save({'a': torch.ones(2)}, '${dir}/perm.pt')\n`);
    const root = new URL("..", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", `--allow-read=${root},${script}`, "--allow-env", `${root}mod.ts`, script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1);
    assert.match(
      err,
      new RegExp(`line 3, in <module>\\n.*\\nPermissionError: \\[Errno 13\\] Permission denied: '${dir}/perm.pt'\\n$`),
    );
  });
});

Deno.test("atomic writes: a failed save leaves the previous file and no temporary file", async () => {
  const path = `${dir}/atomic.pt`;
  writeFileAtomic(path, [await torchSaveBytes(new PickleDict().set("v", 1))]);
  const before = Deno.readFileSync(path);
  const bad = [new Uint8Array(1000), "not bytes" as unknown as Uint8Array];
  assert.throws(() => writeFileAtomic(path, bad));
  assert.deepEqual(Deno.readFileSync(path), before);
  assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.includes("atomic.pt.")), []);
  assert.equal((torchLoadBytes(Deno.readFileSync(path)) as PickleDict).get("v"), 1);
  Deno.removeSync(dir, { recursive: true });
});

// safetensors: the byte format against the reference implementation's own test vectors, files that
// PyTorch wrote (by hand, with struct + json: the safetensors package is not installed) read by tsl
// and files tsl wrote read back by PyTorch (/usr/bin/python3), the library's argument errors, and
// clear errors naming the file for truncated or corrupt files.

import assert from "node:assert/strict";
import { createRuntime } from "../mod.ts";
import { initWebGPU } from "../runtime/backends.ts";
import { tensor } from "./helpers.ts";
import {
  deserializeSafetensors,
  loadSafetensors,
  saveSafetensors,
  serializeSafetensors,
} from "../runtime/io/safetensors.ts";
import { SafetensorError } from "../runtime/io/safetensors_format.ts";

const PYTHON = "/usr/bin/python3";
const dir = await Deno.makeTempDir({ prefix: "tsl_safetensors_" });

async function python(code: string): Promise<string | null> {
  try {
    const r = await new Deno.Command(PYTHON, { args: ["-c", code, dir], stdout: "piped", stderr: "piped" }).output();
    const err = new TextDecoder().decode(r.stderr);
    if (r.code !== 0 && /No module named 'torch'/.test(err)) return null;
    assert.equal(r.code, 0, err);
    return new TextDecoder().decode(r.stdout);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

async function run(source: string, device = "cpu"): Promise<string> {
  const printed: string[] = [];
  const rt = await createRuntime({ device, stdout: (s) => printed.push(s), stderr: (s) => printed.push(s) });
  const r = await rt.run(source.replaceAll("DIR", dir), "safetensors_case.tsl");
  assert.ok(r.ok, r.error);
  return printed.join("");
}

Deno.test("safetensors format", async (t) => {
  await t.step("writes the reference implementation's bytes", async () => {
    // safetensors/src/tensor.rs, test_serialization and test_empty.
    const one = await serializeSafetensors(new Map([["attn.0", tensor([0, 1, 2, 3, 4, 5], [1, 2, 3])]]));
    assert.deepEqual(Array.from(one), [
      ...[64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100],
      ...[116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34],
      ...[58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115],
      ...[101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63],
      ...[0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64],
    ]);
    assert.deepEqual(Array.from(await serializeSafetensors(new Map())), [
      8,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      123,
      125,
      ...Array(6).fill(32),
    ]);
    const meta = await serializeSafetensors(new Map(), { framework: "pt" });
    assert.deepEqual(Array.from(meta), [
      ...[40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95],
      ...[95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112],
      ...[116, 34, 125, 125, 32, 32, 32, 32, 32],
    ]);
  });

  await t.step("orders tensors by descending dtype alignment, then name", async () => {
    const bytes = await serializeSafetensors({
      z_bool: tensor([1, 0], [2], "bool"),
      b_f32: tensor([1.5], [1]),
      a_f32: tensor([2.5], [1]),
      u8: tensor([7], [1], "uint8"),
      i64: tensor([-3], [1], "int64"),
      f64: tensor([0.25], [1], "float64"),
      i32: tensor([9], [1], "int32"),
    });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    assert.deepEqual(Object.keys(header), ["i64", "f64", "a_f32", "b_f32", "i32", "u8", "z_bool"]);
    assert.deepEqual(header.a_f32, { dtype: "F32", shape: [1], data_offsets: [16, 20] });
    const back = deserializeSafetensors(bytes).tensors;
    assert.deepEqual([...back.keys()], ["a_f32", "b_f32", "f64", "i32", "i64", "u8", "z_bool"]);
    assert.deepEqual(Array.from(back.get("i64")!.dataSync()), [-3]);
    assert.equal(back.get("z_bool")!.dtype, "bool");
  });

  await t.step("files written by PyTorch load with their values, dtypes and shapes", async () => {
    const out = await python(`
import json, struct, sys, torch
torch.manual_seed(0)
t = {"w": torch.randn(3, 4), "d": torch.randn(2, dtype=torch.float64), "big": torch.tensor([2**40 + 3, -7]),
     "i": torch.tensor([[1, -2]], dtype=torch.int32), "u": torch.tensor([0, 200], dtype=torch.uint8),
     "m": torch.tensor([True, False, True]), "s": torch.tensor(1.25), "e": torch.zeros(0, 3),
     "h": torch.tensor([0.5, -2.0, 65504.0], dtype=torch.float16)}
code = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8",
        torch.bool: "BOOL", torch.float16: "F16"}
header, blobs, at = {"__metadata__": {"format": "pt"}}, [], 0
for k, v in t.items():
    b = v.numpy().tobytes()
    header[k] = {"dtype": code[v.dtype], "shape": list(v.shape), "data_offsets": [at, at + len(b)]}
    blobs.append(b)
    at += len(b)
text = json.dumps(header).encode()
with open(sys.argv[1] + "/torch.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
for k, v in sorted(t.items()):
    print(k, v.float().flatten().tolist(), list(v.shape))
`);
    if (out === null) return console.log("skipped: python3-torch not installed");
    const got = await run(`
from safetensors.torch import load_file
for k, v in load_file("DIR/torch.safetensors").items():
    print(k, v.float().flatten().tolist(), list(v.shape))
`);
    assert.equal(got, out);
    const dtypes = await run(`
from safetensors.torch import load_file
print([str(v.dtype) for v in load_file("DIR/torch.safetensors").values()])
`);
    // F16 has no tsl dtype: it widens to float32.
    assert.equal(
      dtypes,
      "['torch.int64', 'torch.float64', 'torch.float32', 'torch.float32', 'torch.int32', 'torch.bool', " +
        "'torch.float32', 'torch.uint8', 'torch.float32']\n",
    );
  });

  await t.step("files written by tsl load in PyTorch with the same values", async () => {
    await run(`
import torch
from safetensors.torch import save_file
torch.manual_seed(0)
save_file({"w": torch.randn(3, 4), "big": torch.tensor([2**40 + 3, -7]), "m": torch.tensor([True, False]),
           "d": torch.arange(3, dtype=torch.float64) / 3, "u": torch.tensor([255], dtype=torch.uint8)},
          "DIR/tsl.safetensors", metadata={"source": "tsl"})
`);
    const out = await python(`
import json, struct, sys, torch
raw = open(sys.argv[1] + "/tsl.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
print(header.pop("__metadata__"), list(header))
types = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "U8": torch.uint8, "BOOL": torch.bool}
for k, v in header.items():
    b, e = v["data_offsets"]
    t = torch.frombuffer(bytearray(raw[8 + n + b:8 + n + e]), dtype=types[v["dtype"]]).reshape(v["shape"])
    print(k, t)
torch.manual_seed(0)
print(torch.randn(3, 4))
`);
    if (out === null) return console.log("skipped: python3-torch not installed");
    const lines = out.split("\n");
    assert.equal(lines[0], "{'source': 'tsl'} ['big', 'd', 'w', 'u', 'm']");
    assert.match(out, /big tensor\(\[1099511627779, +-7\]\)/);
    assert.match(out, /m tensor\(\[ True, False\]\)/);
    assert.match(out, /u tensor\(\[255\], dtype=torch.uint8\)/);
    const w = out.slice(out.indexOf("w tensor(") + 2, out.indexOf("u tensor"));
    assert.equal(w.trim(), out.slice(out.lastIndexOf("tensor([[")).trim());
  });

  await t.step("saves atomically, replacing an existing file", async () => {
    const path = `${dir}/atomic.safetensors`;
    await Deno.writeTextFile(path, "old contents");
    await saveSafetensors({ x: tensor([1, 2]) }, path);
    assert.deepEqual(Array.from((await loadSafetensors(path)).get("x")!.dataSync()), [1, 2]);
    assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".tmp")), []);
  });
});

Deno.test("safetensors errors", async (t) => {
  const bad = async (name: string, bytes: Uint8Array) => {
    await Deno.writeFile(`${dir}/${name}`, bytes);
    return await run(`
from safetensors.torch import load_file
try:
    load_file("DIR/${name}")
except Exception as e:
    print(type(e).__module__, type(e).__name__, e)
`);
  };
  const withHeader = (header: string, data: number[] = [], length?: number) => {
    const text = new TextEncoder().encode(header);
    const out = new Uint8Array(8 + text.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(length ?? text.length), true);
    out.set(text, 8);
    out.set(data, 8 + text.length);
    return out;
  };

  await t.step("truncated and corrupt files raise SafetensorError naming the file", async () => {
    assert.equal(
      await bad("short.st", new Uint8Array([1, 2, 3])),
      `safetensors_rust SafetensorError Error while deserializing header: HeaderTooSmall (file '${dir}/short.st': 3 bytes, shorter than the 8-byte header length)\n`,
    );
    assert.match(
      await bad("long.st", withHeader("{}", [], 500)),
      /InvalidHeaderLength \(file '.*long\.st': header length 500 runs past the end of the 10-byte file\)/,
    );
    assert.match(await bad("json.st", withHeader("{not json")), /InvalidHeaderDeserialization \(file '.*json\.st'/);
    const f32 = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    assert.match(
      await bad("cut.st", withHeader(f32, [0, 0, 128, 63])),
      /MetadataIncompleteBuffer \(file '.*cut\.st': the tensors cover 8 data bytes but the file has 4/,
    );
    assert.match(
      await bad("gap.st", withHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', Array(8).fill(0))),
      /InvalidOffset \(file '.*gap\.st': tensor 'a'/,
    );
    assert.match(
      await bad("size.st", withHeader('{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,4]}}', Array(4).fill(0))),
      /TensorInvalidInfo \(file '.*size\.st': tensor 'a' \(F64, shape \[1\]\) needs 8 bytes/,
    );
    assert.match(
      await bad("dtype.st", withHeader('{"a":{"dtype":"X9","shape":[1],"data_offsets":[0,4]}}', Array(4).fill(0))),
      /InvalidHeaderDeserialization \(file '.*dtype\.st': tensor 'a' has unknown dtype "X9"\)/,
    );
    assert.throws(() => deserializeSafetensors(new Uint8Array(4), "cpu", "file 'x'"), SafetensorError);
  });

  await t.step("a missing file is FileNotFoundError", async () => {
    const out = await run(`
from safetensors.torch import load_file
try:
    load_file("DIR/missing.safetensors")
except FileNotFoundError as e:
    print(e)
`);
    assert.equal(out, `[Errno 2] No such file or directory: '${dir}/missing.safetensors'\n`);
  });

  await t.step("save_file refuses what the library refuses", async () => {
    const out = await run(`
import torch
from safetensors.torch import save_file
x = torch.zeros(4)
for args in [({"x": x, "y": x[1:3]},), ({"t": torch.zeros(2, 3).t()},), ([x],), ({"x": 1},),
             ({"x": x}, {"n": 1})]:
    try:
        save_file(args[0], "DIR/refused.safetensors", *args[1:])
    except Exception as e:
        print(type(e).__name__, e)
save_file({"a": x[:2], "b": x[2:]}, "DIR/halves.safetensors")
`);
    assert.equal(
      out,
      "RuntimeError Some tensors share memory, this will lead to duplicate memory on disk and potential " +
        "differences when loading them again: [{'x', 'y'}]\n" +
        "ValueError You are trying to save a non contiguous tensor: `t` which is not allowed. It either means you " +
        "are trying to save tensors which are reference of each other in which case it's recommended to save only " +
        "the full tensors, and reslice at load time, or simply call `.contiguous()` on your tensor to pack it " +
        "before saving.\n" +
        "ValueError Expected a dict of [str, torch.Tensor] but received <class 'list'>\n" +
        "ValueError Key `x` is invalid, expected torch.Tensor but received <class 'int'>\n" +
        "TypeError argument 'metadata': 'int' object cannot be converted to 'PyString'\n",
    );
    assert.ok(!(await exists(`${dir}/refused.safetensors`)));
    assert.ok(await exists(`${dir}/halves.safetensors`));
  });
});

const hasWebGPU = (await initWebGPU()) !== undefined;
Deno.test({ name: "safetensors on webgpu", ignore: !hasWebGPU }, async () => {
  const out = await run(
    `
import torch
from safetensors.torch import save_file, load_file
a = torch.arange(6, dtype=torch.float32).reshape(2, 3) * 0.5
save_file({"a": a, "n": torch.tensor([3, -4]), "m": torch.tensor([True, False]),
           "u": torch.tensor([200], dtype=torch.uint8), "i": torch.tensor([-5], dtype=torch.int32)}, "DIR/gpu.safetensors")
on_gpu = load_file("DIR/gpu.safetensors", device="cuda")
on_cpu = load_file("DIR/gpu.safetensors")
print(a.device, on_gpu["a"].device, on_cpu["a"].device)
print(on_gpu["a"].tolist(), on_cpu["n"].tolist())
print([(k, v.tolist(), str(v.dtype)) for k, v in on_gpu.items() if k in "imu"])
`,
    "webgpu",
  );
  assert.equal(
    out,
    "cuda:0 cuda:0 cpu\n[[0.0, 0.5, 1.0], [1.5, 2.0, 2.5]] [3, -4]\n" +
      "[('i', [-5], 'torch.int32'), ('m', [True, False], 'torch.bool'), ('u', [200], 'torch.uint8')]\n",
  );
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("safetensors cleanup", () => Deno.removeSync(dir, { recursive: true }));

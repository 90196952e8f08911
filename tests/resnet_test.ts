// torchvision.models.resnet18/34 against torchvision 0.14.1 run by /usr/bin/python3 at test time: the
// same weights from the same seed, the same repr and state_dict keys, and a state_dict saved by
// PyTorch (torch.save, and safetensors written by hand) that loads into tsl's resnet18 and gives
// PyTorch's logits within 1e-4, in eval mode on cpu and webgpu. Then transfer learning: freezing
// and a new fc, where a training step changes only fc.

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { createRuntime } from "../mod.ts";
import { initWebGPU } from "../runtime/backends.ts";
import { Tensor } from "../runtime/tensor.ts";

const PYTHON = "/usr/bin/python3";

// Writes the fixtures and prints a JSON summary. The BN running stats are moved away from their
// defaults by a few train-mode passes, so eval mode really uses them.
const GENERATE = `
import json, struct, sys, torch, torchvision
out = sys.argv[1]

def save_safetensors(sd, path):
    names = {torch.float32: "F32", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for k, v in sd.items():
        data = v.contiguous().numpy().tobytes()
        header[k] = {"dtype": names[v.dtype], "shape": list(v.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))

def head(t, n=4):
    return [float(v) for v in t.detach().flatten()[:n]]

torch.manual_seed(0)
m = torchvision.models.resnet18()
init = {"conv1": head(m.conv1.weight), "layer4": head(m.layer4[1].conv2.weight.flatten()[-4:]),
        "fc_w": head(m.fc.weight), "fc_b": head(m.fc.bias)}
repr18, keys18 = str(m), list(m.state_dict().keys())
torch.manual_seed(3)
m34 = torchvision.models.resnet34(num_classes=10)
init34 = {"conv1": head(m34.layer3[5].conv1.weight), "fc_w": head(m34.fc.weight)}
repr34 = str(m34)
bottleneck = str(torchvision.models.resnet.Bottleneck(256, 64, stride=2))
with torch.no_grad():
    for i in range(3):
        m(torch.randn(4, 3, 64, 64) * (i + 1) + i)
m.eval()
torch.save(m.state_dict(), out + "/resnet18.pth")
save_safetensors(m.state_dict(), out + "/resnet18.safetensors")
x = ((torch.arange(2 * 3 * 64 * 64, dtype=torch.float32) % 97) / 48.0 - 1.0).reshape(2, 3, 64, 64)
with torch.no_grad():
    logits = m(x)
print(json.dumps({"init": init, "init34": init34, "repr18": repr18, "repr34": repr34, "keys18": keys18,
                  "logits": logits.flatten().tolist(), "bn_var": head(m.layer4[1].bn2.running_var, 8), "bottleneck": bottleneck}))
`;

interface Expected {
  init: Record<string, number[]>;
  init34: Record<string, number[]>;
  repr18: string;
  repr34: string;
  keys18: string[];
  logits: number[];
  bn_var: number[];
  bottleneck: string;
}

async function generate(dir: string): Promise<Expected | null> {
  try {
    const r = await new Deno.Command(PYTHON, { args: ["-c", GENERATE, dir], stdout: "piped", stderr: "piped" })
      .output();
    if (r.code !== 0) {
      const err = new TextDecoder().decode(r.stderr);
      if (/No module named '(torch|torchvision)'/.test(err)) return null;
      throw new Error(`generating the fixtures failed:\n${err}`);
    }
    return JSON.parse(new TextDecoder().decode(r.stdout));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

const dir = await Deno.makeTempDir({ prefix: "tsl_resnet_" });
const expected = await generate(dir);
const removeFixtures = () => Deno.removeSync(dir, { recursive: true });
if (!expected) {
  removeFixtures();
  console.log("skipped: resnet tests need python3-torch and python3-torchvision, not installed");
}
const hasWebGPU = expected !== null && (await initWebGPU()) !== undefined;
if (expected && !hasWebGPU) console.log("resnet on webgpu skipped: no WebGPU adapter");

/** Runs tsl source on `device`; fails with the traceback if it raises. */
async function run(source: string, device = "cpu") {
  const printed: string[] = [], errors: string[] = [];
  const rt = await createRuntime({ device, stdout: (s) => printed.push(s), stderr: (s) => errors.push(s) });
  const r = await rt.run(source, "resnet_case.tsl");
  assert.ok(r.ok, r.error);
  return { rt, out: printed.join(""), err: errors.join("") };
}

const values = async (t: unknown): Promise<number[]> => {
  assert.ok(t instanceof Tensor);
  return Array.from(await t.data());
};

function assertWithin(actual: number[], want: number[], tol: number, what: string): void {
  assert.equal(actual.length, want.length, `${what}: length`);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - want[i])));
  assert.ok(worst <= tol, `${what}: max |diff| ${worst} > ${tol}`);
}

const LOAD_AND_RUN = (load: string) => `
import torch
import torchvision
from safetensors.torch import load_file
torch.manual_seed(1)
model = torchvision.models.resnet18()
result = model.load_state_dict(${load})
model.eval()
x = ((torch.arange(2 * 3 * 64 * 64, dtype=torch.float32) % 97) / 48.0 - 1.0).reshape(2, 3, 64, 64)
with torch.no_grad():
    logits = model(x)
print(result)
`;

Deno.test({ name: "torchvision resnet", ignore: !expected, sanitizeResources: false }, async (t) => {
  const want = expected!;

  // Same draws in the same order; tsl's normal_ can differ from PyTorch's vectorised one in the last
  // bit of a float32 (about 4e-9 here), hence 1e-7 rather than exact equality.
  await t.step("resnet18 and resnet34 draw PyTorch's weights from the same seed", async () => {
    const { rt } = await run(`
import torch
import torchvision
torch.manual_seed(0)
m = torchvision.models.resnet18()
conv1, layer4, fc_w, fc_b = m.conv1.weight.flatten()[:4], m.layer4[1].conv2.weight.flatten()[-4:], m.fc.weight.flatten()[:4], m.fc.bias[:4]
repr18, keys18 = str(m), list(m.state_dict().keys())
torch.manual_seed(3)
m34 = torchvision.models.resnet34(num_classes=10)
conv34, fc34 = m34.layer3[5].conv1.weight.flatten()[:4], m34.fc.weight.flatten()[:4]
repr34 = str(m34)
bottleneck = str(torchvision.models.resnet.Bottleneck(256, 64, stride=2))
`);
    const g = (name: string) => values(rt.getGlobal(name));
    assertWithin(await g("conv1"), want.init.conv1, 1e-7, "conv1.weight");
    assertWithin(await g("layer4"), want.init.layer4, 1e-7, "layer4[1].conv2.weight");
    assertWithin(await g("fc_w"), want.init.fc_w, 1e-7, "fc.weight");
    assertWithin(await g("fc_b"), want.init.fc_b, 1e-7, "fc.bias");
    assertWithin(await g("conv34"), want.init34.conv1, 1e-7, "resnet34 layer3[5].conv1.weight");
    assertWithin(await g("fc34"), want.init34.fc_w, 1e-7, "resnet34 fc.weight");
    assert.equal(rt.getGlobal("repr18"), want.repr18);
    assert.equal(rt.getGlobal("repr34"), want.repr34);
    assert.equal(rt.getGlobal("bottleneck"), want.bottleneck);
    assert.deepEqual(rt.getGlobal("keys18"), want.keys18);
  });

  await t.step("a state_dict written as safetensors by PyTorch gives PyTorch's logits (cpu)", async () => {
    const { rt, out } = await run(
      LOAD_AND_RUN(`load_file("${dir}/resnet18.safetensors")`),
    );
    assert.equal(out, "<All keys matched successfully>\n");
    assertWithin(await values(rt.getGlobal("logits")), want.logits, 1e-4, "logits");
  });

  await t.step({
    name: "the same on webgpu",
    ignore: !hasWebGPU,
    fn: async () => {
      const { rt } = await run(
        LOAD_AND_RUN(`load_file("${dir}/resnet18.safetensors")`),
        "webgpu",
      );
      assertWithin(await values(rt.getGlobal("logits")), want.logits, 1e-4, "logits on webgpu");
    },
  });

  await t.step("a state_dict saved by torch.save gives PyTorch's logits (cpu)", async () => {
    const { rt, out } = await run(LOAD_AND_RUN(`torch.load("${dir}/resnet18.pth")`));
    assert.equal(out, "<All keys matched successfully>\n");
    assertWithin(await values(rt.getGlobal("logits")), want.logits, 1e-4, "logits");
  });
  await t.step("weights=DEFAULT loads a checkpoint already in torch hub's cache, without network", async () => {
    const checkpoints = `${dir}/torch_home/hub/checkpoints`;
    await Deno.mkdir(checkpoints, { recursive: true });
    await Deno.copyFile(`${dir}/resnet18.pth`, `${checkpoints}/resnet18-f37072fd.pth`);
    Deno.env.set("TORCH_HOME", `${dir}/torch_home`);
    try {
      const { rt, err } = await run(`
import torchvision
model = torchvision.models.resnet18(weights=torchvision.models.ResNet18_Weights.DEFAULT)
bn_var = model.layer4[1].bn2.running_var[:8]
`);
      assert.equal(err, "");
      assertWithin(await values(rt.getGlobal("bn_var")), want.bn_var, 0, "running_var from the hub cache");
    } finally {
      Deno.env.delete("TORCH_HOME");
    }
  });

  await t.step("a failed download says where to put the file", async () => {
    const { out, err } = await run(`
from torchvision.models.resnet import load_state_dict_from_url
try:
    load_state_dict_from_url("http://127.0.0.1:9/resnet18-f37072fd.pth", model_dir="${dir}/empty")
except OSError as e:
    print(type(e).__module__, type(e).__name__)
    print(e)
`);
    assert.equal(
      err,
      `Downloading: "http://127.0.0.1:9/resnet18-f37072fd.pth" to ${dir}/empty/resnet18-f37072fd.pth\n`,
    );
    const [kind, message] = out.split("\n");
    assert.equal(kind, "urllib.error URLError");
    assert.match(message, /^<urlopen error could not download http:\/\/127\.0\.0\.1:9\/resnet18-f37072fd\.pth \(/);
    assert.ok(message.includes(`put it at ${dir}/empty/resnet18-f37072fd.pth`), message);
  });
  removeFixtures();
});

Deno.test({ name: "transfer learning with a frozen resnet18", sanitizeResources: false }, async (t) => {
  await t.step("only the new fc is trainable, and a step changes only fc", async () => {
    const { rt, out } = await run(`
import torch
import torch.nn as nn
import torch.optim as optim
import torchvision
torch.manual_seed(0)
model = torchvision.models.resnet18(weights=None)
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(512, 10)
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
print(model.fc)
before = {k: v.clone() for k, v in model.state_dict().items()}
optimizer = optim.SGD(model.fc.parameters(), lr=0.1, momentum=0.9)
model.eval()
x = torch.randn(2, 3, 32, 32)
loss = nn.CrossEntropyLoss()(model(x), torch.tensor([1, 7]))
optimizer.zero_grad()
loss.backward()
optimizer.step()
changed = sorted(k for k, v in model.state_dict().items() if not torch.equal(v, before[k]))
print(changed, model.conv1.weight.grad is None)
`);
    assert.equal(out, "5130\nLinear(in_features=512, out_features=10, bias=True)\n['fc.bias', 'fc.weight'] True\n");
    assert.ok(rt);
  });

  // The losses depend on random data and on BatchNorm over 4-image batches, which amplifies the last-bit
  // differences of tsl's normal_ draws, so the checks are on the lines that do not depend on them.
  await t.step("scripts/blitz/transfer_learning.tsl runs as written", async () => {
    const r = await runCli(["scripts/blitz/transfer_learning.tsl"]);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split("\n");
    assert.deepEqual(lines.filter((l) => l.startsWith("Epoch")), Array(2).fill(["Epoch 0/1", "Epoch 1/1"]).flat());
    const phases = lines.filter((l) => /^(train|val) /.test(l));
    assert.equal(phases.length, 8);
    for (const l of phases) assert.match(l, /^(train|val) Loss: \d\.\d{4} Acc: (0|1)\.\d{4}$/);
    assert.equal(lines.filter((l) => /^Best val Acc: [01]\.\d{6}$/.test(l)).length, 2);
    assert.ok(lines.includes("Linear(in_features=512, out_features=2, bias=True)"));
    assert.ok(lines.includes("1026"));
    assert.equal(lines.at(-1), "True True");
  });
});

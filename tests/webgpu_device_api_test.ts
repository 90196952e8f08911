// torch.cuda's device API on the WebGPU backend, through the CLI as users run it: a clean stderr
// (Mesa's XDG_RUNTIME_DIR complaint never shows), is_available() on software adapters only with
// TSL_WEBGPU=1, the adapter's name, the one-time float64 warning and the int64 range check.

import assert from "node:assert/strict";
import { deviceName, initWebGPU, isRealGpu } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");

const MOD = new URL("../mod.ts", import.meta.url).pathname;

async function tsl(code: string, env: Record<string, string> = {}, unset: string[] = []) {
  const vars = { ...Deno.env.toObject(), ...env };
  for (const k of unset) delete vars[k];
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD, "--device", "webgpu", "-c", code],
    env: vars,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test({
  name: "torch.cuda on the WebGPU backend",
  ignore: !gpu,
  async fn(t) {
    await t.step("stderr stays empty without XDG_RUNTIME_DIR, and the adapter is named", async () => {
      const r = await tsl(
        "import torch\nprint(torch.cuda.get_device_name())\nprint(torch.ones(2, device='cuda') * 3)",
        {},
        ["XDG_RUNTIME_DIR", "TSL_WEBGPU"],
      );
      assert.equal(r.err, "");
      assert.equal(r.out, `${deviceName()}\ntensor([3., 3.])\n`);
    });

    await t.step("is_available(): real adapters, or any adapter with TSL_WEBGPU=1", async () => {
      const code = "import torch\nprint(torch.cuda.is_available(), torch.cuda.device_count())";
      const plain = await tsl(code, {}, ["TSL_WEBGPU"]);
      assert.equal(plain.out, isRealGpu() ? "True 1\n" : "False 0\n");
      const forced = await tsl(code, { TSL_WEBGPU: "1" });
      assert.equal(forced.out, "True 1\n");
    });

    await t.step("memory counters, synchronize and empty_cache", async () => {
      const r = await tsl(
        "import torch\nx = torch.ones(1000, device='cuda')\n" +
          "a = torch.cuda.memory_allocated()\ndel x\ntorch.cuda.synchronize()\ntorch.cuda.empty_cache()\n" +
          "print(a >= 4000, torch.cuda.memory_allocated(), torch.cuda.max_memory_allocated() >= a, " +
          "torch.cuda.memory_reserved(), torch.cuda.current_device())",
      );
      assert.equal(r.err, "");
      assert.equal(r.out, "True 0 True 0 0\n");
    });

    await t.step("float64 warns once on stderr and still prints as float64", async () => {
      const r = await tsl(
        "import torch\na = torch.tensor([0.5, 1.5], dtype=torch.float64, device='cuda')\n" +
          "b = torch.zeros(3, dtype=torch.float64, device='cuda')\nprint(a * 2)\nprint(b + 1)",
      );
      // PyTorch 1.13 prints these (on the CPU): tensor([1., 3.], dtype=torch.float64) and
      // tensor([1., 1., 1.], dtype=torch.float64).
      assert.equal(r.out, "tensor([1., 3.], dtype=torch.float64)\ntensor([1., 1., 1.], dtype=torch.float64)\n");
      assert.equal(r.err.match(/UserWarning: float64/g)?.length, 1, r.err);
    });

    await t.step("a Python float next to a GPU tensor does not warn", async () => {
      const r = await tsl("import torch\nprint(torch.ones(2, device='cuda') * 0.5 + 1.25)");
      assert.equal(r.out, "tensor([1.7500, 1.7500])\n");
      assert.equal(r.err, "");
    });

    await t.step("int64 beyond int32 raises a RuntimeError", async () => {
      const r = await tsl(
        "import torch\nprint(torch.tensor([2**31 - 1], device='cuda'))\ntorch.tensor([2**31], device='cuda')",
      );
      assert.equal(r.code, 1);
      assert.equal(r.out, "tensor([2147483647])\n");
      assert.match(r.err, /RuntimeError: int64 value 2147483648 is out of range for the WebGPU backend/);
    });
  },
});

drainGpuAtEnd(gpu);

// Resource faults end as Python exceptions a script can catch, never as a crash or a hang: memory
// exhaustion on the CPU and the GPU, a lost GPU device, and a runaway script under --timeout.

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { createRuntime } from "../mod.ts";
import { initWebGPU } from "../kernels/webgpu/mod.ts";

const root = new URL("../", import.meta.url).pathname;
const hasGpu = (await initWebGPU()) !== undefined;
if (!hasGpu) console.log("skipped: GPU fault checks (no WebGPU adapter)");

const tsl = (args: string[]) => runCli(args, { stdin: null });

// PyTorch 1.13's words for the same allocations.
const CPU_OOM_4TIB = "[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: " +
  "you tried to allocate 4398046511104 bytes. Error code 12 (Cannot allocate memory)";
const CPU_OOM_8TIB = "[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: " +
  "you tried to allocate 8796093022208 bytes. Error code 12 (Cannot allocate memory)";

Deno.test("faults", async (t) => {
  await t.step("a CPU tensor beyond memory is PyTorch's out-of-memory RuntimeError", async () => {
    let out = "";
    const rt = await createRuntime({ stdout: (s) => out += s, stderr: (s) => out += s });
    const ok = await rt.run(
      `import torch
try:
    x = torch.empty(2**40)
except RuntimeError as e:
    print(e)
try:
    x = torch.zeros(2**20, 2**20, dtype=torch.float64)
except RuntimeError as e:
    print(e)
print(torch.ones(3).sum().item())
`,
      "oom.tsl",
    );
    assert.equal(out, `${CPU_OOM_4TIB}\n${CPU_OOM_8TIB}\n3.0\n`);
    assert.equal(ok.ok, true);
    out = "";
    const failed = await rt.run("import torch\ny = torch.ones(2**40)\n", "oom.tsl");
    assert.equal(failed.ok, false);
    assert.equal(
      out,
      `Traceback (most recent call last):\n  File "oom.tsl", line 2, in <module>\n    y = torch.ones(2**40)\n` +
        `RuntimeError: ${CPU_OOM_4TIB}\n`,
    );
  });

  await t.step({
    name: "a GPU tensor beyond the device is CUDA's out-of-memory RuntimeError",
    ignore: !hasGpu,
    fn: async () => {
      const r = await tsl([
        "--device",
        "webgpu",
        "-c",
        `import torch
a = torch.ones(1000, device='cuda')
try:
    x = torch.empty(2**40, device='cuda')
except RuntimeError as e:
    print(e)
print(a.sum().item())`,
      ]);
      assert.equal(r.stderr, "");
      // PyTorch: "CUDA out of memory. Tried to allocate 4096.00 GiB (GPU 0; 79.15 GiB total capacity; ...".
      assert.match(
        r.stdout,
        /^CUDA out of memory\. Tried to allocate 4096\.00 GiB \(GPU 0; [\d.]+ [MG]iB per-buffer limit of the WebGPU device; 4\.00 KiB already allocated; 4\.00 KiB reserved in total by tsl\)\n1000\.0\n$/,
      );
    },
  });

  await t.step({
    name: "a lost GPU device is an error that says so; the CPU goes on",
    ignore: !hasGpu,
    fn: async () => {
      const r = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "tests/fixtures/faults/device_loss.ts"],
        cwd: root,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const seen = JSON.parse(new TextDecoder().decode(r.stdout));
      const lost = (line: string) =>
        `Traceback (most recent call last):\n  File "lost.tsl", line 1, in <module>\n    ${line}\n` +
        "RuntimeError: the WebGPU device was lost (destroyed): device was lost\n";
      assert.deepEqual(seen, {
        before: { ok: true, out: "3.0\n" },
        gpuOp: { ok: false, out: lost("b = a * 2") },
        gpuAlloc: { ok: false, out: lost("c = torch.zeros(2, device='cuda')") },
        cpuOp: { ok: true, out: "tensor([2., 2.])\n" },
      });
    },
  });

  await t.step("--timeout stops an infinite loop with TimeoutError and status 124", async () => {
    const started = performance.now();
    const r = await tsl(["--timeout", "1", "-c", "n = 0\nwhile True:\n    n += 1\n"]);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(r.code, 124);
    assert.equal(
      r.stderr,
      'Traceback (most recent call last):\n  File "<string>", line 3, in <module>\n    n += 1\n' +
        "TimeoutError: script exceeded --timeout 1 s\n",
    );
    assert.ok(seconds < 10, `took ${seconds} s`);
  });

  await t.step("--timeout also stops a script that swallows the error or waits", async () => {
    const swallow = await tsl([
      "--timeout",
      "1",
      "-c",
      "def spin():\n    while True:\n        pass\nwhile True:\n    try:\n        spin()\n    except Exception:\n        pass\n",
    ]);
    assert.equal(swallow.code, 124);
    assert.match(swallow.stderr, /TimeoutError: script exceeded --timeout 1 s\n$/);
    const sleeper = await tsl(["--timeout", "1", "-c", "import time\ntime.sleep(60)\n"]);
    assert.equal(sleeper.code, 124);
    assert.equal(sleeper.stderr, "TimeoutError: script exceeded --timeout 1 s\n");
  });

  await t.step("--timeout leaves a script that finishes in time alone", async () => {
    const r = await tsl(["--timeout", "30", "-c", "print(sum(i for i in range(100000)))"]);
    assert.deepEqual(r, { code: 0, stdout: "4999950000\n", stderr: "" });
  });
});

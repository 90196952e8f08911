// tsl under Deno's permission model: a training script run with narrow grants
//   deno run --allow-read=data,train.tsl --allow-write=checkpoints mod.ts train.tsl
// reads its data and writes its checkpoints (loading them back to resume needs checkpoints in
// --allow-read too); touching anything else is a Python PermissionError with the script's line. And no tsl script can reach JavaScript or the shell (no eval, no subprocess).

import assert from "node:assert/strict";

const mod = new URL("../mod.ts", import.meta.url).pathname;

/** Runs `source` as train.tsl in a fresh directory holding data/ and checkpoints/, with narrow grants. */
async function runSandboxed(source: string, extraFlags: string[] = []) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/data`);
    await Deno.mkdir(`${dir}/checkpoints`);
    await Deno.writeTextFile(`${dir}/data/values.txt`, "1.5 2.5 3.0\n");
    await Deno.writeTextFile(`${dir}/train.tsl`, source);
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read=data,train.tsl", "--allow-write=checkpoints", ...extraFlags, mod, "train.tsl"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    const saved = await Array.fromAsync(Deno.readDir(`${dir}/checkpoints`), (e) => e.name);
    const stderr = dec.decode(r.stderr).replaceAll(dir, "DIR");
    return { code: r.code, stdout: dec.decode(r.stdout), stderr, saved: saved.sort() };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("permissions", async (t) => {
  await t.step("a script reads its data and writes its checkpoints within the grants", async () => {
    const r = await runSandboxed(
      `import torch
values = [float(v) for v in open('data/values.txt').read().split()]
x = torch.tensor(values)
w = torch.zeros(3, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
loss = ((w - x) ** 2).sum()
loss.backward()
opt.step()
torch.save({'w': w.detach()}, 'checkpoints/step1.pt')
print(w.detach())
`,
    );
    assert.equal(r.stderr, "");
    // PyTorch 1.13 prints this for the same step.
    assert.equal(r.stdout, "tensor([0.3000, 0.5000, 0.6000])\n");
    assert.equal(r.code, 0);
    assert.deepEqual(r.saved, ["step1.pt"]);
  });

  await t.step("writing outside the grants is a PermissionError with the script's line", async () => {
    const r = await runSandboxed("import torch\nx = torch.ones(2)\nf = open('/tmp/tsl-denied.txt', 'w')\n");
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      'Traceback (most recent call last):\n  File "DIR/train.tsl", line 3, in <module>\n' +
        "    f = open('/tmp/tsl-denied.txt', 'w')\n" +
        "PermissionError: [Errno 13] Permission denied: '/tmp/tsl-denied.txt'\n",
    );
  });

  await t.step("torch.save, torch.load, open and os.* outside the grants raise PermissionError", async () => {
    const r = await runSandboxed(
      `import os
import torch
def attempt(what, fn):
    try:
        fn()
        print(what, 'allowed')
    except PermissionError as e:
        print(what, e)
attempt('save', lambda: torch.save(torch.ones(2), '/tmp/tsl-denied.pt'))
attempt('load', lambda: torch.load('/etc/hostname'))
attempt('read', lambda: open('/etc/hostname').read())
attempt('listdir', lambda: os.listdir('/'))
attempt('makedirs', lambda: os.makedirs('/tmp/tsl-denied-dir'))
attempt('remove', lambda: os.remove('data/values.txt'))
attempt('save in checkpoints', lambda: torch.save(torch.ones(2), 'checkpoints/ok.pt'))
`,
    );
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      [
        "save [Errno 13] Permission denied: '/tmp/tsl-denied.pt'",
        "load [Errno 13] Permission denied: '/etc/hostname'",
        "read [Errno 13] Permission denied: '/etc/hostname'",
        "listdir [Errno 13] Permission denied: '/'",
        "makedirs [Errno 13] Permission denied: '/tmp/tsl-denied-dir'",
        "remove [Errno 13] Permission denied: 'data/values.txt'",
        "save in checkpoints allowed",
        "",
      ].join("\n"),
    );
    assert.deepEqual(r.saved, ["ok.pt"]);
  });

  await t.step("a script without read access to itself is refused with the flag to add", async () => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/train.tsl`, "print(1)\n");
      const r = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read=data", mod, "train.tsl"],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(r.code, 2);
      assert.match(new TextDecoder().decode(r.stderr), /^.*can't open file .*train\.tsl.*--allow-read/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step("no way to run JavaScript or shell commands, even with every permission", async () => {
    const r = await runSandboxed(
      `import os
def attempt(what, fn):
    try:
        fn()
        print(what, 'ran')
    except Exception as e:
        print(what, type(e).__name__)
def imp(name):
    exec('import ' + name)
attempt('__import__', lambda: __import__('subprocess'))
attempt('eval', lambda: eval('1'))
attempt('exec', lambda: imp('subprocess'))
attempt('os.system', lambda: os.system('touch checkpoints/pwned'))
attempt('os.popen', lambda: os.popen('touch checkpoints/pwned'))
try:
    import subprocess
except ImportError as e:
    print(type(e).__name__, e)
try:
    import ctypes
except ImportError as e:
    print(type(e).__name__, e)
print([n for n in ['system', 'popen', 'execv', 'execve', 'spawnv', 'fork', 'kill', 'startfile'] if hasattr(os, n)])
`,
      ["--allow-run", "--allow-ffi", "--allow-env"],
    );
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      [
        "__import__ NameError",
        "eval NameError",
        "exec NameError",
        "os.system AttributeError",
        "os.popen AttributeError",
        "ModuleNotFoundError No module named 'subprocess'",
        "ModuleNotFoundError No module named 'ctypes'",
        "[]",
        "",
      ].join("\n"),
    );
    assert.deepEqual(r.saved, []);
  });
});

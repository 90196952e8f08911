// Lazy Python floats (dsl/runtime/lazy_float.ts): `.item()` on a WebGPU tensor returns a float whose
// value is read only when needed. On the CPU: the lazy-float semantics with a stand-in value source
// (arithmetic stays lazy, everything else resolves, output identical to CPython's), and `.item()`
// staying an eager float. On WebGPU (skipped without an adapter): the seed's training loop waits
// once per print, not once per step, and prints what PyTorch prints.
// Expected values come from /usr/bin/python3 (CPython 3 with PyTorch 1.13).

import assert from "node:assert/strict";
import { createRuntime } from "../mod.ts";
import { LAZY_SOURCE, LazyFloat, lazyLeaf } from "../dsl/runtime/lazy_float.ts";
import { PyFloat } from "../dsl/runtime/values.ts";
import { initWebGPU, queueStats } from "../kernels/webgpu/mod.ts";
import { setDefaultDevice } from "../runtime/device.ts";
import { compareOutput } from "./compare_output.ts";
import { pendingItems } from "../dsl/bindings/lazy_item.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("lazy .item() on webgpu skipped: no WebGPU adapter");

async function runCapture(source: string, globals: Record<string, unknown> = {}, device = "cpu") {
  let out = "";
  const it = await createRuntime({ stdout: (s) => (out += s), stderr: (s) => (out += s), device });
  for (const [k, v] of Object.entries(globals)) it.setGlobal(k, v);
  const r = await it.run(source, "lazy.tsl");
  return { out, code: r.exitCode, it };
}

/** Leaves whose values a stand-in source delivers; counts the flushes (reads) it was asked for. */
function fakeLeaves(values: number[]): { leaves: LazyFloat[]; flushes: () => number; restore: () => void } {
  const saved = LAZY_SOURCE.flush;
  const leaves = values.map(() => lazyLeaf());
  let flushes = 0;
  LAZY_SOURCE.flush = () => {
    flushes++;
    leaves.forEach((l, i) => (l.value ??= values[i]));
    return Promise.resolve();
  };
  return { leaves, flushes: () => flushes, restore: () => (LAZY_SOURCE.flush = saved) };
}

Deno.test("lazy floats: arithmetic stays lazy, everything else resolves once, as CPython prints", async (t) => {
  await t.step("arithmetic builds no read; printing and formatting read once", async () => {
    const fake = fakeLeaves([0.1, 2.5, 1 / 3]);
    try {
      const [a, b, c] = fake.leaves;
      const arithmetic = `
s = a + b * 2 - c / 4
t = -s * 3 + 1
u = 0.0
for i in range(1000):
    u += a * i
kind = (type(s).__name__, isinstance(t, float), float(s) is s)
`;
      const r1 = await runCapture(arithmetic, { a, b, c });
      assert.equal(r1.code, 0, r1.out);
      assert.equal(fake.flushes(), 0, "arithmetic on lazy floats must not read");
      const s = r1.it.getGlobal("s");
      assert.ok(s instanceof LazyFloat);
      const printing = `
print(*kind)
print(s, t, s > t, round(t, 3), int(s), f'{t:.4f}', '%.2f|%s' % (s, t), [s], hash(b) == hash(2.5))
print(u, u / 1000, str(c), repr(-c), abs(t), max(a, c), s ** 2, s // 1, s % 1)
`;
      const g = (name: string) => r1.it.getGlobal(name);
      const r2 = await runCapture(printing, { a, b, c, s, t: g("t"), u: g("u"), kind: g("kind") });
      assert.equal(r2.code, 0, r2.out);
      assert.equal(
        r2.out,
        "float True True\n" +
          "5.016666666666667 -14.05 True -14.05 5 -14.0500 5.02|-14.05 [5.016666666666667] True\n" +
          "49950.0 49.95 0.3333333333333333 -0.3333333333333333 14.05 0.3333333333333333 25.166944444444443 5.0 0.016666666666666607\n",
      );
      assert.ok(fake.flushes() >= 1);
      assert.equal(s.value, 5.016666666666667, "a resolved lazy float keeps its value");
    } finally {
      fake.restore();
    }
  });

  await t.step("list.append and isinstance keep a lazy float unread", async () => {
    const fake = fakeLeaves([1.5]);
    try {
      const r = await runCapture("l = []\nl.append(x)\nok = isinstance(x, float)\n", { x: fake.leaves[0] });
      assert.equal(r.code, 0, r.out);
      assert.equal(fake.flushes(), 0);
      assert.equal(r.it.getGlobal("ok"), true);
    } finally {
      fake.restore();
    }
  });

  await t.step(".item() on the CPU is an eager float", async () => {
    const r = await runCapture("import torch\nv = torch.tensor([0.1]).item()\nn = torch.tensor(3).item()\n");
    assert.equal(r.code, 0, r.out);
    const v = r.it.getGlobal("v");
    assert.ok(v instanceof PyFloat);
    assert.equal(v.v, 0.10000000149011612);
    assert.equal(r.it.getGlobal("n"), 3);
  });
});

// The seed's loop with a Linear model; the losses are PyTorch 1.13's (the same script on the CPU).
const SEED_LOOP = `
import torch
import torch.nn as nn
import torch.optim as optim
torch.manual_seed(0)
net = nn.Linear(8, 3)
crit = nn.MSELoss()
optimizer = optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
inputs = torch.randn(16, 8)
target = torch.randn(16, 3)
running_loss = 0.0
for i in range(300):
    optimizer.zero_grad()
    outputs = net(inputs)
    loss = crit(outputs, target)
    loss.backward()
    optimizer.step()
    running_loss += loss.item()
    if i % 100 == 99:
        print('[%d] loss: %.3f' % (i + 1, running_loss / 100))
        running_loss = 0.0
`;

Deno.test({ name: "lazy .item() on webgpu: the seed's loop waits once per print", ignore: !gpu }, async () => {
  try {
    const waits = queueStats.waits;
    const r = await runCapture(SEED_LOOP, {}, "webgpu");
    assert.equal(r.code, 0, r.out);
    const diff = compareOutput(r.out, "[100] loss: 0.296\n[200] loss: 0.253\n[300] loss: 0.253\n");
    assert.equal(diff, undefined, diff);
    // 300 steps, 3 prints: at most 1 wait per 100 steps.
    assert.ok(queueStats.waits - waits <= 3, `waits: ${queueStats.waits - waits}`);
    assert.equal(pendingItems(), 0);
  } finally {
    setDefaultDevice("cpu");
  }
});

Deno.test({ name: "lazy .item() on webgpu: values and formatting as PyTorch", ignore: !gpu }, async () => {
  try {
    const waits = queueStats.waits;
    const r = await runCapture(
      `
import torch
c = torch.tensor(0.1).item()
s = torch.tensor([0.1, 0.2]).sum().item() * 3
total = 0.0
for i in range(50):
    total += torch.tensor(0.01 * i).item()
print(c, s, c + s, -c, c / 3, c - 1, str(c), repr(s), type(c).__name__)
print(c < s, c == 0.10000000149011612, int(s * 10), bool(c), float(c) * 2)
print([c, s], (c, s), {'c': c})
print(total, total / 50, '%.6f' % total, f'{total:.3e}')
`,
      {},
      "webgpu",
    );
    assert.equal(r.code, 0, r.out);
    assert.equal(
      r.out,
      "0.10000000149011612 0.9000000357627869 1.000000037252903 -0.10000000149011612 0.033333333830038704 " +
        "-0.8999999985098839 0.10000000149011612 0.9000000357627869 float\n" +
        "True True 9 True 0.20000000298023224\n" +
        "[0.10000000149011612, 0.9000000357627869] (0.10000000149011612, 0.9000000357627869) {'c': 0.10000000149011612}\n" +
        "12.24999999627471 0.2449999999254942 12.250000 1.225e+01\n",
    );
    // 52 .item() calls, all delivered by the first print's single read.
    assert.equal(queueStats.waits - waits, 1);
  } finally {
    setDefaultDevice("cpu");
  }
});

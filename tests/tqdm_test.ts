// tqdm: the meter text against tqdm 4.64.1's own format_meter output, redraw throttling with a fake clock,
// the bar drawn in a real pty (util-linux `script`), and silence when stderr is not a terminal.

import assert from "node:assert/strict";
import { formatMeter, formatNum, formatSizeof } from "../runtime/progress/format_meter.ts";
import { ProgressBar, type TextSink } from "../runtime/progress/progress_bar.ts";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import "../dsl/bindings/ecosystem.ts";
import { runTsl } from "./lang_harness.ts";
import { runCliSource } from "./cli_harness.ts";

const root = new URL("../", import.meta.url).pathname;

// Reference strings printed by /usr/bin/python3's tqdm 4.64.1: tqdm.format_meter(**case).
const METER_CASES: [Parameters<typeof formatMeter>[0], string][] = [
  [
    { n: 4, total: 10, elapsed: 1.1428, prefix: "desc", postfix: "loss=0.5" },
    "desc:  40%|████      | 4/10 [00:01<00:01,  3.50it/s, loss=0.5]",
  ],
  [{ n: 0, total: 10, elapsed: 0 }, "  0%|          | 0/10 [00:00<?, ?it/s]"],
  [{ n: 3, total: null, elapsed: 12.5 }, "3it [00:12,  4.17s/it]"],
  [
    { n: 12345, total: 100000, elapsed: 3725.3, unitScale: true },
    " 12%|█▏        | 12.3k/100k [1:02:05<7:20:51, 3.31it/s]",
  ],
  [{ n: 1, total: 10, elapsed: 5.0 }, " 10%|█         | 1/10 [00:05<00:45,  5.00s/it]"],
  [
    { n: 5, total: 8, elapsed: 2.0, ncols: 60, prefix: "x" },
    "x:  62%|█████████████▊        | 5/8 [00:02<00:01,  2.50it/s]",
  ],
  [{ n: 5, total: 8, elapsed: 2.0, ascii: true }, " 62%|######2   | 5/8 [00:02<00:01,  2.50it/s]"],
  [{ n: 5, total: 8, elapsed: 2.0, ncols: 0 }, " 62% 5/8 [00:02<00:01,  2.50it/s]"],
  [{ n: 5, total: 8, elapsed: 2.0, barFormat: "{l_bar}{bar:20}| {percentage:.1f}" }, " 62%|████████████▌       | 62.5"],
  [{ n: 1, total: 8, elapsed: 2.0, rate: 0.5 }, " 12%|█▎        | 1/8 [00:02<00:14,  2.00s/it]"],
  [{ n: 1, total: 8, elapsed: 0.125 }, " 12%|█▎        | 1/8 [00:00<00:00,  8.00it/s]"],
  [
    { n: 7, total: 8, elapsed: 2.0, unit: "img", unitScale: 2 },
    " 88%|████████▊ | 14/16 [00:02<00:00,  7.00img/s]",
  ],
  [
    { n: 2048, total: 4096, elapsed: 1.0, unit: "B", unitScale: true, unitDivisor: 1024 },
    " 50%|█████     | 2.00k/4.00k [00:01<00:01, 2.05kB/s]",
  ],
];

/** A terminal stand-in that records every write. */
function fakeTerminal(columns: number | null = null): TextSink & { writes: string[] } {
  const writes: string[] = [];
  return { writes, write: (s) => void writes.push(s), isTerminal: () => true, columns: () => columns };
}

async function hasCommand(name: string): Promise<boolean> {
  try {
    const r = await new Deno.Command("sh", { args: ["-c", `command -v ${name}`], stdout: "null" }).output();
    return r.success;
  } catch {
    return false;
  }
}

const LOOP_SCRIPT = `from tqdm import tqdm
total = 0
for i in tqdm(range(7), desc="train", mininterval=0):
    total += i
print("total", total)
`;

Deno.test("tqdm", async (t) => {
  await t.step("format_meter matches tqdm 4.64.1", () => {
    for (const [opts, expected] of METER_CASES) assert.equal(formatMeter(opts), expected, JSON.stringify(opts));
  });

  await t.step("format_num and format_sizeof match tqdm", () => {
    const cases: [number, boolean, string][] = [
      [0.123456, false, "0.123"],
      [1234567, true, "1234567"],
      [1e-7, false, "1e-7"],
      [5, true, "5"],
      [0.5, false, "0.5"],
      [123456.789, false, "1.23e+5"],
      [2.0, false, "2"],
      [0.0001234, false, "0.000123"],
    ];
    for (const [x, isInt, expected] of cases) assert.equal(formatNum(x, isInt), expected, String(x));
    assert.equal(formatSizeof(999.4), "999");
    assert.equal(formatSizeof(999.6), "1.00k");
    assert.equal(formatSizeof(1234567, "B", 1024), "1.18MB");
  });

  await t.step("redraws are throttled by mininterval and use the smoothed rate", () => {
    let ticks = 0;
    const term = fakeTerminal();
    const bar = new ProgressBar({ total: 100, sink: term, clock: () => ticks / 10, mininterval: 0.5 });
    assert.deepEqual(term.writes, ["\r  0%|          | 0/100 [00:00<?, ?it/s]"]);
    for (let i = 0; i < 10; i++) {
      ticks++;
      bar.update(1);
    }
    // 10 steps over 1 s with mininterval 0.5 s: two redraws (at 0.5 s and 1.0 s), not ten.
    assert.equal(term.writes.length, 3);
    assert.equal(term.writes[2], "\r 10%|█         | 10/100 [00:01<00:09, 10.00it/s]");
    bar.setPostfix([["loss", formatNum(0.25, false)]]);
    assert.equal(term.writes[3], "\r 10%|█         | 10/100 [00:01<00:09, 10.00it/s, loss=0.25]");
    bar.close();
    assert.equal(term.writes.at(-1), "\n");
    assert.equal(term.writes.at(-2), "\r 10%|█         | 10/100 [00:01<00:09, 10.00it/s, loss=0.25]");
  });

  await t.step("a bar draws only on a terminal and fills the terminal's width", () => {
    const quiet: TextSink & { writes: string[] } = { ...fakeTerminal(), isTerminal: () => false };
    const silent = new ProgressBar({ total: 3, sink: quiet, mininterval: 0 });
    for (let i = 0; i < 3; i++) silent.update();
    silent.close();
    assert.deepEqual(quiet.writes, []);
    const term = fakeTerminal(50);
    const wide = new ProgressBar({ total: 4, sink: term, clock: () => 0 });
    // tqdm.format_meter(0, 4, 0, ncols=50)
    assert.equal(term.writes[0], "\r  0%|                       | 0/4 [00:00<?, ?it/s]");
    assert.equal(term.writes[0].length, 1 + 50);
    wide.close();
  });

  await t.step("tqdm over a DataLoader passes items through (output as PyTorch prints it)", async () => {
    const r = await runTsl(`import torch
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm, trange
ds = TensorDataset(torch.arange(10.0).reshape(5, 2), torch.tensor([0, 1, 0, 1, 1]))
bar = tqdm(DataLoader(ds, batch_size=2), desc="epoch 1")
print(len(bar), bar.total)
for x, y in bar:
    print(x, y)
    bar.set_postfix(loss=x.sum().item(), batch=len(y))
print(bar.n, bar.postfix)
print(list(tqdm(iter([3, 1, 2]))))
print(sum(trange(2, 10, 3)))
with tqdm(total=100, desc="manual") as p:
    for _ in range(4):
        p.update(25)
print(p.n, str(p).split("|")[0])
print(tqdm.format_meter(4, 10, 1.1428, prefix='desc', postfix='loss=0.5'))
tqdm.write("done")
`);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      `3 3
tensor([[0., 1.],
        [2., 3.]]) tensor([0, 1])
tensor([[4., 5.],
        [6., 7.]]) tensor([0, 1])
tensor([[8., 9.]]) tensor([1])
3 batch=1, loss=17
[3, 1, 2]
15
100 manual: 100%
desc:  40%|████      | 4/10 [00:01<00:01,  3.50it/s, loss=0.5]
done
`,
    );
  });

  await t.step("the bar is drawn in a real terminal (pty)", async () => {
    if (!await hasCommand("script")) {
      console.log("skipped: util-linux script not installed");
      return;
    }
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/loop.tsl`, LOOP_SCRIPT);
      const command = `stty cols 80; '${Deno.execPath()}' run -A '${root}mod.ts' '${dir}/loop.tsl'`;
      const r = await new Deno.Command("script", { args: ["-qfec", command, "/dev/null"], stdout: "piped" }).output();
      const text = new TextDecoder().decode(r.stdout);
      assert.ok(r.success, text);
      const frames = text.split("\r").filter((f) => f.startsWith("train:"));
      assert.match(frames[0], /^train: {3}0%\|\s+\| 0\/7 \[00:00<\?, \?it\/s\]$/);
      const last = frames.at(-1)!;
      assert.match(last, /^train: 100%\|█+\| 7\/7 \[00:00<00:00, +[\d.]+k?it\/s\]$/);
      assert.equal(Array.from(last).length, 80, "the bar fills the terminal's 80 columns");
      assert.ok(frames.length >= 8, `a frame per step with mininterval=0, got ${frames.length}`);
      assert.ok(text.includes("total 21"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step("nothing is written to stderr when it is not a terminal", async () => {
    const r = await runCliSource(LOOP_SCRIPT, "loop.tsl");
    assert.equal(r.stdout, "total 21\n");
    assert.equal(r.stderr, "");
  });
});

// `deno task bench`: prints figures, never asserts. Each section times tsl and, where the issue
// names a peer, runs the peer in the same invocation.

import "../../runtime/backends.ts";
import { add } from "../../runtime/ops/binary.ts";
import { sum } from "../../runtime/ops/reduce.ts";
import { matmul } from "../../runtime/ops/linalg.ts";
import { rand } from "../../runtime/random/ops.ts";
import { lenetBench } from "./lenet.ts";
import { fashionBench } from "./fashion_bench.ts";
import { machineDescription, markdownTable, rows, writeResults } from "./table.ts";

function timeMs(fn: () => void, minMs = 300): number {
  fn(); // warm-up
  let reps = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    reps++;
  }
  return (performance.now() - start) / reps;
}

console.log("== CPU backend ==");
const a = rand([1_000_000]), b = rand([1_000_000]);
console.log(`add 1e6 float32:      ${timeMs(() => add(a, b)).toFixed(2)} ms`);
console.log(`sum 1e6 float32:      ${timeMs(() => sum(a)).toFixed(2)} ms`);
let gflops1024 = 0;
for (const n of [256, 512, 1024]) {
  const x = rand([n, n]), y = rand([n, n]);
  const ms = timeMs(() => matmul(x, y), 1000);
  gflops1024 = (2 * n ** 3) / (ms * 1e6);
  console.log(`matmul ${n}x${n}:       ${gflops1024.toFixed(2)} GFLOP/s`);
}
const torchMm = await torchMatmulGflops(1024);
console.log(`PyTorch torch.mm 1024x1024: ${torchMm?.toFixed(2) ?? "n/a"} GFLOP/s`);
rows.push({
  name: "CPU matmul 1024x1024 float32",
  unit: "GFLOP/s",
  tsl: gflops1024,
  peer: torchMm,
  peerName: "PyTorch torch.mm",
  better: "higher",
  target: ">= 100 GFLOP/s",
  targetValue: 100,
});

async function torchMatmulGflops(n: number): Promise<number | undefined> {
  const code = `import time, torch
torch.set_num_threads(2)
a = torch.rand(${n}, ${n}); b = torch.rand(${n}, ${n}); a @ b
reps = 0; t = time.time()
while time.time() - t < 1.0:
    a @ b; reps += 1
print(2 * ${n} ** 3 * reps / (time.time() - t) / 1e9)`;
  try {
    const r = await new Deno.Command("/usr/bin/python3", { args: ["-c", code], stdout: "piped", stderr: "null" })
      .output();
    return r.success ? Number(new TextDecoder().decode(r.stdout)) : undefined;
  } catch {
    return undefined;
  }
}

console.log("\n== Interpreter: scripts/bench/interp.tsl, tsl vs CPython ==");
async function timeCommand(cmd: string, args: string[]): Promise<number | undefined> {
  const start = performance.now();
  try {
    const r = await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    if (!r.success) return undefined;
  } catch {
    return undefined;
  }
  return (performance.now() - start) / 1000;
}
const script = new URL("./interp.tsl", import.meta.url).pathname;
const mod = new URL("../../mod.ts", import.meta.url).pathname;
const tsl = await timeCommand(Deno.execPath(), ["run", "-A", mod, script]);
const py = await timeCommand("python3", [script]);
console.log(`tsl:     ${tsl?.toFixed(2) ?? "failed"} s`);
console.log(`CPython: ${py?.toFixed(2) ?? "python3 not found"} s`);
if (tsl && py) console.log(`ratio tsl/CPython: ${(tsl / py).toFixed(2)} (target <= 1.0)`);
rows.push({
  name: "Interpreter, scripts/bench/interp.tsl",
  unit: "s",
  tsl,
  peer: py,
  peerName: "CPython",
  better: "lower",
  target: "<= 1.0x CPython's time",
  targetRatio: 1,
});

console.log("\n== The seed's MLP (scripts/bench/mlp.tsl: Sequential + Adam, 500 steps), tsl vs PyTorch ==");
/** Runs a script and returns its `steps/s` figure and loss line. */
async function stepsPerSecond(cmd: string, args: string[]): Promise<{ rate: number; loss: string } | string> {
  try {
    const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const out = new TextDecoder().decode(r.stdout);
    const m = /steps\/s ([\d.]+)/.exec(out);
    if (!r.success || !m) return `failed: ${new TextDecoder().decode(r.stderr).trim().split("\n").at(-1)}`;
    return { rate: Number(m[1]), loss: out.split("\n")[0] };
  } catch {
    return "not found";
  }
}
const mlp = new URL("./mlp.tsl", import.meta.url).pathname;
const mlpTsl = await stepsPerSecond(Deno.execPath(), ["run", "-A", mod, mlp]);
const mlpTorch = await stepsPerSecond("/usr/bin/python3", [mlp]);
const show = (r: typeof mlpTsl) => typeof r === "string" ? r : `${r.rate.toFixed(1)} steps/s (${r.loss})`;
console.log(`tsl:     ${show(mlpTsl)}`);
console.log(`PyTorch: ${show(mlpTorch)}${typeof mlpTorch === "string" ? " (apt-get install python3-torch)" : ""}`);
if (typeof mlpTsl !== "string" && typeof mlpTorch !== "string") {
  console.log(`ratio tsl/PyTorch: ${(mlpTsl.rate / mlpTorch.rate).toFixed(2)}`);
}
rows.push({
  name: "The seed's MLP, Sequential + Adam",
  unit: "steps/s",
  tsl: typeof mlpTsl === "string" ? undefined : mlpTsl.rate,
  peer: typeof mlpTorch === "string" ? undefined : mlpTorch.rate,
  peerName: "PyTorch",
  better: "higher",
});

const startup = await timeCommand(Deno.execPath(), ["run", "-A", mod, "-c", "print(1)"]);
console.log(
  `\nstart-up, mod.ts -c "print(1)": ${startup ? (startup * 1000).toFixed(0) + " ms" : "failed"} (target <= 300 ms)`,
);

rows.push({
  name: 'Start-up, mod.ts -c "print(1)"',
  unit: "ms",
  tsl: startup === undefined ? undefined : startup * 1000,
  better: "lower",
  target: "<= 300 ms",
  targetValue: 300,
});

const lenet = await lenetBench();
rows.push({
  name: "LeNet-5 training on WebGPU (lavapipe), batch 64",
  unit: "img/s",
  tsl: lenet.gpu,
  peer: lenet.tfjs,
  peerName: "tfjs-backend-webgpu",
  better: "higher",
  target: ">= 20x tfjs-webgpu",
  targetRatio: 20,
});

await fashionBench();

console.log(`\n== Results (${machineDescription()}) ==\n`);
console.log(markdownTable());
const resultsPath = new URL("../../bench/results.json", import.meta.url).pathname;
await writeResults(resultsPath);
console.log(`\nwritten to ${resultsPath}`);

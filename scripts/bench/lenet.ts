// The LeNet-5 training section of `deno task bench`: img/s at batch 64 on Fashion-MNIST-shaped
// random data for tsl WebGPU, tsl CPU, tfjs-backend-webgpu (same adapter, same run) and PyTorch CPU,
// plus tsl WebGPU's dispatches, submits and waits per training step.
//
// Each side runs in its own process (one GPU device each). The tsl side runs lenet.tsl through the
// whole stack (interpreter, runtime, kernels) exactly as the CLI does; this file doubles as that
// runner (`lenet.ts --run-tsl DEVICE ARGS...`) so it can read the WebGPU queue's counters afterwards.

import { createRuntime } from "../../mod.ts";
import { queueStats } from "../../kernels/webgpu/mod.ts";
import { profileTrace, startTrace, stopTrace } from "../../kernels/webgpu/kernel_profile.ts";

const here = (f: string) => new URL(f, import.meta.url).pathname;
const SCRIPT = here("./lenet.tsl");

/** What one side printed: img/s, and for tsl on WebGPU the queue's counters per step. */
interface Figures {
  rate?: number;
  loss?: string;
  perStep?: string;
  error?: string;
}

async function runSide(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Figures> {
  try {
    const r = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
    const out = new TextDecoder().decode(r.stdout);
    const rate = /img\/s ([\d.]+)/.exec(out);
    if (!r.success || !rate) {
      const err = new TextDecoder().decode(r.stderr).trim().split("\n").filter(Boolean).at(-1);
      return { error: `failed: ${err ?? out.trim().split("\n").at(-1) ?? `exit ${r.code}`}` };
    }
    return {
      rate: Number(rate[1]),
      loss: /loss ([\d.]+)/.exec(out)?.[1],
      perStep: /per step: (.*)/.exec(out)?.[1],
    };
  } catch (e) {
    return { error: `not run: ${(e as Error).message}` };
  }
}

/**
 * The side run `runs` times, reported by its median rate: one 20-step run on a shared 2-core machine
 * swings by +-20%, for every side alike.
 */
async function medianSide(
  runs: number,
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Figures> {
  const all: Figures[] = [];
  for (let i = 0; i < runs; i++) {
    const f = await runSide(cmd, args, env);
    if (f.error) return f;
    all.push(f);
  }
  all.sort((a, b) => a.rate! - b.rate!);
  const mid = all[Math.floor(all.length / 2)];
  return { ...mid, loss: `${mid.loss}, median of ${runs} runs` };
}

const show = (label: string, f: Figures) =>
  console.log(
    `${label.padEnd(31)}${
      f.error ??
        `${f.rate!.toFixed(1).padStart(8)} img/s  (loss ${f.loss})${f.perStep ? `  per step: ${f.perStep}` : ""}`
    }`,
  );

/** Prints the section and returns tsl WebGPU's and tfjs's img/s. `steps` timed steps per side (after 3 warm-up steps). */
export async function lenetBench(steps = 20, runs = 3): Promise<{ gpu?: number; tfjs?: number }> {
  console.log(`\n== LeNet-5 training, batch 64, Fashion-MNIST-shaped (scripts/bench/lenet.tsl, ${steps} steps) ==`);
  const deno = Deno.execPath();
  const self = here("./lenet.ts");
  const args = [String(steps), "3", "64"];
  const gpu = await medianSide(runs, deno, ["run", "-A", self, "--run-tsl", "webgpu", ...args]);
  show("tsl webgpu:", gpu);
  const unfused = await runSide(deno, ["run", "-A", self, "--run-tsl", "webgpu", ...args], { TSL_FUSED_OPTIM: "0" });
  show("tsl webgpu, unfused optimizer:", unfused);
  const cpu = await runSide(deno, ["run", "-A", self, "--run-tsl", "cpu", ...args]);
  show("tsl cpu:", cpu);
  const tfjs = await medianSide(runs, deno, ["run", "-A", here("./tfjs_lenet.ts"), ...args]);
  show("tfjs-backend-webgpu:", tfjs);
  const torch = await runSide("/usr/bin/python3", [SCRIPT, String(Math.max(steps, 50)), "3", "64"]);
  show("PyTorch cpu:", torch);
  if (gpu.rate && tfjs.rate) {
    console.log(`ratio tsl webgpu / tfjs webgpu: ${(gpu.rate / tfjs.rate).toFixed(2)} (target >= 20 on lavapipe)`);
  }
  return { gpu: gpu.rate, tfjs: tfjs.rate };
}

/**
 * The in-process runner: lenet.tsl on `device`, then the queue's counters per timed training step
 * (read when the script prints its "timed steps begin/end" lines; the stdout callback runs in print()).
 */
async function runTsl(device: string, args: string[]): Promise<number> {
  let out = "";
  const marks: (typeof queueStats)[] = [];
  const write = (s: string) => {
    if (/^timed steps (begin|end)$/m.test(s)) marks.push({ ...queueStats });
    if (profiling && /^timed steps begin$/m.test(s)) startTrace();
    if (profiling && /^timed steps end$/m.test(s)) stopTrace();
    out += s;
  };
  const it = await createRuntime({ device, argv: [SCRIPT, ...args], stdout: write });
  const r = await it.runFile(SCRIPT);
  console.log(out.trimEnd());
  const steps = Number(/^steps (\d+)$/m.exec(out)?.[1] ?? 0);
  if (r.ok && device !== "cpu" && steps > 0 && marks.length === 2) {
    const per = (k: keyof typeof queueStats) => ((marks[1][k] - marks[0][k]) / steps).toFixed(2);
    console.log(`per step: ${per("dispatches")} dispatches, ${per("submits")} submits, ${per("waits")} waits`);
  }
  if (profiling) await printProfile(steps);
  return r.exitCode;
}

/**
 * TSL_PROFILE_KERNELS=1 (with 1 timed step): each dispatch of the timed steps replayed alone, as
 * GPU microseconds per step by kernel.
 */
const profiling = !!Deno.env.get("TSL_PROFILE_KERNELS");

async function printProfile(steps: number): Promise<void> {
  const times = await profileTrace();
  const total = times.reduce((a, t) => a + t.totalUs, 0) / steps;
  console.log(`kernel profile (us per step, replayed alone): total ${total.toFixed(0)}`);
  for (const t of times) {
    console.log(`${(t.totalUs / steps).toFixed(0).padStart(8)}  ${String(t.calls / steps).padStart(5)}x  ${t.key}`);
  }
}

if (import.meta.main) {
  if (Deno.args[0] === "--run-tsl") Deno.exit(await runTsl(Deno.args[1], Deno.args.slice(2)));
  await lenetBench(Number(Deno.args[0] ?? 20));
}

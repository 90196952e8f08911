// tsl's embedding API, and its command line when run as main:
//   deno run -A mod.ts FILE.tsl [args...]   run a script
//   deno run -A mod.ts -c "code"            run a string
//   deno run -A mod.ts                      the REPL
//   --device cpu|webgpu                     the default device
//   --timeout SECONDS                       stop the script with TimeoutError after that long

import { Interpreter, type InterpreterOptions, type RunResult } from "./dsl/interpreter.ts";
import { isIncomplete } from "./dsl/parser.ts";
import "./runtime/backends.ts";
import { initWebGPU } from "./runtime/backends.ts";
import { drainGpu } from "./kernels/webgpu/mod.ts";
import { setDefaultDevice } from "./runtime/device.ts";
import { clearDeadline, setDeadline } from "./dsl/runtime/interrupts.ts";
import "./dsl/bindings/torch.ts";
import "./dsl/bindings/ecosystem.ts";

export { Interpreter };
export type { InterpreterOptions, RunResult };
/**
 * Waits until the GPU has finished the work scripts submitted. An embedder that tears down the
 * process or worker without letting the event loop run empty should await it first (wgpu panics
 * when a device is dropped with more than a few seconds of work still queued).
 */
export { drainGpu };

export interface RuntimeOptions extends InterpreterOptions {
  /** "cpu" (default) or "webgpu" (also "cuda", "gpu"). */
  device?: string;
}

/** A tsl runtime: run source or files, read and set globals, call tsl functions from TypeScript. */
export async function createRuntime(opts: RuntimeOptions = {}): Promise<Interpreter> {
  await selectDevice(opts.device ?? "cpu");
  return new Interpreter(opts);
}

async function selectDevice(device: string): Promise<void> {
  if (device !== "cpu") {
    const backend = await initWebGPU();
    if (!backend) throw new Error(`tsl: no WebGPU adapter is available for --device ${device}`);
  }
  setDefaultDevice(device);
}

interface CliArgs {
  device: string;
  timeout?: number;
  code?: string;
  file?: string;
  rest: string[];
}

function parseArgs(args: string[]): CliArgs {
  const out: CliArgs = { device: "cpu", rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (out.code !== undefined || out.file !== undefined) out.rest.push(a);
    else if (a === "--device") out.device = args[++i] ?? usage("--device needs cpu or webgpu");
    else if (a.startsWith("--device=")) out.device = a.slice(9);
    else if (a === "--timeout") out.timeout = seconds(args[++i]);
    else if (a.startsWith("--timeout=")) out.timeout = seconds(a.slice(10));
    else if (a === "-c") out.code = args[++i] ?? usage("-c needs code");
    else if (a === "-h" || a === "--help") usage();
    else out.file = a;
  }
  return out;
}

function seconds(s: string | undefined): number {
  const n = Number(s);
  if (s === undefined || s.trim() === "" || !(n > 0)) usage("--timeout needs a positive number of seconds");
  return n;
}

function usage(msg?: string): never {
  if (msg) console.error(`tsl: ${msg}`);
  console.error("usage: deno run -A mod.ts [--device cpu|webgpu] [--timeout SECONDS] [-c CODE | FILE.tsl] [args...]");
  Deno.exit(2);
}

async function repl(it: Interpreter): Promise<number> {
  const { runRepl } = await import("./dsl/repl.ts");
  return await runRepl(it, isIncomplete);
}

async function main(): Promise<number> {
  const args = parseArgs(Deno.args);
  try {
    await selectDevice(args.device);
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
  // Device strings are resolved synchronously inside scripts, so bring the GPU up first when the
  // script may ask for it.
  const source = args.code ?? (args.file !== undefined ? await readOrEmpty(args.file) : "");
  if (args.file === undefined && args.code === undefined || mayUseGpu(source)) await initWebGPU();
  if (args.code !== undefined || args.file !== undefined) {
    const stop = args.timeout !== undefined ? startTimeout(args.timeout) : undefined;
    try {
      const r = args.code !== undefined
        ? await new Interpreter({ argv: ["-c", ...args.rest] }).run(args.code, "<string>")
        : await new Interpreter({ argv: [args.file!, ...args.rest] }).runFile(args.file!);
      return r.exitCode !== 0 && stop?.expired() ? TIMEOUT_EXIT : r.exitCode;
    } finally {
      // The script's last GPU work may still be queued (nothing read it): finish it before exiting,
      // so that neither the device's teardown nor the exit races the GPU (kernels/webgpu/backlog.ts).
      // Still under --timeout, whose hard stop bounds this wait too.
      await drainGpu();
      stop?.cancel();
    }
  }
  try {
    return await repl(new Interpreter({ argv: [""] }));
  } finally {
    await drainGpu();
  }
}

/** Exit status of a script stopped by --timeout (the one coreutils' timeout uses). */
const TIMEOUT_EXIT = 124;

/**
 * --timeout: busy loops raise TimeoutError at their next checkpoint (dsl/runtime/interrupts.ts), and
 * the traceback ends the script; a script waiting (sleep, GPU) or swallowing the error is stopped
 * by a timer shortly after. Either way the exit status is TIMEOUT_EXIT.
 */
function startTimeout(limit: number): { cancel(): void; expired(): boolean } {
  const end = performance.now() + limit * 1000;
  const message = `script exceeded --timeout ${limit} s`;
  const hardStop = () => {
    console.error(`TimeoutError: ${message}`);
    Deno.exit(TIMEOUT_EXIT);
  };
  setDeadline(limit, message, hardStop);
  const timer = setTimeout(hardStop, limit * 1000 + 1000);
  return {
    cancel() {
      clearTimeout(timer);
      clearDeadline();
    },
    expired: () => performance.now() >= end,
  };
}

const mayUseGpu = (source: string) => /cuda|gpu|device\(/.test(source);

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return ""; // runFile reports the missing file in Python's words
  }
}

if (import.meta.main) Deno.exit(await main());

// tsl's embedding API, and its command line when run as main:
//   deno run -A mod.ts FILE.tsl [args...]   run a script
//   deno run -A mod.ts -c "code"            run a string
//   deno run -A mod.ts                      the REPL
//   --device cpu|webgpu                     the default device

import { Interpreter, type InterpreterOptions, type RunResult } from "./dsl/interpreter.ts";
import { isIncomplete } from "./dsl/parser.ts";
import "./runtime/backends.ts";
import { initWebGPU } from "./runtime/backends.ts";
import { setDefaultDevice } from "./runtime/device.ts";
import "./dsl/bindings/torch.ts";
import "./dsl/bindings/ecosystem.ts";

export { Interpreter };
export type { InterpreterOptions, RunResult };

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
    else if (a === "-c") out.code = args[++i] ?? usage("-c needs code");
    else if (a === "-h" || a === "--help") usage();
    else out.file = a;
  }
  return out;
}

function usage(msg?: string): never {
  if (msg) console.error(`tsl: ${msg}`);
  console.error("usage: deno run -A mod.ts [--device cpu|webgpu] [-c CODE | FILE.tsl] [args...]");
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
  if (args.code !== undefined) {
    const it = new Interpreter({ argv: ["-c", ...args.rest] });
    return (await it.run(args.code, "<string>")).exitCode;
  }
  if (args.file !== undefined) {
    const it = new Interpreter({ argv: [args.file, ...args.rest] });
    return (await it.runFile(args.file)).exitCode;
  }
  return await repl(new Interpreter({ argv: [""] }));
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

// The embedding API: run tsl source or files, evaluate REPL input, read and write globals, call tsl
// callables from JS, and format uncaught exceptions as CPython-style tracebacks.
//
//   const it = new Interpreter({ stdout: (s) => out += s, argv: ["train.tsl"] });
//   const r = await it.run(source, "train.tsl");   // r.ok, r.exitCode, r.error (formatted traceback)
//   await it.eval("1 + 1");                        // REPL: echoes `2`
//   it.setGlobal("answer", 42); await it.call(it.getGlobal("f"), 1, 2);

import { parse, PySyntaxError } from "./parser.ts";
import type { Module } from "./ir.ts";
import { compileModule } from "./compile/compiler.ts";
import "./stdlib/source_module.ts"; // stdlib modules written in Python (warnings)
import { RT } from "./runtime/rt.ts";
import { newNamespace } from "./runtime/values.ts";
import { DEBUG, EXC, pyErr, PyException, toPyException } from "./runtime/exceptions.ts";
import { formatException } from "./runtime/traceback.ts";
import { callArgs } from "./runtime/functions.ts";
import { setSys, SYS, type SysState } from "./runtime/sys_state.ts";
import { PyModule } from "./runtime/modules.ts";
import { str } from "./runtime/repr.ts";
import { toPython } from "./runtime/binding.ts";

export interface InterpreterOptions {
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  argv?: string[];
  /** Reads one line for input() (without the newline), or null at EOF. */
  readLine?: () => string | null;
}

export interface RunResult {
  ok: boolean;
  /** Process exit status: 0, 1 after an uncaught exception, or SystemExit's code. */
  exitCode: number;
  /** The formatted traceback (already written to stderr) when !ok. */
  error?: string;
  exception?: PyException;
}

const encoder = new TextEncoder();

/** Buffered writer for a Deno stream (one write syscall per ~8 KiB instead of per print). */
function bufferedWriter(fd: { writeSync(b: Uint8Array): number }): { write: (s: string) => void; flush: () => void } {
  let buf = "";
  const flush = () => {
    if (buf === "") return;
    const bytes = encoder.encode(buf);
    buf = "";
    let off = 0;
    while (off < bytes.length) off += fd.writeSync(bytes.subarray(off));
  };
  return {
    write: (s) => {
      buf += s;
      if (buf.length > 8192) flush();
    },
    flush,
  };
}

export class Interpreter {
  readonly globals: Record<string, any> = newNamespace();
  private sys: SysState;
  private out: { write: (s: string) => void; flush: () => void };

  constructor(opts: InterpreterOptions = {}) {
    this.out = opts.stdout ? { write: opts.stdout, flush: () => {} } : bufferedWriter(Deno.stdout);
    const errWrite = opts.stderr ?? ((s: string) => {
      this.out.flush();
      Deno.stderr.writeSync(encoder.encode(s));
    });
    this.sys = {
      stdout: (s) => this.out.write(s),
      stderr: (s) => {
        this.out.flush();
        errWrite(s);
      },
      flush: () => this.out.flush(),
      argv: opts.argv ?? [""],
      modules: new Map(),
      scriptDir: ".",
      loadSourceModule: (name, path) => this.loadSourceModule(name, path),
      readLine: opts.readLine ?? null,
    };
    this.globals.__name__ = "__main__";
    this.globals.__doc__ = null;
    this.globals.__file__ = null;
    this.globals.__builtins__ = null;
  }

  /** Makes this interpreter's streams/argv/modules current (one program runs at a time). */
  private enter(): void {
    setSys(this.sys);
  }

  /** Parses and runs a program as `__main__`. Uncaught exceptions are printed to stderr. */
  async run(source: string, filename = "<string>"): Promise<RunResult> {
    this.enter();
    this.globals.__file__ = filename;
    const slash = filename.lastIndexOf("/");
    this.sys.scriptDir = slash >= 0 ? filename.slice(0, slash) : ".";
    try {
      const mod = parse(source, filename);
      await compileModule(mod).run(this.globals);
      this.out.flush();
      return { ok: true, exitCode: 0 };
    } catch (e) {
      return await this.failed(e);
    } finally {
      this.out.flush();
    }
  }

  /** Runs an already-parsed module (tests, tools). */
  async runModule(mod: Module): Promise<RunResult> {
    this.enter();
    try {
      await compileModule(mod).run(this.globals);
      return { ok: true, exitCode: 0 };
    } catch (e) {
      return await this.failed(e);
    } finally {
      this.out.flush();
    }
  }

  async runFile(path: string): Promise<RunResult> {
    let source: string;
    try {
      source = await Deno.readTextFile(path);
    } catch (e) {
      const msg = e instanceof Deno.errors.NotFound
        ? `can't open file '${path}': [Errno 2] No such file or directory\n`
        : `can't open file '${path}': ${(e as Error).message}\n`;
      this.enter();
      this.sys.stderr(msg);
      return { ok: false, exitCode: 2, error: msg };
    }
    if (this.sys.argv.length === 0 || this.sys.argv[0] === "") this.sys.argv[0] = path;
    // CPython reports the main script by its absolute path in tracebacks.
    return await this.run(source, absolutePath(path));
  }

  /**
   * Evaluates REPL input in the persistent globals: expression statements echo their repr (None is not
   * echoed). Errors are printed as tracebacks and returned.
   */
  async eval(source: string, filename = "<stdin>"): Promise<RunResult> {
    this.enter();
    try {
      const mod = parse(source, filename);
      await compileModule(mod, { echo: true }).run(this.globals);
      return { ok: true, exitCode: 0 };
    } catch (e) {
      return await this.failed(e);
    } finally {
      this.out.flush();
    }
  }

  getGlobal(name: string): any {
    return this.globals[name];
  }

  /** Sets a global; JS functions and plain values are converted (binding.ts toPython). */
  setGlobal(name: string, value: any): void {
    this.globals[name] = toPython(value);
  }

  /** Calls a tsl callable with Python values; resolves to its result or rejects with a PyException. */
  async call(fn: any, ...args: any[]): Promise<any> {
    this.enter();
    try {
      const r = callArgs(fn, args, null);
      return r instanceof Promise ? await r : r;
    } catch (e) {
      throw toPyException(e);
    } finally {
      this.out.flush();
    }
  }

  /** The CPython-style traceback text for an exception (any thrown value). */
  async formatException(e: unknown): Promise<string> {
    if (e instanceof PySyntaxError) return e.format();
    const x = toPyException(e);
    let text = await formatException(x);
    if (DEBUG && x.jsError instanceof Error && x.jsError.stack) text += x.jsError.stack + "\n";
    return text;
  }

  private async failed(e: unknown): Promise<RunResult> {
    this.out.flush();
    if (e instanceof PySyntaxError) {
      const text = e.format();
      this.sys.stderr(text.endsWith("\n") ? text : text + "\n");
      return { ok: false, exitCode: 1, error: text };
    }
    const x = toPyException(e);
    if (x.$cls.isSubclassOf(EXC.SystemExit)) return await this.systemExit(x);
    const text = await this.formatException(x);
    this.sys.stderr(text);
    return { ok: false, exitCode: 1, error: text, exception: x };
  }

  private async systemExit(x: PyException): Promise<RunResult> {
    const code = x.args.items.length ? x.args.items[0] : null;
    if (code === null) return { ok: true, exitCode: 0, exception: x };
    if (typeof code === "number") return { ok: code === 0, exitCode: code, exception: x };
    const msg = await str(code);
    this.sys.stderr(msg + "\n");
    return { ok: false, exitCode: 1, error: msg, exception: x };
  }

  /** Runs helper.tsl as module `name` (for `import helper`). */
  private async loadSourceModule(name: string, path: string): Promise<void> {
    const mod: PyModule = SYS.modules.get(name);
    mod.$d.__builtins__ = null;
    const source = await Deno.readTextFile(path);
    await compileModule(parse(source, path)).run(mod.$d);
  }
}

function absolutePath(path: string): string {
  if (path.startsWith("/")) return path;
  const parts = (Deno.cwd() + "/" + path).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return "/" + out.join("/");
}

export { pyErr, RT };

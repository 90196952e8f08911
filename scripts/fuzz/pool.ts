// Runs cases on a few sandboxed worker processes: one case at a time per worker, a fresh Interpreter
// per case, the worker killed (and replaced) when a case runs past the time limit or the process dies
// (a program that exhausts its heap), and recycled every few cases so no state left behind by one
// program can leak far.

import { type CaseReport, type CaseRequest, REPORT_PREFIX } from "./protocol.ts";
import type { RunResult } from "./classify.ts";

const WORKER_PATH = new URL("./worker.ts", import.meta.url).pathname;
const REPO_ROOT = new URL("../../", import.meta.url).pathname;

export interface PoolOptions {
  workers: number;
  timeoutMs: number;
  /** Cases a worker runs before it is replaced. */
  recycleEvery: number;
  /** The V8 heap limit of a worker, in MB. */
  heapMb: number;
}

class WorkerProcess {
  private child: Deno.ChildProcess;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private waiting: ((line: string | null) => void) | null = null;
  readonly exited: Promise<Deno.CommandStatus>;

  constructor(opts: PoolOptions) {
    this.child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        `--allow-read=${REPO_ROOT}`,
        // Reading the environment is harmless here, and modules read it at import (debug switches).
        "--allow-env",
        `--v8-flags=--max-old-space-size=${opts.heapMb}`,
        WORKER_PATH,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.writer = this.child.stdin.getWriter();
    this.exited = this.child.status;
    this.readReports();
  }

  private async readReports(): Promise<void> {
    let buffered = "";
    try {
      for await (const chunk of this.child.stdout.pipeThrough(new TextDecoderStream())) {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const at = line.indexOf(REPORT_PREFIX);
          if (at >= 0) this.waiting?.(line.slice(at + REPORT_PREFIX.length));
        }
      }
    } catch {
      // the process was killed
    }
    this.waiting?.(null);
  }

  /** Sends a case; resolves to the report line, or null when the process ended first. */
  send(req: CaseRequest): Promise<string | null> {
    return new Promise((resolve) => {
      this.waiting = (line) => {
        this.waiting = null;
        resolve(line);
      };
      this.writer.write(new TextEncoder().encode(JSON.stringify(req) + "\n")).catch(() => this.waiting?.(null));
    });
  }

  kill(): void {
    try {
      this.child.kill("SIGKILL");
    } catch {
      // already gone
    }
    this.writer.close().catch(() => {});
  }
}

const WARMUP_MS = 60_000;

/** `p`'s value, or undefined when it takes longer than `ms`. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  const r = await Promise.race([p, late]);
  clearTimeout(timer);
  return r;
}

class Slot {
  private worker: WorkerProcess | null = null;
  private used = 0;

  constructor(private opts: PoolOptions) {}

  private stop(): void {
    this.worker?.kill();
    this.worker = null;
  }

  async run(req: CaseRequest, timeoutMs = this.opts.timeoutMs): Promise<RunResult> {
    if (this.worker && this.used >= this.opts.recycleEvery) this.stop();
    // Loading the runtime is not counted against the first case's limit. A worker that does not come up
    // (seen once on a busy machine) is replaced rather than waited for.
    for (let attempt = 0; !this.worker && attempt < 3; attempt++) {
      const w = new WorkerProcess(this.opts);
      this.used = 0;
      const warm = w.send({ id: -1, source: "import torch\nx = torch.ones(2) + 1\n", filename: "warmup.tsl" });
      const answer = await withTimeout(warm, WARMUP_MS);
      if (typeof answer === "string") this.worker = w;
      else w.kill();
    }
    // No case's fault: stop the run rather than blame the cases.
    if (!this.worker) {
      throw new Error("fuzz: the worker process does not start (run scripts/fuzz/worker.ts to see why)");
    }
    const w = this.worker;
    this.used++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), timeoutMs)));
    const line = await Promise.race([w.send(req), timedOut]);
    clearTimeout(timer);
    if (line === "hang") {
      this.stop();
      return { kind: "hang" };
    }
    if (line === null) {
      this.stop();
      const status = await w.exited;
      return { kind: "crash", message: `worker exited (code ${status.code}, signal ${status.signal ?? "none"})` };
    }
    return { kind: "report", report: JSON.parse(line) as CaseReport };
  }

  close(): void {
    this.stop();
  }
}

export class WorkerPool {
  private slots: Slot[];
  /** A worker of its own for re-runs and minimization, so they never wait for (or disturb) the others. */
  private checker: Slot;

  constructor(opts: PoolOptions) {
    this.slots = Array.from({ length: opts.workers }, () => new Slot(opts));
    this.checker = new Slot(opts);
  }

  /** Runs `count` cases, `make(i)` building case i, calling `done` as each finishes (in any order). */
  async runAll(
    count: number,
    make: (i: number) => CaseRequest,
    done: (i: number, req: CaseRequest, result: RunResult) => Promise<void> | void,
  ): Promise<void> {
    let next = 0;
    await Promise.all(this.slots.map(async (slot) => {
      while (next < count) {
        const i = next++;
        const req = make(i);
        await done(i, req, await slot.run(req));
      }
    }));
  }

  /** Runs one case on the checker worker, optionally with another time limit. */
  runOne(req: CaseRequest, timeoutMs?: number): Promise<RunResult> {
    return this.checker.run(req, timeoutMs);
  }

  close(): void {
    for (const s of [...this.slots, this.checker]) s.close();
  }
}

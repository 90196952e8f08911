// The helper thread of the WebAssembly matrix product: a worker that runs the same module on the
// same shared memory, taking part of each large product's column panels while the main thread
// does the rest. Kernels are synchronous, so the main thread cannot await messages: the two
// threads meet through Atomics on a control block at the start of the shared memory.
//
// The worker is a node:worker_threads Worker from source text (eval), unref'd: it needs no file
// permission to start and does not keep the process alive once the program is done.

/** Int32 slots of the control block (bytes 0..63 of the shared memory, never used for data). */
export const CTL = {
  /** Bumped by the main thread to post a job. */
  seq: 0,
  /** Set to the job's seq by the helper when its part is done. */
  done: 1,
  /** 1 once the helper has instantiated the module and waits for jobs. */
  ready: 2,
  /** 0 when the last job ran, 1 when it threw. */
  failed: 3,
  /** The job: fast (0/1), then the arguments of gemm_exact/gemm_fast. */
  fast: 4,
  args: 5,
} as const;
export const CTL_ARGS = 9;

/**
 * The worker's whole program. It is sent as source text, so it must not refer to anything outside
 * itself (the CTL slots are repeated as numbers).
 */
function helperMain(data: { memory: WebAssembly.Memory; module: WebAssembly.Module }): void {
  const x = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports as Record<
    string,
    (...args: number[]) => void
  >;
  const ctl = new Int32Array(data.memory.buffer, 0, 16);
  let seen = Atomics.load(ctl, 0);
  Atomics.store(ctl, 2, 1);
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
    try {
      const a = Array.from(ctl.subarray(5, 14));
      (ctl[4] ? x.gemm_fast : x.gemm_exact)(...a);
      Atomics.store(ctl, 3, 0);
    } catch {
      Atomics.store(ctl, 3, 1);
    }
    Atomics.store(ctl, 1, seen);
    Atomics.notify(ctl, 1);
  }
}

/**
 * Starts the helper in the background (a dynamic import, so programs that never multiply large
 * matrices do not load node:worker_threads). It reports ready through CTL.ready; until then the
 * main thread does all the work. Failing to start (no worker support) leaves it never ready.
 */
export function startHelper(memory: WebAssembly.Memory, module: WebAssembly.Module): void {
  import("node:worker_threads").then(({ Worker }) => {
    const source = `(${helperMain.toString()})(require("node:worker_threads").workerData);`;
    const worker = new Worker(source, { eval: true, workerData: { memory, module } });
    worker.on("error", () => {}); // a helper that dies stays not-ready; the main thread works alone
    worker.unref();
  }).catch(() => {});
}

/** Posts the helper a job; `join` waits for it to finish. Only when CTL.ready is 1. */
export function postJob(ctl: Int32Array, fast: boolean, args: number[]): () => void {
  Atomics.store(ctl, CTL.fast, fast ? 1 : 0);
  for (let i = 0; i < CTL_ARGS; i++) Atomics.store(ctl, CTL.args + i, args[i]);
  const seq = Atomics.add(ctl, CTL.seq, 1) + 1;
  Atomics.notify(ctl, CTL.seq);
  return () => {
    for (let d = Atomics.load(ctl, CTL.done); d !== seq; d = Atomics.load(ctl, CTL.done)) {
      Atomics.wait(ctl, CTL.done, d);
    }
    if (Atomics.load(ctl, CTL.failed)) throw new Error("the matrix product's helper thread failed");
  };
}

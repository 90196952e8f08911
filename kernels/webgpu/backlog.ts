// Backpressure on submitted GPU work. Kernels only encode (queue.ts), and a loop that reads nothing
// (lazy .item() floats) never waits, so on a GPU slower than the CPU that encodes for it (lavapipe
// shares the CPU's cores) the submitted-but-unfinished work would grow without bound. That backlog
// is more than latency: when the device goes away (the end of a script's or a test module's
// isolate), wgpu-core's Queue drop waits for the last submission with timeouts of 0.1 to 3.2 s,
// 6.3 s in all, and then panics ("We timed out while waiting on the last successful submission to
// complete!"), killing the whole process.
//
// So submits are counted, and at the runtime's step boundaries, which are async already
// (Module.__call__, see step_boundary.ts), a CPU more than MAX_IN_FLIGHT unconfirmed submits ahead
// waits until the GPU has finished them. drainGpu() waits for all of it before the device is
// dropped: the CLI and the REPL call it on the way out; an embedder that ends its program with GPU
// work queued should await it too (mod.ts exports it).

import { checkGpu, gpuDevice, gpuStarted, onGpuFailure } from "./device.ts";

/**
 * Submits the CPU may have unconfirmed before a step boundary waits. A submit is up to 1,024
 * dispatches (about 13 LeNet training steps) or whatever a read or upload cut off; 16 is about half
 * a second of LeNet training on lavapipe, far from wgpu's 6.3 s.
 */
export const MAX_IN_FLIGHT = 16;
let maxInFlight = MAX_IN_FLIGHT;

/** Changes the limit (tests); returns the previous one. */
export function setMaxInFlight(n: number): number {
  const previous = maxInFlight;
  maxInFlight = n;
  return previous;
}

interface Submitted {
  done: boolean;
}

/** Oldest first; finished entries are dropped from the front lazily. */
const inFlight: Submitted[] = [];

/** Backpressure waits so far (a step boundary that found the CPU MAX_IN_FLIGHT submits ahead). */
export const backlogStats = { throttles: 0 };

/**
 * Records a submit just made. No completion marker is taken here: while a queue.onSubmittedWorkDone()
 * is pending, Deno polls the device, and on lavapipe that polling takes the cores the GPU runs on (a
 * marker on every fourth submit still cost the LeNet bench a third of its speed). Markers are only
 * taken when the runtime has to wait anyway: at a throttle and at a drain.
 */
export function noteSubmit(_queue: GPUQueue): void {
  inFlight.push({ done: false });
}

/** A marker for every submit so far: resolves (and marks them done) when the GPU has finished them. */
function mark(queue: GPUQueue): Promise<void> {
  const covered = inFlight.slice();
  const done = () => {
    for (const e of covered) e.done = true;
  };
  // A lost device may never resolve the marker; untilFailure() covers that for the waiters.
  return queue.onSubmittedWorkDone().then(done, done);
}

function dropFinished(): void {
  while (inFlight.length && inFlight[0].done) inFlight.shift();
}

/** Submits not known to be finished (those whose marker the event loop has not delivered yet count). */
export function submitsInFlight(): number {
  dropFinished();
  return inFlight.length;
}

/**
 * Waits until at most MAX_IN_FLIGHT (or setMaxInFlight's) submits are unfinished; undefined (nothing to await) when the
 * CPU is not that far ahead, which is the common case a step boundary pays for.
 */
export function awaitBacklog(): Promise<void> | undefined {
  if (submitsInFlight() <= maxInFlight) return undefined;
  return throttle();
}

async function throttle(): Promise<void> {
  while (submitsInFlight() > maxInFlight) {
    backlogStats.throttles++;
    await untilFailure(mark(gpuDevice().queue));
  }
  checkGpu();
}

/**
 * Waits for everything submitted so far (work encoded but not submitted is dropped with the device;
 * nothing can read it any more). Never throws: it runs on the way out, where a lost device or an
 * error already reported must not turn into a second one.
 */
export async function drainGpu(): Promise<void> {
  if (!gpuStarted()) return;
  try {
    const queue = gpuDevice().queue;
    // a marker for everything submitted, which also marks the backlog's entries done
    await untilFailure(inFlight.length ? mark(queue) : queue.onSubmittedWorkDone());
  } catch {
    // the device is gone: nothing is left to wait for
  }
}

/** `p`, or the device's loss if that comes first (a lost device may leave `p` pending forever). */
function untilFailure<T>(p: Promise<T>): Promise<T> {
  let stop = () => {};
  const failed = new Promise<never>((_, reject) => {
    stop = onGpuFailure(reject);
  });
  return Promise.race([p, failed]).finally(() => stop());
}

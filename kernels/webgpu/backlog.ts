// Backpressure on submitted GPU work. Kernels only encode (queue.ts), and a loop that reads nothing
// (lazy .item() floats) never waits, so on a GPU slower than the CPU that encodes for it (lavapipe
// shares the CPU's cores) the submitted-but-unfinished work would grow without bound. That backlog
// is more than latency: when the device goes away (the end of a script's or a test module's
// isolate), wgpu-core's Queue drop waits for the last submission with timeouts of 0.1 to 3.2 s,
// 6.3 s in all, and then panics ("We timed out while waiting on the last successful submission to
// complete!"), killing the whole process.
//
// So every submit gets a marker (queue.onSubmittedWorkDone()), and at the runtime's step boundaries,
// which are async already (Module.__call__, see step_boundary.ts), a CPU more than MAX_IN_FLIGHT
// submits ahead waits for the oldest one: backpressure, not a sync point, since the GPU keeps the
// other submits queued. drainGpu() waits for all of it before the device is dropped.
//
// A pending marker is an async op, so it also keeps an embedder's event loop alive until its
// submit is done: a program that simply ends drains what it submitted.

import { checkGpu, gpuDevice, gpuStarted, onGpuFailure } from "./device.ts";

/**
 * Submits the CPU may have in flight before a step boundary waits. A submit is up to 1,024
 * dispatches (about 13 LeNet training steps) or whatever a read or upload cut off; 3 keeps the GPU
 * fed (the bench's synced throughput is the same as with no limit) while the backlog stays a few
 * hundred milliseconds on lavapipe.
 */
export const MAX_IN_FLIGHT = 3;
let maxInFlight = MAX_IN_FLIGHT;

/** Changes the limit (tests); returns the previous one. */
export function setMaxInFlight(n: number): number {
  const previous = maxInFlight;
  maxInFlight = n;
  return previous;
}

interface Submitted {
  done: boolean;
  readonly finished: Promise<void>;
}

/** Oldest first; finished entries are dropped from the front lazily. */
const inFlight: Submitted[] = [];

/** Backpressure waits so far (a step boundary that found the CPU MAX_IN_FLIGHT submits ahead). */
export const backlogStats = { throttles: 0 };

/** Records a submit just made on `queue`. */
export function noteSubmit(queue: GPUQueue): void {
  const entry: Submitted = {
    done: false,
    // A lost device may never resolve the marker; failure() below covers that for the waiters.
    finished: queue.onSubmittedWorkDone().then(
      () => void (entry.done = true),
      () => void (entry.done = true),
    ),
  };
  inFlight.push(entry);
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
    await untilFailure(inFlight[0].finished);
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
    await untilFailure(queue.onSubmittedWorkDone());
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

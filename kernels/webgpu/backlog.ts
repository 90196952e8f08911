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
 * dispatches (about 13 LeNet training steps) or whatever a read or upload cut off; 8 keeps the GPU
 * fed while the backlog stays well under wgpu's 6.3 s on lavapipe.
 */
export const MAX_IN_FLIGHT = 8;
let maxInFlight = MAX_IN_FLIGHT;

/**
 * Submits per completion marker. Each queue.onSubmittedWorkDone() costs Deno about as much as a
 * small batch of dispatches (a marker on every submit cost the LeNet bench a third of its speed),
 * and one marker answers for every submit before it, so they come one per MARK_EVERY submits.
 */
const MARK_EVERY = 4;

/** Changes the limit (tests); returns the previous one. */
export function setMaxInFlight(n: number): number {
  const previous = maxInFlight;
  maxInFlight = n;
  return previous;
}

interface Submitted {
  done: boolean;
  /** Set on the last submit a marker covers: resolves when it and every earlier submit are done. */
  finished?: Promise<void>;
}

/** Oldest first; finished entries are dropped from the front lazily. */
const inFlight: Submitted[] = [];
let unmarked = 0;

/** Backpressure waits so far (a step boundary that found the CPU MAX_IN_FLIGHT submits ahead). */
export const backlogStats = { throttles: 0 };

/** Records a submit just made on `queue`. */
export function noteSubmit(queue: GPUQueue): void {
  inFlight.push({ done: false });
  if (++unmarked >= MARK_EVERY) mark(queue);
}

/** A marker for every submit so far; returns its promise. */
function mark(queue: GPUQueue): Promise<void> {
  unmarked = 0;
  const covered = inFlight.filter((e) => !e.done);
  const last = inFlight[inFlight.length - 1];
  const done = () => {
    for (const e of covered) e.done = true;
  };
  // A lost device may never resolve the marker; untilFailure() covers that for the waiters.
  last.finished = queue.onSubmittedWorkDone().then(done, done);
  return last.finished;
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
    // the oldest marker that answers for the oldest unfinished submit, or a new one for all of them
    const marked = inFlight.find((e) => e.finished !== undefined && !e.done);
    await untilFailure(marked?.finished ?? mark(gpuDevice().queue));
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

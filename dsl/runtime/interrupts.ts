// Stopping a running script from outside: Ctrl-C in the REPL (KeyboardInterrupt) and the CLI's
// --timeout. A busy tsl loop never returns to the event loop, so neither a signal listener nor a
// timer could run; instead every loop back-edge counts down TICK.n and, every CHECK_EVERY
// iterations, calls checkpoint(). That reads the clock, raises what is due, and, while someone
// listens for interrupts, yields one event-loop turn now and then so that the signal gets delivered.

import { pyErr } from "./exceptions.ts";

/** Back-edges between two checkpoints: a decrement per iteration is all a loop pays. */
const CHECK_EVERY = 2048;
/** How long a loop may run without an event-loop turn while interrupts are listened for. */
const TURN_EVERY_MS = 50;

/** The countdown compiled loops decrement (`if (--$$TICK.n < 0) $$checkpoint()`). */
export const TICK = { n: CHECK_EVERY };

let interruptRequested = false;
let listeners = 0;
let lastTurn = 0;
let deadline = Infinity;
let deadlineMessage = "";
let onOverrun: (() => void) | null = null;
/** A deadline error the script swallowed gets this long before onOverrun stops it the hard way. */
const OVERRUN_GRACE_MS = 1000;

/** Makes the next checkpoint raise KeyboardInterrupt (a SIGINT handler calls this). */
export function requestInterrupt(): void {
  interruptRequested = true;
  TICK.n = 0;
}

/** Forgets an interrupt that arrived while nothing was running. */
export function clearInterrupt(): void {
  interruptRequested = false;
}

/**
 * Declares that interrupts may be requested from an event-loop callback (a signal listener), so
 * busy loops must let the event loop turn; returns the function that withdraws it.
 */
export function listenForInterrupts(): () => void {
  listeners++;
  let done = false;
  return () => {
    if (!done) listeners--;
    done = true;
  };
}

/**
 * From now on, checkpoints raise TimeoutError(`message`) once `seconds` have passed. If the script
 * catches it and keeps looping, `overrun` runs a second later (the CLI exits there).
 */
export function setDeadline(seconds: number, message: string, overrun: (() => void) | null = null): void {
  deadline = performance.now() + seconds * 1000;
  deadlineMessage = message;
  onOverrun = overrun;
}

export function clearDeadline(): void {
  deadline = Infinity;
  onOverrun = null;
}

/** The error a passed deadline raises (also what a timer-based stop reports). */
export const deadlineError = () => pyErr("TimeoutError", deadlineMessage);

/** Called by compiled loops every CHECK_EVERY iterations; a Promise when it yields a turn. */
export function checkpoint(): Promise<void> | undefined {
  TICK.n = CHECK_EVERY;
  raiseIfDue();
  if (listeners === 0) return undefined;
  const now = performance.now();
  if (now - lastTurn < TURN_EVERY_MS) return undefined;
  lastTurn = now;
  return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(raiseIfDue);
}

function raiseIfDue(): void {
  if (interruptRequested) {
    interruptRequested = false;
    throw pyErr("KeyboardInterrupt");
  }
  if (deadline !== Infinity) {
    const now = performance.now();
    if (now >= deadline) {
      if (now >= deadline + OVERRUN_GRACE_MS) onOverrun?.();
      throw deadlineError();
    }
  }
}

// `.item()` without a wait. On the CPU it is an eager Python number. For a floating tensor on a
// device read asynchronously (WebGPU) it is a lazy float (dsl/runtime/lazy_float.ts): the value is
// copied on the device into a slot of a shared "mailbox" tensor (one small dispatch, no allocation),
// and the mailbox is read only when some lazy float's value is needed; one read then delivers every
// pending value at once. So the seed's `running_loss += loss.item()` with a print every N steps
// waits once per print, not once per step.

import { Tensor } from "../../runtime/tensor.ts";
import { type Device } from "../../runtime/device.ts";
import { isFloating } from "../../runtime/dtype.ts";
import { copyInto } from "../../runtime/ops/copy.ts";
import { withGradMode } from "../../runtime/autograd/grad_mode.ts";
import { LAZY_SOURCE, LazyFloat, lazyLeaf } from "../runtime/lazy_float.ts";
import { pyError, pyFloat } from "../runtime/binding.ts";

/** Slots per mailbox: a mailbox is one small GPU buffer, read as a whole. */
const SLOTS = 1024;

interface Mailbox {
  readonly device: Device;
  readonly values: Tensor;
  readonly leaves: LazyFloat[];
}

/** Mailboxes with pending values, and the emptied ones kept for reuse (per device). */
let pending: Mailbox[] = [];
const spare: Mailbox[] = [];

/**
 * Past this many full mailboxes, values nobody asked for yet are read in the background (no one
 * waits for that read), so that a loop which never prints holds a bounded number of them.
 */
const MAX_PENDING = 16;

function mailboxFor(device: Device): Mailbox {
  let box = pending.findLast((b) => b.device === device);
  if (box && box.leaves.length < SLOTS) return box;
  if (pending.length >= MAX_PENDING) flush().catch(() => {});
  const i = spare.findIndex((b) => b.device === device);
  box = i >= 0 ? spare.splice(i, 1)[0] : { device, values: Tensor.empty([SLOTS], "float32", device), leaves: [] };
  pending.push(box);
  return box;
}

/** A lazy float that the next flush fills with the value of the one-element floating tensor `t`. */
export function deferredItem(t: Tensor): LazyFloat {
  const box = mailboxFor(t.device);
  const slot = box.values.view([], [], box.leaves.length);
  // A detached view: the copy must not join t's autograd graph (nor keep it alive).
  withGradMode(false, () => copyInto(slot, t.view([], [], t.offset)));
  const leaf = lazyLeaf();
  box.leaves.push(leaf);
  return leaf;
}

let inFlight: Promise<void> | null = null;

/**
 * Reads every pending mailbox (issued together) and delivers the values to their lazy floats. A
 * flush started while another is in flight also waits for that one, so that every value created
 * before it has arrived when it settles.
 */
function flush(): Promise<void> {
  const previous = inFlight;
  const boxes = pending;
  pending = [];
  const mine = (async () => {
    const contents = await Promise.all(boxes.map((b) => b.values.data()));
    boxes.forEach((box, i) => {
      box.leaves.forEach((leaf, k) => leaf.value = contents[i][k]);
      box.leaves.length = 0;
      spare.push(box);
    });
    if (previous) await previous;
  })();
  inFlight = mine;
  mine.finally(() => {
    if (inFlight === mine) inFlight = null;
  }).catch(() => {});
  return mine;
}
LAZY_SOURCE.flush = flush;

/** The number of values waiting in mailboxes (tests). */
export const pendingItems = (): number => pending.reduce((n, b) => n + b.leaves.length, 0);

/**
 * `t.item()` as a Python value: eager on the CPU (no Promise), a lazy float for a floating tensor on
 * another device, and otherwise (ints, bools there) the value after one read.
 */
export function itemValue(t: Tensor): any {
  if (t.numel !== 1) throw pyError("ValueError", "only one element tensors can be converted to Python scalars");
  if (t.device.type === "cpu") return scalarOf(t, t.dataSync()[0]);
  if (isFloating(t.dtype)) return deferredItem(t);
  return t.data().then((d) => scalarOf(t, d[0]));
}

const scalarOf = (t: Tensor, v: number): any => t.dtype === "bool" ? v !== 0 : isFloating(t.dtype) ? pyFloat(v) : v;

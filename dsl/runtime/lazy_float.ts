// Lazy Python floats: what `.item()` returns for a tensor on a device that is read asynchronously
// (WebGPU), so that `running_loss += loss.item()` in a training loop costs no wait per step.
//
// A LazyFloat is a float whose value is not known yet: a leaf (a value a device will deliver) or
// +, -, *, / and unary minus over lazy floats and numbers. Arithmetic on them builds that small
// expression graph; anything that needs the value (printing, formatting, comparison, truthiness,
// int(), round(), hashing, any native function taking it as an argument) resolves it: all pending
// leaves are read together (the source's flush: one wait), then the graph is evaluated in doubles
// exactly as eager Python floats would have been, so printed output is unchanged. A resolved
// LazyFloat keeps its value and drops its graph.
//
// Natives see only resolved values: once the first LazyFloat exists, every native function (PyBuiltin)
// resolves lazy arguments before running, except the few that only store or inspect the object
// (list.append, isinstance, ...). Until then natives run unwrapped, so CPU-only scripts pay nothing.

import { PyFloat } from "./values.ts";
import { T_float } from "./types.ts";
import { ALL_BUILTINS, LAZY_BUILTINS, type PyBuiltin } from "./functions.ts";
import { pyErr } from "./exceptions.ts";

type LazyOp = "+" | "-" | "*" | "/" | "neg";
type Operand = LazyFloat | number;

export class LazyFloat {
  declare $cls: any;
  /** The value, once resolved (leaves get it from the source's flush). */
  value: number | undefined = undefined;
  /** Nesting depth of the graph, to bound it (see MAX_DEPTH). */
  readonly depth: number;
  constructor(
    public op: LazyOp | null,
    public a: Operand | null = null,
    public b: Operand | null = null,
  ) {
    this.depth = 1 + Math.max(depthOf(a), depthOf(b));
  }
}
(LazyFloat.prototype as any).$cls = T_float;

const depthOf = (x: Operand | null): number => (x instanceof LazyFloat ? x.depth : 0);

/** Beyond this depth an expression is resolved (one wait) rather than grown, to bound its memory. */
const MAX_DEPTH = 20000;

/** Where leaf values come from: the binding that creates leaves sets `flush`, which fills them all. */
export const LAZY_SOURCE = { flush: null as unknown as () => Promise<void> };

/** A new leaf; its value arrives with the next flush. */
export function lazyLeaf(): LazyFloat {
  if (!LAZY_BUILTINS.wrap) activate();
  return new LazyFloat(null);
}

export const isLazy = (x: unknown): x is LazyFloat => x instanceof LazyFloat;

/** The value of x as a PyFloat: synchronous when already known, else after one flush. */
export function resolveLazy(x: LazyFloat): PyFloat | Promise<PyFloat> {
  if (x.value !== undefined) return new PyFloat(x.value);
  return LAZY_SOURCE.flush().then(() => new PyFloat(evaluate(x)));
}

/** `values` with every LazyFloat replaced by its PyFloat (a Promise when one must be read). */
export function resolveAll(values: readonly any[]): any[] | Promise<any[]> {
  if (!values.some((v) => v instanceof LazyFloat && v.value === undefined)) {
    return values.map((v) => (v instanceof LazyFloat ? new PyFloat(v.value!) : v));
  }
  return LAZY_SOURCE.flush().then(() => values.map((v) => (v instanceof LazyFloat ? new PyFloat(evaluate(v)) : v)));
}

/** Applies `f` to the operands with lazy floats resolved. */
export function withResolved(f: (...args: any[]) => any, ...args: any[]): any {
  const r = resolveAll(args);
  return r instanceof Promise ? r.then((v) => f(...v)) : f(...r);
}

const plain = (x: any): number | undefined => {
  if (typeof x === "number") return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (x instanceof LazyFloat) return x.value;
  return undefined;
};

/**
 * `a op b` where a or b is a LazyFloat. Stays lazy for + - * and / by a known nonzero number (which
 * cannot raise); everything else resolves first and runs `eager` on the resolved operands.
 */
export function lazyBinop(op: string, a: any, b: any, eager: (op: string, a: any, b: any) => any): any {
  const x = plain(a), y = plain(b);
  if (x !== undefined && y !== undefined) {
    // Both known already: plain float arithmetic.
    return eager(op, new PyFloat(x), new PyFloat(y));
  }
  const operandA = lazyOperand(a), operandB = lazyOperand(b);
  const lazyOk = (op === "+" || op === "-" || op === "*" || (op === "/" && y !== undefined && y !== 0)) &&
    operandA !== undefined && operandB !== undefined;
  if (lazyOk) {
    const node = new LazyFloat(op as LazyOp, operandA, operandB);
    if (node.depth < MAX_DEPTH) return node;
  }
  return withResolved((p, q) => eager(op, p, q), a, b);
}

/** -x for a LazyFloat. */
export function lazyNeg(x: LazyFloat): LazyFloat | PyFloat {
  if (x.value !== undefined) return new PyFloat(-x.value);
  return new LazyFloat("neg", x);
}

function lazyOperand(x: any): Operand | undefined {
  if (x instanceof LazyFloat) return x.value ?? x;
  if (typeof x === "number") return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === "boolean") return x ? 1 : 0;
  return undefined;
}

/** Evaluates a graph whose leaves are all known, without recursion (graphs may be deep chains). */
function evaluate(root: LazyFloat): number {
  const stack: LazyFloat[] = [root];
  while (stack.length) {
    const n = stack[stack.length - 1];
    if (n.value !== undefined) {
      stack.pop();
      continue;
    }
    if (n.op === null) throw pyErr("RuntimeError", "a lazy float was not delivered by its device");
    const pendingA = n.a instanceof LazyFloat && n.a.value === undefined;
    const pendingB = n.b instanceof LazyFloat && n.b.value === undefined;
    if (pendingA) stack.push(n.a as LazyFloat);
    if (pendingB) stack.push(n.b as LazyFloat);
    if (pendingA || pendingB) continue;
    const x = valueOf(n.a), y = valueOf(n.b);
    n.value = n.op === "+" ? x + y : n.op === "-" ? x - y : n.op === "*" ? x * y : n.op === "/" ? x / y : -x;
    n.a = n.b = null;
    stack.pop();
  }
  return root.value!;
}

const valueOf = (x: Operand | null): number => (x === null ? 0 : typeof x === "number" ? x : x.value!);

/** The natives that store or inspect a value without needing it (they must not force a read). */
const TRANSPARENT = new Set([
  "isinstance",
  "id",
  "callable",
  "len",
  "getattr",
  "setattr",
  "hasattr",
  "list.append",
  "list.insert",
  "list.extend",
  "list.__setitem__",
  "list.copy",
  "dict.__setitem__",
  "dict.setdefault",
  "dict.get",
  "dict.pop",
  "dict.update",
]);

/** Wraps every native (existing and future) so that it resolves lazy float arguments first. */
function activate(): void {
  LAZY_BUILTINS.wrap = wrapBuiltin;
  for (const b of ALL_BUILTINS) wrapBuiltin(b);
  ALL_BUILTINS.length = 0;
}

function wrapBuiltin(b: PyBuiltin): void {
  if (TRANSPARENT.has(b.qualname)) return;
  const impl = b.impl;
  // Varargs arrive as one array slot, right after the positional ones.
  const vararg = b.sig.vararg ? b.sig.pos.length : -1;
  b.impl = (...slots: any[]) => {
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (s instanceof LazyFloat || (i === vararg && Array.isArray(s) && s.some(isLazy))) {
        return resolveSlots(slots, vararg).then((r) => impl(...r));
      }
    }
    return impl(...slots);
  };
}

async function resolveSlots(slots: any[], vararg: number): Promise<any[]> {
  const out = await resolveAll(slots);
  if (vararg >= 0 && Array.isArray(out[vararg])) out[vararg] = await resolveAll(out[vararg]);
  return out;
}

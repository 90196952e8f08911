// Loops: `for` over any iterable (the internal iterator protocol of runtime/iteration.ts), with a plain
// numeric JS loop for `for i in range(...)` when `range` is the builtin, and Python's `else` clause via a
// labelled block that `break` leaves.

import type * as ir from "../ir.ts";
import type { FnCx } from "./context.ts";
import { compileExpr } from "./expr.ts";
import { branch, compileBody, emitAssign } from "./stmt.ts";

/** A loop's back-edge: every few thousand iterations, lets Ctrl-C and --timeout in (interrupts.ts). */
export function emitCheckpoint(cx: FnCx): void {
  cx.emit(`if (--${cx.h("TICK")}.n < 0) ${cx.aw(`${cx.h("checkpoint")}()`)};`);
}

/**
 * Emits a loop over `iterCode` (a compiled iterable, or an internal iterator when `isIter`), calling
 * `body(valueVar)` to emit the loop body. With `range` a plain numeric JS loop runs instead.
 */
export function emitForLoop(
  cx: FnCx,
  iterCode: string,
  isIter: boolean,
  labels: { brk: string; cont: string } | null,
  body: (value: string) => void,
): void {
  const it = cx.temp();
  const val = cx.temp();
  cx.emit(`${it} = ${isIter ? iterCode : cx.aw(`${cx.h("getIter")}(${iterCode})`)};`);
  cx.emit(`${labels ? labels.cont + ": " : ""}while (true) {`);
  cx.indent();
  emitCheckpoint(cx);
  // An error from the iterator (a DataLoader's worker, a generator) belongs to the loop's line.
  cx.emit(
    `$$ln = ${cx.curLine}; ${val} = ${it}.next(); if (${val} instanceof Promise) ${val} = ${
      cx.wait(val)
    }; if (${val} === ${cx.h("DONE")}) break;`,
  );
  body(val);
  cx.dedent();
  cx.emit("}");
}

/** `for i in range(...)` as a numeric loop when `range` is the builtin and the bounds are plain ints. */
function emitRangeLoop(
  cx: FnCx,
  call: ir.Call,
  labels: { brk: string; cont: string },
  body: (value: string) => void,
): void {
  const f = cx.temp();
  const args = call.args.map(() => cx.temp());
  const [i, stop, step, it, val] = [cx.temp(), cx.temp(), cx.temp(), cx.temp(), cx.temp()];
  cx.emit(`${f} = ${compileExpr(cx, call.func)};`);
  call.args.forEach((a, k) => cx.emit(`${args[k]} = ${compileExpr(cx, a)};`));
  const [a0, a1, a2] = args;
  const start = args.length === 1 ? "0" : a0;
  const stopV = args.length === 1 ? a0 : a1;
  const stepV = args.length === 3 ? a2 : "1";
  const numeric = [start, stopV, stepV].filter((x) => !/^\d+$/.test(x)).map((x) => `typeof ${x} === "number"`);
  cx.emit(`if (${f} === ${cx.h("rangeBuiltin")} && ${numeric.join(" && ")} && ${stepV} !== 0) {`);
  cx.emit(`  ${it} = null; ${i} = ${start}; ${stop} = ${stopV}; ${step} = ${stepV};`);
  cx.emit(`} else {`);
  cx.emit(
    `  ${it} = ${cx.aw(`${cx.h("getIter")}(${cx.aw(`${cx.h("callArgs")}(${f}, [${args.join(", ")}], null)`)})`)};`,
  );
  cx.emit(`}`);
  cx.emit(`${labels.cont}: while (true) {`);
  cx.indent();
  emitCheckpoint(cx);
  cx.emit(
    `if (${it} === null) { if (${step} > 0 ? ${i} >= ${stop} : ${i} <= ${stop}) break; ${val} = ${i}; ${i} += ${step}; }`,
  );
  cx.emit(
    `else { $$ln = ${cx.curLine}; ${val} = ${it}.next(); if (${val} instanceof Promise) ${val} = ${
      cx.wait(val)
    }; if (${val} === ${cx.h("DONE")}) break; }`,
  );
  body(val);
  cx.dedent();
  cx.emit("}");
}

export function forStmt(cx: FnCx, s: ir.For): void {
  const id = cx.mod.label();
  const labels = { brk: `B${id}`, cont: `W${id}` };
  cx.emit(`B${id}: {`);
  const saved = new Set(cx.assigned);
  const body = (val: string) => {
    emitAssign(cx, s.target, val);
    cx.loops.push(labels);
    compileBody(cx, s.body);
    cx.loops.pop();
  };
  const it = s.iter;
  if (
    it.kind === "Call" && it.func.kind === "Name" && it.func.id === "range" && it.keywords.length === 0 &&
    it.args.length >= 1 && it.args.length <= 3 && it.args.every((a) => a.kind !== "Starred")
  ) emitRangeLoop(cx, it, labels, body);
  else emitForLoop(cx, compileExpr(cx, it), false, labels, body);
  cx.assigned = saved;
  branch(cx, s.orelse);
  cx.emit("}");
}

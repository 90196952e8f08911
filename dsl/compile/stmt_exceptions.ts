// try/except/else/finally (class matching, implicit exception chaining, bare re-raise), with-statements
// (__enter__/__exit__, exceptions passed to __exit__, suppression) and raise.

import type * as ir from "../ir.ts";
import type { FnCx } from "./context.ts";
import { compileExpr, storeNameExpr, truthy } from "./expr.ts";
import { block, branch, compileBody, emitAssign } from "./stmt.ts";

export function withStmt(cx: FnCx, s: ir.With, i: number): void {
  if (i >= s.items.length) {
    compileBody(cx, s.body);
    return;
  }
  const item = s.items[i];
  const mgr = cx.temp();
  const exit = cx.temp();
  const ok = cx.temp();
  cx.emit(`${mgr} = ${compileExpr(cx, item.contextExpr)};`);
  cx.emit(`${exit} = ${cx.h("lookupExit")}(${mgr});`);
  const entered = cx.aw(`${cx.h("callMethod0")}(${mgr}, "__enter__")`);
  if (item.optionalVars) {
    const t = cx.temp();
    cx.emit(`${t} = ${entered};`);
    emitAssign(cx, item.optionalVars, t);
  } else cx.emit(`${entered};`);
  cx.emit(`${ok} = true;`);
  cx.emit("try {");
  cx.indent();
  withStmt(cx, s, i + 1);
  cx.dedent();
  cx.emit(`} catch ($$x) {`);
  cx.emit(`  ${ok} = false;`);
  cx.emit(`  $$x = ${cx.h("catchHere")}($$x, ${cx.codeRef()}, $$ln);`);
  cx.emit(`  if (!${truthy(cx, cx.aw(`${cx.h("callExit")}(${exit}, ${mgr}, $$x)`))}) throw $$x;`);
  cx.emit(`} finally {`);
  cx.emit(`  if (${ok}) ${cx.aw(`${cx.h("callExit")}(${exit}, ${mgr}, null)`)};`);
  cx.emit(`}`);
}

export function tryStmt(cx: FnCx, s: ir.Try): void {
  const hasFinally = s.finalbody.length > 0;
  const pending = hasFinally ? cx.temp() : "";
  if (hasFinally) {
    cx.emit(`${pending} = undefined;`);
    cx.emit("try {");
    cx.indent();
  }
  if (s.handlers.length) {
    const ok = cx.temp();
    if (s.orelse.length) cx.emit(`${ok} = false;`);
    cx.emit("try {");
    branch(cx, s.body);
    if (s.orelse.length) cx.emit(`  ${ok} = true;`);
    const ex = cx.temp();
    cx.emit(`} catch ($$x) {`);
    cx.indent();
    cx.emit(`${ex} = ${cx.h("catchHere")}($$x, ${cx.codeRef()}, $$ln);`);
    let first = true;
    for (const h of s.handlers) {
      let cond = "true";
      if (h.type) cond = `${cx.h("excMatches")}(${ex}, ${compileExpr(cx, h.type)})`;
      cx.emit(`${first ? "" : "else "}if (${cond}) {`);
      first = false;
      cx.indent();
      if (h.name) cx.emit(storeNameExpr(cx, h.name, ex) + ";");
      cx.emit("try {");
      cx.handlers.push(ex);
      branch(cx, h.body);
      cx.handlers.pop();
      cx.emit(`} catch ($$y) { throw ${cx.h("chainContext")}($$y, ${ex}); }`);
      cx.dedent();
      cx.emit("}");
    }
    if (s.handlers.every((h) => h.type !== null)) cx.emit(`else throw ${ex};`);
    cx.dedent();
    cx.emit("}");
    if (s.orelse.length) {
      cx.emit(`if (${ok}) {`);
      branch(cx, s.orelse);
      cx.emit("}");
    }
  } else {
    block(cx, s.body);
  }
  if (hasFinally) {
    cx.dedent();
    // Record the raising line before the finally body moves $$ln, as CPython's traceback shows it; an
    // exception the finally body raises meanwhile has the pending one as its context.
    cx.emit(`} catch ($$f) { throw (${pending} = ${cx.h("catchHere")}($$f, ${cx.codeRef()}, $$ln)); } finally {`);
    cx.indent();
    cx.emit("try {");
    branch(cx, s.finalbody);
    cx.emit(`} catch ($$y) { throw ${pending} ? ${cx.h("chainContext")}($$y, ${pending}) : $$y; }`);
    cx.dedent();
    cx.emit("}");
  }
}

export function raiseStmt(cx: FnCx, s: ir.Raise): void {
  if (!s.exc) {
    const cur = cx.handlers[cx.handlers.length - 1];
    cx.emit(`throw ${cur ? `${cx.h("reraise")}(${cur})` : `${cx.h("reraise")}(undefined)`};`);
    return;
  }
  const cause = s.cause ? compileExpr(cx, s.cause) : "undefined";
  cx.emit(
    `throw ${cx.aw(`${cx.h("makeRaise")}(${compileExpr(cx, s.exc)}, ${cause}, ${s.cause ? "true" : "false"})`)};`,
  );
}

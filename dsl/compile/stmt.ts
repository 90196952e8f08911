// Statements -> JS statements: assignment (with unpacking), control flow (Python's for/while `else`
// via labelled blocks), try/except/finally with class matching and exception chaining, with-statements,
// imports, raise, assert, del.

import type * as ir from "../ir.ts";
import { type FnCx, v } from "./context.ts";
import { compileExpr, inplace, loadName, storeNameExpr, syntaxError, truthy } from "./expr.ts";
import { compileClassDef, compileFunctionDef } from "./defs.ts";
import { emitCheckpoint, forStmt } from "./loops.ts";
import { raiseStmt, tryStmt, withStmt } from "./stmt_exceptions.ts";

export { emitForLoop } from "./loops.ts";

const q = (s: string): string => JSON.stringify(s);

export function compileBody(cx: FnCx, body: ir.Stmt[]): void {
  for (const s of body) compileStmt(cx, s);
}

export function block(cx: FnCx, body: ir.Stmt[]): void {
  cx.indent();
  compileBody(cx, body);
  cx.dedent();
}

/** Compiles a nested block whose assignments may not happen: restores the definitely-assigned set. */
export function branch(cx: FnCx, body: ir.Stmt[]): Set<string> {
  const saved = new Set(cx.assigned);
  block(cx, body);
  const after = cx.assigned;
  cx.assigned = saved;
  return after;
}

export function compileStmt(cx: FnCx, s: ir.Stmt): void {
  cx.curLine = s.span.line;
  if (s.kind !== "Pass" && s.kind !== "Global" && s.kind !== "Nonlocal") cx.emit(`$$ln = ${s.span.line};`);
  switch (s.kind) {
    case "ExprStmt":
      if (s.value.kind === "Constant") return;
      cx.emit(compileExpr(cx, s.value) + ";");
      return;
    case "Assign": {
      const val = compileExpr(cx, s.value);
      if (s.targets.length === 1 && s.targets[0].kind === "Name") {
        cx.emit(storeNameExpr(cx, s.targets[0].id, val) + ";");
        cx.assigned.add(s.targets[0].id);
        return;
      }
      const t = cx.temp();
      cx.emit(`${t} = ${val};`);
      for (const target of s.targets) emitAssign(cx, target, t);
      return;
    }
    case "AugAssign":
      return augAssign(cx, s);
    case "AnnAssign":
      if (s.value) {
        const t = cx.temp();
        cx.emit(`${t} = ${compileExpr(cx, s.value)};`);
        emitAssign(cx, s.target, t);
      }
      return;
    case "If": {
      cx.emit(`if (${truthy(cx, compileExpr(cx, s.test))}) {`);
      const a = branch(cx, s.body);
      if (s.orelse.length) {
        cx.emit("} else {");
        const b = branch(cx, s.orelse);
        for (const n of a) if (b.has(n)) cx.assigned.add(n);
      }
      cx.emit("}");
      return;
    }
    case "While": {
      const id = cx.mod.label();
      cx.emit(`B${id}: {`);
      cx.emit(`W${id}: while (true) {`);
      cx.indent();
      emitCheckpoint(cx);
      cx.emit(`if (!${truthy(cx, compileExpr(cx, s.test))}) break;`);
      cx.dedent();
      cx.loops.push({ brk: `B${id}`, cont: `W${id}` });
      branch(cx, s.body);
      cx.loops.pop();
      cx.emit("}");
      branch(cx, s.orelse);
      cx.emit("}");
      return;
    }
    case "For":
      return forStmt(cx, s);
    case "Break":
      if (!cx.loops.length) throw syntaxError(cx, s, "'break' outside loop");
      cx.emit(`break ${cx.loops[cx.loops.length - 1].brk};`);
      return;
    case "Continue":
      if (!cx.loops.length) throw syntaxError(cx, s, "'continue' not properly in loop");
      cx.emit(`continue ${cx.loops[cx.loops.length - 1].cont};`);
      return;
    case "Pass":
    case "Global":
    case "Nonlocal":
      return;
    case "FunctionDef":
      return compileFunctionDef(cx, s);
    case "ClassDef":
      return compileClassDef(cx, s);
    case "Return":
      if (cx.kind !== "function") throw syntaxError(cx, s, "'return' outside function");
      if (cx.mode === "gen" && !cx.isGenerator) {
        cx.emit(`return ($$rv = ${s.value ? compileExpr(cx, s.value) : "null"}, ${cx.h("DEPTH")}.v--, $$rv);`);
      } else cx.emit(`return ${s.value ? compileExpr(cx, s.value) : "null"};`);
      return;
    case "Import":
      for (const a of s.names) {
        const mod = cx.aw(`${cx.h("importModule")}(${q(a.name)}, ${a.asname ? "false" : "true"}, $$g)`);
        const name = a.asname ?? a.name.split(".")[0];
        cx.emit(storeNameExpr(cx, name, mod) + ";");
        cx.assigned.add(name);
      }
      return;
    case "ImportFrom": {
      const m = cx.temp();
      cx.emit(`${m} = ${cx.aw(`${cx.h("importFrom")}(${q(s.module ?? "")}, ${s.level}, $$g)`)};`);
      for (const a of s.names) {
        if (a.name === "*") {
          cx.emit(`${cx.h("importStar")}(${m}, $$g);`);
          continue;
        }
        const val = cx.aw(`${cx.h("importName")}(${m}, ${q(a.name)})`);
        cx.emit(storeNameExpr(cx, a.asname ?? a.name, val) + ";");
        cx.assigned.add(a.asname ?? a.name);
      }
      return;
    }
    case "With":
      return withStmt(cx, s, 0);
    case "Try":
      return tryStmt(cx, s);
    case "Raise":
      return raiseStmt(cx, s);
    case "Assert": {
      const msg = s.msg ? compileExpr(cx, s.msg) : "undefined";
      cx.emit(`if (!${truthy(cx, compileExpr(cx, s.test))}) throw ${cx.aw(`${cx.h("assertionError")}(${msg})`)};`);
      return;
    }
    case "Delete":
      for (const t of s.targets) deleteTarget(cx, t);
      return;
  }
}

/** Assigns the value in JS variable `val` to a target (name, attribute, subscript, unpacking). */
export function emitAssign(cx: FnCx, target: ir.Expr, val: string): void {
  switch (target.kind) {
    case "Name":
      cx.emit(storeNameExpr(cx, target.id, val) + ";");
      cx.assigned.add(target.id);
      return;
    case "Attribute": {
      const o = cx.temp();
      cx.emit(`${o} = ${compileExpr(cx, target.value)};`);
      const slow = cx.aw(`${cx.h("setAttr")}(${o}, ${q(target.attr)}, ${val})`) + ";";
      if (target.attr.startsWith("__")) cx.emit(slow);
      else {
        cx.emit(
          `if (${o} instanceof ${cx.h("PyObject")} && ${o}.$cls.plain === ${cx.h("EPOCH")}.v) ${o}.$d[${
            q(target.attr)
          }] = ${val}; else ${slow}`,
        );
      }
      return;
    }
    case "Subscript": {
      const o = cx.temp();
      const k = cx.temp();
      cx.emit(`${o} = ${compileExpr(cx, target.value)}; ${k} = ${compileExpr(cx, target.index)};`);
      cx.emit(
        `if (typeof ${k} === "number" && Array.isArray(${o}) && ${k} >= 0 && ${k} < ${o}.length && ${o}.$cls === ${
          cx.h("T_list")
        }) ${o}[${k}] = ${val}; else ${cx.aw(`${cx.h("setItem")}(${o}, ${k}, ${val})`)};`,
      );
      return;
    }
    case "Tuple":
    case "List": {
      const elts = target.elts;
      const star = elts.findIndex((e) => e.kind === "Starred");
      const items = cx.temp();
      if (star < 0) {
        cx.emit(
          `${items} = (${val} instanceof ${cx.h("Tuple")} && ${val}.items.length === ${elts.length}) ? ${val}.items : ${
            cx.aw(`${cx.h("unpack")}(${val}, ${elts.length})`)
          };`,
        );
      } else {
        cx.emit(`${items} = ${cx.aw(`${cx.h("unpackStar")}(${val}, ${star}, ${elts.length - star - 1})`)};`);
      }
      elts.forEach((e, i) => {
        const t = cx.temp();
        cx.emit(`${t} = ${items}[${i}];`);
        emitAssign(cx, e.kind === "Starred" ? e.value : e, t);
      });
      return;
    }
    case "Starred":
      throw syntaxError(cx, target, "starred assignment target must be in a list or tuple");
    default:
      throw syntaxError(cx, target, "cannot assign to expression");
  }
}

function augAssign(cx: FnCx, s: ir.AugAssign): void {
  const t = s.target;
  const val = compileExpr(cx, s.value);
  if (t.kind === "Name") {
    cx.emit(storeNameExpr(cx, t.id, inplace(cx, s.op, loadName(cx, t.id), val)) + ";");
    return;
  }
  if (t.kind === "Attribute") {
    const o = cx.temp();
    cx.emit(`${o} = ${compileExpr(cx, t.value)};`);
    const cur = cx.aw(`${cx.h("getAttr")}(${o}, ${q(t.attr)})`);
    const r = cx.temp();
    cx.emit(`${r} = ${inplace(cx, s.op, cur, val)};`);
    cx.emit(cx.aw(`${cx.h("setAttr")}(${o}, ${q(t.attr)}, ${r})`) + ";");
    return;
  }
  const o = cx.temp();
  const k = cx.temp();
  cx.emit(`${o} = ${compileExpr(cx, t.value)}; ${k} = ${compileExpr(cx, t.index)};`);
  const cur = cx.aw(`${cx.h("getItem")}(${o}, ${k})`);
  const r = cx.temp();
  cx.emit(`${r} = ${inplace(cx, s.op, cur, val)};`);
  cx.emit(cx.aw(`${cx.h("setItem")}(${o}, ${k}, ${r})`) + ";");
}

function deleteTarget(cx: FnCx, t: ir.Expr): void {
  switch (t.kind) {
    case "Name": {
      const r = cx.scope.resolve(t.id);
      if (r === "global") cx.emit(`${cx.h("delGlobal")}($$g, ${q(t.id)});`);
      else if (r === "class") cx.emit(`${cx.h("delGlobal")}(${cx.nsVar}, ${q(t.id)});`);
      else {
        cx.emit(`${loadName(cx, t.id)}; ${v(t.id)} = undefined;`);
        cx.assigned.delete(t.id);
      }
      return;
    }
    case "Attribute":
      cx.emit(cx.aw(`${cx.h("delAttr")}(${compileExpr(cx, t.value)}, ${q(t.attr)})`) + ";");
      return;
    case "Subscript":
      cx.emit(cx.aw(`${cx.h("delItem")}(${compileExpr(cx, t.value)}, ${compileExpr(cx, t.index)})`) + ";");
      return;
    case "Tuple":
    case "List":
      for (const e of t.elts) deleteTarget(cx, e);
      return;
    default:
      throw syntaxError(cx, t, "cannot delete expression");
  }
}

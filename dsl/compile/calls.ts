// Calls: method calls with per-site inline caches, direct `yield*` delegation to compiled functions,
// keyword and starred arguments, zero-argument super().

import type * as ir from "../ir.ts";
import type { FnCx } from "./context.ts";
import { compileExpr, listItems } from "./expr.ts";

const q = (s: string): string => JSON.stringify(s);

/** Keyword arguments as a JS Map expression (null when none). */
function keywords(cx: FnCx, kws: ir.Keyword[]): string {
  if (kws.length === 0) return "null";
  const named = kws.filter((k) => k.arg !== null).map((k) => `[${q(k.arg!)}, ${compileExpr(cx, k.value)}]`);
  let code = `new Map([${named.join(", ")}])`;
  // **mapping entries merge in order (later ones after the named ones is fine: duplicates are errors).
  for (const k of kws) if (k.arg === null) code = cx.aw(`${cx.h("mergeKw")}(${code}, ${compileExpr(cx, k.value)})`);
  return code;
}

/** Calls on a line other than their statement's update the traceback line first. */
function lineMark(cx: FnCx, e: ir.Expr): string {
  return e.span.line === cx.curLine ? "" : `$$ln = ${e.span.line}, `;
}

export function call(cx: FnCx, e: ir.Call): string {
  const f = e.func;
  const hasStar = e.args.some((a) => a.kind === "Starred");
  const simple = !hasStar && e.keywords.length === 0;
  // Zero-argument super() inside a method.
  if (f.kind === "Name" && f.id === "super" && e.args.length === 0 && e.keywords.length === 0 && cx.classCell) {
    return `${cx.h("makeSuper")}(${cx.classCell}, ${cx.firstParam ?? "undefined"})`;
  }
  if (f.kind === "Attribute") {
    const obj = compileExpr(cx, f.value);
    if (simple && e.args.length <= 4) {
      const args = e.args.map((a) => compileExpr(cx, a));
      // Inline cache: same receiver type and no class change since -> call the cached JS function.
      const ic = cx.mod.ic();
      const o = cx.temp();
      const temps = args.map(() => cx.temp());
      const setup = [`${o} = ${obj}`, ...args.map((a, i) => `${temps[i]} = ${a}`)].join(", ");
      const hit = `${o} != null && ${o}.$cls === ${ic}.t && ${ic}.e === ${
        cx.h("EPOCH")
      }.v && (${o}.$d == null || ${o}.$d[${q(f.attr)}] === undefined)`;
      const direct = `${ic}.c(${[o, ...temps].join(", ")})`;
      const slow = cx.aw(`${cx.h("callMethodIC")}(${o}, ${q(f.attr)}, [${temps.join(", ")}], ${ic})`);
      const fast = cx.mode === "gen"
        ? `(${ic}.g ? (yield* ${direct}) : ${cx.aw(direct)})`
        : cx.aw(`(${ic}.g ? ${cx.h("drive")}(${direct}) : ${direct})`);
      return `(${lineMark(cx, e)}${setup}, (${hit}) ? ${fast} : ${slow})`;
    }
    const argList = listItems(cx, e.args);
    return `(${lineMark(cx, e)}${
      cx.aw(`${cx.h("callMethod")}(${obj}, ${q(f.attr)}, ${argList}, ${keywords(cx, e.keywords)})`)
    })`;
  }
  const fn = compileExpr(cx, f);
  if (simple && e.args.length <= 3) {
    const args = e.args.map((a) => compileExpr(cx, a));
    if (cx.mode === "gen") {
      // Calls to compiled functions delegate directly (no driver, no Promise).
      const ft = cx.temp();
      const temps = args.map(() => cx.temp());
      const setup = [`${ft} = ${fn}`, ...args.map((a, i) => `${temps[i]} = ${a}`)].join(", ");
      return `(${lineMark(cx, e)}${setup}, (${ft} instanceof ${
        cx.h("PyFunction")
      } && ${ft}.maxpos >= ${args.length}) ? ` +
        `(yield* ${ft}.fn(${temps.join(", ")})) : ${
          cx.aw(`${cx.h(`call${args.length}`)}(${[ft, ...temps].join(", ")})`)
        })`;
    }
    return `(${lineMark(cx, e)}${cx.aw(`${cx.h(`call${args.length}`)}(${[fn, ...args].join(", ")})`)})`;
  }
  const argList = listItems(cx, e.args);
  return `(${lineMark(cx, e)}${cx.aw(`${cx.h("callArgs")}(${fn}, ${argList}, ${keywords(cx, e.keywords)})`)})`;
}

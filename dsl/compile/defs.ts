// Function definitions, lambdas, class bodies and comprehensions: each becomes a nested JS function
// (JS generator functions, driven by runtime/drive.ts), so Python closures are JS closures. Every such function
// records its traceback frame when an exception leaves it.

import type * as ir from "../ir.ts";
import { FnCx, v } from "./context.ts";
import { compileExpr, listItems, storeNameExpr, truthy } from "./expr.ts";
import { compileBody, emitAssign, emitForLoop } from "./stmt.ts";
import { makeSignature } from "../runtime/signature.ts";

const q = (s: string): string => JSON.stringify(s);

function childQualname(cx: FnCx, name: string): string {
  if (cx.kind === "module") return name;
  if (cx.kind === "class") return `${cx.qualname}.${name}`;
  return `${cx.qualname}.<locals>.${name}`;
}

function paramList(args: ir.Arguments): string[] {
  const out = [...args.posonly, ...args.args].map((a) => a.name);
  if (args.vararg) out.push(args.vararg.name);
  for (const k of args.kwonly) out.push(k.name);
  if (args.kwarg) out.push(args.kwarg.name);
  return out;
}

/** Wraps body lines of a JS function with locals, temps, the line register and the frame catch. */
function wrapBody(fcx: FnCx, firstLine: number, params: string[], prologue: string[]): string[] {
  const locals = [...fcx.scope.locals].filter((n) => !params.includes(n)).map(v);
  const code = fcx.codeRef();
  const lines: string[] = [...prologue];
  if (locals.length) lines.push(`let ${locals.join(", ")};`);
  lines.push(`let $$ln = ${firstLine};`, fcx.tempDecls());
  // Frames of running (non-generator) functions count towards the recursion limit; a suspended tsl
  // generator is not on the stack, so generators are not counted.
  const counted = fcx.mode === "gen" && !fcx.isGenerator;
  const depth = fcx.h("DEPTH");
  if (counted) lines.push(`if (++${depth}.v > ${depth}.limit) throw ${fcx.h("recursionError")}();`);
  // The decrement happens at every exit: returns (compiled as `return (rv, DEPTH.v--, rv)`, see
  // stmt.ts), the implicit `return null`, and the exception path. (A try/finally costs ~40% more per call.)
  lines.push(
    "try {",
    ...fcx.out,
    `} catch ($$e) { ${counted ? `${depth}.v--; ` : ""}throw ${fcx.h("addFrame")}($$e, ${code}, $$ln); }`,
  );
  return lines;
}

/** JS expression creating the PyFunction for a def or lambda. */
function buildFunction(
  cx: FnCx,
  node: object,
  name: string,
  args: ir.Arguments,
  body: ir.Stmt[] | ir.Expr,
  isGen: boolean,
  line: number,
): string {
  const scope = cx.scope.children.get(node)!;
  const fcx = new FnCx(cx.mod, scope, cx, cx.kind === "class" ? cx.classCell : cx.classCell);
  fcx.qualname = childQualname(cx, name);
  fcx.kind = "function";
  fcx.frameName = name;
  fcx.isGenerator = isGen;
  fcx.mode = "gen";
  const params = paramList(args);
  const pos = [...args.posonly, ...args.args].map((a) => a.name);
  fcx.firstParam = params.length ? v(params[0]) : null;
  for (const p of params) fcx.assigned.add(p);
  const sig = makeSignature(
    name,
    pos,
    args.posonly.length,
    args.vararg?.name ?? null,
    args.kwonly.map((k) => k.name),
    args.kwarg?.name ?? null,
  );
  const fast = !args.vararg && !args.kwarg && args.kwonly.length === 0;
  const ndef = args.defaults.length;
  const prologue: string[] = [];
  if (fast) {
    const required = pos.slice(0, pos.length - ndef);
    if (required.length) {
      prologue.push(
        `if (${required.map((p) => `${v(p)} === undefined`).join(" || ")}) throw ${fcx.h("missingArgs")}(${
          cx.mod.konst(sig)
        }, ${q(fcx.qualname)}, [${pos.map(v).join(", ")}]);`,
      );
    }
    pos.slice(pos.length - ndef).forEach((p, i) => prologue.push(`if (${v(p)} === undefined) ${v(p)} = $$d[${i}];`));
  }
  let doc = "null";
  if (Array.isArray(body)) {
    const first = body[0];
    if (first?.kind === "ExprStmt" && first.value.kind === "Constant" && first.value.value.type === "str") {
      doc = q(first.value.value.value);
    }
    compileBody(fcx, body);
  } else {
    fcx.curLine = body.span.line;
    fcx.emit(`return ($$rv = ${compileExpr(fcx, body)}, ${fcx.h("DEPTH")}.v--, $$rv);`);
  }
  if (Array.isArray(body)) fcx.emit(fcx.mode === "gen" ? `${fcx.h("DEPTH")}.v--; return null;` : "return null;");
  const jsParams = params.map(v).join(", ");
  let fnCode: string;
  if (isGen) {
    const inner = wrapBody(fcx, line, params, []);
    fnCode = `function* (${jsParams}) {\n${prologue.join("\n")}\nreturn new ${cx.h("Generator")}((function* () {\n${
      inner.join("\n")
    }\n})(), ${q(name)}, ${q(fcx.qualname)});\n}`;
  } else {
    fnCode = `function* (${jsParams}) {\n${wrapBody(fcx, line, params, prologue).join("\n")}\n}`;
  }
  const kwDefaults = args.kwDefaults.length
    ? `[${args.kwDefaults.map((d) => (d ? compileExpr(cx, d) : "undefined")).join(", ")}]`
    : "null";
  const mk = `${cx.h("mkfn")}(${cx.mod.konst(sig)}, ${q(fcx.qualname)}, ${fnCode}, $$d, $$kd, $$g.__name__, ${doc})`;
  const defaults = args.defaults.map((d) => compileExpr(cx, d));
  // Both default lists are evaluated in the enclosing function (they may wait on a Promise, and
  // `yield` cannot appear inside the arrow), positional ones first, as in CPython.
  return `(($$d, $$kd) => ${mk})([${defaults.join(", ")}], ${kwDefaults})`;
}

export function compileFunctionDef(cx: FnCx, s: ir.FunctionDef): void {
  const decs = s.decorators.map((d) => {
    const t = cx.temp();
    cx.emit(`${t} = ${compileExpr(cx, d)};`);
    return t;
  });
  const t = cx.temp();
  cx.emit(`${t} = ${buildFunction(cx, s, s.name, s.args, s.body, s.isGenerator, s.span.line)};`);
  for (const d of decs.reverse()) cx.emit(`${t} = ${cx.aw(`${cx.h("call1")}(${d}, ${t})`)};`);
  cx.emit(storeNameExpr(cx, s.name, t) + ";");
  cx.assigned.add(s.name);
}

export function compileLambda(cx: FnCx, e: ir.Lambda): string {
  return buildFunction(cx, e, "<lambda>", e.args, e.body, false, e.span.line);
}

export function compileClassDef(cx: FnCx, s: ir.ClassDef): void {
  const decs = s.decorators.map((d) => {
    const t = cx.temp();
    cx.emit(`${t} = ${compileExpr(cx, d)};`);
    return t;
  });
  const bases = cx.temp();
  const kw = cx.temp();
  cx.emit(`${bases} = ${listItems(cx, s.bases)};`);
  const named = s.keywords.filter((k) => k.arg !== null).map((k) => `[${q(k.arg!)}, ${compileExpr(cx, k.value)}]`);
  cx.emit(`${kw} = ${named.length ? `new Map([${named.join(", ")}])` : "null"};`);
  const cell = cx.mod.cell();
  const ns = `$$ns${cx.mod.label()}`;
  const scope = cx.scope.children.get(s)!;
  const ccx = new FnCx(cx.mod, scope, cx, cell);
  ccx.kind = "class";
  ccx.frameName = s.name;
  ccx.qualname = childQualname(cx, s.name);
  ccx.nsVar = ns;
  compileBody(ccx, s.body);
  const code = ccx.codeRef();
  cx.emit(`{ let ${cell};`);
  cx.emit(`const ${ns} = ${cx.h("newNamespace")}();`);
  cx.emit(`${ns}.__module__ = $$g.__name__; ${ns}.__qualname__ = ${q(ccx.qualname)};`);
  const first = s.body[0];
  if (first?.kind === "ExprStmt" && first.value.kind === "Constant" && first.value.value.type === "str") {
    cx.emit(`${ns}.__doc__ = ${q(first.value.value.value)};`);
  }
  cx.emit(
    `${
      cx.aw(
        `${cx.h("drive")}((function* () {\nlet $$ln = ${s.span.line};\n${ccx.tempDecls()}\ntry {\n${
          ccx.out.join("\n")
        }\n} catch ($$e) { throw ${cx.h("addFrame")}($$e, ${code}, $$ln); }\n})())`,
      )
    };`,
  );
  const t = cx.temp();
  cx.emit(
    `${t} = ${cell} = ${
      cx.aw(`${cx.h("buildClass")}(${q(s.name)}, ${q(ccx.qualname)}, ${bases}, ${ns}, $$g.__name__, ${kw})`)
    };`,
  );
  for (const d of decs.reverse()) cx.emit(`${t} = ${cx.aw(`${cx.h("call1")}(${d}, ${t})`)};`);
  cx.emit(storeNameExpr(cx, s.name, t) + "; }");
  cx.assigned.add(s.name);
}

const COMP_NAMES: Record<string, string> = {
  list: "<listcomp>",
  set: "<setcomp>",
  dict: "<dictcomp>",
  generator: "<genexpr>",
};

export function compileComprehension(cx: FnCx, e: ir.Comprehension): string {
  const scope = cx.scope.children.get(e)!;
  const ccx = new FnCx(cx.mod, scope, cx, cx.classCell);
  ccx.kind = "comprehension";
  ccx.frameName = COMP_NAMES[e.type];
  ccx.qualname = cx.kind === "module" ? COMP_NAMES[e.type] : `${cx.qualname}.<locals>.${COMP_NAMES[e.type]}`;
  ccx.isGenerator = e.type === "generator";
  ccx.mode = "gen";
  ccx.curLine = e.span.line;
  // Comprehension targets are assigned before use by construction.
  for (const n of scope.locals) ccx.assigned.add(n);
  const gen = (i: number): void => {
    const g = e.generators[i];
    const iterCode = i === 0 ? "$$it0" : compileExpr(ccx, g.iter);
    emitForLoop(ccx, iterCode, i === 0 && e.type === "generator", null, (tmp) => {
      emitAssign(ccx, g.target, tmp);
      for (const cond of g.ifs) ccx.emit(`if (!${truthy(ccx, compileExpr(ccx, cond))}) continue;`);
      if (i + 1 < e.generators.length) gen(i + 1);
      else if (e.type === "list") ccx.emit(`$$r.push(${compileExpr(ccx, e.elt)});`);
      else if (e.type === "set") ccx.emit(`${ccx.aw(`$$r.add(${compileExpr(ccx, e.elt)})`)};`);
      else if (e.type === "dict") {
        const k = ccx.temp();
        ccx.emit(`${k} = ${compileExpr(ccx, e.key!)};`);
        ccx.emit(`${ccx.aw(`$$r.set(${k}, ${compileExpr(ccx, e.elt)})`)};`);
      } else ccx.emit(`yield ${compileExpr(ccx, e.elt)};`);
    });
  };
  gen(0);
  const init = e.type === "list" ? "[]" : e.type === "set" ? `new ${cx.h("PySet")}()` : `new ${cx.h("PyDict")}()`;
  const first = compileExpr(cx, e.generators[0].iter);
  const body = wrapBody(ccx, e.span.line, [], []);
  if (e.type === "generator") {
    return `new ${cx.h("Generator")}((function* ($$it0) {\n${body.join("\n")}\n})(${
      cx.aw(`${cx.h("getIter")}(${first})`)
    }), "<genexpr>", ${q(ccx.qualname)})`;
  }
  return cx.aw(
    `${cx.h("drive")}((function* ($$it0) {\nconst $$r = ${init};\n${body.join("\n")}\n${
      cx.h("DEPTH")
    }.v--;\nreturn $$r;\n})(${first}))`,
  );
}

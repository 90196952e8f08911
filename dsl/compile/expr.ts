// Expressions -> JS expressions. Every operation that may run tsl code (a dunder, a call) is wrapped so
// that a Promise result is awaited and a plain result is not (FnCx.aw). int arithmetic and comparisons on
// plain JS numbers are inlined.

import type * as ir from "../ir.ts";
import { type FnCx, v } from "./context.ts";
import { compileComprehension, compileLambda } from "./defs.ts";
import { call } from "./calls.ts";
import { PySyntaxError } from "../syntax_error.ts";

const MAX = "9007199254740991";
const q = (s: string): string => JSON.stringify(s);

export function compileExpr(cx: FnCx, e: ir.Expr): string {
  switch (e.kind) {
    case "Name":
      return loadName(cx, e.id);
    case "Constant":
      return constant(cx, e.value);
    case "JoinedStr":
      return joinedStr(cx, e);
    case "FormattedValue":
      return formattedValue(cx, e);
    case "Tuple":
      return `new ${cx.h("Tuple")}(${listItems(cx, e.elts)})`;
    case "List":
      return listItems(cx, e.elts);
    case "Set":
      return cx.aw(`${cx.h("newSet")}(${listItems(cx, e.elts)})`);
    case "Dict":
      return dictLiteral(cx, e);
    case "Attribute":
      return attribute(cx, e);
    case "Subscript":
      return subscript(cx, e);
    case "Slice":
      return `new ${cx.h("Slice")}(${opt(cx, e.lower)}, ${opt(cx, e.upper)}, ${opt(cx, e.step)})`;
    case "Starred":
      throw syntaxError(cx, e, "can't use starred expression here");
    case "Call":
      return call(cx, e);
    case "BinOp":
      return binop(cx, e.op, compileExpr(cx, e.left), compileExpr(cx, e.right));
    case "UnaryOp":
      return unary(cx, e);
    case "BoolOp":
      return boolOp(cx, e);
    case "Compare":
      return compare(cx, e);
    case "IfExp":
      return `(${truthy(cx, compileExpr(cx, e.test))} ? ${compileExpr(cx, e.body)} : ${compileExpr(cx, e.orelse)})`;
    case "Lambda":
      return compileLambda(cx, e);
    case "Comprehension":
      return compileComprehension(cx, e);
    case "Yield":
      if (!cx.isGenerator) throw syntaxError(cx, e, "'yield' outside function");
      return `((yield ${e.value ? compileExpr(cx, e.value) : "null"}) ?? null)`;
    case "YieldFrom":
      if (!cx.isGenerator) throw syntaxError(cx, e, "'yield' outside function");
      return `((yield* ${cx.h("yieldFrom")}(${compileExpr(cx, e.value)})) ?? null)`;
    case "NamedExpr": {
      const t = cx.temp();
      return `(${t} = ${compileExpr(cx, e.value)}, ${storeNameExpr(cx, e.target.id, t)}, ${t})`;
    }
  }
}

/** A compile-time error positioned at `node`, rendered like CPython's SyntaxError. */
export function syntaxError(cx: FnCx, node: { span: ir.Span }, msg: string): Error {
  const { line, col, endLine, endCol } = node.span;
  return new PySyntaxError(
    "SyntaxError",
    msg,
    cx.mod.filename,
    line,
    col,
    cx.mod.lines[line - 1] ?? "",
    endLine,
    endCol,
  );
}

function opt(cx: FnCx, e: ir.Expr | null): string {
  return e ? compileExpr(cx, e) : "null";
}

function constant(cx: FnCx, c: ir.ConstantValue): string {
  switch (c.type) {
    case "int":
      if (c.bigint !== undefined) return cx.mod.konst(normBigint(c.bigint));
      return Object.is(c.value, -0) ? "0" : String(c.value);
    case "float":
      return cx.mod.konst(makeFloat(c.value));
    case "str":
      return q(c.value);
    case "bool":
      return c.value ? "true" : "false";
    case "None":
      return "null";
    case "Ellipsis":
      return cx.h("Ellipsis");
    case "bytes":
      return q(c.value);
    case "complex":
      throw new Error("complex numbers are not supported by tsl");
  }
}

/** Hook set by compiler.ts: builds a PyFloat constant. */
export const CONST_HOOKS = { float: (_v: number): any => null, bigint: (_v: bigint): any => null };
const makeFloat = (x: number) => CONST_HOOKS.float(x);
const normBigint = (b: bigint) => CONST_HOOKS.bigint(b);

/** Items of a list display (with *starred unpacking) as a JS array expression. */
export function listItems(cx: FnCx, elts: ir.Expr[]): string {
  const parts = elts.map((x) =>
    x.kind === "Starred" ? `...${cx.aw(`${cx.h("toArray")}(${compileExpr(cx, x.value)})`)}` : compileExpr(cx, x)
  );
  return `[${parts.join(", ")}]`;
}

function dictLiteral(cx: FnCx, e: ir.DictExpr): string {
  const parts: string[] = [];
  e.keys.forEach((k, i) => {
    if (k === null) parts.push(cx.h("SPREAD"), compileExpr(cx, e.values[i]));
    else parts.push(compileExpr(cx, k), compileExpr(cx, e.values[i]));
  });
  return cx.aw(`${cx.h("dictLiteral")}([${parts.join(", ")}])`);
}

function joinedStr(cx: FnCx, e: ir.JoinedStr): string {
  if (e.values.length === 0) return '""';
  const parts = e.values.map((p) => (p.kind === "Constant" ? constant(cx, p.value) : formattedValue(cx, p)));
  return "(" + (e.values[0].kind === "Constant" ? "" : '"" + ') + parts.join(" + ") + ")";
}

function formattedValue(cx: FnCx, e: ir.FormattedValue): string {
  const val = compileExpr(cx, e.value);
  const spec = e.formatSpec ? joinedStr(cx, e.formatSpec) : '""';
  // For f"{x=}" the parser already emitted the "x=" text and the implied !r, as CPython's AST does.
  const conv = e.conversion;
  return cx.aw(`${cx.h("fstringField")}(${val}, ${conv ? q(conv) : "null"}, ${spec})`);
}

/** `o.name`: plain instances read their dict inline (types.ts `plain`); everything else via getAttr. */
function attribute(cx: FnCx, e: ir.Attribute): string {
  const obj = compileExpr(cx, e.value);
  if (e.attr.startsWith("__")) return cx.aw(`${cx.h("getAttr")}(${obj}, ${q(e.attr)})`);
  const o = cx.temp();
  const val = cx.temp();
  return `((${o} = ${obj}) instanceof ${cx.h("PyObject")} && ${o}.$cls.plain === ${
    cx.h("EPOCH")
  }.v && (${val} = ${o}.$d[${q(e.attr)}]) !== undefined ? ${val} : ${cx.aw(`${cx.h("getAttr")}(${o}, ${q(e.attr)})`)})`;
}

function subscript(cx: FnCx, e: ir.Subscript): string {
  const o = cx.temp();
  const k = cx.temp();
  const list = cx.h("T_list");
  return `(${o} = ${compileExpr(cx, e.value)}, ${k} = ${compileExpr(cx, e.index)}, ` +
    `(typeof ${k} === "number" && Array.isArray(${o}) && ${k} >= 0 && ${k} < ${o}.length && ${o}.$cls === ${list}) ` +
    `? ${o}[${k}] : ${cx.aw(`${cx.h("getItem")}(${o}, ${k})`)})`;
}

// ---------------------------------------------------------------- names

export function loadName(cx: FnCx, name: string): string {
  const r = cx.scope.resolve(name);
  // `__class__` inside a method is the class being defined (the same cell zero-arg super() uses).
  if (name === "__class__" && r === "global" && cx.classCell && cx.kind !== "class") {
    return `(${cx.classCell} !== undefined ? ${cx.classCell} : ${cx.h("unboundFree")}("__class__"))`;
  }
  const js = v(name);
  switch (r) {
    case "local":
      if (cx.assigned.has(name)) return js;
      return `(${js} !== undefined ? ${js} : ${cx.h("unboundLocal")}(${q(name)}))`;
    case "free":
      return `(${js} !== undefined ? ${js} : ${cx.h("unboundFree")}(${q(name)}))`;
    case "class":
      return `(($$gv = ${cx.nsVar}[${q(name)}]) !== undefined ? $$gv : ${globalLoad(cx, name)})`;
    case "global":
      return globalLoad(cx, name);
  }
}

function globalLoad(cx: FnCx, name: string): string {
  return `(($$gv = $$g[${q(name)}]) !== undefined ? $$gv : ${cx.h("builtin")}(${q(name)}))`;
}

/** Assigns JS value expression `val` (a simple expression: evaluated once) to a name, as a JS expression. */
export function storeNameExpr(cx: FnCx, name: string, val: string): string {
  const r = cx.scope.resolve(name);
  switch (r) {
    case "local":
    case "free":
      return `${v(name)} = ${val}`;
    case "class":
      return `${cx.nsVar}[${q(name)}] = ${val}`;
    case "global":
      return `$$g[${q(name)}] = ${val}`;
  }
}

// ---------------------------------------------------------------- operators

const INLINE_INT: Record<string, (a: string, b: string, r: string) => string> = {
  "+": (a, b, r) => `(${r} = ${a} + ${b}) <= ${MAX} && ${r} >= -${MAX}`,
  "-": (a, b, r) => `(${r} = ${a} - ${b}) <= ${MAX} && ${r} >= -${MAX}`,
  "*": (a, b, r) => `(${r} = ${a} * ${b} + 0) <= ${MAX} && ${r} >= -${MAX}`,
  "%": (a, b, r) => `${a} >= 0 && ${b} > 0 && ((${r} = ${a} % ${b}), true)`,
  "//": (a, b, r) => `${a} >= 0 && ${b} > 0 && ((${r} = Math.floor(${a} / ${b})), true)`,
};

const SLOW_OP: Record<string, string> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "truediv",
};

/** `a op b` for compiled operand expressions. */
export function binop(cx: FnCx, op: string, left: string, right: string): string {
  const a = cx.temp();
  const b = cx.temp();
  const slowName = SLOW_OP[op];
  const slow = slowName ? `${cx.h(slowName)}(${a}, ${b})` : `${cx.h("binop")}(${q(op)}, ${a}, ${b})`;
  const inline = INLINE_INT[op];
  if (inline) {
    const r = cx.temp();
    return `(${a} = ${left}, ${b} = ${right}, (typeof ${a} === "number" && typeof ${b} === "number" && ` +
      `${inline(a, b, r)}) ? ${r} : ${cx.aw(slow)})`;
  }
  if (op === "/") {
    return `(${a} = ${left}, ${b} = ${right}, (typeof ${a} === "number" && typeof ${b} === "number" && ${b} !== 0)` +
      ` ? new ${cx.h("F")}(${a} / ${b}) : ${cx.aw(slow)})`;
  }
  return `(${a} = ${left}, ${b} = ${right}, ${cx.aw(slow)})`;
}

/** `a op= b`: in-place dunders first. */
export function inplace(cx: FnCx, op: string, left: string, right: string): string {
  const a = cx.temp();
  const b = cx.temp();
  const slow = `${cx.h("inplaceOp")}(${q(op)}, ${a}, ${b})`;
  const inline = INLINE_INT[op];
  if (inline) {
    const r = cx.temp();
    return `(${a} = ${left}, ${b} = ${right}, (typeof ${a} === "number" && typeof ${b} === "number" && ` +
      `${inline(a, b, r)}) ? ${r} : ${cx.aw(slow)})`;
  }
  return `(${a} = ${left}, ${b} = ${right}, ${cx.aw(slow)})`;
}

function unary(cx: FnCx, e: ir.UnaryOp): string {
  const x = compileExpr(cx, e.operand);
  switch (e.op) {
    case "not":
      return `!${truthy(cx, x)}`;
    case "-": {
      const t = cx.temp();
      return `(${t} = ${x}, typeof ${t} === "number" ? 0 - ${t} : ${cx.aw(`${cx.h("neg")}(${t})`)})`;
    }
    case "+":
      return cx.aw(`${cx.h("pos")}(${x})`);
    case "~":
      return cx.aw(`${cx.h("invert")}(${x})`);
  }
}

/** Python truthiness of a compiled expression, as a JS boolean expression. */
export function truthy(cx: FnCx, x: string): string {
  const t = cx.temp();
  return `((${t} = ${x}) === true || (${t} !== false && ${cx.aw(`${cx.h("truthy")}(${t})`)}))`;
}

function boolOp(cx: FnCx, e: ir.BoolOp): string {
  const t = cx.temp();
  let code = compileExpr(cx, e.values[e.values.length - 1]);
  for (let i = e.values.length - 2; i >= 0; i--) {
    const x = compileExpr(cx, e.values[i]);
    const test = `(${t} === true || (${t} !== false && ${cx.aw(`${cx.h("truthy")}(${t})`)}))`;
    code = e.op === "and" ? `((${t} = ${x}), ${test} ? ${code} : ${t})` : `((${t} = ${x}), ${test} ? ${t} : ${code})`;
  }
  return code;
}

const CMP_DUNDER: Record<string, string> = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge" };

/** One comparison of two simple JS operands (temps). */
function compareOne(cx: FnCx, op: ir.CompareOperator, a: string, b: string): string {
  switch (op) {
    case "==":
      return `((typeof ${a} !== "object" && typeof ${a} === typeof ${b}) ? ${a} === ${b} : ${
        cx.aw(`${cx.h("eq")}(${a}, ${b})`)
      })`;
    case "!=":
      return `((typeof ${a} !== "object" && typeof ${a} === typeof ${b}) ? ${a} !== ${b} : ${
        cx.aw(`${cx.h("ne")}(${a}, ${b})`)
      })`;
    case "is":
      return `(${a} === ${b})`;
    case "is not":
      return `(${a} !== ${b})`;
    case "in":
      return cx.aw(`${cx.h("contains")}(${b}, ${a})`);
    case "not in":
      return `!${cx.aw(`${cx.h("contains")}(${b}, ${a})`)}`;
    default:
      return `((typeof ${a} === "number" && typeof ${b} === "number") ? ${a} ${op} ${b} : ${
        cx.aw(`${cx.h(CMP_DUNDER[op])}(${a}, ${b})`)
      })`;
  }
}

function compare(cx: FnCx, e: ir.Compare): string {
  const a = cx.temp();
  const b = cx.temp();
  if (e.ops.length === 1) {
    return `(${a} = ${compileExpr(cx, e.left)}, ${b} = ${compileExpr(cx, e.comparators[0])}, ${
      compareOne(cx, e.ops[0], a, b)
    })`;
  }
  // a < b < c: each operand evaluated once; stops at the first false result (returned as is).
  const r = cx.temp();
  const operands = [a];
  for (let i = 0; i < e.comparators.length; i++) operands.push(cx.temp());
  let code = "";
  for (let i = e.ops.length - 1; i >= 0; i--) {
    const step = `(${operands[i + 1]} = ${compileExpr(cx, e.comparators[i])}, ${r} = ${
      compareOne(cx, e.ops[i], operands[i], operands[i + 1])
    })`;
    if (code === "") code = step;
    else {
      code = `(${step}, (${r} === true || (${r} !== false && ${cx.aw(`${cx.h("truthy")}(${r})`)})) ? ${code} : ${r})`;
    }
  }
  return `(${a} = ${compileExpr(cx, e.left)}, ${code})`;
}

// Number literals and parameter lists.

import type { IToken } from "chevrotain";
import type { Arg, Arguments, ConstantValue, Expr, Span } from "../ir.ts";
import { join, tokSpan } from "./nodes.ts";

/** The value of a NUMBER token (already validated by the lexer). */
export function parseNumber(image: string): ConstantValue {
  const s = image.includes("_") ? image.replaceAll("_", "") : image;
  const last = s[s.length - 1];
  if (last === "j" || last === "J") return { type: "complex", imag: parseFloat(s.slice(0, -1)) };
  const c1 = s[1];
  if (s[0] === "0" && s.length > 1 && "xXoObB".includes(c1)) {
    const big = BigInt(s.toLowerCase());
    return intValue(big);
  }
  if (/[.eE]/.test(s)) return { type: "float", value: parseFloat(s) };
  if (s.length < 16) return { type: "int", value: parseInt(s, 10) };
  return intValue(BigInt(s));
}

function intValue(big: bigint): ConstantValue {
  const value = Number(big);
  return Number.isSafeInteger(value) ? { type: "int", value } : { type: "int", value, bigint: big };
}

export interface ParamItem {
  kind: "/" | "*" | "**" | "arg";
  /** The first token: '/', '*', '**' or the name. */
  tok: IToken;
  name?: IToken;
  annotation: Expr | null;
  eq?: IToken;
  default: Expr | null;
}

interface Failer {
  fail(msg: string, span: Span): never;
}

function arg(name: IToken, annotation: Expr | null): Arg {
  const span = annotation ? join(tokSpan(name), annotation.span) : tokSpan(name);
  return { name: name.image, annotation, span };
}

/** Builds Arguments, raising CPython 3.11's errors for a misordered parameter list. */
export function buildArguments(items: ParamItem[], p: Failer, after?: IToken): Arguments {
  const a: Arguments = { posonly: [], args: [], defaults: [], vararg: null, kwonly: [], kwDefaults: [], kwarg: null };
  let slash = false;
  let star: ParamItem | null = null;
  let kwarg = false;
  let sawDefault = false;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (kwarg) p.fail("arguments cannot follow var-keyword argument", tokSpan(it.tok));
    switch (it.kind) {
      case "/":
        if (slash) p.fail("/ may appear only once", tokSpan(it.tok));
        if (star) p.fail("/ must be ahead of *", tokSpan(it.tok));
        if (a.args.length === 0) p.fail("at least one argument must precede /", tokSpan(it.tok));
        slash = true;
        a.posonly = a.args;
        a.args = [];
        break;
      case "*":
        if (star) p.fail("* argument may appear only once", tokSpan(it.tok));
        if (it.default && it.eq) p.fail("var-positional argument cannot have default value", tokSpan(it.eq));
        if (!it.name) {
          const next = items[i + 1];
          // (For a lambda, CPython points at the token after the parameters.)
          const at = after && !next ? after : it.tok;
          if (!next || next.kind === "**") p.fail("named arguments must follow bare *", tokSpan(at));
        } else {
          a.vararg = arg(it.name, it.annotation);
          a.vararg.span = join(tokSpan(it.tok), a.vararg.span);
        }
        star = it;
        break;
      case "**":
        if (it.default && it.eq) p.fail("var-keyword argument cannot have default value", tokSpan(it.eq));
        a.kwarg = arg(it.name!, it.annotation);
        a.kwarg.span = join(tokSpan(it.tok), a.kwarg.span);
        kwarg = true;
        break;
      case "arg":
        if (star) {
          a.kwonly.push(arg(it.name!, it.annotation));
          a.kwDefaults.push(it.default);
        } else {
          if (it.default) {
            sawDefault = true;
            a.defaults.push(it.default);
          } else if (sawDefault) {
            p.fail("non-default argument follows default argument", tokSpan(it.name!));
          }
          a.args.push(arg(it.name!, it.annotation));
        }
        break;
    }
  }
  return a;
}

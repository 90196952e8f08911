// Subscripts and slices, call arguments, lambda and def parameters, yield.

import type { IToken, ParserMethod } from "chevrotain";
import * as L from "../lexer.ts";
import type { Arguments, ComprehensionFor, Expr, Keyword, Name, Slice } from "../ir.ts";
import { endAt, exprName, join, spanFromTokens, tokSpan } from "./nodes.ts";
import type { CallArgs } from "./base.ts";
import { ExprParser } from "./expr_rules.ts";
import { buildArguments, type ParamItem } from "./helpers.ts";

const { KW } = L;

export class CallParser extends ExprParser {
  declare compFor: ParserMethod<[], ComprehensionFor[]>;

  override slices = this.RULE("slices", (): Expr => {
    const first = this.SUBRULE(this.slice);
    const commas: IToken[] = [];
    const elts: (Expr | null)[] = [];
    this.MANY(() => {
      commas.push(this.CONSUME(L.COMMA));
      elts.push(this.OPTION(() => this.SUBRULE2(this.slice)) ?? null);
    });
    return this.ACTION((): Expr =>
      commas.length === 0 && first.kind === "Starred"
        ? { kind: "Tuple", elts: [first], span: first.span } // x[*a] is x[(*a,)]
        : this.commaList(first, commas, elts, null, null)
    );
  });

  slice = this.RULE("slice", (): Expr =>
    this.OR([
      { ALT: () => this.SUBRULE(this.starred) },
      { ALT: () => this.SUBRULE(this.sliceTail, { ARGS: [null] }) },
      {
        ALT: () => {
          const lower = this.SUBRULE(this.namedExpression);
          const s = this.OPTION(() => this.SUBRULE2(this.sliceTail, { ARGS: [lower] }));
          return s ?? lower;
        },
      },
    ]));

  /** `: [upper] [: [step]]`. */
  sliceTail = this.RULE("sliceTail", (lower: Expr | null): Slice => {
    const c1 = this.CONSUME(L.COLON);
    let last: IToken | Expr = c1;
    const upper = this.OPTION(() => this.SUBRULE(this.expression)) ?? null;
    let step: Expr | null = null;
    this.OPTION2(() => {
      last = this.CONSUME2(L.COLON);
      step = this.OPTION3(() => this.SUBRULE2(this.expression)) ?? null;
    });
    return this.ACTION((): Slice => {
      const start = lower ? this.sp(lower) : tokSpan(c1);
      const endNode = step ?? (last !== c1 ? last : upper ?? c1);
      const span = "kind" in endNode ? join(start, this.sp(endNode)) : endAt(start, endNode as IToken);
      return { kind: "Slice", lower, upper, step, span };
    });
  });

  /** Call arguments (also class bases). `open` is the '(' (a sole generator argument spans the parentheses). */
  override callArgs = this.RULE("callArgs", (): CallArgs => {
    const items: (Expr | Keyword)[] = [];
    const commas: IToken[] = [];
    items.push(this.SUBRULE(this.callArg));
    this.MANY(() => {
      const comma = this.CONSUME(L.COMMA);
      this.ACTION(() => {
        commas.push(comma);
        if (items.length < commas.length) this.failAt(comma);
      });
      this.OPTION(() => items.push(this.SUBRULE2(this.callArg)));
    });
    return this.ACTION(() => this.buildCallArgs(items, commas.length));
  });

  callArg = this.RULE("callArg", (): Expr | Keyword =>
    this.OR([
      {
        ALT: () => {
          const s = this.SUBRULE(this.starred);
          this.ACTION(() => {
            if (this.LA(1).tokenType === KW.for) this.noStarInComp(s);
          });
          return s;
        },
      },
      {
        ALT: () => {
          const op = this.CONSUME(L.DOUBLESTAR);
          const value = this.SUBRULE(this.expression);
          return this.ACTION((): Keyword => ({ arg: null, value, span: join(tokSpan(op), this.sp(value)) }));
        },
      },
      {
        // `name=value` is told from an expression after the fact (an LL(1) decision, cheap at start-up).
        ALT: () => {
          const e = this.SUBRULE(this.namedExpression, { ARGS: [false] });
          const kw = this.OPTION(() => {
            const eq = this.CONSUME(L.EQUAL);
            this.ACTION(() => {
              if (e.kind === "Name" && !this.isParenthesized(e)) return;
              if (e.kind === "Constant" && (e.value.type === "None" || e.value.type === "bool")) {
                this.fail(`cannot assign to ${exprName(e)}`, join(this.sp(e), tokSpan(this.LA(1))));
              }
              this.fail('expression cannot contain assignment, perhaps you meant "=="?', endAt(this.sp(e), eq));
            });
            const value = this.SUBRULE(this.expression);
            this.ACTION(() => {
              if (this.LA(1).tokenType === KW.for) {
                this.fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", endAt(e.span, eq));
              }
            });
            return value;
          });
          const gens = this.OPTION2({ GATE: () => !kw, DEF: () => this.SUBRULE(this.compFor) });
          return this.ACTION((): Expr | Keyword => {
            if (kw) return { arg: (e as Name).id, value: kw, span: join(e.span, this.sp(kw)) };
            if (!gens) return e;
            return {
              kind: "Comprehension",
              type: "generator",
              elt: this.noStarInComp(e),
              key: null,
              generators: gens,
              span: join(this.sp(e), this.sp(gens[gens.length - 1])),
            };
          });
        },
      },
    ]));

  override lambdef = this.RULE("lambdef", (): Expr => {
    const kw = this.CONSUME(KW.lambda);
    this.ACTION(() => {
      if (this.LA(1).tokenType !== L.LPAR) return;
      let i = 2;
      while (![L.RPAR, L.COLON, L.NEWLINE, L.ENDMARKER].includes(this.LA(i).tokenType)) i++;
      if (this.LA(i).tokenType === L.RPAR) {
        this.fail("Lambda expression parameters cannot be parenthesized", spanFromTokens(this.LA(1), this.LA(i)));
      }
    });
    const args = this.OPTION(() => this.SUBRULE(this.params, { ARGS: [true] }));
    this.CONSUME(L.COLON);
    const body = this.SUBRULE(this.expression);
    return this.ACTION(() => ({
      kind: "Lambda" as const,
      args: args ?? buildArguments([], this),
      body,
      span: join(tokSpan(kw), this.sp(body)),
    }));
  });

  /** Parameter lists of def (annotations allowed) and lambda. */
  params = this.RULE("params", (isLambda?: boolean): Arguments => {
    const items: ParamItem[] = [];
    const commas: IToken[] = [];
    items.push(this.SUBRULE(this.param, { ARGS: [isLambda] }));
    this.MANY(() => {
      const comma = this.CONSUME(L.COMMA);
      this.ACTION(() => {
        commas.push(comma);
        if (items.length < commas.length) this.failAt(comma);
      });
      this.OPTION(() => items.push(this.SUBRULE2(this.param, { ARGS: [isLambda] })));
    });
    return this.ACTION(() => {
      // A parameter not followed by ',' or the closing token is not checked (CPython's rules need one).
      const end = this.LA(1).tokenType;
      const complete = isLambda ? end === L.COLON : end === L.RPAR;
      const checked = complete || items.length < commas.length + 1 ? items : items.slice(0, -1);
      return buildArguments(checked, this, isLambda ? this.LA(1) : undefined);
    });
  });

  param = this.RULE("param", (isLambda?: boolean): ParamItem => {
    // Every call site needs its own DSL occurrence index, hence the `i`s.
    const annotation = (i: number) =>
      this.option(i, {
        GATE: () => !isLambda,
        DEF: () => {
          this.consume(i, L.COLON);
          return this.subrule(i, this.expression);
        },
      }) ?? null;
    const dflt = (i: number, item: ParamItem): ParamItem => {
      this.option(i + 10, () => {
        item.eq = this.consume(i + 10, L.EQUAL);
        item.default = this.subrule(i + 10, this.expression);
      });
      return item;
    };
    return this.OR([
      { ALT: (): ParamItem => ({ kind: "/", tok: this.CONSUME(L.SLASH), annotation: null, default: null }) },
      {
        ALT: () => {
          const tok = this.CONSUME(L.STAR);
          const name = this.OPTION4(() => this.CONSUME(L.NAME));
          const ann = name ? annotation(1) : null;
          return dflt(1, { kind: "*", tok, name, annotation: ann, default: null });
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(L.DOUBLESTAR);
          const name = this.CONSUME2(L.NAME);
          return dflt(2, { kind: "**", tok, name, annotation: annotation(2), default: null });
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME3(L.NAME);
          return dflt(3, { kind: "arg", tok: name, name, annotation: annotation(3), default: null });
        },
      },
    ]);
  });

  yieldExpr = this.RULE("yieldExpr", (): Expr => {
    const kw = this.CONSUME(KW.yield);
    const r = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.from);
            return { from: true, e: this.SUBRULE(this.expression) };
          },
        },
        { ALT: () => ({ from: false, e: this.SUBRULE(this.starExpressions) }) },
      ])
    );
    return this.ACTION((): Expr => {
      if (!r) return { kind: "Yield", value: null, span: tokSpan(kw) };
      const span = join(tokSpan(kw), this.sp(r.e));
      return r.from ? { kind: "YieldFrom", value: r.e, span } : { kind: "Yield", value: r.e, span };
    });
  });
}

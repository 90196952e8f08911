// Expressions, by Python 3.11's precedence: lambda < if-else < or < and < not < comparisons < | < ^ < & < shifts
// < +,- < *,/,//,%,@ < unary -,+,~ < ** (right-assoc) < primaries (attribute, call, subscript) < atoms.

import type { IToken, ParserMethod } from "chevrotain";
import * as L from "../lexer.ts";
import type { CompareOperator, Expr, Name } from "../ir.ts";
import { endAt, exprName, join, tokSpan } from "./nodes.ts";
import { type CallArgs, ParserBase } from "./base.ts";

const { KW } = L;

const PRECEDENCE: Record<string, number> = {
  "|": 1,
  "^": 2,
  "&": 3,
  "<<": 4,
  ">>": 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
  "//": 6,
  "%": 6,
  "@": 6,
};

export class ExprParser extends ParserBase {
  declare lambdef: ParserMethod<[], Expr>;
  declare atom: ParserMethod<[], Expr>;
  declare slices: ParserMethod<[], Expr>;
  declare callArgs: ParserMethod<[], CallArgs>;

  starExpressions = this.RULE("starExpressions", (): Expr => {
    const first = this.SUBRULE(this.starExpression);
    const commas: IToken[] = [];
    const elts: (Expr | null)[] = [];
    this.MANY(() => {
      commas.push(this.CONSUME(L.COMMA));
      elts.push(this.OPTION(() => this.SUBRULE2(this.starExpression)) ?? null);
    });
    return this.ACTION(() => this.commaList(first, commas, elts, null, null));
  });

  starExpression = this.RULE("starExpression", (): Expr =>
    this.OR([
      { ALT: () => this.SUBRULE(this.starred) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]));

  starred = this.RULE("starred", (): Expr => {
    const star = this.CONSUME(L.STAR);
    const value = this.SUBRULE(this.bitOr);
    return this.ACTION(() => ({ kind: "Starred", value, span: join(tokSpan(star), this.sp(value)) }));
  });

  starNamedExpression = this.RULE("starNamedExpression", (): Expr =>
    this.OR([
      { ALT: () => this.SUBRULE(this.starred) },
      { ALT: () => this.SUBRULE(this.namedExpression) },
    ]));

  /** `NAME := expr` or an expression; `checkEq` reports a stray `=` as CPython's invalid_named_expression. */
  /**
   * `NAME := expr` or an expression; `checkEq` reports a stray `=` as CPython's invalid_named_expression.
   * (The `:=` is taken after the expression, which keeps this decision LL(1): cheaper to analyze at start-up.)
   */
  namedExpression = this.RULE("namedExpression", (checkEq?: boolean): Expr => {
    const e = this.SUBRULE(this.expression);
    const value = this.OPTION(() => {
      this.CONSUME(L.COLONEQUAL);
      this.ACTION(() => {
        if (e.kind !== "Name" || this.isParenthesized(e)) {
          this.fail(`cannot use assignment expressions with ${exprName(e)}`, e.span);
        }
      });
      return this.SUBRULE2(this.expression);
    });
    return this.ACTION((): Expr => {
      if (value) {
        return { kind: "NamedExpr", target: e as Name, value, span: join(e.span, this.sp(value)) };
      }
      if (checkEq !== false && this.LA(1).tokenType === L.EQUAL) this.invalidNamedExpression(e);
      return e;
    });
  });

  expression = this.RULE("expression", (): Expr => {
    this.ACTION(() => this.exprStarts.push(this.LA(1)));
    const r = this.OR([
      { ALT: () => this.SUBRULE(this.lambdef) },
      {
        ALT: () => {
          const body = this.SUBRULE(this.disjunction);
          const cond = this.OPTION(() => {
            this.CONSUME(KW.if);
            const test = this.SUBRULE2(this.disjunction);
            this.ACTION(() => {
              const nt = this.LA(1).tokenType;
              if (nt !== KW.else && nt !== L.COLON) {
                this.fail("expected 'else' after 'if' expression", join(this.sp(body), this.sp(test)));
              }
            });
            this.CONSUME(KW.else);
            const orelse = this.SUBRULE(this.expression);
            return { test, orelse };
          });
          return this.ACTION((): Expr =>
            cond
              ? {
                kind: "IfExp",
                test: cond.test,
                body,
                orelse: cond.orelse,
                span: join(this.sp(body), this.sp(cond.orelse)),
              }
              : body
          );
        },
      },
    ]);
    return r;
  });

  disjunction = this.RULE("disjunction", (): Expr => {
    const first = this.SUBRULE(this.conjunction);
    const rest: Expr[] = [];
    this.MANY(() => {
      this.CONSUME(KW.or);
      rest.push(this.SUBRULE2(this.conjunction));
    });
    return this.ACTION(() =>
      rest.length
        ? {
          kind: "BoolOp",
          op: "or",
          values: [first, ...rest],
          span: join(this.sp(first), this.sp(rest[rest.length - 1])),
        }
        : first
    );
  });

  conjunction = this.RULE("conjunction", (): Expr => {
    const first = this.SUBRULE(this.inversion);
    const rest: Expr[] = [];
    this.MANY(() => {
      this.CONSUME(KW.and);
      rest.push(this.SUBRULE2(this.inversion));
    });
    return this.ACTION(() =>
      rest.length
        ? {
          kind: "BoolOp",
          op: "and",
          values: [first, ...rest],
          span: join(this.sp(first), this.sp(rest[rest.length - 1])),
        }
        : first
    );
  });

  inversion = this.RULE("inversion", (): Expr =>
    this.OR([
      {
        ALT: () => {
          const not = this.CONSUME(KW.not);
          const operand = this.SUBRULE(this.inversion);
          return this.ACTION(() => ({
            kind: "UnaryOp" as const,
            op: "not" as const,
            operand,
            span: join(tokSpan(not), this.sp(operand)),
          }));
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]));

  comparison = this.RULE("comparison", (): Expr => {
    const left = this.SUBRULE(this.bitOr);
    const ops: CompareOperator[] = [];
    const comparators: Expr[] = [];
    this.MANY(() => {
      ops.push(this.OR([
        { ALT: () => this.CONSUME(L.COMPOP).image as CompareOperator },
        { ALT: () => (this.CONSUME(KW.in), "in" as const) },
        { ALT: () => (this.CONSUME(KW.not), this.CONSUME2(KW.in), "not in" as const) },
        {
          ALT: () => {
            this.CONSUME(KW.is);
            return this.OPTION(() => this.CONSUME2(KW.not)) ? "is not" as const : "is" as const;
          },
        },
      ]));
      comparators.push(this.SUBRULE2(this.bitOr));
    });
    return this.ACTION(() =>
      ops.length
        ? {
          kind: "Compare",
          left,
          ops,
          comparators,
          span: join(this.sp(left), this.sp(comparators[comparators.length - 1])),
        }
        : left
    );
  });

  // ------------------------------------------------------------ binary operators

  /**
   * Binary operators from `|` down to `* / // % @`, parsed flat and grouped by precedence (one rule instead of
   * six nested ones: the bulk of expression parsing time is rule calls).
   */
  bitOr = this.RULE("bitOr", (): Expr => {
    const first = this.SUBRULE(this.factor);
    let operands: Expr[] | null = null;
    let ops: string[] | null = null;
    this.MANY(() => {
      const op = this.CONSUME(L.BINOP);
      const right = this.SUBRULE2(this.factor);
      this.ACTION(() => {
        (ops ??= []).push(op.image);
        (operands ??= [first]).push(right);
      });
    });
    return this.ACTION(() => (ops ? this.climb(operands!, ops) : first));
  });

  private climb(operands: Expr[], ops: string[]): Expr {
    const out: Expr[] = [operands[0]];
    const pending: string[] = [];
    const reduce = () => {
      const right = out.pop()!;
      out.push(this.binop(out.pop()!, pending.pop()!, right));
    };
    for (let k = 0; k < ops.length; k++) {
      const p = PRECEDENCE[ops[k]];
      while (pending.length && PRECEDENCE[pending[pending.length - 1]] >= p) reduce();
      pending.push(ops[k]);
      out.push(operands[k + 1]);
    }
    while (pending.length) reduce();
    return out[0];
  }

  factor = this.RULE("factor", (): Expr =>
    this.OR([
      {
        ALT: () => {
          const op = this.OR2([
            { ALT: () => this.CONSUME(L.PLUS) },
            { ALT: () => this.CONSUME(L.MINUS) },
            { ALT: () => this.CONSUME(L.TILDE) },
          ]);
          const operand = this.SUBRULE(this.factor);
          return this.ACTION((): Expr => ({
            kind: "UnaryOp",
            op: op.image as "-" | "+" | "~",
            operand,
            span: join(tokSpan(op), this.sp(operand)),
          }));
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]));

  power = this.RULE("power", (): Expr => {
    const base = this.SUBRULE(this.primary);
    const exp = this.OPTION(() => {
      this.CONSUME(L.DOUBLESTAR);
      return this.SUBRULE(this.factor);
    });
    return this.ACTION(() => exp ? this.binop(base, "**", exp) : base);
  });

  // ------------------------------------------------------------ primaries

  primary = this.RULE("primary", (): Expr => {
    let e = this.SUBRULE(this.atom);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(L.DOT);
            const name = this.CONSUME(L.NAME);
            this.ACTION(() => e = { kind: "Attribute", value: e, attr: name.image, span: endAt(this.sp(e), name) });
          },
        },
        {
          ALT: () => {
            const open = this.CONSUME(L.LPAR);
            const a = this.OPTION(() => this.SUBRULE(this.callArgs));
            const close = this.CONSUME(L.RPAR);
            this.ACTION(() => {
              this.genArgSpan(a, open, close);
              e = {
                kind: "Call",
                func: e,
                args: a?.args ?? [],
                keywords: a?.keywords ?? [],
                span: endAt(this.sp(e), close),
              };
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(L.LSQB);
            const index = this.SUBRULE(this.slices);
            const close = this.CONSUME(L.RSQB);
            this.ACTION(() => e = { kind: "Subscript", value: e, index, span: endAt(this.sp(e), close) });
          },
        },
      ])
    );
    return e;
  });
}

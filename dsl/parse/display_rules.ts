// Atoms: names, numbers, strings, None/True/False/..., parenthesized forms, list/dict/set displays and
// comprehensions, and the target lists of comprehensions and for loops.

import type { IToken } from "chevrotain";
import * as L from "../lexer.ts";
import type { ComprehensionFor, Expr } from "../ir.ts";
import { join, spanFromTokens, tokSpan } from "./nodes.ts";
import { stringAtom } from "./strings.ts";
import { checkTarget } from "./targets.ts";
import { CallParser } from "./call_rules.ts";
import { parseNumber } from "./helpers.ts";

const { KW } = L;

export class DisplayParser extends CallParser {
  override atom = this.RULE("atom", (): Expr =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(L.NAME);
          return this.ACTION((): Expr => ({ kind: "Name", id: t.image, span: tokSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(L.NUMBER);
          return this.ACTION((): Expr => {
            const value = parseNumber(t.image);
            if (value.type === "complex") this.notSupported(`complex number '${t.image}'`, t);
            return { kind: "Constant", value, span: tokSpan(t) };
          });
        },
      },
      {
        ALT: () => {
          const toks: IToken[] = [];
          this.AT_LEAST_ONE(() => toks.push(this.CONSUME(L.STRING)));
          return this.ACTION(() => stringAtom(toks, this.stringContext()));
        },
      },
      {
        ALT: () => {
          const t = this.OR2([
            { ALT: () => this.CONSUME(KW.None) },
            { ALT: () => this.CONSUME(KW.True) },
            { ALT: () => this.CONSUME(KW.False) },
            { ALT: () => this.CONSUME(L.ELLIPSIS) },
          ]);
          return this.ACTION((): Expr => {
            const i = t.image;
            const value = i === "None"
              ? { type: "None" as const }
              : i === "..."
              ? { type: "Ellipsis" as const }
              : { type: "bool" as const, value: i === "True" };
            return { kind: "Constant", value, span: tokSpan(t) };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.group) },
      { ALT: () => this.SUBRULE(this.listDisplay) },
      { ALT: () => this.SUBRULE(this.braceDisplay) },
      {
        ALT: () => {
          const t = this.CONSUME(KW.await);
          return this.ACTION(() => this.notSupported("'await'", t));
        },
      },
    ]));

  /** `( ... )`: empty tuple, yield, group, tuple or generator expression. */
  group = this.RULE("group", (): Expr => {
    const open = this.CONSUME(L.LPAR);
    return this.OR([
      {
        ALT: () => {
          const close = this.CONSUME(L.RPAR);
          return this.ACTION((): Expr =>
            this.paren({ kind: "Tuple", elts: [], span: spanFromTokens(open, close) }, open, close)
          );
        },
      },
      {
        ALT: () => {
          const y = this.SUBRULE(this.yieldExpr);
          const close = this.CONSUME2(L.RPAR);
          return this.ACTION(() => this.paren(y, open, close));
        },
      },
      {
        ALT: () => {
          const first = this.SUBRULE(this.starNamedExpression);
          return this.OR2([
            {
              ALT: () => {
                const gens = this.SUBRULE(this.compFor);
                const close = this.CONSUME3(L.RPAR);
                return this.ACTION(() =>
                  this.paren(this.comprehension("generator", first, null, gens, open, close), open, close)
                );
              },
            },
            {
              ALT: () => {
                const commas: IToken[] = [];
                const elts: (Expr | null)[] = [];
                this.MANY(() => {
                  commas.push(this.CONSUME(L.COMMA));
                  elts.push(this.OPTION(() => this.SUBRULE2(this.starNamedExpression)) ?? null);
                });
                const close = this.CONSUME4(L.RPAR);
                return this.ACTION(() => {
                  if (commas.length === 0 && first.kind === "Starred") {
                    this.fail("cannot use starred expression here", first.span);
                  }
                  return this.paren(this.commaList(first, commas, elts, open, close), open, close);
                });
              },
            },
          ]);
        },
      },
    ]);
  });

  listDisplay = this.RULE("listDisplay", (): Expr => {
    const open = this.CONSUME(L.LSQB);
    return this.OR([
      {
        ALT: () => {
          const close = this.CONSUME(L.RSQB);
          return this.ACTION((): Expr => ({ kind: "List", elts: [], span: spanFromTokens(open, close) }));
        },
      },
      {
        ALT: () => {
          const first = this.SUBRULE(this.starNamedExpression);
          return this.OR2([
            {
              ALT: () => {
                const gens = this.SUBRULE(this.compFor);
                const close = this.CONSUME2(L.RSQB);
                return this.ACTION(() => this.comprehension("list", first, null, gens, open, close));
              },
            },
            {
              ALT: () => {
                const elts = [first];
                const commas: IToken[] = [];
                this.MANY(() => {
                  const comma = this.CONSUME(L.COMMA);
                  this.ACTION(() => {
                    commas.push(comma);
                    if (elts.length < commas.length) this.failAt(comma);
                  });
                  this.OPTION(() => elts.push(this.SUBRULE2(this.starNamedExpression)));
                });
                const close = this.CONSUME3(L.RSQB);
                return this.ACTION((): Expr => ({ kind: "List", elts, span: spanFromTokens(open, close) }));
              },
            },
          ]);
        },
      },
    ]);
  });

  /** `{ ... }`: dict, set, and their comprehensions. */
  braceDisplay = this.RULE("braceDisplay", (): Expr => {
    const open = this.CONSUME(L.LBRACE);
    const keys: (Expr | null)[] = [];
    const values: Expr[] = [];
    const dictTail = () => this.SUBRULE(this.dictRest, { ARGS: [open, keys, values] });
    return this.OR([
      {
        ALT: () => {
          const close = this.CONSUME2(L.RBRACE);
          return this.ACTION((): Expr => ({ kind: "Dict", keys: [], values: [], span: spanFromTokens(open, close) }));
        },
      },
      {
        ALT: () => {
          const op = this.CONSUME(L.DOUBLESTAR);
          const v = this.SUBRULE(this.bitOr);
          this.ACTION(() => {
            if (this.LA(1).tokenType === KW.for) {
              this.failAt(op, "dict unpacking cannot be used in dict comprehension");
            }
          });
          keys.push(null);
          values.push(v);
          return dictTail();
        },
      },
      {
        ALT: () => {
          const first = this.SUBRULE(this.starNamedExpression);
          return this.OR2([
            {
              ALT: () => {
                const colon = this.CONSUME(L.COLON);
                this.ACTION(() => {
                  if (first.kind === "Starred" || first.kind === "NamedExpr") this.failAt(colon);
                });
                const value = this.SUBRULE(this.expression);
                return this.OR3([
                  {
                    ALT: () => {
                      const gens = this.SUBRULE(this.compFor);
                      const close = this.CONSUME3(L.RBRACE);
                      return this.ACTION(() => this.comprehension("dict", value, first, gens, open, close));
                    },
                  },
                  {
                    ALT: () => {
                      keys.push(first);
                      values.push(value);
                      return this.SUBRULE2(this.dictRest, { ARGS: [open, keys, values] });
                    },
                  },
                ]);
              },
            },
            {
              ALT: () => {
                const gens = this.SUBRULE2(this.compFor);
                const close = this.CONSUME4(L.RBRACE);
                return this.ACTION(() => this.comprehension("set", first, null, gens, open, close));
              },
            },
            {
              ALT: () => {
                const elts = [first];
                const commas: IToken[] = [];
                this.MANY2(() => {
                  const comma = this.CONSUME2(L.COMMA);
                  this.ACTION(() => {
                    commas.push(comma);
                    if (elts.length < commas.length) this.failAt(comma);
                  });
                  this.OPTION2(() => elts.push(this.SUBRULE2(this.starNamedExpression)));
                });
                const close = this.CONSUME5(L.RBRACE);
                return this.ACTION((): Expr => ({ kind: "Set", elts, span: spanFromTokens(open, close) }));
              },
            },
          ]);
        },
      },
    ]);
  });

  /** The rest of a dict display after its first item: `(, item)* ,? }`. */
  dictRest = this.RULE("dictRest", (open?: IToken, keys?: (Expr | null)[], values?: Expr[]): Expr => {
    const commas: IToken[] = [];
    this.MANY(() => {
      const comma = this.CONSUME(L.COMMA);
      this.ACTION(() => {
        commas.push(comma);
        if (keys!.length < commas.length) this.failAt(comma);
      });
      this.OPTION(() => {
        const kv = this.SUBRULE(this.dictItem);
        this.ACTION(() => {
          keys!.push(kv[0]);
          values!.push(kv[1]);
        });
      });
    });
    const close = this.CONSUME(L.RBRACE);
    return this.ACTION((): Expr => ({
      kind: "Dict",
      keys: keys!,
      values: values!,
      span: spanFromTokens(open!, close),
    }));
  });

  dictItem = this.RULE("dictItem", (): [Expr | null, Expr] =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(L.DOUBLESTAR);
          return [null, this.SUBRULE(this.bitOr)] as [Expr | null, Expr];
        },
      },
      {
        ALT: () => {
          const k = this.SUBRULE(this.expression);
          this.ACTION(() => {
            if (this.LA(1).tokenType !== L.COLON) {
              const last = { line: k.span.endLine, col: k.span.endCol - 1, endLine: k.span.endLine, endCol: -1 };
              this.fail("':' expected after dictionary key", last);
            }
          });
          this.CONSUME(L.COLON);
          return [k, this.SUBRULE2(this.expression)] as [Expr | null, Expr];
        },
      },
    ]));

  /** `for targets in iter (if cond)*`, one or more. */
  override compFor = this.RULE("compFor", (): ComprehensionFor[] => {
    const gens: ComprehensionFor[] = [];
    this.AT_LEAST_ONE(() => {
      const kw = this.OR([
        { ALT: () => this.CONSUME(KW.for) },
        {
          ALT: () => {
            const t = this.CONSUME(KW.async);
            return this.ACTION(() => this.notSupported("'async for'", t));
          },
        },
      ]);
      const target = this.SUBRULE(this.targetList);
      this.CONSUME(KW.in);
      const iter = this.SUBRULE(this.disjunction);
      const ifs: Expr[] = [];
      this.MANY(() => {
        this.CONSUME(KW.if);
        ifs.push(this.SUBRULE2(this.disjunction));
      });
      this.ACTION(() => {
        checkTarget(target, (m, s) => this.fail(m, s));
        const end = ifs.length ? ifs[ifs.length - 1].span : iter.span;
        gens.push({ target, iter, ifs, span: join(tokSpan(kw), end) });
      });
    });
    return gens;
  });

  /** star_targets, parsed as `'*'? bitwise_or` items and checked by the caller. */
  targetList = this.RULE("targetList", (): Expr => {
    const first = this.SUBRULE(this.starExprItem);
    const commas: IToken[] = [];
    const elts: (Expr | null)[] = [];
    this.MANY(() => {
      commas.push(this.CONSUME(L.COMMA));
      elts.push(this.OPTION(() => this.SUBRULE2(this.starExprItem)) ?? null);
    });
    return this.ACTION(() => this.commaList(first, commas, elts, null, null));
  });

  starExprItem = this.RULE("starExprItem", (): Expr =>
    this.OR([
      { ALT: () => this.SUBRULE(this.starred) },
      { ALT: () => this.SUBRULE(this.bitOr) },
    ]));
}

// Simple statements: expression statements and assignments, pass/break/continue/return/raise, global/nonlocal,
// del, assert, import and from-import; `;`-separated on one logical line.

import type { IToken } from "chevrotain";
import * as L from "../lexer.ts";
import type { Alias, Expr, Stmt } from "../ir.ts";
import { endAt, join, spanFromTokens, tokSpan } from "./nodes.ts";
import { DisplayParser } from "./display_rules.ts";
import { checkAnnTarget, checkAssignTargets, checkAugTarget, checkTarget, rhsOf } from "./targets.ts";

const { KW } = L;

export class SimpleStmtParser extends DisplayParser {
  simpleStmts = this.RULE("simpleStmts", (): Stmt[] => {
    this.ACTION(() => {
      if (this.isMatchStatement()) this.notSupported("the 'match' statement", this.LA(1));
    });
    const stmts = [this.SUBRULE(this.simpleStmt)];
    this.MANY({
      GATE: () => this.LA(2).tokenType !== L.NEWLINE,
      DEF: () => {
        this.CONSUME(L.SEMI);
        stmts.push(this.SUBRULE2(this.simpleStmt));
      },
    });
    this.OPTION(() => this.CONSUME2(L.SEMI));
    this.CONSUME(L.NEWLINE);
    return stmts;
  });

  /** `match x:` NEWLINE INDENT `case ...` (a soft keyword: `match` stays a name elsewhere). */
  private isMatchStatement(): boolean {
    const t = this.LA(1);
    if (t.tokenType !== L.NAME || t.image !== "match") return false;
    for (let i = 2;; i++) {
      const tt = this.LA(i).tokenType;
      if (tt === L.NEWLINE) {
        const n2 = this.LA(i + 2);
        return this.LA(i - 1).tokenType === L.COLON && this.LA(i + 1).tokenType === L.INDENT &&
          n2.tokenType === L.NAME && n2.image === "case";
      }
      if (tt === L.ENDMARKER || tt === L.EOF_ERROR) return false;
    }
  }

  simpleStmt = this.RULE("simpleStmt", (): Stmt =>
    this.OR([
      { ALT: () => this.SUBRULE(this.exprStmt) },
      {
        ALT: () => {
          const t = this.OR2([
            { ALT: () => this.CONSUME(KW.pass) },
            { ALT: () => this.CONSUME(KW.break) },
            { ALT: () => this.CONSUME(KW.continue) },
          ]);
          return this.ACTION((): Stmt => {
            const span = tokSpan(t);
            return t.image === "pass"
              ? { kind: "Pass", span }
              : t.image === "break"
              ? { kind: "Break", span }
              : { kind: "Continue", span };
          });
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(KW.return);
          const value = this.OPTION(() => this.SUBRULE(this.starExpressions)) ?? null;
          return this.ACTION((): Stmt => ({
            kind: "Return",
            value,
            span: value ? join(tokSpan(kw), this.sp(value)) : tokSpan(kw),
          }));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(KW.raise);
          let exc: Expr | null = null;
          let cause: Expr | null = null;
          this.OPTION2(() => {
            exc = this.SUBRULE(this.expression);
            this.OPTION3(() => {
              this.CONSUME(KW.from);
              cause = this.SUBRULE2(this.expression);
            });
          });
          return this.ACTION((): Stmt => {
            const last = cause ?? exc;
            return { kind: "Raise", exc, cause, span: last ? join(tokSpan(kw), this.sp(last as Expr)) : tokSpan(kw) };
          });
        },
      },
      {
        ALT: () => {
          const kw = this.OR3([{ ALT: () => this.CONSUME(KW.global) }, { ALT: () => this.CONSUME(KW.nonlocal) }]);
          const names = [this.CONSUME(L.NAME)];
          this.MANY(() => {
            this.CONSUME(L.COMMA);
            names.push(this.CONSUME2(L.NAME));
          });
          return this.ACTION((): Stmt => ({
            kind: kw.image === "global" ? "Global" : "Nonlocal",
            names: names.map((n) => n.image),
            span: spanFromTokens(kw, names[names.length - 1]),
          }));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(KW.del);
          const target = this.SUBRULE(this.targetList);
          return this.ACTION((): Stmt => {
            checkTarget(target, (m, s) => this.fail(m, s), "del");
            const targets = target.kind === "Tuple" && !this.isParenthesized(target) ? target.elts : [target];
            return { kind: "Delete", targets, span: join(tokSpan(kw), this.sp(target)) };
          });
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(KW.assert);
          const test = this.SUBRULE3(this.expression);
          const msg = this.OPTION4(() => {
            this.CONSUME2(L.COMMA);
            return this.SUBRULE4(this.expression);
          }) ?? null;
          return this.ACTION((): Stmt => ({
            kind: "Assert",
            test,
            msg,
            span: join(tokSpan(kw), this.sp(msg ?? test)),
          }));
        },
      },
      { ALT: () => this.SUBRULE(this.importName) },
      { ALT: () => this.SUBRULE(this.importFrom) },
    ]));

  private valueExpr(i: number): Expr {
    return this.or(i, [
      { ALT: () => this.subrule(i, this.yieldExpr) },
      { ALT: () => this.subrule(i, this.starExpressions) },
    ]);
  }

  /** Expression statements, `=` chains, augmented and annotated assignments. */
  exprStmt = this.RULE("exprStmt", (): Stmt => {
    this.ACTION(() => {
      this.assignCtx = null;
    });
    const first = this.valueExpr(1);
    const fail = (m: string, s: typeof first.span): never => this.fail(m, s);
    return this.OR([
      {
        ALT: () => {
          const rhs: Expr[] = [];
          this.AT_LEAST_ONE(() => {
            const eq = this.CONSUME(L.EQUAL);
            // Remembered until the statement ends, for errors in an incomplete right-hand side.
            this.ACTION(() => {
              this.assignCtx ??= { targets: [], firstEq: eq };
              this.assignCtx.targets.push(rhs.length ? rhs[rhs.length - 1] : first);
            });
            rhs.push(this.valueExpr(2));
          });
          return this.ACTION((): Stmt => {
            this.assignCtx = null;
            const targets = [first, ...rhs.slice(0, -1)];
            const value = rhs[rhs.length - 1];
            checkAssignTargets(targets, rhsOf(targets, value), fail);
            return { kind: "Assign", targets, value, span: join(this.sp(first), this.sp(value)) };
          });
        },
      },
      {
        ALT: () => {
          const op = this.CONSUME(L.AUGASSIGN);
          const value = this.valueExpr(3);
          return this.ACTION((): Stmt => {
            checkAugTarget(first, fail);
            return {
              kind: "AugAssign",
              target: first as never,
              op: op.image.slice(0, -1) as never,
              value,
              span: join(this.sp(first), this.sp(value)),
            };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(L.COLON);
          const annotation = this.SUBRULE(this.expression);
          const value = this.OPTION(() => {
            this.CONSUME2(L.EQUAL);
            return this.valueExpr(4);
          }) ?? null;
          return this.ACTION((): Stmt => {
            checkAnnTarget(first, fail);
            return {
              kind: "AnnAssign",
              target: first as never,
              annotation,
              value,
              span: join(this.sp(first), (value ?? annotation).span),
            };
          });
        },
      },
      { ALT: () => this.ACTION((): Stmt => ({ kind: "ExprStmt", value: first, span: this.sp(first) })) },
    ]);
  });

  // ------------------------------------------------------------ imports

  dottedName = this.RULE("dottedName", (): { name: string; first: IToken; last: IToken } => {
    const first = this.CONSUME(L.NAME);
    let name = first.image;
    let last = first;
    this.MANY(() => {
      this.CONSUME(L.DOT);
      last = this.CONSUME2(L.NAME);
      name += "." + last.image;
    });
    return { name, first, last };
  });

  importName = this.RULE("importName", (): Stmt => {
    const kw = this.CONSUME(KW.import);
    const names: Alias[] = [];
    const alias = (i: number) => {
      const d = this.subrule(i, this.dottedName);
      const as = this.option(i, () => {
        this.consume(i, KW.as);
        return this.consume(i, L.NAME);
      });
      this.ACTION(() => {
        names.push({ name: d.name, asname: as?.image ?? null, span: spanFromTokens(d.first, as ?? d.last) });
      });
    };
    alias(1);
    this.MANY(() => {
      this.CONSUME(L.COMMA);
      alias(2);
    });
    return this.ACTION((): Stmt => ({
      kind: "Import",
      names,
      span: join(tokSpan(kw), this.sp(names[names.length - 1])),
    }));
  });

  importFrom = this.RULE("importFrom", (): Stmt => {
    const kw = this.CONSUME(KW.from);
    let level = 0;
    this.MANY(() =>
      this.OR([
        { ALT: () => (this.CONSUME(L.DOT), level++) },
        { ALT: () => (this.CONSUME(L.ELLIPSIS), level += 3) },
      ])
    );
    const mod = this.OPTION(() => this.SUBRULE(this.dottedName));
    this.ACTION(() => {
      if (level === 0 && !mod) this.failAt(this.LA(1));
    });
    this.CONSUME(KW.import);
    const names: Alias[] = [];
    let end: IToken | null = null;
    this.OR2([
      {
        ALT: () => {
          const star = this.CONSUME(L.STAR);
          this.ACTION(() => names.push({ name: "*", asname: null, span: tokSpan(star) }));
          end = star;
        },
      },
      {
        ALT: () => {
          this.CONSUME(L.LPAR);
          this.SUBRULE(this.importAsNames, { ARGS: [names] });
          end = this.CONSUME(L.RPAR);
        },
      },
      {
        ALT: () => {
          const trailing = this.SUBRULE2(this.importAsNames, { ARGS: [names] });
          this.ACTION(() => {
            if (trailing && this.LA(1).tokenType === L.NEWLINE) {
              this.failAt(this.LA(1), "trailing comma not allowed without surrounding parentheses");
            }
          });
        },
      },
    ]);
    return this.ACTION((): Stmt => ({
      kind: "ImportFrom",
      module: mod?.name ?? null,
      names,
      level,
      span: end ? endAt(tokSpan(kw), end) : join(tokSpan(kw), this.sp(names[names.length - 1])),
    }));
  });

  /** `a [as b], ...` into `names`; returns whether there was a trailing comma. */
  importAsNames = this.RULE("importAsNames", (names?: Alias[]): boolean => {
    let trailing = false;
    const alias = (i: number) => {
      const n = this.consume(i, L.NAME);
      const as = this.option(i, () => {
        this.consume(i + 10, KW.as);
        return this.consume(i + 10, L.NAME);
      });
      this.ACTION(() => {
        names!.push({ name: n.image, asname: as?.image ?? null, span: spanFromTokens(n, as ?? n) });
        trailing = false;
      });
    };
    alias(1);
    this.MANY(() => {
      const comma = this.CONSUME(L.COMMA);
      this.ACTION(() => {
        if (trailing) this.failAt(comma);
        trailing = true;
      });
      this.OPTION(() => alias(2));
    });
    return trailing;
  });
}

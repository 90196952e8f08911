// Statements: simple statements (assignments, import, return, ...) and compound statements with their blocks.
// PyParser is the complete grammar; it is built once per process (see parser.ts).

import type { IToken } from "chevrotain";
import * as L from "../lexer.ts";
import type { ClassDef, ExceptHandler, Expr, FunctionDef, Stmt, WithItem } from "../ir.ts";
import { join, tokSpan } from "./nodes.ts";
import { startsExpression } from "./base.ts";
import { checkTarget } from "./targets.ts";
import { SimpleStmtParser } from "./simple_rules.ts";

const { KW } = L;

const lastSpan = (body: Stmt[]) => body[body.length - 1].span;

export class PyParser extends SimpleStmtParser {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  fileInput = this.RULE("fileInput", (): Stmt[] => {
    const body: Stmt[] = [];
    this.MANY(() => {
      const ss = this.SUBRULE(this.statement);
      this.ACTION(() => body.push(...ss));
    });
    this.CONSUME(L.ENDMARKER);
    return body;
  });

  /** An f-string field's expression, lexed as `(text)`. */
  fstringInput = this.RULE("fstringInput", (): Expr => {
    const e = this.SUBRULE(this.starExpressions);
    this.CONSUME(L.NEWLINE);
    this.CONSUME(L.ENDMARKER);
    return e;
  });

  statement = this.RULE("statement", (): Stmt[] =>
    this.OR([
      { ALT: () => [this.SUBRULE(this.ifStmt)] },
      { ALT: () => [this.SUBRULE(this.whileStmt)] },
      { ALT: () => [this.SUBRULE(this.forStmt)] },
      { ALT: () => [this.SUBRULE(this.tryStmt)] },
      { ALT: () => [this.SUBRULE(this.withStmt)] },
      { ALT: () => [this.SUBRULE(this.funcDef)] },
      { ALT: () => [this.SUBRULE(this.classDef)] },
      { ALT: () => [this.SUBRULE(this.decorated)] },
      { ALT: () => [this.SUBRULE(this.asyncStmt)] },
      { ALT: () => this.SUBRULE(this.simpleStmts) },
    ]));

  /** `:` ending a compound statement header. CPython says "expected ':'" before a NEWLINE, or always if forced. */
  private colon(i: number, forced = false): IToken {
    this.ACTION(() => {
      const t = this.LA(1);
      if (t.tokenType !== L.COLON && (forced || t.tokenType === L.NEWLINE)) {
        this.firstPassError = forced; // CPython's forced tokens (&&':') fail in its first pass
        this.failAt(t, "expected ':'");
      }
    });
    return this.consume(i, L.COLON);
  }

  block = this.RULE("block", (what?: string, line?: number): Stmt[] =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(L.NEWLINE);
          this.ACTION(() => {
            const t = this.LA(1);
            if (t.tokenType !== L.INDENT) {
              this.failAt(t, `expected an indented block after ${what} on line ${line}`, "IndentationError");
            }
          });
          this.CONSUME(L.INDENT);
          const body: Stmt[] = [];
          this.AT_LEAST_ONE(() => {
            const ss = this.SUBRULE(this.statement);
            this.ACTION(() => body.push(...ss));
          });
          this.CONSUME(L.DEDENT);
          return body;
        },
      },
      { ALT: () => this.SUBRULE(this.simpleStmts) },
    ]));

  ifStmt = this.RULE("ifStmt", (): Stmt => {
    const kw = this.CONSUME(KW.if);
    const test = this.SUBRULE(this.namedExpression);
    this.colon(1);
    const body = this.SUBRULE(this.block, { ARGS: ["'if' statement", kw.startLine] });
    const elifs: { kw: IToken; test: Expr; body: Stmt[] }[] = [];
    this.MANY(() => {
      const k = this.CONSUME(KW.elif);
      const t = this.SUBRULE2(this.namedExpression);
      this.colon(2);
      const b = this.SUBRULE2(this.block, { ARGS: ["'elif' statement", k.startLine] });
      elifs.push({ kw: k, test: t, body: b });
    });
    const orelse = this.OPTION(() => this.SUBRULE(this.elseBlock)) ?? [];
    return this.ACTION((): Stmt => {
      let tail = orelse;
      for (let i = elifs.length - 1; i >= 0; i--) {
        const e = elifs[i];
        const end = tail.length ? lastSpan(tail) : lastSpan(e.body);
        tail = [{ kind: "If", test: e.test, body: e.body, orelse: tail, span: join(tokSpan(e.kw), end) }];
      }
      const end = tail.length ? lastSpan(tail) : lastSpan(body);
      return { kind: "If", test, body, orelse: tail, span: join(tokSpan(kw), end) };
    });
  });

  elseBlock = this.RULE("elseBlock", (): Stmt[] => {
    const kw = this.CONSUME(KW.else);
    this.colon(1, true);
    return this.SUBRULE(this.block, { ARGS: ["'else' statement", kw.startLine] });
  });

  whileStmt = this.RULE("whileStmt", (): Stmt => {
    const kw = this.CONSUME(KW.while);
    const test = this.SUBRULE(this.namedExpression);
    this.colon(1);
    const body = this.SUBRULE(this.block, { ARGS: ["'while' statement", kw.startLine] });
    const orelse = this.OPTION(() => this.SUBRULE(this.elseBlock)) ?? [];
    return this.ACTION((): Stmt => ({
      kind: "While",
      test,
      body,
      orelse,
      span: join(tokSpan(kw), lastSpan(orelse.length ? orelse : body)),
    }));
  });

  forStmt = this.RULE("forStmt", (): Stmt => {
    const kw = this.CONSUME(KW.for);
    const target = this.SUBRULE(this.targetList);
    this.ACTION(() => {
      if (this.LA(1).tokenType === KW.in) checkTarget(target, (m, s) => this.fail(m, s), "for");
    });
    this.CONSUME(KW.in);
    const iter = this.SUBRULE(this.starExpressions);
    this.colon(1);
    const body = this.SUBRULE(this.block, { ARGS: ["'for' statement", kw.startLine] });
    const orelse = this.OPTION(() => this.SUBRULE(this.elseBlock)) ?? [];
    return this.ACTION((): Stmt => ({
      kind: "For",
      target,
      iter,
      body,
      orelse,
      span: join(tokSpan(kw), lastSpan(orelse.length ? orelse : body)),
    }));
  });

  tryStmt = this.RULE("tryStmt", (): Stmt => {
    const kw = this.CONSUME(KW.try);
    this.colon(1, true);
    const body = this.SUBRULE(this.block, { ARGS: ["'try' statement", kw.startLine] });
    const handlers: ExceptHandler[] = [];
    let orelse: Stmt[] = [];
    let finalbody: Stmt[] = [];
    this.ACTION(() => {
      const t = this.LA(1);
      if (t.tokenType !== KW.except && t.tokenType !== KW.finally) {
        this.failAt(t, "expected 'except' or 'finally' block");
      }
    });
    this.OR([
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => handlers.push(this.SUBRULE(this.exceptBlock)));
          orelse = this.OPTION(() => this.SUBRULE(this.elseBlock)) ?? [];
          finalbody = this.OPTION2(() => this.SUBRULE(this.finallyBlock)) ?? [];
        },
      },
      { ALT: () => finalbody = this.SUBRULE2(this.finallyBlock) },
    ]);
    return this.ACTION((): Stmt => {
      const end = finalbody.length
        ? lastSpan(finalbody)
        : orelse.length
        ? lastSpan(orelse)
        : handlers[handlers.length - 1].span;
      return { kind: "Try", body, handlers, orelse, finalbody, span: join(tokSpan(kw), end) };
    });
  });

  exceptBlock = this.RULE("exceptBlock", (): ExceptHandler => {
    const kw = this.CONSUME(KW.except);
    this.ACTION(() => {
      if (this.LA(1).tokenType === L.STAR) this.notSupported("'except*'", this.LA(1));
    });
    let type: Expr | null = null;
    let name: string | null = null;
    this.OPTION(() => {
      type = this.SUBRULE(this.expression);
      this.ACTION(() => {
        if (this.LA(1).tokenType === L.COMMA) {
          this.fail("multiple exception types must be parenthesized", join(this.sp(type!), tokSpan(this.LA(2))));
        }
      });
      this.OPTION2(() => {
        this.CONSUME(KW.as);
        name = this.CONSUME(L.NAME).image;
      });
    });
    this.colon(1);
    const body = this.SUBRULE(this.block, { ARGS: ["'except' statement", kw.startLine] });
    return this.ACTION(() => ({ type, name, body, span: join(tokSpan(kw), lastSpan(body)) }));
  });

  finallyBlock = this.RULE("finallyBlock", (): Stmt[] => {
    const kw = this.CONSUME(KW.finally);
    this.colon(1, true);
    return this.SUBRULE(this.block, { ARGS: ["'finally' statement", kw.startLine] });
  });

  withStmt = this.RULE("withStmt", (): Stmt => {
    const kw = this.CONSUME(KW.with);
    const items: WithItem[] = [];
    // `with (a as b, c):` — only when the parenthesis closes right before the ':'. Dispatched by hand (both
    // forms are recorded) rather than by a Chevrotain decision, whose LL(k) analysis would be costly here.
    const rec = this.RECORDING_PHASE;
    const paren = rec || this.parenthesizedWithItems();
    if (paren) {
      this.CONSUME(L.LPAR);
      items.push(this.SUBRULE(this.withItem));
      let n = 1;
      this.MANY(() => {
        const comma = this.CONSUME(L.COMMA);
        this.ACTION(() => {
          if (items.length < n++) this.failAt(comma);
        });
        this.OPTION(() => items.push(this.SUBRULE2(this.withItem)));
      });
      this.CONSUME(L.RPAR);
    }
    if (!paren || rec) {
      items.push(this.SUBRULE3(this.withItem));
      this.MANY2(() => {
        this.CONSUME2(L.COMMA);
        items.push(this.SUBRULE4(this.withItem));
      });
    }
    this.colon(1);
    const body = this.SUBRULE(this.block, { ARGS: ["'with' statement", kw.startLine] });
    return this.ACTION((): Stmt => ({ kind: "With", items, body, span: join(tokSpan(kw), lastSpan(body)) }));
  });

  private parenthesizedWithItems(): boolean {
    if (this.LA(1).tokenType !== L.LPAR) return false;
    let depth = 0;
    for (let i = 1;; i++) {
      const tt = this.LA(i).tokenType;
      if (tt === L.LPAR || tt === L.LSQB || tt === L.LBRACE) depth++;
      else if (tt === L.RPAR || tt === L.RSQB || tt === L.RBRACE) {
        if (--depth === 0) return this.LA(i + 1).tokenType === L.COLON;
      } else if (tt === L.NEWLINE || tt === L.ENDMARKER || tt === L.EOF_ERROR) return false;
    }
  }

  withItem = this.RULE("withItem", (): WithItem => {
    const contextExpr = this.SUBRULE(this.expression);
    const vars = this.OPTION(() => {
      this.CONSUME(KW.as);
      return this.SUBRULE(this.starExprItem);
    }) ?? null;
    return this.ACTION((): WithItem => {
      if (vars) checkTarget(vars, (m, s) => this.fail(m, s));
      const span = vars ? join(this.sp(contextExpr), this.sp(vars)) : contextExpr.span;
      return { contextExpr, optionalVars: vars, span };
    });
  });

  funcDef = this.RULE("funcDef", (): FunctionDef => {
    const kw = this.CONSUME(KW.def);
    const name = this.CONSUME(L.NAME);
    this.ACTION(() => {
      if (this.LA(1).tokenType !== L.LPAR) {
        this.firstPassError = true;
        this.failAt(this.LA(1), "expected '('");
      }
    });
    this.CONSUME(L.LPAR);
    const args = this.OPTION(() => this.SUBRULE(this.params, { ARGS: [false] }));
    this.CONSUME(L.RPAR);
    this.ACTION(() => {
      if (this.LA(1).tokenType === L.RARROW && !startsExpression(this.LA(2))) {
        this.firstPassError = true;
        this.failAt(this.LA(1), "expected ':'");
      }
    });
    const returns = this.OPTION2(() => {
      this.CONSUME(L.RARROW);
      return this.SUBRULE(this.expression);
    }) ?? null;
    this.colon(1, true);
    const body = this.SUBRULE(this.block, { ARGS: ["function definition", kw.startLine] });
    return this.ACTION((): FunctionDef => ({
      kind: "FunctionDef",
      name: name.image,
      args: args ?? this.noArguments(),
      body,
      decorators: [],
      returns,
      isGenerator: false,
      span: join(tokSpan(kw), lastSpan(body)),
    }));
  });

  classDef = this.RULE("classDef", (): ClassDef => {
    const kw = this.CONSUME(KW.class);
    const name = this.CONSUME(L.NAME);
    const a = this.OPTION(() => {
      const open = this.CONSUME(L.LPAR);
      const r = this.OPTION2(() => this.SUBRULE(this.callArgs));
      const close = this.CONSUME(L.RPAR);
      this.ACTION(() => this.genArgSpan(r, open, close));
      return r;
    });
    this.colon(1);
    const body = this.SUBRULE(this.block, { ARGS: ["class definition", kw.startLine] });
    return this.ACTION((): ClassDef => ({
      kind: "ClassDef",
      name: name.image,
      bases: a?.args ?? [],
      keywords: a?.keywords ?? [],
      body,
      decorators: [],
      span: join(tokSpan(kw), lastSpan(body)),
    }));
  });

  decorated = this.RULE("decorated", (): Stmt => {
    const decorators: Expr[] = [];
    this.AT_LEAST_ONE(() => {
      this.CONSUME(L.AT);
      decorators.push(this.SUBRULE(this.namedExpression));
      this.CONSUME(L.NEWLINE);
    });
    const def = this.OR([
      { ALT: () => this.SUBRULE(this.funcDef) as FunctionDef | ClassDef },
      { ALT: () => this.SUBRULE(this.classDef) },
      { ALT: () => this.SUBRULE(this.asyncStmt) as FunctionDef },
    ]);
    return this.ACTION(() => {
      def.decorators = decorators;
      return def;
    });
  });

  asyncStmt = this.RULE("asyncStmt", (): Stmt => {
    const kw = this.CONSUME(KW.async);
    return this.ACTION(() => {
      const next = this.LA(1).tokenType;
      if (next === KW.def || next === KW.for || next === KW.with) {
        this.notSupported(`'async ${this.LA(1).image}'`, kw);
      }
      return this.failAt(this.LA(1));
    });
  });
}

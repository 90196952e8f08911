// An LL(1) lookahead strategy for the Chevrotain parser. The grammar is written so that every decision is LL(1)
// (with GATEs where Python needs more), so FIRST sets suffice; computing them is much cheaper at start-up than
// Chevrotain's general LL(k) path analysis, which dominated the parser's construction time.

import {
  Alternation,
  Alternative,
  type ILookaheadStrategy,
  type ILookaheadValidationError,
  type IOrAlt,
  type IProduction,
  type IToken,
  NonTerminal,
  Option,
  type OptionalProductionType,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  type Rule,
  Terminal,
  type TokenType,
} from "chevrotain";

interface First {
  /** tokenTypeIdx values that can start the production. */
  tokens: Set<number>;
  /** Whether the production can match no tokens. */
  nullable: boolean;
}

type Parser = { LA(i: number): IToken };

export class LL1LookaheadStrategy implements ILookaheadStrategy {
  private prods = new Map<string, IProduction>();
  private ruleFirst = new Map<string, First>();

  validate(): ILookaheadValidationError[] {
    return [];
  }

  initialize({ rules }: { rules: Rule[] }): void {
    for (const rule of rules) this.index(rule.name, rule.definition);
  }

  private index(rule: string, defs: IProduction[]): void {
    for (const p of defs) {
      if (p instanceof Terminal || p instanceof NonTerminal) continue;
      const idx = (p as { idx?: number }).idx;
      const type = typeName(p);
      if (idx !== undefined && type) this.prods.set(`${rule}|${type}|${idx}`, p);
      this.index(rule, defOf(p));
    }
  }

  buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    hasPredicates: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const alt = this.prods.get(`${options.rule.name}|Alternation|${options.prodOccurrence}`) as Alternation;
    const firsts = alt.definition.map((a) => this.first((a as Alternative).definition));
    if (options.hasPredicates) {
      return function (this: Parser, orAlts?: IOrAlt<unknown>[]) {
        const la = this.LA(1).tokenTypeIdx;
        for (let t = 0; t < firsts.length; t++) {
          const gate = orAlts![t].GATE;
          if (gate !== undefined && gate.call(this) === false) continue;
          if (firsts[t].nullable || firsts[t].tokens.has(la)) return t;
        }
        return undefined;
      };
    }
    // One table lookup: the first alternative that can start with the token (or is empty).
    const table = new Map<number, number>();
    let fallback: number | undefined;
    firsts.forEach((f, t) => {
      for (const tok of f.tokens) if (!table.has(tok)) table.set(tok, t);
      if (f.nullable && fallback === undefined) fallback = t;
    });
    return function (this: Parser) {
      const t = table.get(this.LA(1).tokenTypeIdx);
      return t !== undefined && (fallback === undefined || t < fallback) ? t : fallback;
    };
  }

  buildLookaheadForOptional(options: {
    prodOccurrence: number;
    prodType: OptionalProductionType;
    rule: Rule;
  }): () => boolean {
    const p = this.prods.get(`${options.rule.name}|${options.prodType}|${options.prodOccurrence}`)!;
    const f = this.first(defOf(p));
    const tokens = f.tokens;
    return function (this: Parser) {
      return tokens.has(this.LA(1).tokenTypeIdx);
    };
  }

  /** FIRST of a sequence of productions. */
  private first(seq: IProduction[]): First {
    const tokens = new Set<number>();
    for (const p of seq) {
      const f = this.firstOf(p);
      for (const t of f.tokens) tokens.add(t);
      if (!f.nullable) return { tokens, nullable: false };
    }
    return { tokens, nullable: true };
  }

  private firstOf(p: IProduction): First {
    if (p instanceof Terminal) return { tokens: tokenSet(p.terminalType), nullable: false };
    if (p instanceof NonTerminal) return this.firstOfRule(p.referencedRule);
    if (p instanceof Alternation) {
      const tokens = new Set<number>();
      let nullable = false;
      for (const a of p.definition) {
        const f = this.first(defOf(a));
        for (const t of f.tokens) tokens.add(t);
        nullable ||= f.nullable;
      }
      return { tokens, nullable };
    }
    const f = this.first(defOf(p));
    if (p instanceof Option || p instanceof Repetition || p instanceof RepetitionWithSeparator) {
      return { tokens: f.tokens, nullable: true };
    }
    if (p instanceof RepetitionMandatory || p instanceof RepetitionMandatoryWithSeparator) return f;
    return f; // Alternative, Rule
  }

  private firstOfRule(rule: Rule): First {
    let f = this.ruleFirst.get(rule.name);
    if (f === undefined) {
      // (No left recursion in the grammar, so a rule never needs its own FIRST set.)
      f = this.first(rule.definition);
      this.ruleFirst.set(rule.name, f);
    }
    return f;
  }
}

/** A token type and, for a category, the token types in it. */
function tokenSet(t: TokenType): Set<number> {
  const s = new Set<number>([t.tokenTypeIdx!]);
  for (const m of t.categoryMatches ?? []) s.add(m);
  return s;
}

function typeName(p: IProduction): string | null {
  if (p instanceof Alternation) return "Alternation";
  if (p instanceof Option) return "Option";
  if (p instanceof Repetition) return "Repetition";
  if (p instanceof RepetitionWithSeparator) return "RepetitionWithSeparator";
  if (p instanceof RepetitionMandatory) return "RepetitionMandatory";
  if (p instanceof RepetitionMandatoryWithSeparator) return "RepetitionMandatoryWithSeparator";
  return null;
}

function defOf(p: IProduction): IProduction[] {
  return (p as unknown as { definition: IProduction[] }).definition;
}

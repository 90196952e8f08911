// Random programs from the grammar: assignments (plain, augmented, unpacking, subscript, attribute),
// if/elif/else, bounded for and while loops with break/continue/else, defs (defaults, *args, **kwargs,
// generators, recursion, closures with nonlocal), classes (inheritance, dunders, super(), properties),
// try/except/else/finally with raise, with-blocks, assert, del, global, imports, print. Loops always
// end (small ranges, counters) so a hang is the runtime's fault, not the program's.

import type { Rng } from "./rng.ts";
import { type ExprScope, genExpr } from "./generate_expr.ts";
import { template } from "./templates.ts";

const HEADER = [
  "import torch",
  "import torch.nn as nn",
  "import torch.nn.functional as F",
  "import math",
  "import random",
];

class Gen {
  private out: string[] = [];
  private names = ["a", "b"];
  private functions: string[] = [];
  private classes: string[] = [];
  private counter = 0;
  private loopDepth = 0;
  private inFunction = false;

  constructor(private rng: Rng) {}

  program(): string {
    const r = this.rng;
    for (const h of HEADER) if (r.chance(0.8)) this.out.push(h);
    this.out.push(`a = ${this.expr(0)}`, `b = ${this.expr(0)}`);
    // Most top-level statements are guarded, so one failing call does not end the program early.
    const n = r.int(3, 14);
    for (let i = 0; i < n; i++) {
      if (r.chance(0.8)) this.guarded(0, (indent) => this.stmt(indent, 3));
      else this.stmt(0, 3);
    }
    return this.out.join("\n") + "\n";
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  private scope(depth: number): ExprScope {
    return { names: this.names, functions: this.functions, classes: this.classes, depth };
  }

  private expr(depth = 2): string {
    return genExpr(this.rng, this.scope(depth));
  }

  private line(indent: number, text: string): void {
    this.out.push("    ".repeat(indent) + text);
  }

  private block(indent: number, budget: number): void {
    const n = this.rng.int(1, 3);
    for (let i = 0; i < n; i++) this.stmt(indent, budget - 1);
  }

  /** Runs `body` inside a try/except that catches what it raises (so later statements still run). */
  private guarded(indent: number, body: (indent: number) => void): void {
    this.line(indent, "try:");
    body(indent + 1);
    this.line(indent, `except ${this.rng.pick(["Exception", "(TypeError, ValueError)", "BaseException"])} as e:`);
    this.line(indent + 1, this.rng.pick(["print(type(e).__name__, e)", "pass", "print(repr(e))", "print(e.args)"]));
  }

  private stmt(indent: number, budget: number): void {
    const r = this.rng;
    const simple = budget <= 0;
    const choices: [number, () => void][] = [
      [8, () => this.assign(indent)],
      [5, () => this.line(indent, `print(${this.expr()})`)],
      [5, () => this.guarded(indent, (i) => this.block(i, Math.max(budget, 1)))],
      [
        2,
        () =>
          this.line(
            indent,
            `${r.pick(this.names)} ${r.pick(["+=", "-=", "*=", "//=", "|=", "@=", "**="])} ${this.expr(1)}`,
          ),
      ],
      [1, () => this.line(indent, `${this.expr(1)}[${this.expr(0)}] = ${this.expr(1)}`)],
      [1, () => this.line(indent, `${r.pick(this.names)}, *${this.fresh("s")} = ${this.expr(1)}`)],
      [1, () => this.line(indent, `assert ${this.expr()}, ${this.expr(0)}`)],
      [1, () => this.line(indent, `del ${r.pick([...this.names, `${r.pick(this.names)}[0]`])}`)],
      [
        1,
        () =>
          this.line(
            indent,
            `raise ${r.pick(["ValueError", "TypeError", "KeyError", "StopIteration", "RuntimeError"])}(${
              this.expr(0)
            })`,
          ),
      ],
      [1, () => this.line(indent, this.expr())],
      [2, () => this.guarded(indent, (i) => this.out.push(template(r, () => this.expr(r.int(0, 1)), i)))],
    ];
    if (!simple) {
      choices.push(
        [3, () => this.ifStmt(indent, budget)],
        [3, () => this.forStmt(indent, budget)],
        [2, () => this.whileStmt(indent, budget)],
        [3, () => this.defStmt(indent, budget)],
        [2, () => this.classStmt(indent, budget)],
        [2, () => this.tryStmt(indent, budget)],
        [1, () => this.withStmt(indent, budget)],
      );
    }
    if (this.loopDepth > 0) choices.push([1, () => this.line(indent, r.pick(["break", "continue"]))]);
    if (this.inFunction) choices.push([2, () => this.line(indent, `${r.pick(["return", "yield"])} ${this.expr(1)}`)]);
    r.weighted(choices)();
  }

  private assign(indent: number): void {
    const r = this.rng;
    const name = r.chance(0.3) || this.names.length < 4 ? this.fresh("v") : r.pick(this.names);
    const target = r.weighted([[6, name], [1, `${name}, ${this.fresh("w")}`], [
      1,
      `${r.pick(this.names)}.${r.pick(["x", "y", "data"])}`,
    ]]);
    this.line(indent, `${target} = ${this.expr()}`);
    for (const t of target.split(", ")) if (!t.includes(".") && !this.names.includes(t)) this.names.push(t);
  }

  private ifStmt(indent: number, budget: number): void {
    this.line(indent, `if ${this.expr()}:`);
    this.block(indent + 1, budget);
    while (this.rng.chance(0.3)) {
      this.line(indent, `elif ${this.expr()}:`);
      this.block(indent + 1, budget);
    }
    if (this.rng.chance(0.4)) {
      this.line(indent, "else:");
      this.block(indent + 1, budget);
    }
  }

  private loopBody(indent: number, budget: number): void {
    this.loopDepth++;
    this.block(indent, budget);
    this.loopDepth--;
  }

  private forStmt(indent: number, budget: number): void {
    const r = this.rng;
    const v = this.fresh("i");
    const target = r.chance(0.2) ? `${v}, ${this.fresh("j")}` : v;
    // Iterating a copy: a body that appends to the list it walks would never end (in CPython too).
    const iter = r.pick([
      `range(${r.int(0, 4)})`,
      `list(${this.expr(1)})`,
      `'abc'`,
      `enumerate([1, 2])`,
      `zip('ab', [1, 2])`,
    ]);
    this.line(indent, `for ${target} in ${iter}:`);
    this.names.push(...target.split(", "));
    this.loopBody(indent + 1, budget);
    if (r.chance(0.2)) {
      this.line(indent, "else:");
      this.block(indent + 1, budget);
    }
  }

  private whileStmt(indent: number, budget: number): void {
    const c = this.fresh("n");
    this.line(indent, `${c} = 0`);
    this.line(indent, `while ${c} < ${this.rng.int(0, 4)}${this.rng.chance(0.3) ? ` and ${this.expr(1)}` : ""}:`);
    this.line(indent + 1, `${c} += 1`);
    this.loopBody(indent + 1, budget);
  }

  private defStmt(indent: number, budget: number): void {
    const r = this.rng;
    const name = this.fresh("f");
    const params = r.pick(["", "x", "x, y=2", "x, *args", "*args, **kw", "x, /, y=None, *, z=3", "x=[], y={}"]);
    const saved = [this.names, this.inFunction, this.loopDepth] as const;
    this.line(indent, `def ${name}(${params}):`);
    this.names = [...this.names, ...params.split(/[^a-z]+/).filter((p) => /^[a-z]+$/.test(p) && p !== "None")];
    this.inFunction = true;
    this.loopDepth = 0;
    this.functions.push(name); // recursion allowed: RecursionError is a fine outcome
    if (r.chance(0.2)) this.line(indent + 1, `global ${r.pick(["a", "b"])}`);
    this.block(indent + 1, budget);
    if (r.chance(0.2)) this.line(indent + 1, `def inner():\n${"    ".repeat(indent + 2)}return ${this.expr(1)}`);
    this.line(indent + 1, `return ${this.expr(1)}`);
    [this.names, this.inFunction, this.loopDepth] = saved;
    if (r.chance(0.6)) this.guarded(indent, (i) => this.line(i, `print(${name}(${this.expr(0)}))`));
  }

  private classStmt(indent: number, budget: number): void {
    const r = this.rng;
    const name = this.fresh("C");
    const base = r.pick(["", "(object)", "(Exception)", "(nn.Module)", ...this.classes.map((c) => `(${c})`)]);
    this.line(indent, `class ${name}${base}:`);
    this.line(indent + 1, `k = ${this.expr(0)}`);
    const methods = [
      "__init__",
      "__repr__",
      "__eq__",
      "__len__",
      "__getitem__",
      "__iter__",
      "__add__",
      "__call__",
      "forward",
      "m",
      "__hash__",
      "__bool__",
      "__lt__",
      "__enter__",
      "__exit__",
      "__str__",
      "__contains__",
    ];
    const saved = [this.names, this.inFunction, this.loopDepth] as const;
    for (let k = r.int(0, 3); k > 0; k--) {
      const m = r.pick(methods);
      this.line(indent + 1, m === "__exit__" ? `def ${m}(self, *exc):` : `def ${m}(self, other=None):`);
      this.names = [...saved[0], "self", "other"];
      this.inFunction = true;
      this.loopDepth = 0;
      if (m === "__init__" && base !== "") this.line(indent + 2, "super().__init__()");
      this.block(indent + 2, budget - 1);
      if (m !== "__init__") this.line(indent + 2, `return ${this.expr(1)}`);
    }
    if (r.chance(0.3)) {
      this.line(indent + 1, "@property");
      this.line(indent + 1, "def p(self):");
      this.line(indent + 2, `return ${this.expr(0)}`);
    }
    [this.names, this.inFunction, this.loopDepth] = saved;
    this.classes.push(name);
    const obj = this.fresh("o");
    this.guarded(indent, (i) => {
      this.line(i, `${obj} = ${name}(${r.chance(0.5) ? this.expr(0) : ""})`);
      this.line(
        i,
        `print(${
          r.pick([
            `${obj}`,
            `repr(${obj})`,
            `${obj}.k`,
            `${obj}.p`,
            `len(${obj})`,
            `${obj} + ${obj}`,
            `${obj} == ${obj}`,
            `${obj}[0]`,
            `${obj}()`,
            `list(${obj})`,
            `${obj}.m(1)`,
          ])
        })`,
      );
    });
  }

  private tryStmt(indent: number, budget: number): void {
    const r = this.rng;
    this.line(indent, "try:");
    this.block(indent + 1, budget);
    const handlers = r.int(0, 2);
    for (let k = 0; k < handlers; k++) {
      const t = r.pick([
        "ValueError",
        "TypeError",
        "(KeyError, IndexError)",
        "ZeroDivisionError",
        "Exception",
        "RuntimeError",
        ...this.classes,
      ]);
      this.line(indent, `except ${t} as ${this.fresh("e")}:`);
      this.block(indent + 1, budget);
    }
    if (handlers === 0 || r.chance(0.3)) {
      if (handlers > 0 && r.chance(0.5)) {
        this.line(indent, "else:");
        this.block(indent + 1, budget);
      }
      this.line(indent, "finally:");
      this.block(indent + 1, budget);
    }
  }

  private withStmt(indent: number, budget: number): void {
    const r = this.rng;
    const ctx = r.pick(["torch.no_grad()", "torch.enable_grad()", ...this.classes.map((c) => `${c}()`), this.expr(1)]);
    this.line(indent, `with ${ctx}${r.chance(0.5) ? ` as ${this.fresh("c")}` : ""}:`);
    this.block(indent + 1, budget);
  }
}

/** A random program (valid Python most of the time; errors at run time are common and fine). */
export function generate(rng: Rng): string {
  return new Gen(rng).program();
}

// Compilation state: per module (constant pool, helper names used) and per JS function being generated
// (output lines, temporaries, loop labels, definitely-assigned locals, the enclosing class cell).

import type { Scope } from "./scope.ts";
import type { CodeInfo } from "../runtime/exceptions.ts";

export class ModuleCx {
  consts: any[] = [];
  helpers = new Set<string>();
  private labelCount = 0;
  /** Number of method-call inline caches (`$icN`, declared once per module). */
  icCount = 0;
  private cellCount = 0;
  constructor(readonly filename: string, readonly lines: string[]) {}

  /** Index of `value` in the constant pool, as a JS expression. */
  konst(value: any): string {
    this.consts.push(value);
    return `$$K[${this.consts.length - 1}]`;
  }
  /** A runtime helper, as its JS name (`$$name`). */
  h(name: string): string {
    this.helpers.add(name);
    return "$$" + name;
  }
  /** A new method-call inline cache variable. */
  ic(): string {
    this.helpers.add("newIC");
    return `$$ic${this.icCount++}`;
  }
  label(): number {
    return this.labelCount++;
  }
  cell(): string {
    return `$$cls${this.cellCount++}`;
  }
  code(name: string): string {
    const info: CodeInfo = { filename: this.filename, name, lines: this.lines };
    return this.konst(info);
  }
}

export interface Loop {
  brk: string;
  cont: string;
}

export class FnCx {
  out: string[] = [];
  private indentStr = "  ";
  temps = 0;
  loops: Loop[] = [];
  /** JS names of exception variables of the enclosing except clauses (for bare `raise`). */
  handlers: string[] = [];
  /** Locals certainly bound at the current point (no unbound check needed). */
  assigned = new Set<string>();
  /** The JS variable holding the class being defined, for zero-arg super() in methods. */
  classCell: string | null;
  /** The JS name of the first parameter (super()'s second argument). */
  firstParam: string | null = null;
  /** For class bodies: the JS variable of the class namespace. */
  nsVar: string | null = null;
  isGenerator = false;
  /** Line of the statement being compiled. */
  curLine = 0;
  /** Python __qualname__ prefix for functions and classes defined here. */
  qualname = "";
  kind: "module" | "function" | "class" | "comprehension" = "function";
  /** The frame name shown in tracebacks (`<module>`, the function's name, `<listcomp>`). */
  frameName = "<module>";
  private codeRefCache: string | null = null;
  /** The constant holding this frame's CodeInfo (one per function, so frames can be recognised). */
  codeRef(): string {
    return this.codeRefCache ??= this.mod.code(this.frameName);
  }
  constructor(
    readonly mod: ModuleCx,
    readonly scope: Scope,
    readonly parent: FnCx | null,
    classCell: string | null,
  ) {
    this.classCell = classCell;
  }

  emit(line: string): void {
    this.out.push(this.indentStr + line);
  }
  indent(): void {
    this.indentStr += "  ";
  }
  dedent(): void {
    this.indentStr = this.indentStr.slice(2);
  }
  temp(): string {
    return `$$t${this.temps++}`;
  }
  h(name: string): string {
    return this.mod.h(name);
  }
  /**
   * How this function waits for a Promise: "gen" functions are JS generators driven by drive.ts and
   * `yield` the Promise; "async" ones (tsl generators, which are JS async generators) `await` it.
   */
  mode: "gen" | "async" = "gen";
  /** `expr`, waited for only if it produced a Promise. */
  aw(expr: string): string {
    return `(($$w = ${expr}) instanceof Promise ? ${this.mode === "gen" ? "(yield $$w)" : "await $$w"} : $$w)`;
  }
  /** Waits for a Promise held in `v` (a JS expression statement fragment). */
  wait(v: string): string {
    return this.mode === "gen" ? `(yield ${v})` : `await ${v}`;
  }
  /** The declarations every generated function starts with. */
  tempDecls(): string {
    const names = ["$$w", "$$gv", "$$rv"];
    for (let i = 0; i < this.temps; i++) names.push(`$$t${i}`);
    return `let ${names.join(", ")};`;
  }
}

/** The JS identifier of a Python local. `$` cannot occur in Python names, so no clash is possible. */
export const v = (name: string): string => "$" + name;

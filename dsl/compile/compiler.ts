// Entry point of the IR -> JavaScript compiler. A module compiles to the source of one JS function
// `(RT, K, globals) => async () => ...` built with `new Function`; nested defs, lambdas, classes and
// comprehensions are nested JS functions inside it.

import type * as ir from "../ir.ts";
import { analyzeModule } from "./scope.ts";
import { FnCx, ModuleCx } from "./context.ts";
import { compileBody, compileStmt } from "./stmt.ts";
import { compileExpr, CONST_HOOKS } from "./expr.ts";
import { RT } from "../runtime/rt.ts";
import { drive } from "../runtime/drive.ts";
import { normBig, PyFloat } from "../runtime/values.ts";

CONST_HOOKS.float = (v) => new PyFloat(v);
CONST_HOOKS.bigint = (b) => normBig(b);

export interface CompiledModule {
  /** The generated JS (for debugging: TSL_DEBUG=1 prints it on internal errors). */
  source: string;
  /** Runs the module body against a globals namespace. */
  run(globals: Record<string, any>): Promise<any>;
}

export interface CompileOptions {
  /** REPL mode: top-level expression statements print their repr (None is not echoed). */
  echo?: boolean;
}

export function compileModule(mod: ir.Module, opts: CompileOptions = {}): CompiledModule {
  const scope = analyzeModule(mod);
  const mcx = new ModuleCx(mod.filename, mod.lines);
  const cx = new FnCx(mcx, scope, null, null);
  cx.kind = "module";
  cx.frameName = "<module>";
  if (opts.echo) {
    for (const s of mod.body) {
      if (s.kind === "ExprStmt") {
        cx.curLine = s.span.line;
        cx.emit(`$$ln = ${s.span.line};`);
        cx.emit(`${cx.aw(`${cx.h("echo")}(${compileExpr(cx, s.value)})`)};`);
      } else compileStmt(cx, s);
    }
  } else compileBody(cx, mod.body);
  const code = cx.codeRef();
  mcx.helpers.add("addFrame");
  mcx.helpers.add("DEPTH");
  const helpers = [...mcx.helpers].map((h) => `${h}: $$${h}`).join(", ");
  const ics = Array.from({ length: mcx.icCount }, (_, i) => `$$ic${i} = $$newIC()`);
  const icDecl = ics.length ? `const ${ics.join(", ")};\n` : "";
  const source =
    `"use strict";\nconst { ${helpers} } = $$R;\n${icDecl}return function* () {\nlet $$ln = 1;\n${cx.tempDecls()}\n$$DEPTH.v++;\ntry {\n${
      cx.out.join("\n")
    }\n} catch ($$e) { throw $$addFrame($$e, ${code}, $$ln); }\nfinally { $$DEPTH.v--; }\nreturn null;\n};`;
  const fullSource = source;
  let factory: (...a: any[]) => () => Generator<any, any, any>;
  try {
    factory = new Function("$$R", "$$K", "$$g", fullSource) as any;
  } catch (e) {
    throw new Error(`tsl compiler produced invalid JS (${(e as Error).message}):\n${fullSource}`);
  }
  return {
    source: fullSource,
    run: (globals) => drive(factory(RT, mcx.consts, globals)()),
  };
}

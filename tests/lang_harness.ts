// Runs tsl source in a fresh Interpreter and captures what it prints (shared by tests/lang_*_test.ts).

import { Interpreter } from "../dsl/interpreter.ts";

export interface TslRun {
  out: string;
  err: string;
  code: number;
}

export async function runTsl(source: string, filename = "snippet.tsl"): Promise<TslRun> {
  let out = "";
  let err = "";
  const it = new Interpreter({ stdout: (s) => (out += s), stderr: (s) => (err += s), argv: [filename] });
  const r = await it.run(source, filename);
  return { out, err, code: r.exitCode };
}

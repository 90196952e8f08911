// Runs one .tsl file (or `-c CODE`) through the interpreter, for timing tsl against CPython:
//   time python3 scripts/bench/interp.tsl
//   time deno run -A scripts/bench/interp_runner.ts scripts/bench/interp.tsl

import { Interpreter } from "../../dsl/interpreter.ts";

const args = Deno.args;
const it = new Interpreter({ argv: args });
const r = args[0] === "-c" ? await it.run(args[1] ?? "", "<string>") : await it.runFile(args[0]);
Deno.exit(r.exitCode);

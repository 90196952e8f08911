// Standard-library modules written in Python source: compiled and run on first import, like a
// helper .tsl next to the script, but shipped with tsl.

import { parse } from "../parser.ts";
import { compileModule } from "../compile/compiler.ts";
import { PyModule, registerModule } from "../runtime/modules.ts";
import { WARNINGS_SOURCE } from "./warnings.py.ts";

export function registerSourceModule(name: string, source: string): void {
  registerModule(name, async () => {
    const mod = new PyModule(name, `<tsl stdlib ${name}>`);
    mod.$d.__builtins__ = null;
    await compileModule(parse(source, `<tsl stdlib ${name}>`)).run(mod.$d);
    return mod;
  });
}

registerSourceModule("warnings", WARNINGS_SOURCE);

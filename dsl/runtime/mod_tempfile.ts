// The `tempfile` module's folder functions: gettempdir and mkdtemp (Deno makes the names).

import { nativeFn } from "./functions.ts";
import { registerModule } from "./modules.ts";
import { osError } from "./file_io.ts";

function tempDir(): string {
  for (const name of ["TMPDIR", "TEMP", "TMP"]) {
    try {
      const v = Deno.env.get(name);
      if (v) return v;
    } catch { /* no env permission: the platform default */ }
  }
  return Deno.build.os === "windows" ? "C:\\TEMP" : "/tmp";
}

const opt = (v: string | null) => v ?? undefined;

registerModule("tempfile", () => ({
  gettempdir: nativeFn("gettempdir()", () => tempDir()),
  tempdir: null,
  mkdtemp: nativeFn("mkdtemp(suffix=None, prefix=None, dir=None)", (suffix, prefix, dir) => {
    try {
      return Deno.makeTempDirSync({ suffix: opt(suffix), prefix: prefix ?? "tmp", dir: dir ?? tempDir() });
    } catch (e) {
      throw osError(e, dir ?? tempDir());
    }
  }),
}));

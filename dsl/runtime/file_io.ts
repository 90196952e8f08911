// open(): text files with modes r/w/a (and +, b read as text), read/readline/readlines/write/close,
// iteration over lines, the context-manager protocol; OS errors with CPython's messages.

import { DONE, PyTuple } from "./values.ts";
import { PyType, T_object } from "./types.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { defMethod, defProp } from "./define.ts";
import { registerNativeIter } from "./iteration.ts";
import { strRepr } from "./repr.ts";
import { SYS } from "./sys_state.ts";

export const T_TextIOWrapper = new PyType("TextIOWrapper", [T_object]);
T_TextIOWrapper.module = "_io";

export class PyFile {
  declare $cls: PyType;
  pos = 0;
  closed = false;
  buffer = "";
  constructor(readonly name: string, readonly mode: string, public content: string, readonly writable: boolean) {}
  next(): any {
    const line = this.readline(-1);
    return line === "" ? DONE : line;
  }
  readline(limit: number): string {
    this.check();
    if (this.pos >= this.content.length) return "";
    let end = this.content.indexOf("\n", this.pos);
    end = end < 0 ? this.content.length : end + 1;
    if (limit >= 0 && end - this.pos > limit) end = this.pos + limit;
    const line = this.content.slice(this.pos, end);
    this.pos = end;
    return line;
  }
  check(): void {
    if (this.closed) throw pyErr("ValueError", "I/O operation on closed file.");
  }
  flush(): void {
    if (!this.writable || this.buffer === "") return;
    const append = true;
    try {
      Deno.writeTextFileSync(this.name, this.buffer, { append });
    } catch (e) {
      throw osError(e, this.name);
    }
    this.buffer = "";
  }
}
(PyFile.prototype as any).$cls = T_TextIOWrapper;
registerNativeIter(PyFile);

export function osError(e: any, path: string): any {
  const D = Deno.errors;
  if (e instanceof D.NotFound) return pyErr("FileNotFoundError", 2, "No such file or directory", path);
  if (e instanceof D.PermissionDenied || (D as any).NotCapable && e instanceof (D as any).NotCapable) {
    return pyErr("PermissionError", 13, "Permission denied", path);
  }
  if (e instanceof D.IsADirectory) return pyErr("IsADirectoryError", 21, "Is a directory", path);
  if (e instanceof D.AlreadyExists) return pyErr("FileExistsError", 17, "File exists", path);
  if (e instanceof D.NotADirectory) return pyErr("NotADirectoryError", 20, "Not a directory", path);
  return pyErr("OSError", String(e?.message ?? e));
}

export function openFile(file: any, mode: any): PyFile {
  if (typeof file !== "string") throw typeErr(`expected str, bytes or os.PathLike object, not ${typeof file}`);
  const m = mode ?? "r";
  if (!/^[rwax]b?t?\+?b?t?$/.test(m)) throw pyErr("ValueError", `invalid mode: '${m}'`);
  try {
    if (m.startsWith("r")) {
      const content = Deno.readTextFileSync(file);
      return new PyFile(file, m, content, m.includes("+"));
    }
    if (m.startsWith("w")) Deno.writeTextFileSync(file, "");
    else if (m.startsWith("x")) Deno.writeTextFileSync(file, "", { createNew: true });
    else Deno.writeTextFileSync(file, "", { append: true });
    return new PyFile(file, m, "", true);
  } catch (e) {
    throw osError(e, file);
  }
}

defMethod(T_TextIOWrapper, "read(self, size=-1, /)", (f: PyFile, size) => {
  f.check();
  const n = size === undefined || size === null || size < 0 ? f.content.length : Number(size);
  const out = f.content.slice(f.pos, f.pos + n);
  f.pos += out.length;
  return out;
});
defMethod(T_TextIOWrapper, "readline(self, size=-1, /)", (f: PyFile, size) => f.readline(size ?? -1));
defMethod(T_TextIOWrapper, "readlines(self, hint=-1, /)", (f: PyFile) => {
  const out: string[] = [];
  for (let l = f.readline(-1); l !== ""; l = f.readline(-1)) out.push(l);
  return out;
});
defMethod(T_TextIOWrapper, "write(self, s, /)", (f: PyFile, s) => {
  f.check();
  if (!f.writable) throw pyErr("UnsupportedOperation", "not writable");
  if (typeof s !== "string") throw typeErr(`write() argument must be str, not ${typeof s}`);
  f.buffer += s;
  if (f.buffer.length > 65536) f.flush();
  return s.length;
});
defMethod(T_TextIOWrapper, "writelines(self, lines, /)", (f: PyFile, lines: any[]) => {
  for (const l of lines) f.buffer += l;
  return null;
});
defMethod(T_TextIOWrapper, "flush(self, /)", (f: PyFile) => (f.flush(), null));
defMethod(T_TextIOWrapper, "close(self, /)", (f: PyFile) => {
  if (!f.closed) f.flush();
  f.closed = true;
  return null;
});
defMethod(T_TextIOWrapper, "__enter__(self, /)", (f: PyFile) => f);
defMethod(T_TextIOWrapper, "__exit__(self, *args)", (f: PyFile) => {
  if (!f.closed) f.flush();
  f.closed = true;
  return false;
});
defMethod(T_TextIOWrapper, "__iter__(self, /)", (f: PyFile) => f);
defMethod(T_TextIOWrapper, "__next__(self, /)", (f: PyFile) => {
  const l = f.readline(-1);
  if (l === "") throw pyErr("StopIteration");
  return l;
});
defMethod(
  T_TextIOWrapper,
  "__repr__(self, /)",
  (f: PyFile) => `<_io.TextIOWrapper name=${strRepr(f.name)} mode=${strRepr(f.mode)} encoding='UTF-8'>`,
);
defProp(T_TextIOWrapper, "closed", (f: PyFile) => f.closed);
defProp(T_TextIOWrapper, "name", (f: PyFile) => f.name);
defProp(T_TextIOWrapper, "mode", (f: PyFile) => f.mode);

/** sys.stdout / sys.stderr: write through the interpreter's writers. */
export class StdStream {
  declare $cls: PyType;
  constructor(readonly which: "stdout" | "stderr") {}
}
export const T_StdStream = new PyType("TextIOWrapper", [T_object]);
T_StdStream.module = "_io";
(StdStream.prototype as any).$cls = T_StdStream;
defMethod(T_StdStream, "write(self, s, /)", (st: StdStream, s) => {
  if (typeof s !== "string") throw typeErr(`write() argument must be str, not ${typeof s}`);
  if (st.which === "stderr") SYS.flush();
  SYS[st.which](s);
  return s.length;
});
defMethod(T_StdStream, "flush(self, /)", () => (SYS.flush(), null));
defMethod(T_StdStream, "isatty(self, /)", () => false);
defMethod(T_StdStream, "fileno(self, /)", (st: StdStream) => (st.which === "stdout" ? 1 : 2));
defMethod(
  T_StdStream,
  "__repr__(self, /)",
  (st: StdStream) => `<_io.TextIOWrapper name='<${st.which}>' mode='w' encoding='utf-8'>`,
);

export { PyTuple };

// The `sys`, `time`, `os` and `os.path` modules.

import { PyFloat, PyTuple } from "./values.ts";
import { nativeFn } from "./functions.ts";
import { pyErr } from "./exceptions.ts";
import { PyModule, registerModule } from "./modules.ts";
import { SYS } from "./sys_state.ts";
import { osError, StdStream } from "./file_io.ts";
import { toDouble } from "./convert.ts";
import { PyDict } from "./dict.ts";

export const stdoutStream = new StdStream("stdout");
export const stderrStream = new StdStream("stderr");

registerModule("sys", () => ({
  argv: SYS.argv,
  stdout: stdoutStream,
  stderr: stderrStream,
  __stdout__: stdoutStream,
  __stderr__: stderrStream,
  version: "3.11.7 (tsl)",
  version_info: new PyTuple([3, 11, 7, "final", 0]),
  platform: Deno.build.os === "windows" ? "win32" : Deno.build.os,
  maxsize: 9223372036854775807n,
  path: [SYS.scriptDir],
  modules: new PyDict(),
  byteorder: "little",
  exit: nativeFn("exit(status=None, /)", (c) => {
    throw pyErr("SystemExit", ...(c === undefined || c === null ? [] : [c]));
  }),
  getrecursionlimit: nativeFn("getrecursionlimit()", () => 1000),
  setrecursionlimit: nativeFn("setrecursionlimit(n, /)", () => null),
  executable: "tsl",
}));

const t0 = performance.now();
registerModule("time", () => ({
  time: nativeFn("time()", () => new PyFloat(Date.now() / 1000)),
  time_ns: nativeFn("time_ns()", () => BigInt(Date.now()) * 1000000n),
  perf_counter: nativeFn("perf_counter()", () => new PyFloat((performance.now() - t0) / 1000)),
  monotonic: nativeFn("monotonic()", () => new PyFloat(performance.now() / 1000)),
  process_time: nativeFn("process_time()", () => new PyFloat(performance.now() / 1000)),
  sleep: nativeFn("sleep(secs, /)", (s) => {
    SYS.flush();
    return new Promise((res) => setTimeout(() => res(null), toDouble(s) * 1000));
  }),
  strftime: nativeFn("strftime(format, t=None, /)", (fmt: string) => {
    const d = new Date();
    const p = (n: number) => String(n).padStart(2, "0");
    return fmt.replace(/%Y/g, String(d.getFullYear())).replace(/%m/g, p(d.getMonth() + 1)).replace(
      /%d/g,
      p(d.getDate()),
    )
      .replace(/%H/g, p(d.getHours())).replace(/%M/g, p(d.getMinutes())).replace(/%S/g, p(d.getSeconds()));
  }),
}));

function norm(p: string): string {
  const abs = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !abs) out.push(part);
  }
  const s = (abs ? "/" : "") + out.join("/");
  return s || ".";
}

function stat(p: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(p);
  } catch {
    return null;
  }
}

function makePath(): PyModule {
  const m = new PyModule("posixpath");
  Object.assign(m.$d, {
    sep: "/",
    join: nativeFn("join(a, /, *p)", (a: string, ps: string[]) => {
      let out = a;
      for (const p of ps) out = p.startsWith("/") ? p : out === "" || out.endsWith("/") ? out + p : out + "/" + p;
      return out;
    }),
    exists: nativeFn("exists(path)", (p) => stat(p) !== null),
    isfile: nativeFn("isfile(path)", (p) => stat(p)?.isFile ?? false),
    isdir: nativeFn("isdir(path)", (p) => stat(p)?.isDirectory ?? false),
    basename: nativeFn("basename(p)", (p: string) => p.slice(p.lastIndexOf("/") + 1)),
    dirname: nativeFn("dirname(p)", (p: string) => {
      const i = p.lastIndexOf("/");
      if (i < 0) return "";
      const head = p.slice(0, i + 1);
      return /^\/+$/.test(head) ? head : head.replace(/\/+$/, "");
    }),
    split: nativeFn("split(p)", (p: string) => {
      const i = p.lastIndexOf("/") + 1;
      const head = p.slice(0, i);
      return new PyTuple([/^\/+$/.test(head) ? head : head.replace(/\/+$/, ""), p.slice(i)]);
    }),
    splitext: nativeFn("splitext(p)", (p: string) => {
      const base = p.slice(p.lastIndexOf("/") + 1);
      const dot = base.lastIndexOf(".");
      if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return new PyTuple([p, ""]);
      const cut = p.length - base.length + dot;
      return new PyTuple([p.slice(0, cut), p.slice(cut)]);
    }),
    abspath: nativeFn("abspath(path)", (p: string) => norm(p.startsWith("/") ? p : Deno.cwd() + "/" + p)),
    normpath: nativeFn("normpath(path)", norm),
    expanduser: nativeFn("expanduser(path)", (p: string) => p.replace(/^~/, Deno.env.get("HOME") ?? "~")),
    getsize: nativeFn("getsize(filename)", (p: string) => {
      try {
        return Deno.statSync(p).size;
      } catch (e) {
        throw osError(e, p);
      }
    }),
  });
  return m;
}

registerModule("os.path", makePath);
registerModule("os", () => {
  const path = SYS.modules.get("os.path") ?? makePath();
  SYS.modules.set("os.path", path);
  const environ = new PyDict();
  try {
    for (const [k, v] of Object.entries(Deno.env.toObject())) environ.map.set(k, v);
  } catch { /* no env permission */ }
  return {
    path,
    sep: "/",
    name: "posix",
    environ,
    getcwd: nativeFn("getcwd()", () => Deno.cwd()),
    listdir: nativeFn("listdir(path='.')", (p) => {
      try {
        return [...Deno.readDirSync(p ?? ".")].map((e) => e.name).sort();
      } catch (e) {
        throw osError(e, p ?? ".");
      }
    }),
    makedirs: nativeFn("makedirs(name, mode=511, exist_ok=False)", (p, _m, ok) => {
      if (!ok && stat(p)) throw pyErr("FileExistsError", 17, "File exists", p);
      try {
        Deno.mkdirSync(p, { recursive: true });
      } catch (e) {
        throw osError(e, p);
      }
      return null;
    }),
    mkdir: nativeFn("mkdir(path, mode=511)", (p) => {
      try {
        Deno.mkdirSync(p);
      } catch (e) {
        throw osError(e, p);
      }
      return null;
    }),
    remove: nativeFn("remove(path)", (p) => {
      try {
        Deno.removeSync(p);
      } catch (e) {
        throw osError(e, p);
      }
      return null;
    }),
    getenv: nativeFn("getenv(key, default=None)", (k, d) => Deno.env.get(k) ?? d ?? null),
    getpid: nativeFn("getpid()", () => Deno.pid),
  };
});

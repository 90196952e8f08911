// The interactive prompt: `>>> ` / `... `, expression echo, tracebacks that keep the session going.
// Reads lines from stdin, whether a terminal or a pipe.

import type { Interpreter } from "./interpreter.ts";
import { LineEditor } from "./line_editor.ts";

const encoder = new TextEncoder();
const write = (s: string) => Deno.stdout.writeSync(encoder.encode(s));

async function* lines(): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of Deno.stdin.readable) {
    pending += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      yield pending.slice(0, nl).replace(/\r$/, "");
      pending = pending.slice(nl + 1);
    }
  }
  if (pending) yield pending;
}

export async function runRepl(it: Interpreter, isIncomplete: (src: string) => boolean): Promise<number> {
  if (Deno.stdin.isTerminal()) return await runTerminal(it, isIncomplete);
  let buffer: string[] = [];
  write(">>> ");
  for await (const line of lines()) {
    buffer.push(line);
    const src = buffer.join("\n");
    if (src.trim() !== "" && isIncomplete(src)) {
      write("... ");
      continue;
    }
    buffer = [];
    if (src.trim() !== "") {
      const r = await it.eval(src + "\n", "<stdin>");
      if (!r.ok && r.exception && isSystemExit(r)) return r.exitCode;
    }
    write(">>> ");
  }
  write("\n");
  return 0;
}

const isSystemExit = (r: { error?: string }) => /^SystemExit/m.test(r.error ?? "");

async function runTerminal(it: Interpreter, isIncomplete: (src: string) => boolean): Promise<number> {
  write("tsl (PyTorch-style scripts on Deno). Ctrl-D exits.\n");
  const editor = new LineEditor();
  let buffer: string[] = [];
  while (true) {
    const r = await editor.read(buffer.length ? "... " : ">>> ");
    if (r.kind === "eof") return 0;
    if (r.kind === "interrupt") {
      buffer = [];
      write("KeyboardInterrupt\n");
      continue;
    }
    buffer.push(r.text);
    const src = buffer.join("\n");
    if (src.trim() !== "" && isIncomplete(src)) continue;
    buffer = [];
    if (src.trim() === "") continue;
    const res = await it.eval(src + "\n", "<stdin>");
    if (!res.ok && isSystemExit(res)) return res.exitCode;
  }
}

// The interactive prompt: `>>> ` / `... `, expression echo, tracebacks that keep the session going.
// Reads lines from stdin, whether a terminal or a pipe. Ctrl-C (SIGINT) while code runs raises
// KeyboardInterrupt in it (at the next loop checkpoint, see runtime/interrupts.ts) and the session
// goes on; at the prompt it drops the pending input, as CPython's REPL does.

import type { Interpreter } from "./interpreter.ts";
import { LineEditor } from "./line_editor.ts";
import { clearInterrupt, listenForInterrupts, requestInterrupt } from "./runtime/interrupts.ts";

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

/** Whether code is running (SIGINT interrupts it) or the prompt waits (SIGINT drops the input). */
let running = false;
let interruptedAtPrompt = false;

function onSigint(): void {
  if (running) requestInterrupt();
  else {
    interruptedAtPrompt = true;
    write("\nKeyboardInterrupt\n>>> ");
  }
}

/** Evaluates one input with SIGINT turned into KeyboardInterrupt. */
async function evalInterruptible(it: Interpreter, src: string) {
  clearInterrupt();
  const stopListening = listenForInterrupts();
  running = true;
  try {
    return await it.eval(src + "\n", "<stdin>");
  } finally {
    running = false;
    stopListening();
    clearInterrupt();
  }
}

export async function runRepl(it: Interpreter, isIncomplete: (src: string) => boolean): Promise<number> {
  let listening = false;
  try {
    Deno.addSignalListener("SIGINT", onSigint);
    listening = true;
  } catch {
    // No signals on this platform: Ctrl-C keeps its default effect.
  }
  try {
    return Deno.stdin.isTerminal() ? await runTerminal(it, isIncomplete) : await runPiped(it, isIncomplete);
  } finally {
    if (listening) Deno.removeSignalListener("SIGINT", onSigint);
  }
}

async function runPiped(it: Interpreter, isIncomplete: (src: string) => boolean): Promise<number> {
  let buffer: string[] = [];
  write(">>> ");
  for await (const line of lines()) {
    if (interruptedAtPrompt) buffer = [];
    interruptedAtPrompt = false;
    buffer.push(line);
    const src = buffer.join("\n");
    if (src.trim() !== "" && isIncomplete(src)) {
      write("... ");
      continue;
    }
    buffer = [];
    if (src.trim() !== "") {
      const r = await evalInterruptible(it, src);
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
    const res = await evalInterruptible(it, src);
    if (!res.ok && isSystemExit(res)) return res.exitCode;
  }
}

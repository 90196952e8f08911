// A fuzz worker process: runs each program it is sent in a fresh Interpreter and reports how it ended.
// The harness starts it with read and env permission only (nothing a program does can write files, reach the
// network or run commands) and a bounded heap, and kills it when a case runs past the time limit; a
// program that exhausts the heap takes down only its own worker.

import { Interpreter } from "../../dsl/interpreter.ts";
import { INTERNAL_ERRORS, PyException } from "../../dsl/runtime/exceptions.ts";
import "../../runtime/backends.ts";
import "../../dsl/bindings/torch.ts";
import "../../dsl/bindings/ecosystem.ts";
import { type CaseReport, type CaseRequest, REPORT_PREFIX } from "./protocol.ts";

const MAX_TRACEBACK = 4000;

/** The internal errors of the case running now (a promise the runtime left rejected lands here too). */
let current: CaseReport["internalErrors"] = [];

function record(e: unknown, prefix = ""): void {
  const err = e instanceof Error
    ? e
    : new Error(e instanceof PyException ? `${e.$cls.name}: ${messageOf(e)}` : String(e));
  current.push({ name: err.name, message: prefix + err.message, stack: err.stack ?? "" });
}

globalThis.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  record(e.reason, "unhandled rejection: ");
});

async function runCase(req: CaseRequest): Promise<CaseReport> {
  const internalErrors: CaseReport["internalErrors"] = current = [];
  INTERNAL_ERRORS.observer = (e) => record(e);
  let err = "";
  const it = new Interpreter({
    stdout: () => {},
    stderr: (s) => {
      if (err.length < MAX_TRACEBACK) err += s;
    },
    argv: [req.filename],
    readLine: () => null,
  });
  try {
    const r = await it.run(req.source, req.filename);
    const x = r.exception;
    if (!r.ok && !x) return { id: req.id, internalErrors, ...syntaxError(r.error ?? "") };
    if (r.ok || !x || x.$cls.name === "SystemExit") return { id: req.id, status: "ok", internalErrors };
    return {
      id: req.id,
      status: "exception",
      excType: x.$cls.name,
      message: messageOf(x),
      tracebackNamesFile: x.tb.some((entry) => entry.code.filename === req.filename),
      internalErrors,
      traceback: err.slice(0, MAX_TRACEBACK),
    };
  } catch (e) {
    // run() reports everything itself; a throw out of it is an internal error too.
    const error = e instanceof Error ? e : new Error(String(e));
    internalErrors.push({
      name: error.name,
      message: "escaped Interpreter.run: " + error.message,
      stack: error.stack ?? "",
    });
    return { id: req.id, status: "exception", excType: error.name, message: error.message, internalErrors };
  } finally {
    INTERNAL_ERRORS.observer = null;
  }
}

/** A compile-time error is reported as its formatted text only (`  File ..., line N` ... `Type: msg`). */
function syntaxError(text: string): Pick<CaseReport, "status" | "excType" | "message" | "traceback"> {
  const m = /^(\w+): (.*)$/m.exec(text.trimEnd().split("\n").pop() ?? "");
  return { status: "syntax", excType: m?.[1] ?? "?", message: m?.[2] ?? text, traceback: text.slice(0, MAX_TRACEBACK) };
}

function messageOf(x: PyException): string {
  const first = x.args.items[0];
  return typeof first === "string" ? first : String(first ?? "");
}

/** Reads one JSON case per stdin line and answers each with one report line. */
async function serve(): Promise<void> {
  const encoder = new TextEncoder();
  let buffered = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const req = JSON.parse(buffered.slice(0, nl)) as CaseRequest;
      buffered = buffered.slice(nl + 1);
      const report = await runCase(req);
      // Lets a promise the case left behind reject (and be recorded) before the case is reported.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const bytes = encoder.encode(REPORT_PREFIX + JSON.stringify(report) + "\n");
      for (let off = 0; off < bytes.length;) off += Deno.stdout.writeSync(bytes.subarray(off));
    }
  }
}

if (import.meta.main) await serve();

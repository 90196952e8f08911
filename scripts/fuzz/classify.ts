// Sorts a case's result into an outcome. Fine: the program ran, stopped at a SyntaxError or
// IndentationError, or raised a Python exception whose traceback names the program. A bug: any JS error
// that became a tsl "internal error" (even one the program caught), an exception with no frame in the
// program, a hang past the time limit, a worker crash.

import type { CaseReport } from "./protocol.ts";

export type Outcome =
  | "ok"
  | "syntax-error"
  | "python-exception"
  | "internal-error"
  | "no-traceback"
  | "hang"
  | "crash"
  | "slow"
  | "endless-in-cpython";

export const BUG_OUTCOMES: ReadonlySet<Outcome> = new Set(["internal-error", "no-traceback", "hang", "crash"]);

export interface Classified {
  outcome: Outcome;
  /** What identifies the bug (kept equal while a reproducer is minimized), e.g. "TypeError: x is undefined". */
  signature: string;
  detail: string;
}

/** A worker's report, or what the pool saw instead of one. */
export type RunResult = { kind: "report"; report: CaseReport } | { kind: "hang" } | { kind: "crash"; message: string };

export function classify(result: RunResult): Classified {
  if (result.kind === "hang") return { outcome: "hang", signature: "hang", detail: "ran past the time limit" };
  if (result.kind === "crash") return { outcome: "crash", signature: "crash", detail: result.message };
  const r = result.report;
  if (r.internalErrors.length) {
    const e = r.internalErrors[0];
    const at = topFrame(e.stack);
    return { outcome: "internal-error", signature: `${e.name}: ${normalize(e.message)}${at}`, detail: e.stack };
  }
  if (r.status === "ok") return { outcome: "ok", signature: "", detail: "" };
  if (r.status === "syntax") {
    const known = r.excType === "SyntaxError" || r.excType === "IndentationError" || r.excType === "TabError";
    if (known) return { outcome: "syntax-error", signature: `${r.excType}`, detail: r.message ?? "" };
    return { outcome: "no-traceback", signature: `unformatted ${r.excType}`, detail: r.traceback ?? "" };
  }
  if (!r.tracebackNamesFile) {
    return {
      outcome: "no-traceback",
      signature: `${r.excType}: ${normalize(r.message ?? "")}`,
      detail: r.traceback ?? "",
    };
  }
  return { outcome: "python-exception", signature: `${r.excType}`, detail: r.message ?? "" };
}

/** Drops the parts of a JS message that change with the program (names, numbers, quoted text). */
function normalize(message: string): string {
  return message.split("\n")[0].replace(/'[^']*'|"[^"]*"|\b\d+\b/g, "_").slice(0, 120);
}

/** Where in tsl's source a JS error was thrown (" at dsl/x.ts:12"), so distinct bugs group apart. */
function topFrame(stack: string): string {
  const m = /\/((?:dsl|runtime|kernels)\/[\w/]+\.ts):(\d+)/.exec(stack);
  return m ? ` at ${m[1]}:${m[2]}` : "";
}

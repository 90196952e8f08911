// The messages between the fuzz harness and its workers.

/** Marks the worker's report lines on its stdout (a native that prints directly is not mistaken for one). */
export const REPORT_PREFIX = "\u0000fuzz-report ";

/** One program to run in a fresh Interpreter. */
export interface CaseRequest {
  id: number;
  source: string;
  /** The name the program runs under; a Python traceback must name it. */
  filename: string;
}

/** What happened when a case ran, as the worker saw it (classify.ts turns this into an outcome). */
export interface CaseReport {
  id: number;
  /** "ok": ran to the end (or SystemExit); "syntax": SyntaxError/IndentationError/TabError at compile time;
   * "exception": an uncaught Python exception. */
  status: "ok" | "syntax" | "exception";
  /** The Python exception class (or syntax error type) when not ok. */
  excType?: string;
  message?: string;
  /** True when the uncaught exception's traceback has a frame in the case's file. */
  tracebackNamesFile?: boolean;
  /** JS errors that became tsl "internal error"s while the case ran (caught by the program or not). */
  internalErrors: { name: string; message: string; stack: string }[];
  /** The formatted traceback (truncated), for the report. */
  traceback?: string;
}

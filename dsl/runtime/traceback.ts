// Formats an uncaught exception exactly as CPython prints it: the chain of causes/contexts first, each
// with "Traceback (most recent call last):", one `File "x", line N, in f` entry per frame with the
// stripped source line, then `Type: message`.

import { PyException } from "./exceptions.ts";
import { exceptionLine } from "./exception_methods.ts";

const CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n";

export async function formatException(e: PyException): Promise<string> {
  const seen = new Set<PyException>();
  return await formatChain(e, seen);
}

async function formatChain(e: PyException, seen: Set<PyException>): Promise<string> {
  seen.add(e);
  let prefix = "";
  if (e.cause instanceof PyException && !seen.has(e.cause)) {
    prefix = (await formatChain(e.cause, seen)) + CAUSE;
  } else if (!e.suppressContext && e.context instanceof PyException && !seen.has(e.context)) {
    prefix = (await formatChain(e.context, seen)) + CONTEXT;
  }
  return prefix + (await formatOne(e));
}

async function formatOne(e: PyException): Promise<string> {
  let out = "";
  if (e.tb.length) {
    out += "Traceback (most recent call last):\n";
    // Like CPython, a run of more than 3 identical entries prints 3 and a repeat count.
    let prev = "";
    let repeats = 0;
    const flush = () => {
      if (repeats > 3) out += `  [Previous line repeated ${repeats - 3} more time${repeats - 3 === 1 ? "" : "s"}]\n`;
    };
    for (let i = e.tb.length - 1; i >= 0; i--) {
      const { code, line } = e.tb[i];
      let entry = `  File "${code.filename}", line ${line}, in ${code.name}\n`;
      const src = code.lines[line - 1];
      if (src !== undefined && src.trim() !== "") entry += `    ${src.trim()}\n`;
      if (entry === prev) {
        if (++repeats > 3) continue;
      } else {
        flush();
        prev = entry;
        repeats = 1;
      }
      out += entry;
    }
    flush();
  }
  let last: string;
  try {
    last = await exceptionLine(e);
  } catch {
    last = `${e.$cls.name}: <exception str() failed>`;
  }
  out += last + "\n";
  const notes = e.$d.__notes__;
  if (Array.isArray(notes)) { for (const n of notes) out += `${n}\n`; }
  return out;
}

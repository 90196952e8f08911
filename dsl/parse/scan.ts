// Custom Chevrotain token patterns for numbers and string literals, following CPython 3.11's tokenizer (including
// where it reports errors). A malformed literal still matches; its payload carries the error for the lexer pass.

type Match = [string] & { payload?: unknown };

/** `at`/`end` are absolute offsets; the lexer turns them into CPython's columns. */
export interface ScanError {
  msg: string;
  at: number;
  end?: number;
  /** Append " (detected at line N)". */
  detectedAt?: boolean;
}

export interface StringPayload {
  /** Lower-cased prefix: "", "r", "b", "rb", "f", "rf", "u". */
  prefix: string;
  quote: string;
  triple: boolean;
  error?: ScanError;
}

export interface NumberPayload {
  error?: ScanError;
}

function match(text: string, start: number, end: number, payload: unknown): Match {
  const m = [text.slice(start, end)] as Match;
  m.payload = payload;
  return m;
}

const isDigit = (c: string) => c >= "0" && c <= "9";
const isHex = (c: string) => (c >= "0" && c <= "9") || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");
const isIdentChar = (c: string) =>
  (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "_";

/** A number literal at `start`, or null. Port of CPython 3.11's tok_get number branch. */
export function scanNumber(s: string, start: number): Match | null {
  const c0 = s[start];
  if (!isDigit(c0) && !(c0 === "." && isDigit(s[start + 1] ?? ""))) return null;
  const n = s.length;
  let p = start;
  let error: ScanError | undefined;
  const next = (): string => (p++ < n ? s[p - 1] : "");
  const backup = () => void p--;
  const fail = (msg: string, at = p): null => {
    error ??= { msg, at };
    return null;
  };
  const decimalTail = (): string | null => {
    let c: string;
    for (;;) {
      do c = next(); while (isDigit(c));
      if (c !== "_") break;
      c = next();
      if (!isDigit(c)) {
        backup();
        return fail("invalid decimal literal");
      }
    }
    return c;
  };
  const verifyEnd = (c: string, kind: string): boolean => {
    // A keyword right after the number ("1if x else y", "1or 2") is allowed (CPython only warns); the
    // keyword must end there, except that "if", "in" and "is" are only checked up to their second letter.
    const keyword = (rest: string) => s.startsWith(rest, p) && !isIdentChar(s[p + rest.length] ?? "");
    let r = false;
    if (c === "a") r = keyword("nd");
    else if (c === "e") r = keyword("lse");
    else if (c === "f") r = keyword("or");
    else if (c === "i") r = s[p] === "f" || s[p] === "n" || s[p] === "s";
    else if (c === "o") r = keyword("r");
    else if (c === "n") r = keyword("ot");
    if (r) return true; // CPython only warns here ("1if x else y")
    if (isIdentChar(c)) {
      backup();
      fail(`invalid ${kind} literal`);
      return false;
    }
    return true;
  };
  // Returns false on error; on success p is one past the last character consumed by `next` (backed up below).
  const body = (): boolean => {
    let c: string | null = next();
    let fraction = false;
    let exponent = false;
    let imaginary = false;
    if (c === ".") {
      c = next();
      fraction = true;
    } else if (c === "0") {
      c = next();
      if (c === "x" || c === "X" || c === "o" || c === "O" || c === "b" || c === "B") {
        const kind = c === "x" || c === "X" ? "hexadecimal" : c === "o" || c === "O" ? "octal" : "binary";
        const ok = kind === "hexadecimal"
          ? isHex
          : kind === "octal"
          ? (d: string) => d >= "0" && d <= "7"
          : (d: string) => d === "0" || d === "1";
        c = next();
        do {
          if (c === "_") c = next();
          if (!ok(c)) {
            if (kind !== "hexadecimal" && isDigit(c)) {
              fail(`invalid digit '${c}' in ${kind} literal`);
              return false;
            }
            backup();
            fail(`invalid ${kind} literal`);
            return false;
          }
          do c = next(); while (ok(c));
        } while (c === "_");
        if (kind !== "hexadecimal" && isDigit(c)) {
          fail(`invalid digit '${c}' in ${kind} literal`);
          return false;
        }
        if (!verifyEnd(c, kind)) return false;
        backup();
        return true;
      }
      let nonzero = false;
      for (;;) {
        if (c === "_") {
          c = next();
          if (!isDigit(c)) {
            backup();
            fail("invalid decimal literal");
            return false;
          }
        }
        if (c !== "0") break;
        c = next();
      }
      const zerosEnd = p;
      if (isDigit(c)) {
        nonzero = true;
        c = decimalTail();
        if (c === null) return false;
      }
      if (c === ".") {
        c = next();
        fraction = true;
      } else if (c === "e" || c === "E") {
        exponent = true;
      } else if (c === "j" || c === "J") {
        imaginary = true;
      } else if (nonzero) {
        backup();
        error ??= {
          msg: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
          at: start + 1,
          end: zerosEnd,
        };
        return false;
      } else {
        if (!verifyEnd(c, "decimal")) return false;
        backup();
        return true;
      }
    } else {
      c = decimalTail();
      if (c === null) return false;
      if (c === ".") {
        c = next();
        fraction = true;
      }
    }
    if (fraction && isDigit(c!)) {
      c = decimalTail();
      if (c === null) return false;
    }
    if (!imaginary && (exponent || c === "e" || c === "E")) {
      const e = c!;
      c = next();
      if (c === "+" || c === "-") {
        c = next();
        if (!isDigit(c)) {
          backup();
          fail("invalid decimal literal");
          return false;
        }
      } else if (!isDigit(c)) {
        backup();
        if (!verifyEnd(e, "decimal")) return false;
        backup();
        return true;
      }
      c = decimalTail();
      if (c === null) return false;
    }
    if (imaginary || c === "j" || c === "J") {
      c = next();
      if (!verifyEnd(c, "imaginary")) return false;
    } else if (!verifyEnd(c!, "decimal")) {
      return false;
    }
    backup();
    return true;
  };
  const ok = body();
  const end = Math.min(Math.max(p, start + 1), n);
  return match(s, start, end, ok ? {} : { error } satisfies NumberPayload);
}

const PREFIXES = new Set(["", "r", "u", "b", "f", "br", "rb", "fr", "rf"]);

/** A string literal (with its prefix) at `start`, or null. Unterminated literals match with an error payload. */
export function scanString(s: string, start: number): Match | null {
  let j = start;
  while (j - start < 2 && j < s.length && "rRbBuUfF".includes(s[j])) j++;
  const q = s[j];
  if (q !== "'" && q !== '"') return null;
  const prefix = s.slice(start, j).toLowerCase();
  if (!PREFIXES.has(prefix)) return null;
  const n = s.length;
  const triple = s[j + 1] === q && s[j + 2] === q;
  const payload: StringPayload = { prefix, quote: q, triple };
  if (triple) {
    let k = j + 3;
    while (k < n) {
      const c = s[k];
      if (c === "\\") k += 2;
      else if (c === q && s[k + 1] === q && s[k + 2] === q) return match(s, start, k + 3, payload);
      else k++;
    }
    payload.error = { msg: "unterminated triple-quoted string literal", at: start + 1, detectedAt: true };
    return match(s, start, n, payload);
  }
  let k = j + 1;
  while (k < n) {
    const c = s[k];
    if (c === "\n") break;
    if (c === "\\") {
      k += 2;
      continue;
    }
    if (c === q) return match(s, start, k + 1, payload);
    k++;
  }
  if (k > n) k = n;
  payload.error = { msg: "unterminated string literal", at: start + 1, detectedAt: true };
  return match(s, start, k, payload);
}

// Python's SyntaxError / IndentationError (and TabError, its subclass) raised by the lexer and parser.

export type SyntaxErrorType = "SyntaxError" | "IndentationError" | "TabError";

/**
 * A compile-time error, positioned as CPython 3.11 positions it: `line` is 1-based, `col` is CPython's 1-based
 * `offset` (the caret column), `text` the source line (without its newline). `endLine`/`endCol` give the
 * highlighted range where CPython has one (`^^^`), exclusive, like `SyntaxError.end_offset`.
 */
export class PySyntaxError extends Error {
  readonly endLine: number;
  readonly endCol: number;

  constructor(
    readonly type: SyntaxErrorType,
    readonly msg: string,
    readonly filename: string,
    readonly line: number,
    readonly col: number,
    readonly text: string,
    endLine?: number,
    endCol?: number,
  ) {
    super(`${msg} (${filename}, line ${line})`);
    this.name = type;
    this.endLine = endLine ?? line;
    this.endCol = endCol ?? col;
  }

  /**
   * Python's rendering (that of the interpreter's default excepthook), e.g.
   *
   *     File "train.tsl", line 3
   *       if x > 1
   *               ^
   *     SyntaxError: expected ':'
   */
  format(): string {
    let out = `  File "${this.filename}", line ${this.line}\n`;
    // CPython's print_error_text: the end of the range is only read for SyntaxError itself (not its
    // IndentationError/TabError subclasses); a range spanning lines is highlighted to the end of the first.
    const raw = this.text.replace(/\r?\n$/, "");
    const lineSize = raw.length + 1;
    let end = this.type === "SyntaxError" ? this.endCol : -1;
    if (this.type === "SyntaxError" && this.endLine > this.line) end = lineSize;
    if (end > lineSize + 1) end = lineSize + 1;
    const reps = end > 0 && end > this.col ? end - this.col : 1;
    // Strip leading whitespace, moving the caret with it; clip the caret to the end of the text.
    let i = 0;
    while (i < raw.length && (raw[i] === " " || raw[i] === "\t" || raw[i] === "\f")) i++;
    const text = raw.slice(i);
    let offset = this.col - 1 - i;
    if (offset > text.length) offset = text.length;
    out += `    ${text}\n`;
    if (offset >= 0) out += `    ${" ".repeat(offset)}${"^".repeat(reps)}\n`;
    return out + `${this.type}: ${this.msg}\n`;
  }
}

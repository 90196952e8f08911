// Line editing for the REPL on a terminal: arrow keys move and walk the history, Ctrl-C drops the
// current input, Ctrl-D on an empty line ends the session.

const enc = new TextEncoder();
const out = (s: string) => Deno.stdout.writeSync(enc.encode(s));

export type EditResult = { kind: "line"; text: string } | { kind: "interrupt" } | { kind: "eof" };

export class LineEditor {
  readonly history: string[] = [];
  #reader = Deno.stdin.readable.getReader();
  #pending: number[] = [];

  async #byte(): Promise<number | undefined> {
    while (this.#pending.length === 0) {
      const { value, done } = await this.#reader.read();
      if (done) return undefined;
      this.#pending.push(...value);
    }
    return this.#pending.shift();
  }

  async read(prompt: string): Promise<EditResult> {
    let line: string[] = [];
    let cursor = 0;
    let hist = this.history.length;
    const redraw = () => {
      out(`\r\x1b[K${prompt}${line.join("")}`);
      const back = line.length - cursor;
      if (back > 0) out(`\x1b[${back}D`);
    };
    out(prompt);
    Deno.stdin.setRaw(true);
    try {
      while (true) {
        const b = await this.#byte();
        if (b === undefined) return { kind: "eof" };
        if (b === 3) { // Ctrl-C
          out("^C\r\n");
          return { kind: "interrupt" };
        }
        if (b === 4) { // Ctrl-D
          if (line.length === 0) {
            out("\r\n");
            return { kind: "eof" };
          }
          continue;
        }
        if (b === 13 || b === 10) {
          out("\r\n");
          const text = line.join("");
          if (text.trim() !== "") this.history.push(text);
          return { kind: "line", text };
        }
        if (b === 127 || b === 8) {
          if (cursor > 0) line.splice(--cursor, 1);
        } else if (b === 27) {
          if (await this.#byte() !== 91) continue;
          const code = await this.#byte();
          if (code === 65 && hist > 0) line = [...this.history[--hist]]; // up
          else if (code === 66 && hist < this.history.length) {
            hist++;
            line = hist === this.history.length ? [] : [...this.history[hist]];
          } else if (code === 67) cursor = Math.min(line.length, cursor + 1);
          else if (code === 68) cursor = Math.max(0, cursor - 1);
          if (code === 65 || code === 66) cursor = line.length;
        } else if (b >= 32) {
          line.splice(cursor++, 0, String.fromCharCode(b));
        }
        redraw();
      }
    } finally {
      Deno.stdin.setRaw(false);
    }
  }
}

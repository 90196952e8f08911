// Ctrl-C in the REPL: SIGINT during a long computation raises KeyboardInterrupt in it, the traceback
// is printed, and the session goes on with its globals (CPython's behaviour). Driven as a user would,
// through `deno run -A mod.ts` with piped stdin, the signal sent by child.kill("SIGINT").

import assert from "node:assert/strict";

const root = new URL("../", import.meta.url).pathname;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads `stream` into `sink.text` until it ends. */
async function collect(stream: ReadableStream<Uint8Array>, sink: { text: string }): Promise<void> {
  for await (const chunk of stream) sink.text += decoder.decode(chunk, { stream: true });
}

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startRepl() {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "mod.ts"],
    cwd: root,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const out = { text: "" };
  const err = { text: "" };
  const reading = Promise.all([collect(child.stdout, out), collect(child.stderr, err)]);
  const stdin = child.stdin.getWriter();
  return { child, out, err, reading, send: (s: string) => stdin.write(encoder.encode(s)), close: () => stdin.close() };
}

Deno.test("repl: SIGINT", async (t) => {
  await t.step("interrupts a busy loop with KeyboardInterrupt and the session goes on", async () => {
    const repl = startRepl();
    // The loop prints once it is running, so the signal surely arrives during it.
    await repl.send("n = 0\nwhile True:\n    n += 1\n    if n == 1000: print('looping', flush=True)\n\n");
    await waitFor(() => repl.out.text.includes("looping"), "the loop to start");
    repl.child.kill("SIGINT");
    await waitFor(() => repl.err.text.includes("KeyboardInterrupt"), "KeyboardInterrupt");
    await repl.send("print('after', n > 1000)\n");
    await repl.close();
    const status = await repl.child.status;
    await repl.reading;
    assert.equal(status.code, 0);
    assert.match(repl.err.text, /^Traceback \(most recent call last\):\n {2}File "<stdin>", line \d+, in <module>\n/);
    assert.match(repl.err.text, /\nKeyboardInterrupt\n$/);
    assert.match(repl.out.text, /after True\n>>> \n$/);
  });

  await t.step("can be caught by the running code", async () => {
    const repl = startRepl();
    await repl.send(
      "try:\n    while True:\n        print('x', end='', flush=True)\nexcept KeyboardInterrupt:\n    print('\\ncaught')\n\n",
    );
    await waitFor(() => repl.out.text.includes("x"), "the loop to start");
    repl.child.kill("SIGINT");
    await waitFor(() => repl.out.text.includes("caught"), "the handler");
    await repl.close();
    const status = await repl.child.status;
    await repl.reading;
    assert.equal(status.code, 0);
    assert.equal(repl.err.text, "");
  });

  await t.step("at the prompt drops the pending input", async () => {
    const repl = startRepl();
    await repl.send("if True:\n");
    await waitFor(() => repl.out.text.endsWith("... "), "the continuation prompt");
    repl.child.kill("SIGINT");
    await waitFor(() => repl.out.text.includes("KeyboardInterrupt"), "KeyboardInterrupt");
    await repl.send("print(6 * 7)\n");
    await repl.close();
    const status = await repl.child.status;
    await repl.reading;
    assert.equal(status.code, 0);
    assert.equal(repl.out.text, ">>> ... \nKeyboardInterrupt\n>>> 42\n>>> \n");
  });
});

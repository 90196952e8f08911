// The command line and the REPL, driven as a user would: through `deno run -A mod.ts`.

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";

const tsl = (args: string[], stdin = "") => runCli(args, { stdin });

async function withScript(name: string, source: string, fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, source);
  try {
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("cli", async (t) => {
  await t.step("-c runs code and exits 0", async () => {
    const r = await tsl(["-c", "print(6 * 7, 7 / 2)"]);
    assert.equal(r.stdout, "42 3.5\n");
    assert.equal(r.code, 0);
  });

  await t.step("a script gets sys.argv", async () => {
    await withScript("args.tsl", "import sys\nprint(sys.argv[1:])\n", async (p) => {
      const r = await tsl([p, "a", "b"]);
      assert.equal(r.stdout, "['a', 'b']\n");
    });
  });

  await t.step("a syntax error names file, line and column, exits 1", async () => {
    await withScript("train.tsl", "x = 1\nif x > 1\n    print(x)\n", async (p) => {
      const r = await tsl([p]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, `  File "${p}", line 2\n    if x > 1\n            ^\nSyntaxError: expected ':'\n`);
    });
  });

  await t.step("a bad dedent is an IndentationError", async () => {
    await withScript("bad.tsl", "if True:\n        x = 1\n    y = 2\n", async (p) => {
      const r = await tsl([p]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /line 3\n[\s\S]*IndentationError: unindent does not match any outer indentation level\n$/);
    });
  });

  await t.step("runtime errors in nested functions print the whole traceback", async () => {
    const src =
      "def inner(d):\n    return d['missing']\n\n\ndef outer():\n    return inner({})\n\n\nprint('before')\nouter()\n";
    await withScript("nested.tsl", src, async (p) => {
      const r = await tsl([p]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "before\n");
      assert.equal(
        r.stderr,
        `Traceback (most recent call last):\n  File "${p}", line 10, in <module>\n    outer()\n` +
          `  File "${p}", line 6, in outer\n    return inner({})\n` +
          `  File "${p}", line 2, in inner\n    return d['missing']\nKeyError: 'missing'\n`,
      );
      assert.doesNotMatch(r.stderr, /\.ts:\d+/); // no JavaScript stack
    });
  });

  await t.step("sys.exit sets the exit status", async () => {
    const r = await tsl(["-c", "import sys\nsys.exit(3)"]);
    assert.equal(r.code, 3);
  });
});

Deno.test("repl through piped stdin", async (t) => {
  await t.step("multi-line class, expression echo, None not echoed", async () => {
    const input = [
      "class A:",
      "    def __init__(self, v):",
      "        self.v = v",
      "    def __repr__(self):",
      "        return 'A(%d)' % self.v",
      "",
      "A(4)",
      "None",
      "x = 5",
      "x * 2",
    ].join("\n") + "\n";
    const r = await tsl([], input);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, ">>> ... ... ... ... ... >>> A(4)\n>>> >>> >>> 10\n>>> \n");
  });

  await t.step("an error prints a traceback and the session goes on", async () => {
    const r = await tsl([], "1/0\nprint('still here')\n");
    assert.equal(r.code, 0);
    assert.equal(r.stdout, ">>> >>> still here\n>>> \n");
    assert.equal(
      r.stderr,
      'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n    1/0\nZeroDivisionError: division by zero\n',
    );
  });
});

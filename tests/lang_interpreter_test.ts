// The embedding API (dsl/interpreter.ts): run, eval (REPL echo), globals, calling tsl callables from JS,
// exit codes, syntax errors, importing a sibling .tsl module.

import assert from "node:assert/strict";
import { Interpreter } from "../dsl/interpreter.ts";

function capture(): { it: Interpreter; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const it = new Interpreter({ stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { it, out: () => out, err: () => err };
}

Deno.test("interpreter API", async (t) => {
  await t.step("eval echoes expression values like the REPL (None is not echoed)", async () => {
    const { it, out } = capture();
    await it.eval("x = 40");
    await it.eval("x + 2");
    await it.eval("None");
    await it.eval("'text'");
    await it.eval("[1.5, None]");
    assert.equal(out(), "42\n'text'\n[1.5, None]\n");
  });

  await t.step("globals and calls from JS", async () => {
    const { it, out } = capture();
    it.setGlobal("scale", 3);
    it.setGlobal("js_add", (a: number, b: number) => a + b);
    await it.run("def f(a, b=2):\n    return a * scale + b\nprint(js_add(1, 2), f(1))\n", "m.tsl");
    assert.equal(out(), "3 5\n");
    const f = it.getGlobal("f");
    assert.equal(await it.call(f, 10), 32);
    await assert.rejects(() => it.call(f), (e: any) => e.$cls.name === "TypeError");
  });

  await t.step("uncaught errors, SystemExit and syntax errors", async () => {
    const a = capture();
    const r1 = await a.it.run("import sys\nprint('x')\nsys.exit(4)\n", "e.tsl");
    assert.deepEqual([r1.exitCode, a.out(), a.err()], [4, "x\n", ""]);
    const b = capture();
    const r2 = await b.it.run("def f():\n    return 1 / 0\n\nf()\n", "z.tsl");
    assert.equal(r2.exitCode, 1);
    assert.equal(
      b.err(),
      'Traceback (most recent call last):\n  File "z.tsl", line 4, in <module>\n    f()\n' +
        '  File "z.tsl", line 2, in f\n    return 1 / 0\nZeroDivisionError: division by zero\n',
    );
    const c = capture();
    const r3 = await c.it.run("if x\n    pass\n", "s.tsl");
    assert.equal(r3.exitCode, 1);
    assert.equal(c.err(), "  File \"s.tsl\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n");
    const d = capture();
    await d.it.run("for x in []:\n    pass\nbreak\n", "b.tsl");
    assert.match(d.err(), /SyntaxError: 'break' outside loop/);
  });

  await t.step("import a sibling .tsl file", async () => {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(
      `${dir}/helper.tsl`,
      "VALUE = 7\ndef double(x):\n    return 2 * x\nprint('helper', __name__)\n",
    );
    await Deno.writeTextFile(
      `${dir}/main.tsl`,
      "import helper\nfrom helper import double\nprint(helper.VALUE, double(21), __name__)\n",
    );
    const { it, out, err } = capture();
    const r = await it.runFile(`${dir}/main.tsl`);
    assert.equal(err(), "");
    assert.equal(out(), "helper helper\n7 42 __main__\n");
    assert.equal(r.exitCode, 0);
    await Deno.remove(dir, { recursive: true });
  });
});

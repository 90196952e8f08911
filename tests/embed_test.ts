// The embedding API in mod.ts: run source, read and set globals, call tsl from TypeScript,
// expose TypeScript to tsl, and redirect print.

import assert from "node:assert/strict";
import { createRuntime } from "../mod.ts";

Deno.test("embedding", async (t) => {
  const printed: string[] = [];
  const rt = await createRuntime({ stdout: (s) => printed.push(s), stderr: (s) => printed.push(`ERR ${s}`) });

  await t.step("runs source and redirects print", async () => {
    const r = await rt.run("total = sum(range(5))\nprint('total', total)\n", "embed.tsl");
    assert.equal(r.ok, true);
    assert.equal(printed.join(""), "total 10\n");
    assert.equal(rt.getGlobal("total"), 10);
  });

  await t.step("sets globals and exposes a TypeScript function", async () => {
    printed.length = 0;
    rt.setGlobal("scale", 3);
    rt.setGlobal("shout", (s: string) => s.toUpperCase() + "!");
    await rt.run("print(shout('hi'), scale * 2)\n", "embed.tsl");
    assert.equal(printed.join(""), "HI! 6\n");
  });

  await t.step("calls a tsl function from TypeScript", async () => {
    await rt.run("def area(w, h=2):\n    return w * h\n", "embed.tsl");
    assert.equal(await rt.call(rt.getGlobal("area"), 7), 14);
  });

  await t.step("an error comes back as a result with the traceback", async () => {
    printed.length = 0;
    const r = await rt.run("x = [1]\nx[3]\n", "bad.tsl");
    assert.equal(r.ok, false);
    assert.equal(r.exitCode, 1);
    assert.ok(r.error!.includes('File "bad.tsl", line 2, in <module>\n    x[3]\nIndexError: list index out of range'));
  });
});

// A short run of the fuzz harness (scripts/fuzz): 100 cases under a fixed seed, which must all end in an
// outcome that is no bug. It runs as the command line does, in a subprocess (its workers are processes).

import assert from "node:assert/strict";

Deno.test("fuzz smoke: 100 cases with a fixed seed end without a bug", async () => {
  const saveDir = await Deno.makeTempDir({ prefix: "tsl-fuzz-smoke-" });
  const main = new URL("../scripts/fuzz/main.ts", import.meta.url).pathname;
  const args = ["run", "-A", main, "--cases", "100", "--seed", "7"];
  const r = await new Deno.Command(Deno.execPath(), {
    args: [...args, "--json", "--save-dir", saveDir],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(r.stdout);
  const summary = JSON.parse(stdout.trim().split("\n").pop()!);
  assert.deepEqual(summary.signatures, [], `bugs found (reproducers in ${saveDir}): ${stdout}`);
  assert.equal(r.code, 0);
  assert.equal(summary.cases, 100);
  assert.equal(summary.bugs, 0);
  // The cases reach the evaluator as well as the parser: the seed gives all three kinds of ending.
  const outcomes = summary.outcomes as Record<string, number>;
  assert.ok(outcomes["ok"] > 0 && outcomes["python-exception"] > 0 && outcomes["syntax-error"] > 0, stdout);
  assert.equal(Object.values(outcomes).reduce((a, b) => a + b, 0), 100);
  // Kept when an assertion fails, so the reproducers can be read.
  await Deno.remove(saveDir, { recursive: true });
});

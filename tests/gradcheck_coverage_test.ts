// Every differentiable op has a numerical gradient check.
//
// How it works: tests/gradcheck.ts's `gradcheck` records, in `checkedOps`, the registry name of
// every op in the graph it verified (FunctionNode.opName). This module first imports every op
// module under runtime/ops/ (so allOps() lists them all) and every test module under tests/ that
// calls gradcheck (so their Deno.test cases register here too and run before the check below,
// which is registered last). The check then fails, naming each op, for any op that declares a
// backward but whose rule no gradcheck ran.
//
// For a new op: declare its backward next to it (defineOp's `backward`, or setBackward right after
// it) and add a case calling tests/gradcheck.ts's `gradcheck(...)` on it in any tests/*_test.ts
// file (a file is picked up when its source contains "gradcheck("). Nothing needs registering
// here; an op without a case fails this test. Code that wraps a recorded node in a FunctionNode of
// its own (renaming it, as the losses do) must pass the op's name as `opName`, or the op's rule is
// hidden from this walk.
//
// gradcheck also records each case (tests/gradcheck.ts's gradcheckCases), and
// tests/webgpu_cross_backend_test.ts runs every one again in float32 on the CPU and on WebGPU. So
// write cases device-neutral: make constants (indices, masks, weights) inside the checked function,
// where they land on the device under test, copy captured tensors with `constantLike(t, x)`, and
// call data-dependent ops through their *Async entry points (getitemAsync, masked_selectAsync).

import assert from "node:assert/strict";
import { allOps, defineOp } from "../runtime/ops/registry.ts";
import { checkedOps } from "./gradcheck.ts";

const here = new URL(".", import.meta.url);
const ops = new URL("../runtime/ops/", import.meta.url);

for (const e of [...Deno.readDirSync(ops)].sort((a, b) => a.name.localeCompare(b.name))) {
  if (e.isFile && e.name.endsWith(".ts")) await import(new URL(e.name, ops).href);
}
for (const e of [...Deno.readDirSync(here)].sort((a, b) => a.name.localeCompare(b.name))) {
  if (!e.isFile || !e.name.endsWith("_test.ts") || e.name === "gradcheck_coverage_test.ts") continue;
  const url = new URL(e.name, here);
  if (/\bgradcheck\(/.test(Deno.readTextFileSync(url))) await import(url.href);
}

const uncheckedOps = () => allOps().filter((op) => op.backward && !checkedOps.has(op.name)).map((op) => op.name).sort();

Deno.test("gradcheck coverage: every op with a backward has a numerical gradient check", () => {
  const unchecked = uncheckedOps();
  assert.deepEqual(unchecked, [], `ops with a backward but no gradcheck case: ${unchecked.join(", ")}`);
});

// Runs after the check above: it registers an op of its own.
Deno.test("gradcheck coverage: a new differentiable op without a case is reported", () => {
  defineOp({
    name: "coverage_probe",
    infer: ([t]) => [{ shape: [...t.shape], dtype: t.dtype }],
    backward: ([g]) => [g],
  });
  assert.deepEqual(uncheckedOps(), ["coverage_probe"]);
});

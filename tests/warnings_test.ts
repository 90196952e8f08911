// The warnings module: CPython's default actions, filters, catch_warnings(record=True), "error".
import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";

Deno.test("warnings", async (t) => {
  await t.step("warn prints the category and message once; DeprecationWarning is ignored by default", async () => {
    const r = await runTsl(
      'import warnings\nwarnings.warn("careful")\nwarnings.warn("careful")\nwarnings.warn("old", DeprecationWarning)\n',
    );
    assert.equal(r.code, 0);
    assert.equal(r.err, "UserWarning: careful\n");
  });
  await t.step("catch_warnings records, filters ignore, and 'error' raises", async () => {
    const r = await runTsl(`import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    warnings.warn("recorded", RuntimeWarning)
    print(len(w), w[0].category.__name__, str(w[0].message))
warnings.filterwarnings("ignore")
warnings.warn("hidden")
warnings.simplefilter("error")
try:
    warnings.warn("boom", UserWarning)
except UserWarning as e:
    print("raised", e)
try:
    warnings.simplefilter("loud")
except ValueError as e:
    print(e)
`);
    assert.equal(r.err, "");
    assert.equal(r.out, "1 RuntimeWarning recorded\nraised boom\ninvalid action: 'loud'\n");
  });
});

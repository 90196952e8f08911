// View ops and autograd: node names and gradients, against PyTorch 1.13 (python3-torch's output).
import assert from "node:assert/strict";
import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import { runBackward } from "../runtime/autograd/engine.ts";
import { tolist } from "../runtime/ops/access.ts";
import { ones } from "../runtime/ops/creation.ts";
import { getitem } from "../runtime/ops/indexing.ts";
import { arange } from "../runtime/ops/ranges.ts";
import { chunk, narrow, select, slice, split, unbind } from "../runtime/ops/slicing.ts";
import {
  contiguous,
  diagonal,
  expand,
  expand_as,
  flatten,
  movedim,
  permute,
  reshape,
  squeeze,
  t,
  transpose,
  unflatten,
  unsqueeze,
  view,
} from "../runtime/ops/views.ts";
import { isViewOp } from "../runtime/ops/view_registry.ts";
import { allOps } from "../runtime/ops/registry.ts";
import { copyOp } from "../runtime/ops/copy.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { assertTensor } from "./helpers.ts";

Deno.test("views: autograd nodes and gradients", async (st) => {
  const leaf = (shape: number[]) => {
    const x = view(arange(shape.reduce((a, b) => a * b, 1), null, 1, { dtype: "float32" }), shape);
    const c = contiguous(x);
    c.requiresGrad = true;
    return c;
  };

  await st.step("every view op is declared as a view (no kernel needed)", () => {
    const names = allOps().filter(isViewOp).map((o) => o.name);
    for (const n of ["view", "permute", "transpose", "t", "expand", "select", "slice", "unbind", "split", "squeeze"]) {
      assert.ok(names.includes(n), n);
    }
  });

  await st.step("grad_fn names", () => {
    const x = leaf([2, 3]);
    const name = (y: Tensor) => y.gradFn?.name;
    assert.equal(name(reshape(x, [3, 2])), "ReshapeAliasBackward0");
    assert.equal(name(view(x, [6])), "ViewBackward0");
    assert.equal(name(getitem(x, 0)), "SelectBackward0");
    assert.equal(name(getitem(x, { items: [{ start: null, stop: null }, { start: 1 }] })), "SliceBackward0");
    assert.equal(name(getitem(x, [[0]] as never)), "IndexBackward0");
    assert.equal(name(flatten(x)), "ReshapeAliasBackward0");
    assert.equal(flatten(x, 0, 0), x);
    assert.equal(name(unsqueeze(x, 0)), "UnsqueezeBackward0");
    assert.equal(name(expand(x, [2, 2, 3])), "ExpandBackward0");
    assert.equal(name(squeeze(x)), "SqueezeBackward0");
    assert.equal(name(squeeze(x, 0)), "SqueezeBackward1");
    assert.equal(name(narrow(x, 1, 0, 1)), "SliceBackward0");
    assert.equal(name(unbind(x, 0)[0]), "UnbindBackward0");
    assert.equal(name(split(x, 1)[0]), "SplitBackward0");
    assert.equal(name(chunk(x, 2)[0]), "SplitBackward0");
    assert.equal(name(split(x, [1, 1])[0]), "SplitWithSizesBackward0");
    assert.equal(name(movedim(x, 0, 1)), "PermuteBackward0");
    assert.equal(name(transpose(x, 0, 1)), "TransposeBackward0");
    assert.equal(name(t(x)), "TBackward0");
    assert.equal(name(unflatten(x, 1, [3, 1])), "ViewBackward0");
    assert.equal(name(expand_as(x, x)), "ExpandBackward0");
    assert.equal(name(diagonal(x)), "DiagonalBackward0");
    assert.equal(name(getitem(x, "...")), "AliasBackward0");
  });

  // Each case: the view, and x.grad after y.backward(arange(1, numel + 1).view(y.shape)).
  const cases: [string, (x: Tensor) => Tensor, number[]][] = [
    ["permute", (x) => permute(x, [2, 0, 1]), [
      1,
      7,
      13,
      19,
      2,
      8,
      14,
      20,
      3,
      9,
      15,
      21,
      4,
      10,
      16,
      22,
      5,
      11,
      17,
      23,
      6,
      12,
      18,
      24,
    ]],
    ["expand", (x) => expand(slice(x, 1, 0, 1), [2, 5, 4]), [
      45,
      50,
      55,
      60,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      145,
      150,
      155,
      160,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]],
    ["select", (x) => select(x, 1, -1), [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 7, 8]],
    ["slice", (x) => slice(slice(x, 1, null, null, 2), 2, 1, null, 2), [
      0,
      1,
      0,
      2,
      0,
      0,
      0,
      0,
      0,
      3,
      0,
      4,
      0,
      5,
      0,
      6,
      0,
      0,
      0,
      0,
      0,
      7,
      0,
      8,
    ]],
    ["diagonal", (x) => diagonal(x, 1, 1, 2), [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 5, 0, 0, 0, 0, 6]],
    ["t", (x) => t(select(x, 0, 0)), [1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ["reshape (copy)", (x) => reshape(transpose(x, 0, 2), [24]), [
      1,
      7,
      13,
      19,
      3,
      9,
      15,
      21,
      5,
      11,
      17,
      23,
      2,
      8,
      14,
      20,
      4,
      10,
      16,
      22,
      6,
      12,
      18,
      24,
    ]],
  ];
  for (const [name, f, want] of cases) {
    // reshape's copy goes through clone, whose op (runtime/ops/copy.ts) has no gradient rule yet.
    const pending = name.includes("copy") && !copyOp.backward;
    await st.step({
      name: `gradient through ${name}`,
      ignore: pending,
      fn: () => {
        const x = leaf([2, 3, 4]);
        const y = f(x);
        const g = view(arange(1, y.numel + 1, 1, { dtype: "float32" }), [...y.shape]);
        runBackward([y], [g]);
        assertTensor(x.grad!, want, { exact: true });
      },
    });
  }

  await st.step({
    name: "reshape that copies records UnsafeViewBackward0",
    ignore: !copyOp.backward,
    fn: () => {
      assert.equal(reshape(t(leaf([2, 3])), [6]).gradFn?.name, "UnsafeViewBackward0");
    },
  });

  await st.step("gradient through split and unbind (outputs without a gradient count as zero)", () => {
    const x = leaf([2, 3]);
    const [, b] = split(x, [1, 2], 1);
    runBackward([b], [view(arange(1, 5, 1, { dtype: "float32" }), [2, 2])]);
    assert.deepEqual(tolist(x.grad!), [[0, 1, 2], [0, 3, 4]]);
    const z = leaf([2, 3]);
    const u = unbind(z, 1);
    runBackward([u[0], u[2]], [ones([2]), ones([2])]);
    assert.deepEqual(tolist(z.grad!), [[1, 0, 1], [1, 0, 1]]);
  });
});

// Numerical gradient checks (float64 central differences, tests/gradcheck.ts) for the ops not
// covered by the elementwise/reduction cases in autograd_test.ts: views, slicing, joins, indexing,
// gather/scatter, masked ops, copies and in-place writes, piecewise-constant ops, conv and pools.
// Together with the other test files' gradchecks they cover every op with a backward (see
// gradcheck_coverage_test.ts).

import "../runtime/backends.ts";
import "../runtime/autograd/record.ts";
import * as B from "../runtime/ops/binary.ts";
import * as U from "../runtime/ops/unary.ts";
import * as V from "../runtime/ops/views.ts";
import { chunk, select, slice, split, split_with_sizes, unbind } from "../runtime/ops/slicing.ts";
import { cat, repeat, stack } from "../runtime/ops/join.ts";
import { flip, roll } from "../runtime/ops/reorder.ts";
import { gather, index_select, scatter, scatter_, scatter_add } from "../runtime/ops/gather.ts";
import { index, index_put_ } from "../runtime/ops/advanced_index.ts";
import { getitem, getitemAsync, setitem } from "../runtime/ops/indexing.ts";
import { masked_fill, masked_fill_, masked_selectAsync } from "../runtime/ops/masked.ts";
import { clone, copyInto } from "../runtime/ops/copy.ts";
import { fill_ } from "../runtime/ops/creation.ts";
import { toCopy } from "../runtime/ops/to_copy.ts";
import { conv2d } from "../runtime/ops/conv.ts";
import { avg_pool2d, max_pool2d } from "../runtime/ops/pool.ts";
import { adaptive_avg_pool2d, adaptive_max_pool2d } from "../runtime/ops/adaptive_pool.ts";
import { Tensor } from "../runtime/tensor.ts";
import { gradcheck } from "./gradcheck.ts";

const longs = (v: number[], shape = [v.length]) => Tensor.fromArray(v, shape, "int64");
const mask = (v: number[], shape = [v.length]) => Tensor.fromArray(v, shape, "bool");
/** A non-leaf copy of x that in-place ops may overwrite. */
const fresh = (x: Tensor) => B.mul(x, 1);

Deno.test("gradcheck: views", async (t) => {
  await t.step("view / reshape (alias and copy) / flatten", () => {
    gradcheck((x) => V.view(x, [3, 2]), [[2, 3]]);
    gradcheck((x) => V.reshape(x, [6]), [[2, 3]]); // _reshape_alias
    gradcheck((x) => V.reshape(V.t(x), [6]), [[2, 3]]); // needs a copy: _unsafe_view
    gradcheck((x) => V.flatten(x, 1), [[2, 2, 2]]);
  });
  await t.step("permute / transpose / t / movedim", () => {
    gradcheck((x) => V.permute(x, [2, 0, 1]), [[2, 3, 2]]);
    gradcheck((x) => V.transpose(x, 0, 2), [[2, 3, 2]]);
    gradcheck((x) => V.t(x), [[2, 3]]);
    gradcheck((x) => V.movedim(x, 0, -1), [[2, 3, 2]]);
  });
  await t.step("squeeze / unsqueeze / expand", () => {
    gradcheck((x) => V.squeeze(x), [[2, 1, 3]]);
    gradcheck((x) => V.squeeze(x, 1), [[2, 1, 3]]);
    gradcheck((x) => V.unsqueeze(x, 1), [[2, 3]]);
    gradcheck((x) => V.expand(x, [4, 2, 3]), [[1, 3]]);
    gradcheck((x) => V.expand(x, [2, 3]), [[2, 1]]);
  });
  await t.step("diagonal / alias", () => {
    gradcheck((x) => V.diagonal(x), [[3, 3]]);
    gradcheck((x) => V.diagonal(x, 1, 1, 2), [[2, 3, 4]]);
    gradcheck((x) => V.alias(x), [[2, 2]]);
  });
  await t.step("as_strided (overlapping windows sum their gradients)", () => {
    gradcheck((x) => V.as_strided(x, [3, 2], [1, 1]), [[2, 3]]);
    gradcheck((x) => V.as_strided(V.t(x), [2, 2], [2, 1], 1), [[2, 3]]);
    gradcheck((x) => V.as_strided(select(x, 0, 1), [2], [2], 3), [[2, 3]]);
  });
  await t.step("select / slice / narrow via getitem", () => {
    gradcheck((x) => select(x, 1, -1), [[2, 3]]);
    gradcheck((x) => slice(x, 1, 0, 3, 2), [[2, 4]]);
    gradcheck((x) => getitem(x, 1), [[3, 2]]);
  });
  await t.step("unbind / split / split_with_sizes / chunk", () => {
    gradcheck((x) => B.add(unbind(x, 1)[0], B.mul(unbind(x, 1)[2], 3)), [[2, 3]]);
    gradcheck((x) => B.mul(split(x, 2, 0)[1], 2), [[4, 2]]);
    gradcheck((x) => cat(split_with_sizes(x, [1, 3], 1).reverse(), 1), [[2, 4]]);
    gradcheck((x) => chunk(x, 2, 0)[0], [[4, 2]]);
  });
});

Deno.test("gradcheck: joins and reorderings", async (t) => {
  await t.step("cat / stack", () => {
    gradcheck((a, b) => cat([a, b], 0), [[2, 3], [1, 3]]);
    gradcheck((a, b) => cat([a, b, a], 1), [[2, 1], [2, 2]]);
    gradcheck((a, b) => stack([a, b], 1), [[2, 3], [2, 3]]);
  });
  await t.step("repeat / flip / roll", () => {
    gradcheck((x) => repeat(x, [2, 1, 3]), [[2, 2]]);
    gradcheck((x) => flip(x, [0, 1]), [[2, 3]]);
    gradcheck((x) => roll(x, [1, -1], [0, 1]), [[2, 3]]);
    gradcheck((x) => roll(x, 2), [[2, 3]]);
  });
});

Deno.test("gradcheck: indexing, gather and scatter (gradients scattered back)", async (t) => {
  await t.step("advanced index with repeated indices", () => {
    // The *Async entry points (what scripts call) read GPU index values first; on the CPU they answer at once.
    gradcheck((x) => getitemAsync(x, longs([0, 2, 0])), [[3, 2]]);
    gradcheck((x) => index(x, [null, longs([1, 1, 0])]), [[2, 3]]);
    gradcheck((x) => getitemAsync(x, mask([1, 0, 1])), [[3, 2]]);
  });
  await t.step("index_put_ (replace and accumulate) / setitem", () => {
    gradcheck((x, v) => index_put_(fresh(x), [longs([2, 0])], v), [[3, 2], [2, 2]]);
    gradcheck((x, v) => index_put_(fresh(x), [longs([1, 1])], v, true), [[3, 2], [2, 2]]);
    gradcheck((x, v) => {
      const y = fresh(x);
      setitem(y, longs([0]), v);
      return y;
    }, [[3, 2], [1, 2]]);
  });
  await t.step("index_select / gather", () => {
    gradcheck((x) => index_select(x, 1, longs([2, 0, 2])), [[2, 3]]);
    gradcheck((x) => gather(x, 1, longs([0, 0, 2, 1], [2, 2])), [[2, 3]]);
  });
  await t.step("scatter (src / value) / scatter_add", () => {
    // Constants are made inside the case, on the default device (the cross-backend test runs it on WebGPU).
    const idx = () => longs([1, 0, 2, 0], [2, 2]);
    gradcheck((x, s) => scatter(x, 1, idx(), s), [[2, 3], [2, 2]]);
    gradcheck((x) => scatter(x, 1, idx(), 1.5), [[2, 3]]);
    gradcheck((x, s) => scatter_(fresh(x), 0, longs([2, 0], [1, 2]), s), [[3, 2], [1, 2]]);
    gradcheck((x, s) => scatter_add(x, 1, longs([1, 1, 0, 1], [2, 2]), s), [[2, 3], [2, 2]]);
  });
  await t.step("masked_fill / masked_select", () => {
    const m = () => mask([1, 0, 0, 1, 1, 0], [2, 3]);
    gradcheck((x) => masked_fill(x, m(), 2), [[2, 3]]);
    gradcheck((x) => masked_fill(x, mask([0, 1, 1]), -1), [[2, 3]]); // broadcast mask
    gradcheck((x) => masked_fill_(fresh(x), m(), 0.5), [[2, 3]]);
    gradcheck((x) => masked_selectAsync(x, m()), [[2, 3]]);
    gradcheck((x) => masked_selectAsync(x, mask([1, 0, 1])), [[2, 3]]); // broadcast mask
  });
});

Deno.test("gradcheck: copies and in-place writes", async (t) => {
  await t.step("clone / contiguous / copy_ into a view", () => {
    gradcheck((x) => clone(x), [[2, 3]]);
    gradcheck((x) => toCopy(x, "float64", x.device, true) as Tensor, [[2, 3]]); // .to(copy=True)
    gradcheck((x) => V.contiguous(V.t(x)), [[2, 3]]);
    gradcheck((x, s) => {
      const y = fresh(x);
      copyInto(select(y, 0, 1), s);
      return y;
    }, [[2, 3], [3]]);
  });
  await t.step("fill_ / in-place arithmetic on a view", () => {
    gradcheck((x) => B.add(fill_(fresh(x), 3), x), [[2, 2]]);
    gradcheck((x, s) => {
      const y = U.sin(x); // sin saves its input, not y: y may be written
      B.mul_(slice(y, 1, 1, 3), s);
      return y;
    }, [[2, 3], [2, 2]]);
  });
});

Deno.test("gradcheck: piecewise-constant ops have zero gradients", async (t) => {
  await t.step("sign / floor / ceil / trunc / round", () => {
    for (const f of [U.sign, U.floor, U.ceil, U.trunc, U.round]) gradcheck((x) => B.add(f(x), x), [[2, 3]], "away");
    gradcheck((x) => U.round(x, { decimals: 1 }), [[2, 3]], "away");
  });
  await t.step("rounding division / remainder by a scalar", () => {
    gradcheck((a, b) => B.div(a, b, { rounding_mode: "floor" }), [[2, 3], [2, 3]], "away");
    gradcheck((a, b) => B.div(a, b, { rounding_mode: "trunc" }), [[2, 3], [2, 3]], "away");
    gradcheck((a) => B.remainder(a, 0.7), [[2, 3]], "away");
  });
});

Deno.test("gradcheck: conv and pooling", async (t) => {
  await t.step("conv2d (stride, padding, bias)", () => {
    gradcheck((x, w, b) => conv2d(x, w, b, { stride: 2, padding: 1 }), [[1, 2, 4, 4], [3, 2, 3, 3], [3]]);
  });
  await t.step("max / avg pooling", () => {
    gradcheck((x) => max_pool2d(x, 2), [[1, 2, 4, 4]], "away");
    gradcheck((x) => avg_pool2d(x, 2, { stride: 1, padding: 1 }), [[1, 2, 3, 3]]);
  });
  await t.step("adaptive pooling", () => {
    gradcheck((x) => adaptive_avg_pool2d(x, [2, 3]), [[1, 2, 5, 4]]);
    gradcheck((x) => adaptive_max_pool2d(x, 2), [[1, 2, 4, 5]], "away");
  });
});

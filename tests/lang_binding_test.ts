// The binding API (dsl/runtime/binding.ts): native functions with signatures parsed from text, native
// classes subclassed in tsl, dunders returning non-bool objects or Promises, native modules, callbacks
// into tsl, and error mapping (TorchError -> its Python class, JS bugs -> RuntimeError).

import assert from "node:assert/strict";
import {
  argFloat,
  argInt,
  argIntList,
  builtin,
  callPython,
  method,
  nativeClass,
  pyError,
  pyFloat,
  pyTuple,
  registerModule,
} from "../dsl/runtime/binding.ts";
import { TorchError } from "../runtime/errors.ts";
import { runTsl } from "./lang_harness.ts";

/** A toy "tensor": a JS class whose dunders return JS-side results. */
class Vec {
  constructor(public data: number[] = []) {}
}

const T_Vec = nativeClass({
  name: "Vec",
  module: "toy",
  jsClass: Vec,
  create: () => new Vec(),
  init: ["__init__(*values)", (self: Vec, a) => {
    self.data = a.values.map((v: any) => argFloat(v, "Vec", "values"));
  }],
  methods: {
    __repr__: ["__repr__()", (self: Vec) => `Vec(${self.data.join(", ")})`],
    __len__: ["__len__()", (self: Vec) => self.data.length],
    __getitem__: ["__getitem__(i)", (self: Vec, a) => pyFloat(self.data[argInt(a.i, "getitem", "i")])],
    __add__: ["__add__(other)", (self: Vec, a) => new Vec(self.data.map((x, i) => x + (a.other as Vec).data[i]))],
    __mul__: ["__mul__(k)", (self: Vec, a) => new Vec(self.data.map((x) => x * argFloat(a.k, "mul", "k")))],
    __rmul__: ["__rmul__(k)", (self: Vec, a) => new Vec(self.data.map((x) => x * argFloat(a.k, "mul", "k")))],
    __eq__: [
      "__eq__(other)",
      (self: Vec, a) => new Vec(self.data.map((x, i) => (x === (a.other as Vec).data[i] ? 1 : 0))),
    ],
    __bool__: ["__bool__()", (self: Vec) => self.data.some((x) => x !== 0)],
    __iter__: ["__iter__()", (self: Vec) => iterOf(self)],
    sum: ["sum()", (self: Vec) => pyFloat(self.data.reduce((p, x) => p + x, 0))],
    item: ["item()", async (self: Vec) => {
      await new Promise((r) => setTimeout(r, 1)); // like a GPU readback
      return pyFloat(self.data[0]);
    }],
    apply: ["apply(fn)", async (self: Vec, a) => {
      const out: number[] = [];
      for (const x of self.data) {
        const r = await callPython(a.fn, pyFloat(x));
        out.push(argFloat(r, "apply", "fn result"));
      }
      return new Vec(out);
    }],
    fail: ["fail(kind)", (_self: Vec, a) => {
      if (a.kind === "torch") throw new TorchError("RuntimeError", "shape mismatch");
      if (a.kind === "py") throw pyError("ValueError", "bad value");
      return (null as any).boom;
    }],
  },
  properties: {
    size: { get: (self: Vec) => pyTuple([self.data.length]) },
    first: {
      get: (self: Vec) => pyFloat(self.data[0]),
      set: (self: Vec, v: any) => void (self.data[0] = argFloat(v, "first", "value")),
    },
  },
  attrs: { kind: "toy" },
});

function iterOf(v: Vec): any[] {
  return v.data.map(pyFloat);
}

registerModule("toy", () => ({
  Vec: T_Vec,
  zeros: builtin("zeros(*size, scale=1.0, name=None)", (a) => {
    const dims = argIntList(a.size, "zeros", "size");
    return `zeros(${dims.join("x")}, scale=${argFloat(a.scale, "zeros", "scale")}, name=${a.name})`;
  }),
  later: builtin("later(x, /)", async (a) => {
    await new Promise((r) => setTimeout(r, 1));
    return a.x;
  }),
}));
registerModule("toy.nn", () => ({ depth: 2 }));

Deno.test("binding API", async (t) => {
  await t.step("native functions bind arguments like CPython", async () => {
    const r = await runTsl(`import toy
print(toy.zeros(2, 3))
print(toy.zeros((4, 5), scale=2, name='w'))
print(toy.zeros([1]))
for bad in [lambda: toy.zeros(2, shape=3), lambda: toy.zeros(2.5), lambda: toy.later(), lambda: toy.later(1, 2)]:
    try:
        bad()
    except TypeError as e:
        print(e)
print(toy.later(41) + 1)
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `zeros(2x3, scale=1, name=null)
zeros(4x5, scale=2, name=w)
zeros(1, scale=1, name=null)
zeros() got an unexpected keyword argument 'shape'
zeros(): argument 'size' (position 1) must be tuple of ints, not float
later() missing 1 required positional argument: 'x'
later() takes 1 positional argument but 2 were given
42
`,
    );
  });

  await t.step("native classes: dunders, properties, Promises, callbacks", async () => {
    const r = await runTsl(`import toy.nn
from toy import Vec
v = Vec(1, 2, 3)
w = Vec(1, 0, 3)
print(v, len(v), v[1], v + w, v * 2, 2 * v, v == w, bool(Vec(0, 0)), v.size, v.kind, type(v).__name__)
print(v.sum(), v.item(), v.apply(lambda x: x * 10), list(v), isinstance(v, Vec), toy.nn.depth)
v.first = 7
print(v.first, [x for x in v])
for kind in ['torch', 'py']:
    try:
        v.fail(kind)
    except (RuntimeError, ValueError) as e:
        print(type(e).__name__, e)
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `Vec(1, 2, 3) 3 2.0 Vec(2, 2, 6) Vec(2, 4, 6) Vec(2, 4, 6) Vec(1, 0, 1) False (3,) toy Vec
6.0 1.0 Vec(10, 20, 30) [1.0, 2.0, 3.0] True 2
7.0 [7.0, 2.0, 3.0]
RuntimeError shape mismatch
ValueError bad value
`,
    );
  });

  await t.step("Promise-returning natives inside generators, comprehensions and callbacks", async () => {
    const r = await runTsl(`import toy
from toy import Vec
def readings(vs):
    for v in vs:
        yield v.item() + toy.later(1)
vs = [Vec(i, 0) for i in range(3)]
print(list(readings(vs)), sum(v.item() for v in vs), [toy.later(x) for x in 'ab'])
print(sorted([3, 1, 2], key=lambda x: toy.later(-x)), Vec(1, 2).apply(lambda x: toy.later(x) * 2))
g = readings(vs)
print(next(g), next(g), next(g), next(g, 'end'))
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      "[1.0, 2.0, 3.0] 3.0 ['a', 'b']\n[3, 2, 1] Vec(2, 4)\n1.0 2.0 3.0 end\n",
    );
  });

  await t.step("tsl classes subclass native classes and keep native state", async () => {
    const r = await runTsl(`from toy import Vec
class Scaled(Vec):
    def __init__(self, k, *vals):
        super().__init__(*vals)
        self.k = k
    def total(self):
        return self.sum() * self.k
    def __repr__(self):
        return 'Scaled' + super().__repr__()
s = Scaled(10, 1, 2)
print(s, s.total(), s.k, len(s), isinstance(s, Vec), type(s).__name__, s + s)
`);
    assert.equal(r.err, "");
    assert.equal(r.out, "ScaledVec(1, 2) 30.0 10 2 True Scaled Vec(2, 4)\n");
  });

  await t.step("JS bugs surface as RuntimeError: internal error", async () => {
    const r = await runTsl(`from toy import Vec
Vec(1).fail('js')
`);
    assert.equal(r.code, 1);
    assert.match(r.err, /^Traceback \(most recent call last\):\n {2}File "snippet.tsl", line 2, in <module>\n/);
    assert.match(r.err, /RuntimeError: internal error: Cannot read properties of null/);
  });
});

void method;

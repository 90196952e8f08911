// Programs the fuzzer (scripts/fuzz) found to break tsl with an internal error (a JS error, a promise left
// rejected), minimized. Each must now end the way CPython 3.11 + PyTorch 1.13 ends it: the same output and
// the same uncaught exception type and message, with no internal error on the way.

import assert from "node:assert/strict";
import { Interpreter } from "../mod.ts";
import { INTERNAL_ERRORS } from "../dsl/runtime/exceptions.ts";

interface Regression {
  name: string;
  source: string;
  /** What CPython prints to stdout. */
  out: string;
  /** The last line of CPython's traceback ("Type: message"), or null when it runs cleanly. */
  error: string | null;
}

const CASES: Regression[] = [
  {
    name: "zip() with no iterables (it yielded empty tuples forever: a hang)",
    source: "print(list(zip()))\nfor i in 'ab':\n    try:\n        v, w = zip()\n    except ValueError as e:\n" +
      "        print(repr(e))\n",
    out: "[]\nValueError('not enough values to unpack (expected 2, got 0)')\n" +
      "ValueError('not enough values to unpack (expected 2, got 0)')\n",
    error: null,
  },
  {
    name: "a layer called on an int (the op saw a number where a tensor goes)",
    source: "import torch.nn as nn\nfor m in [nn.ReLU(), nn.Sigmoid(), nn.MaxPool2d(2), nn.BatchNorm1d(3)]:\n" +
      "    try:\n        m(0)\n    except Exception as e:\n        print(type(e).__name__, e)\n" +
      "nn.Linear(84, 10)(0)\n",
    out: "TypeError relu(): argument 'input' (position 1) must be Tensor, not int\n" +
      "TypeError sigmoid(): argument 'input' (position 1) must be Tensor, not int\n" +
      "TypeError max_pool2d(): argument 'input' (position 1) must be Tensor, not int\n" +
      "AttributeError 'int' object has no attribute 'dim'\n",
    error: "TypeError: linear(): argument 'input' (position 1) must be Tensor, not int",
  },
  {
    name: "a factory size whose byte count overflows int64 (the sampler's array was refused by V8)",
    source: "import torch\ntry:\n    torch.zeros(4611686018427388000)\nexcept RuntimeError as e:\n    print(e)\n" +
      "torch.randn(4611686018427388000)\n",
    out: "Storage size calculation overflowed with sizes=[4611686018427388000]\n",
    error: "RuntimeError: Storage size calculation overflowed with sizes=[4611686018427388000]",
  },
  {
    name: "oct/hex/bin of a tensor (its __index__ is asynchronous on the GPU)",
    source: "import torch\nprint(oct(torch.tensor(8)), hex(torch.tensor(-255)), bin(torch.tensor(True)))\n" +
      "oct(torch.tensor([]))\n",
    out: "0o10 -0xff 0b1\n",
    error: "TypeError: only integer tensors of a single element can be converted to an index",
  },
  {
    name: "tensor slice bounds and range() arguments (a failed __index__ left a rejected promise behind)",
    source: "import torch\n" +
      "print([8, 7, 6, 5][:torch.tensor(1):torch.tensor(2)], 'abcdef'[torch.tensor(1):], list(range(torch.tensor(3))))\n" +
      "b = [8, 7][:torch.tensor(float('nan')):-2]\n",
    out: "[8] bcdef [0, 1, 2]\n",
    error: "TypeError: only integer tensors of a single element can be converted to an index",
  },
  {
    name: "keyword-only defaults that wait on a value (the compiler put `yield` inside an arrow function)",
    source: "try:\n    x = 1\nexcept Exception as e:\n    pass\n" +
      "def f(a, *, c=[1], d={2}):\n    return a, c, d\nprint(f(1))\n" +
      "def g(a, b=print('pos'), *, c=print('kw')):\n    return a\n" +
      "class K:\n    def m(self, *, k={'a': [1, {3}]}):\n        return k\nprint(K().m(), (lambda *, z={5}: z)())\n",
    out: "(1, [1], {2})\npos\nkw\n{'a': [1, {3}]} {5}\n",
    error: null,
  },
  {
    // PyTorch's own message differs (Dropout compares the tensor: "Boolean value of Tensor with more than
    // one value is ambiguous"), so the program prints only that an exception was raised.
    name: "a tensor where a float argument goes (its failed __float__ was left rejected)",
    source: "import torch\nimport torch.nn as nn\ntry:\n    nn.Dropout(torch.tensor([1, 2.5]))\n" +
      "except Exception as e:\n    print('raised')\n",
    out: "raised\n",
    error: null,
  },
  {
    name: "an int too big to hold (JS's BigInt size limit escaped as a RangeError)",
    source: "print(2 ** 100 >> 98)\nx = 1 << 4611686018427388000\n",
    out: "4\n",
    error: "MemoryError",
  },
  {
    name: "divmod of an int and a str (the str reached BigInt())",
    source: "print(divmod(7, 2), divmod(True, 2))\ndivmod(7, '{0}')\n",
    out: "(3, 1) (0, 1)\n",
    error: "TypeError: unsupported operand type(s) for divmod(): 'int' and 'str'",
  },
];

/** Runs a program in a fresh interpreter, collecting what it prints and every internal error. */
async function run(source: string): Promise<{ out: string; err: string; internal: unknown[] }> {
  let out = "";
  let err = "";
  const internal: unknown[] = [];
  INTERNAL_ERRORS.observer = (e) => internal.push(e);
  try {
    const it = new Interpreter({ stdout: (s) => (out += s), stderr: (s) => (err += s), argv: ["regression.tsl"] });
    await it.run(source, "regression.tsl");
    // A promise the program left rejected would surface here (and fail the test as an uncaught error).
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    INTERNAL_ERRORS.observer = null;
  }
  return { out, err, internal };
}

Deno.test("fuzz regressions", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, async () => {
      const r = await run(c.source);
      assert.deepEqual(r.internal, []);
      assert.equal(r.out, c.out);
      if (c.error === null) assert.equal(r.err, "");
      else {
        assert.match(r.err, /^Traceback \(most recent call last\):\n {2}File "regression\.tsl", line \d+/);
        assert.equal(r.err.trimEnd().split("\n").pop(), c.error);
      }
    });
  }
});

Deno.test("fuzz regressions: a complex literal is a SyntaxError (tsl has no complex type)", async () => {
  const r = await run("x = 1\nprint(2j)\n");
  assert.deepEqual(r.internal, []);
  assert.equal(r.out, "");
  assert.equal(
    r.err,
    "  File \"regression.tsl\", line 2\n    print(2j)\n          ^^\nSyntaxError: complex number '2j' is not supported by tsl\n",
  );
});

// tsl language: control flow, generators, closures, exceptions
// Expected outputs were produced by CPython 3.11 running the same snippet (tracebacks: the 3.11 caret
// lines are not reproduced by tsl and were removed). Generated from a snippet list; edit freely.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";

Deno.test("tsl language: control flow, generators, closures, exceptions", async (t) => {
  await t.step("generators", async () => {
    const r = await runTsl(
      "def gen(n):\n    for i in range(n):\n        x = yield i\n        if x:\n            print('got', x)\n    return 'done'\ng = gen(3)\nprint(next(g), g.send('hi'), next(g))\ntry:\n    next(g)\nexcept StopIteration as e:\n    print('stop', e.value)\ndef deleg():\n    r = yield from gen(2)\n    print('r', r)\n    yield from [10, 20]\nprint(list(deleg()))\ndef fib():\n    a, b = 0, 1\n    while True:\n        yield a\n        a, b = b, a + b\nf = fib()\nprint([next(f) for _ in range(10)], type(f).__name__)\ndef closing():\n    try:\n        yield 1\n        yield 2\n    finally:\n        print('cleanup')\nfor v in closing():\n    print(v)\n",
    );
    assert.equal(
      r.out,
      "got hi\n0 1 2\nstop done\nr done\n[0, 1, 10, 20]\n[0, 1, 1, 2, 3, 5, 8, 13, 21, 34] generator\n1\n2\ncleanup\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("comprehensions and generator expressions", async () => {
    const r = await runTsl(
      "print(sum(x * x for x in range(10)), list(x for x in 'ab'), {x: x * 2 for x in range(3)}, {x % 3 for x in range(10)})\nprint([(i, j) for i in range(3) for j in range(i)], [y for x in [[1, 2], [3]] for y in x if y > 1])\nprint([[r * c for c in range(3)] for r in range(3)], max(len(w) for w in ['a', 'abc', 'ab']))\nx = 'outer'\nprint([x for x in range(3)], x, any(v > 2 for v in [1, 2, 3]), all(v for v in []))\nfs = [lambda v, i=i: v + i for i in range(3)]\nlate = [lambda: i for i in range(3)]\nprint([h(10) for h in fs], [h() for h in late])\n",
    );
    assert.equal(
      r.out,
      "285 ['a', 'b'] {0: 0, 1: 2, 2: 4} {0, 1, 2}\n[(1, 0), (2, 0), (2, 1)] [2, 3]\n[[0, 0, 0], [0, 1, 2], [0, 2, 4]] 3\n[0, 1, 2] outer True True\n[10, 11, 12] [2, 2, 2]\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("closures and scopes", async () => {
    const r = await runTsl(
      "def counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nc = counter(); c()\nprint(c(), c())\nG = 1\ndef setg():\n    global G\n    G = 2\nsetg(); print(G)\ndef outer():\n    v = 'enclosed'\n    class K:\n        v = 'class attr'\n        def m(self):\n            return v\n    return K().m(), K.v\nprint(outer())\ndef make_adders():\n    return [lambda x, n=n: x + n for n in (1, 2)]\nprint([f(10) for f in make_adders()])\n",
    );
    assert.equal(r.out, "2 3\n2\n('enclosed', 'class attr')\n[11, 12]\n");
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("arguments", async () => {
    const r = await runTsl(
      "def f(a, b=2, *args, c, d=4, **kw):\n    return (a, b, args, c, d, kw)\nprint(f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(*[1, 2], **{'c': 7}))\ndef g2(a, /, b, *, c): return a + b + c\nprint(g2(1, b=2, c=3), (lambda *a, **k: (a, k))(1, x=2))\ndef defaults(x, acc=[]):\n    acc.append(x)\n    return acc\nprint(defaults(1), defaults(2), defaults.__defaults__, defaults.__name__)\ndef deco(fn):\n    def wrapper(*a, **k):\n        return 'wrapped(' + str(fn(*a, **k)) + ')'\n    return wrapper\n@deco\ndef hello(name):\n    return 'hello ' + name\nprint(hello('you'))\n",
    );
    assert.equal(
      r.out,
      "(1, 2, (), 3, 4, {}) (1, 2, (3, 4), 5, 4, {'e': 6}) (1, 2, (), 7, 4, {})\n6 ((1,), {'x': 2})\n[1, 2] [1, 2] ([1, 2],) defaults\nwrapped(hello you)\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("unpacking, loops and walrus", async () => {
    const r = await runTsl(
      "a, (b, c), *d = 1, (2, 3), 4, 5\nprint(a, b, c, d)\nfirst, *mid, last = 'hello'\nprint(first, mid, last)\ni = 0\nwhile i < 10:\n    i += 1\n    if i % 2:\n        continue\n    if i > 6:\n        break\nelse:\n    print('no')\nprint(i)\nfor k in []:\n    pass\nelse:\n    print('for-else')\nfor k in range(3):\n    if k == 1:\n        break\nelse:\n    print('not printed')\nprint((y := 5), y, [z for v in range(3) if (z := v * 2) > 1], z)\ndata = {'a': 1}\ndata['a'] += 5\nobj = type('O', (), {})()\nobj.n = 1\nobj.n *= 7\nlst = [1, 2]\nlst[0] -= 3\nprint(data, obj.n, lst)\ndel data['a'], lst[0]\nprint(data, lst)\n",
    );
    assert.equal(r.out, "1 2 3 [4, 5]\nh ['e', 'l', 'l'] o\n8\nfor-else\n5 5 [2, 4] 4\n{'a': 6} 7 [-2, 2]\n{} [2]\n");
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("exceptions", async () => {
    const r = await runTsl(
      "try:\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n        raise ValueError('wrapped') from e\nexcept ValueError as e:\n    print(repr(e), repr(e.__cause__), e.__context__ is e.__cause__)\ndef fin():\n    try:\n        return 'try'\n    finally:\n        print('finally runs')\nprint(fin())\ntry:\n    raise KeyError('a')\nexcept (TypeError, KeyError) as e:\n    print('tuple caught', e, e.args)\nelse:\n    print('no')\nfinally:\n    print('finally')\nclass MyErr(Exception):\n    def __init__(self, msg, code):\n        super().__init__(msg)\n        self.code = code\ntry:\n    raise MyErr('bad', 42)\nexcept Exception as e:\n    print(type(e).__name__, e, e.code, isinstance(e, MyErr), e.args)\ntry:\n    assert 1 == 2, 'nope'\nexcept AssertionError as e:\n    print('assert', e)\ntry:\n    try:\n        raise TypeError('inner')\n    except TypeError:\n        raise\nexcept TypeError as e:\n    print('reraised', e)\ntry:\n    raise ValueError\nexcept ValueError as e:\n    print(repr(e), str(e) == '')\ndef raiser():\n    raise NotImplementedError('todo')\ntry:\n    raiser()\nexcept RuntimeError as e:\n    print(type(e).__name__, e)\ntry:\n    try:\n        {}['x']\n    except KeyError:\n        undefined_name\nexcept NameError as e:\n    print(e, type(e.__context__).__name__)\n",
    );
    assert.equal(
      r.out,
      "ValueError('wrapped') ZeroDivisionError('division by zero') True\nfinally runs\ntry\ntuple caught 'a' ('a',)\nfinally\nMyErr bad 42 True ('bad',)\nassert nope\nreraised inner\nValueError() True\nNotImplementedError todo\nname 'undefined_name' is not defined KeyError\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("many calls and comprehensions do not leak recursion depth", async () => {
    const r = await runTsl(
      "t = 0\nfor i in range(3000):\n    t += len([x for x in range(3)]) + sum(x for x in range(2)) + len({x: 1 for x in range(2)})\ndef f():\n    return [y for y in range(2)]\nfor i in range(3000):\n    f()\ndef deep(n):\n    return 0 if n == 0 else 1 + deep(n - 1)\nprint(t, deep(900))\n",
    );
    assert.equal(r.out, "18000 900\n");
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("class cell, __class__ and classmethod super", async () => {
    const r = await runTsl(
      "class Base:\n    @classmethod\n    def create(cls):\n        return cls.__name__\n    def name(self):\n        return __class__.__name__\nclass Child(Base):\n    @classmethod\n    def create(cls):\n        return 'child:' + super().create()\nprint(Child.create(), Child().name(), Base().name())\n",
    );
    assert.equal(r.out, "child:Child Base Base\n");
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
});

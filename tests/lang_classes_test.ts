// tsl language: classes
// Expected outputs were produced by CPython 3.11 running the same snippet (tracebacks: the 3.11 caret
// lines are not reproduced by tsl and were removed). Generated from a snippet list; edit freely.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";

Deno.test("tsl language: classes", async (t) => {
  await t.step("dunder methods", async () => {
    const r = await runTsl(
      "class A:\n    \"\"\"Doc of A.\"\"\"\n    count = 0\n    def __init__(self, v):\n        self.v = v\n        A.count += 1\n    def __repr__(self):\n        return f'A({self.v!r})'\n    def __eq__(self, o):\n        return isinstance(o, A) and self.v == o.v\n    def __hash__(self):\n        return hash(self.v)\n    def __lt__(self, o):\n        return self.v < o.v\n    def __add__(self, o):\n        return A(self.v + (o.v if isinstance(o, A) else o))\n    def __radd__(self, o):\n        return A(o + self.v)\n    def __len__(self):\n        return 3\n    def __getitem__(self, i):\n        if i >= 3:\n            raise IndexError(i)\n        return self.v * i\n    def __contains__(self, x):\n        return x == 'magic'\n    def __call__(self, *a, **k):\n        return (a, k)\n    def __bool__(self):\n        return self.v != 0\n    def __neg__(self):\n        return A(-self.v)\n    def __index__(self):\n        return self.v\na = A(3); b = A(5)\nprint(a, b, a + b, a + 1, 1 + a, sorted([b, a]), a == A(3), a != b, a < b, b > a, len(a), list(a), 'magic' in a, 'x' in a)\nprint(a(1, 2, k=3), bool(A(0)), -a, A.count, A.__doc__, {a: 1}[A(3)], type(a).__name__, [10, 20, 30, 40][a], sum([a, b], 0))\n",
    );
    assert.equal(
      r.out,
      "A(3) A(5) A(8) A(4) A(4) [A(3), A(5)] True True True True 3 [0, 3, 6] True False\n((1, 2), {'k': 3}) False A(-3) 8 Doc of A. 1 A 40 A(8)\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("properties, static and class methods", async () => {
    const r = await runTsl(
      "class P:\n    def __init__(self):\n        self._x = 1\n    @property\n    def x(self):\n        return self._x\n    @x.setter\n    def x(self, v):\n        self._x = v * 10\n    ro = property(lambda self: 'read-only')\n    @staticmethod\n    def st(v):\n        return v + 1\n    @classmethod\n    def make(cls):\n        return cls()\np = P.make()\np.x = 4\nprint(p.x, p.ro, P.st(1), p.st(2), type(P.__dict__['st']).__name__, isinstance(p, P))\ntry:\n    p.ro = 5\nexcept AttributeError as e:\n    print('AttributeError:', e)\nprint(vars(p), p.__dict__, hasattr(p, 'x'), hasattr(p, 'nope'), getattr(p, 'zz', 'dflt'))\n",
    );
    assert.equal(
      r.out,
      "40 read-only 2 3 staticmethod True\nAttributeError: property 'ro' of 'P' object has no setter\n{'_x': 40} {'_x': 40} True False dflt\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("inheritance and super", async () => {
    const r = await runTsl(
      "class Base:\n    def __init__(self, v):\n        self.v = v\n    def describe(self):\n        return 'Base(%d)' % self.v\nclass Mid(Base):\n    def __init__(self, v, w):\n        super().__init__(v)\n        self.w = w\n    def describe(self):\n        return 'Mid<' + super().describe() + '>'\nclass Leaf(Mid):\n    def describe(self):\n        return 'Leaf<' + super(Leaf, self).describe() + '>'\nx = Leaf(1, 2)\nprint(x.describe(), x.w, Leaf.__mro__, Leaf.__bases__, issubclass(Leaf, Base), [k.__name__ for k in Leaf.mro()])\nclass D1:\n    def who(self): return 'D1'\nclass D2(D1):\n    def who(self): return 'D2>' + super().who()\nclass D3(D1):\n    def who(self): return 'D3>' + super().who()\nclass D4(D2, D3):\n    def who(self): return 'D4>' + super().who()\nprint(D4().who(), [k.__name__ for k in D4.__mro__])\n",
    );
    assert.equal(
      r.out,
      "Leaf<Mid<Base(1)>> 2 (<class '__main__.Leaf'>, <class '__main__.Mid'>, <class '__main__.Base'>, <class 'object'>) (<class '__main__.Mid'>,) True ['Leaf', 'Mid', 'Base', 'object']\nD4>D2>D3>D1 ['D4', 'D2', 'D3', 'D1', 'object']\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("attribute hooks", async () => {
    const r = await runTsl(
      "class Dyn:\n    def __getattr__(self, name):\n        return 'dyn_' + name\n    def __setattr__(self, name, value):\n        object.__setattr__(self, name, value * 2)\nm = Dyn(); m.x = 5\nprint(m.x, m.other)\nclass Reg:\n    registry = []\n    def __init_subclass__(cls, **kw):\n        Reg.registry.append(cls.__name__)\nclass R1(Reg): pass\nclass R2(Reg): pass\nprint(Reg.registry, R1.__qualname__, R1.__module__)\nclass Outer:\n    class Inner:\n        def f(self):\n            return self.__class__.__qualname__\nprint(Outer.Inner().f(), Outer.Inner.f.__qualname__)\n",
    );
    assert.equal(r.out, "10 dyn_other\n['R1', 'R2'] R1 __main__\nOuter.Inner Outer.Inner.f\n");
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("context managers", async () => {
    const r = await runTsl(
      "class Ctx:\n    def __init__(self, name): self.name = name\n    def __enter__(self):\n        print('enter', self.name); return self\n    def __exit__(self, et, ev, tb):\n        print('exit', self.name, et.__name__ if et else None, ev)\n        return self.name == 'suppress'\nwith Ctx('a') as x, Ctx('b') as y:\n    print('body', x.name, y.name)\nwith Ctx('suppress'):\n    raise ValueError('hidden')\nprint('after')\ntry:\n    with Ctx('c'):\n        raise KeyError('k')\nexcept KeyError as e:\n    print('caught', repr(e))\ndef early():\n    with Ctx('ret'):\n        return 'returned'\nprint(early())\n",
    );
    assert.equal(
      r.out,
      "enter a\nenter b\nbody a b\nexit b None None\nexit a None None\nenter suppress\nexit suppress ValueError hidden\nafter\nenter c\nexit c KeyError 'k'\ncaught KeyError('k')\nenter ret\nexit ret None None\nreturned\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("class attributes and reprs", async () => {
    const r = await runTsl(
      "class C:\n    total = 0\n    def inc(self):\n        C.total += 1\n        self.total = C.total * 10\n        return self\nc = C()\nc.inc().inc()\nprint(C.total, c.total, C().total)\nclass Plain:\n    pass\nprint(repr(Plain())[:23], str(Plain)[:22], Plain.__name__, repr(len), repr(print))\nclass Sized:\n    def __init__(self, n): self.n = n\n    def __len__(self): return self.n\nprint(bool(Sized(0)), bool(Sized(2)), len(Sized(4)))\n",
    );
    assert.equal(
      r.out,
      "2 20 2\n<__main__.Plain object  <class '__main__.Plain Plain <built-in function len> <built-in function print>\nFalse True 4\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
});

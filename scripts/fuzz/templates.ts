// Statement templates for language corners a random grammar walk rarely reaches in valid form:
// generators and yield from, closures with nonlocal, try/finally with return/break, __exit__ that
// suppresses, exception chaining, slice assignment and deletion, big-int shifts, %-formatting with
// tuples and `*`, nested format specs, descriptors and dunders. Holes (`$`) take random expressions.

import type { Rng } from "./rng.ts";

const TEMPLATES: string[] = [
  "def g():\n    yield $\n    yield from [$, $]\n    return $\nprint(list(g()))",
  "def g():\n    x = yield $\n    yield x\nit = g()\nprint(next(it), it.send($))",
  "def outer():\n    n = $\n    def inc():\n        nonlocal n\n        n += $\n        return n\n    return inc\nf = outer()\nprint(f(), f())",
  "def f():\n    try:\n        return $\n    finally:\n        print('fin', $)\nprint(f())",
  "for q in range(3):\n    try:\n        if q == 1:\n            break\n    finally:\n        print('f', q)",
  "for q in range(3):\n    try:\n        continue\n    finally:\n        print(q, $)",
  "class S:\n    def __enter__(self):\n        return $\n    def __exit__(self, *a):\n        print(a[0])\n        return True\nwith S() as s:\n    print(s)\n    raise ValueError($)\nprint('after')",
  "try:\n    try:\n        raise KeyError($)\n    except KeyError as e:\n        raise ValueError($) from e\nexcept ValueError as e:\n    print(repr(e), repr(e.__cause__), e.__context__ is e.__cause__)",
  "try:\n    raise TypeError($) from None\nexcept TypeError as e:\n    print(e.__suppress_context__, e.__cause__)",
  "l = [0, 1, 2, 3, 4, 5]\nl[$:$] = [$, $]\nprint(l)\ndel l[::$]\nprint(l)",
  "l = list(range(8))\nl[::2] = [$] * 4\nprint(l, l[::-3], l[$::$])",
  "print(1 << $, $ >> 3, (1 << 70) // 3, -(2 ** 65) % 7, 10 ** 20 // -3)",
  "print('%s %*d %-5.1f|%c' % ($, 3, $, 2.5, 65))",
  "w = $\nprint(f'{3.14159:{w}}', f'{$!r:>{4}}', f'{{}}{$=}')",
  "class D:\n    def __get__(self, obj, typ=None):\n        return $\nclass H:\n    d = D()\nprint(H().d, H.d)",
  "class A:\n    def __getattr__(self, name):\n        return name + $\nprint(A().zz)",
  "class A:\n    __slots__ = ('x',)\na = A()\na.x = $\nprint(a.x)\na.y = 1",
  "class M:\n    @classmethod\n    def c(cls, v=$):\n        return cls.__name__, v\n    @staticmethod\n    def s(*a):\n        return a\nprint(M.c(), M().s($, $))",
  "d = {$: $, $: $}\nd |= {1: 2}\nprint(d, {**d, 'k': $}, [*d, *'ab'], sorted(d, key=repr))",
  "s = {$, $}\nprint(s | {1}, s & {1}, s - {$}, s ^ {2}, frozenset(s) == s)",
  "print([(x, y) for x in range(3) for y in range(x) if (z := x + y) > $], z)",
  "print(*[$, $], sep=$, end='!\\n')",
  "a, (b, *c), d = $, [$, $, $], $\nprint(a, b, c, d)",
  "x = $\nx += $\nx *= $\nprint(x)",
  "print(sorted([$, $, $], key=lambda v: repr(v), reverse=$))",
  "print(min([], default=$), max($, $, key=str), sum([$, $], start=0))",
  "print('abc'[$:$:$], (1, 2, 3)[$::-1], b'xyz'[$])",
  "print(int('  12  '), int('0x1f', 16), int($), float($), str($), bool($))",
  "print(round($, $), divmod($, $), pow($, 2, 5), abs($))",
  "import torch\nt = torch.arange(12.).reshape(3, 4)\nprint(t[$], t[:, $], t[..., $:$], t[t > $])",
  "import torch\nt = torch.zeros(2, 3)\nt[$] = $\nt[:, 1:] += $\nprint(t)",
  "import torch\nx = torch.tensor([1., 2., 3.], requires_grad=True)\ny = (x * $).sum()\ny.backward()\nprint(x.grad)",
  "import torch\nprint(torch.tensor($).shape, torch.tensor($).dtype, torch.tensor([$]).sum())",
  "import torch\na = torch.randn(2, 3)\nprint(a.view($, $).shape, a.permute(1, 0).contiguous().shape, a.unsqueeze($).shape)",
  "import torch.nn as nn\nm = nn.Linear($, $)\nprint(m, sum(p.numel() for p in m.parameters()))",
  "def f(a, /, b, *, c=$):\n    return a, b, c\nprint(f($, b=$), f(1, 2, c=$))",
  "def f(*args, **kw):\n    return args, kw\nprint(f(*[$], **{'k': $}), f(*(), **{}))",
  "it = iter([$, $])\nprint(next(it), next(it), next(it, 'end'))",
  "g = (v * 2 for v in [$, $])\nprint(sum(g), list(g))",
  "print(isinstance($, (int, str)), type($).__name__, hash(($, $)) == hash(($, $)))",
  "print(list(zip(*[[1, 2], [$, $]])), dict(zip('ab', [$, $])), list(enumerate($, 1)))",
  "assert $, $",
  "del x\nprint(x)",
  "global gq\ngq = $\nprint(gq)",
  "print(str.join(',', map(str, [$, $])), '{0}{1}{0}'.format($, $), '{a}'.format(a=$))",
  "print('%(a)s-%(b)r' % {'a': $, 'b': $})",
  "x = [$]\nx.append(x)\nprint(x)",
  "d = {}\nd['self'] = d\nprint(d, len(str(d)))",
  "class P:\n    def __init__(self):\n        self._v = $\n    @property\n    def v(self):\n        return self._v\n    @v.setter\n    def v(self, val):\n        self._v = val\np = P()\np.v = $\nprint(p.v)",
  "class E(Exception):\n    def __str__(self):\n        return $\nraise E($)",
  "def r(n):\n    return r(n + 1) if n < $ else n\nprint(r(0))",
  "print(lambda: 0, (lambda *a, **k: (a, k))($, x=$))",
];

/** One template with every `$` filled by `hole()`, indented by `indent` levels. */
export function template(rng: Rng, hole: () => string, indent: number): string {
  const pad = "    ".repeat(indent);
  const text = rng.pick(TEMPLATES).replace(/\$/g, () => hole());
  return text.split("\n").map((l) => pad + l).join("\n");
}

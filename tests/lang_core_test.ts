// tsl language: core values and builtins
// Expected outputs were produced by CPython 3.11 running the same snippet (tracebacks: the 3.11 caret
// lines are not reproduced by tsl and were removed). Generated from a snippet list; edit freely.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";

Deno.test("tsl language: core values and builtins", async (t) => {
  await t.step("int and float arithmetic", async () => {
    const r = await runTsl(
      "print(1, 2.0, -0.0, 7 // 2, -7 // 2, 7 // -2, 7 % 3, -7 % 3, 7 % -3, -7.5 // 2, -7.5 % 2)\nprint(7 / 2, 10 / 5, 2 ** 10, 2 ** -1, 2 ** 0.5, (-2) ** 3, 10 ** 20, 2 ** 100, -(2 ** 63))\nprint(True + 1, True * 2.5, 3 * True, -True, ~5, 1 << 70, 5 >> 1, -5 >> 1, 6 & 3, 6 | 3, 6 ^ 3)\nprint(0.1 + 0.2, 1e16 + 1, 2 ** 53 + 1, 9007199254740993 * 3, (2 ** 64) // 3, (2 ** 64) % 7, 1 / 3)\n",
    );
    assert.equal(
      r.out,
      "1 2.0 -0.0 3 -4 -4 1 2 -2 -4.0 0.5\n3.5 2.0 1024 0.5 1.4142135623730951 -8 100000000000000000000 1267650600228229401496703205376 -9223372036854775808\n2 2.5 3 -1 -6 1180591620717411303424 2 -3 2 7 5\n0.30000000000000004 1e+16 9007199254740993 27021597764222979 6148914691236517205 2 0.3333333333333333\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("division errors", async () => {
    const r = await runTsl(
      "for expr in ['1/0', '1//0', '1%0', '1.0/0', '1.0//0', '1.0%0', '0**-1']:\n    try:\n        eval_result = {'1/0': lambda: 1 / 0, '1//0': lambda: 1 // 0, '1%0': lambda: 1 % 0, '1.0/0': lambda: 1.0 / 0,\n                       '1.0//0': lambda: 1.0 // 0, '1.0%0': lambda: 1.0 % 0, '0**-1': lambda: 0 ** -1}[expr]()\n    except ZeroDivisionError as e:\n        print(expr, '->', e)\n",
    );
    assert.equal(
      r.out,
      "1/0 -> division by zero\n1//0 -> integer division or modulo by zero\n1%0 -> integer modulo by zero\n1.0/0 -> float division by zero\n1.0//0 -> float floor division by zero\n1.0%0 -> float modulo\n0**-1 -> 0.0 cannot be raised to a negative power\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("conversions", async () => {
    const r = await runTsl(
      "print(int('  42 '), int('-0x1f', 16), int('0b101', 0), int('1_000'), int(3.99), int(-3.99), int(True), int('z', 36))\nprint(float('1e3'), float('-inf'), float(' nan '), float('1_0.5'), float(3), str(3.0), str(-0.5), bool(''), bool('0'))\nfor bad in ['3.5', '', 'abc']:\n    try:\n        int(bad)\n    except ValueError as e:\n        print(e)\ntry:\n    float('x')\nexcept ValueError as e:\n    print(e)\n",
    );
    assert.equal(
      r.out,
      "42 -31 5 1000 3 -3 1 35\n1000.0 -inf nan 10.5 3.0 3.0 -0.5 False True\ninvalid literal for int() with base 10: '3.5'\ninvalid literal for int() with base 10: ''\ninvalid literal for int() with base 10: 'abc'\ncould not convert string to float: 'x'\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("builtins on numbers", async () => {
    const r = await runTsl(
      "print(round(2.5), round(3.5), round(0.125, 2), round(1234.5678, -2), round(-1.5), round(7, -1), round(2.675, 2))\nprint(divmod(-7, 2), divmod(7.5, 2), pow(2, 10, 1000), pow(2, -2), abs(-2.5), abs(-3), hex(255), oct(8), bin(5), hex(-255))\nprint(max(3, 1, 2), min([4, 2, 8]), max('abc'), min([], default=5), max([1, 2], key=lambda x: -x))\nprint(sum([0.1] * 10), sum([[1], [2]], []), sum(range(101)), any([0, 0, 1]), all([]), chr(65), ord('a'))\n",
    );
    assert.equal(
      r.out,
      "2 4 0.12 1200.0 -2 10 2.67\n(-4, 1) (3.0, 1.5) 24 0.25 2.5 3 0xff 0o10 0b101 -0xff\n3 2 c 5 1\n0.9999999999999999 [1, 2] 5050 True True A 97\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("comparisons and identity", async () => {
    const r = await runTsl(
      "print(1 == 1.0, [1] == [1], (1, 2) < (1, 3), 'a' < 'b', [1, 2] < [1, 2, 3], None == 0, 0.1 + 0.2 == 0.3)\nprint(1 < 2 < 3, 3 > 2 > 2, 1 < 2 > 1.5, None is None, [] is [], 'abc' != 'abd', (1, [2]) == (1, [2]))\nprint(hash(1) == hash(1.0), {1: 'a', 1.0: 'b', True: 'c'}, {(1, 2): 3}[(1, 2)], 2 in {1: 2}, 'b' in 'abc', 3 in range(5))\n",
    );
    assert.equal(
      r.out,
      "True True True True True False False\nTrue False True True False True True\nTrue {1: 'c'} 3 False True True\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("lists", async () => {
    const r = await runTsl(
      "x = [1, 2, 3, 4, 5, 6]\nprint(x[::2], x[::-1], x[1:-1], x[-2:], x[10:], x[:-10], x[5:1:-2], x[-1])\nx[1:3] = [9, 9, 9]\nprint(x)\ndel x[::2]\nprint(x)\nx += [7]\nx *= 2\nprint(x, x.count(9), x.index(7), len(x))\ny = [3, 1, 2]\ny.append(0); y.extend((8, 9)); y.insert(1, 5); y.remove(8)\nprint(y, y.pop(), y.pop(0), y)\ny.sort(); print(y); y.sort(reverse=True); print(y); y.reverse(); print(y)\nwords = ['bb', 'a', 'ccc', 'dd']\nwords.sort(key=len); print(words, sorted(words, key=lambda w: (-len(w), w)))\nprint([1, 2] + [3], [0] * 3, [[0] * 2] * 2, list('abc'), list(range(3)), y.copy(), [].copy())\n",
    );
    assert.equal(
      r.out,
      "[1, 3, 5] [6, 5, 4, 3, 2, 1] [2, 3, 4, 5] [5, 6] [] [] [6, 4] 6\n[1, 9, 9, 9, 4, 5, 6]\n[9, 9, 5]\n[9, 9, 5, 7, 9, 9, 5, 7] 4 3 8\n[5, 1, 2, 0] 9 3 [5, 1, 2, 0]\n[0, 1, 2, 5]\n[5, 2, 1, 0]\n[0, 1, 2, 5]\n['a', 'bb', 'dd', 'ccc'] ['ccc', 'bb', 'dd', 'a']\n[1, 2, 3] [0, 0, 0] [[0, 0], [0, 0]] ['a', 'b', 'c'] [0, 1, 2] [0, 1, 2, 5] []\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("tuples, dicts and sets", async () => {
    const r = await runTsl(
      "t = (1, 2, 3)\nprint(t[1:], t[::-1], len(t), t.index(2), t.count(1), t + (4,), t * 2, (1,), (), tuple([1, 2]))\nd = dict(a=1, b=2)\nd.update({'c': 3}, d=4)\nprint(d, d.pop('a'), d.setdefault('z', 0), list(d.keys()), list(d.values()), list(d.items()))\nprint(d.get('q'), d.popitem(), len(d), dict.fromkeys('ab', 0), dict([(1, 2)]), {**d, 'w': 1}, d.keys(), d.items())\ns = {3, 1, 2}\ns.add(5); s.discard(1)\nprint(s, s | {9}, s & {2, 3}, s - {2}, s ^ {3, 4}, {1, 2} <= {1, 2, 3}, set(), frozenset([1]), {10, 20, 3, 8})\n",
    );
    assert.equal(
      r.out,
      "(2, 3) (3, 2, 1) 3 1 1 (1, 2, 3, 4) (1, 2, 3, 1, 2, 3) (1,) () (1, 2)\n{'b': 2, 'c': 3, 'd': 4, 'z': 0} 1 0 ['b', 'c', 'd', 'z'] [2, 3, 4, 0] [('b', 2), ('c', 3), ('d', 4), ('z', 0)]\nNone ('z', 0) 3 {'a': 0, 'b': 0} {1: 2} {'b': 2, 'c': 3, 'd': 4, 'w': 1} dict_keys(['b', 'c', 'd']) dict_items([('b', 2), ('c', 3), ('d', 4)])\n{2, 3, 5} {9, 2, 3, 5} {2, 3} {3, 5} {2, 4, 5} True set() frozenset({1}) {8, 10, 3, 20}\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("strings", async () => {
    const r = await runTsl(
      "print('a,b,,c'.split(','), ' a  b '.split(), 'a b c'.split(None, 1), 'a.b.c'.rsplit('.', 1), 'x'.join('abc'))\nprint('  hi  '.strip(), 'xxhixx'.strip('x'), 'Hello World'.lower(), 'hello world'.title(), 'hello'.capitalize())\nprint('abc'.replace('b', 'B'), 'aaa'.replace('a', 'b', 2), 'hello'.startswith('he'), 'hello'.endswith(('x', 'lo')))\nprint('hello'.find('l'), 'hello'.rfind('l'), 'hello'.index('e'), 'hello'.count('l'), '42'.isdigit(), 'ab'.isalpha())\nprint('ab'.ljust(5, '*'), 'ab'.rjust(5), 'ab'.center(7, '-'), 'abc'.center(6), '42'.zfill(5), '-42'.zfill(5))\nprint('a\\nb\\r\\nc'.splitlines(), 'a\\nb\\n'.splitlines(True), 'k=v'.partition('='), 'ABC'.swapcase(), 'x y'.upper())\nprint('hello'[::-1], 'hello'[1:3], 'abc' * 2, 'a' + 'b', len('h\u00e9llo'), 'b' in 'abc', 'hello world'.split('o'))\nprint(repr('a\\nb'), repr(\"it's\"), repr('q\"\\''), repr('tab\\there'), repr('\\x00\\x7f'), str(['a', \"b'c\"]))\n",
    );
    assert.equal(
      r.out,
      "['a', 'b', '', 'c'] ['a', 'b'] ['a', 'b c'] ['a.b', 'c'] axbxc\nhi hi hello world Hello World Hello\naBc bba True True\n2 3 1 2 True True\nab***    ab ---ab--  abc   00042 -0042\n['a', 'b', 'c'] ['a\\n', 'b\\n'] ('k', '=', 'v') abc X Y\nolleh el abcabc ab 5 True ['hell', ' w', 'rld']\n'a\\nb' \"it's\" 'q\"\\'' 'tab\\there' '\\x00\\x7f' ['a', \"b'c\"]\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("iteration builtins", async () => {
    const r = await runTsl(
      "print(list(reversed([1, 2, 3])), list(map(str, [1, 2])), list(filter(None, [0, 1, '', 'a'])), list(zip('ab', [1, 2, 3])))\nprint(list(enumerate('ab', 1)), list(range(10, 0, -3)), range(5), range(1, 9, 2), len(range(0, 10, 3)), range(10)[2:8:2])\nprint(sorted('bca'), sorted([3, 1, 2], reverse=True), list(map(lambda a, b: a * b, [1, 2], [3, 4])))\nit = iter([1, 2])\nprint(next(it), next(it), next(it, 'end'))\n",
    );
    assert.equal(
      r.out,
      "[3, 2, 1] ['1', '2'] [1, 'a'] [('a', 1), ('b', 2)]\n[(1, 'a'), (2, 'b')] [10, 7, 4, 1] range(0, 5) range(1, 9, 2) 4 range(2, 8, 2)\n['a', 'b', 'c'] [3, 2, 1] [3, 8]\n1 2 end\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("type objects", async () => {
    const r = await runTsl(
      "print(isinstance(True, int), isinstance(1, bool), issubclass(bool, int), type(1.0), type('a').__name__, type(None))\nprint(type([]), type(()), type({}), type(set()), type(range(1)), type(len), isinstance(3, (str, int)), callable(len))\nprint(int, str, list.__name__, type(type), type(1) is int, type(True) is bool, float.__mro__)\n",
    );
    assert.equal(
      r.out,
      "True False True <class 'float'> str <class 'NoneType'>\n<class 'list'> <class 'tuple'> <class 'dict'> <class 'set'> <class 'range'> <class 'builtin_function_or_method'> True True\n<class 'int'> <class 'str'> list <class 'type'> True True (<class 'float'>, <class 'object'>)\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("typical script idioms", async () => {
    const r = await runTsl(
      "pairs = [(1, 'a'), (2, 'b')]\nnums, letters = zip(*pairs)\nprint(nums, letters, dict(pairs), list(zip(*[[1, 2], [3, 4]])))\nd = {'x': 3, 'y': 1, 'z': 2}\nprint(sorted(d.items(), key=lambda kv: kv[1]), max(d, key=d.get), min(d.values()), sorted(d))\nxs = [1.5, 2.25, 3.0]\nprint(' '.join(f'{x:.2f}' for x in xs), '-' * 20, '{:>10s}|{:<6d}|'.format('hi', 42), str(xs), repr(tuple(xs)))\nprint(isinstance(xs, (list, tuple)), [i for i, x in enumerate(xs) if x > 2], list(map(int, ['1', '2'])))\nrunning_loss = 0.0\nfor i in range(4000):\n    running_loss += 0.001 * i\n    if i % 2000 == 1999:\n        print('[%d, %5d] loss: %.3f' % (1, i + 1, running_loss / 2000))\n        running_loss = 0.0\nmatrix = [[1, 2, 3], [4, 5, 6]]\nprint([list(r) for r in zip(*matrix)], [sum(r) for r in matrix], len(matrix[0]), matrix[-1][-1])\ns = 'The quick brown fox'\nprint(s.split()[::-1], s.lower().count('o'), s.replace(' ', '_'), s[4:9].upper(), s.find('z'), s.startswith('The'))\nprint(sum(1 for c in s if c.isupper()), {c: s.count(c) for c in 'aeiou' if c in s}, sorted(set(s.lower()) - {' '})[:5])\ndata = [{'name': 'a', 'v': 2}, {'name': 'b', 'v': 1}]\ndata.sort(key=lambda r: r['v'])\nprint([r['name'] for r in data], any(r['v'] > 1 for r in data), {r['name']: r['v'] for r in data})\nprint(divmod(100, 7), 100 // 7 * 7 + 100 % 7, int(7.9999), round(7.5), abs(-0.0), -0.0 == 0.0, 1e3 == 1000)\nprint(list(range(0)), list(range(-3)), list(range(3, -3, -2)), range(0, 10)[::-1], list(reversed(range(3))))\na = b = []\na.append(1)\nprint(b, a is b, [1, 2] * 0, [] or 'empty', 0 or None, 1 and 2, not [], None or 0)\nprint('%-10s%10s' % ('left', 'right'), '%3d%%' % 50, '%.1e' % 12345.678, '%08.3f' % -3.14159, '%+.2f' % 0)\ndef stats(*values, sep=', '):\n    return sep.join(str(v) for v in values)\nprint(stats(1, 2, 3), stats(sep='|'), stats(*range(3), sep=':'))\nclass Node:\n    def __init__(self, val, children=None):\n        self.val = val\n        self.children = children or []\n    def __iter__(self):\n        yield self.val\n        for c in self.children:\n            yield from c\ntree = Node(1, [Node(2, [Node(4)]), Node(3)])\nprint(list(tree), sum(tree), max(tree), sorted(tree, reverse=True))\nprint(str(1.0 / 3 * 3), 0.1 * 3, 1.1 + 2.2, 3.3 * 3, 100 * 1.1, 2 ** 31 * 1.0, 1 / 10 ** 6, float(2 ** 60))\nprint(f'{1e-7:.2e} {123456789:,} {0.000001234:.3g} {12.0:g} {1.0:e} {-1:03d} {3:>{4}}')\n",
    );
    assert.equal(
      r.out,
      "(1, 2) ('a', 'b') {1: 'a', 2: 'b'} [(1, 3), (2, 4)]\n[('y', 1), ('z', 2), ('x', 3)] x 1 ['x', 'y', 'z']\n1.50 2.25 3.00 --------------------         hi|42    | [1.5, 2.25, 3.0] (1.5, 2.25, 3.0)\nTrue [1, 2] [1, 2]\n[1,  2000] loss: 1.000\n[1,  4000] loss: 2.999\n[[1, 4], [2, 5], [3, 6]] [6, 15] 3 6\n['fox', 'brown', 'quick', 'The'] 2 The_quick_brown_fox QUICK -1 True\n1 {'e': 1, 'i': 1, 'o': 2, 'u': 1} ['b', 'c', 'e', 'f', 'h']\n['b', 'a'] True {'b': 1, 'a': 2}\n(14, 2) 100 7 8 0.0 True True\n[] [] [3, 1, -1] range(9, -1, -1) [2, 1, 0]\n[1] True [] empty None 2 True 0\nleft           right  50% 1.2e+04 -003.142 +0.00\n1, 2, 3  0:1:2\n[1, 2, 4, 3] 10 4 [4, 3, 2, 1]\n1.0 0.30000000000000004 3.3000000000000003 9.899999999999999 110.00000000000001 2147483648.0 1e-06 1.152921504606847e+18\n1.00e-07 123,456,789 1.23e-06 12 1.000000e+00 -01    3\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
});

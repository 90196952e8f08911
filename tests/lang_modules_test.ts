// tsl language: standard modules
// Expected outputs were produced by CPython 3.11 running the same snippet (tracebacks: the 3.11 caret
// lines are not reproduced by tsl and were removed). Generated from a snippet list; edit freely.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";

Deno.test("tsl language: standard modules", async (t) => {
  await t.step("random matches CPython", async () => {
    const r = await runTsl(
      "import random\nrandom.seed(1)\nprint(random.random(), random.random(), random.getrandbits(64))\nrandom.seed(42)\nprint(random.random(), random.randint(1, 100), random.choice('abcdef'), random.uniform(1, 2), random.gauss(0, 1))\nl = list(range(10)); random.shuffle(l)\nprint(l, random.sample(range(100), 5), random.randrange(10, 100, 7), random.randrange(5))\nrandom.seed(2 ** 70 + 12345)\nprint(random.random(), random.sample(range(1000), 8), random.choice([1, 2, 3]))\nrandom.seed(0)\nprint([random.randint(0, 9) for _ in range(10)], random.normalvariate(0, 1))\n",
    );
    assert.equal(
      r.out,
      "0.13436424411240122 0.8474337369372327 1164115433906158532\n0.6394267984578837 4 f 1.2750293183691193 0.2735990065583831\n[3, 2, 4, 9, 5, 7, 0, 6, 1, 8] [71, 25, 91, 83, 89] 66 3\n0.9602803546023011 [967, 905, 120, 729, 723, 960, 401, 76] 2\n[6, 6, 0, 4, 8, 7, 6, 4, 7, 5] 1.556738444795821\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("math", async () => {
    const r = await runTsl(
      "import math\nprint(math.sqrt(16), math.pi, math.e, math.floor(2.7), math.ceil(2.1), math.floor(-2.5), math.exp(0), math.log(8, 2))\nprint(math.log10(1000), math.log2(8), math.factorial(20), math.gcd(12, 18), math.isclose(0.1 + 0.2, 0.3), math.inf, math.nan)\nprint(math.sqrt(2), math.exp(1), math.sin(0), math.cos(0), math.tan(0), math.atan2(1, 1), math.tanh(0.5), math.pow(2, 10))\nprint(math.hypot(3, 4), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), math.trunc(-3.7), math.copysign(1, -0.0))\nprint(math.radians(180), math.degrees(math.pi), math.fabs(-2), math.isnan(math.nan), math.isinf(-math.inf))\ntry:\n    math.sqrt(-1)\nexcept ValueError as e:\n    print(e)\n",
    );
    assert.equal(
      r.out,
      "4.0 3.141592653589793 2.718281828459045 2 3 -3 1.0 3.0\n3.0 3.0 2432902008176640000 6 True inf nan\n1.4142135623730951 2.718281828459045 0.0 1.0 0.0 0.7853981633974483 0.46211715726000974 1024.0\n5.0 24 1.0 -3 -1.0\n3.141592653589793 180.0 2.0 True True\nmath domain error\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("collections, copy, typing, functools", async () => {
    const r = await runTsl(
      "from collections import defaultdict, OrderedDict, namedtuple\nfrom typing import List, Dict, Optional\nimport copy\nimport functools\nd = defaultdict(list)\nd['a'].append(1); d['b'].append(2); d['a'].append(3)\nprint(d, dict(d), d['zz'], len(d))\nc = defaultdict(int)\nfor ch in 'hello':\n    c[ch] += 1\nprint(sorted(c.items()))\nod = OrderedDict([('x', 1), ('y', 2)])\nod['z'] = 3\nod.move_to_end('x')\nprint(od, list(od))\nPoint = namedtuple('Point', ['x', 'y'])\npt = Point(1, y=2)\nprint(pt, pt.x + pt.y, pt[0], tuple(pt), pt._asdict(), isinstance(pt, tuple))\norig = {'a': [1, 2], 'b': {'c': 3}}\nsh = copy.copy(orig); dp = copy.deepcopy(orig)\norig['a'].append(9)\nprint(sh, dp)\ndef total(xs: List[int]) -> Optional[int]:\n    return functools.reduce(lambda a, b: a + b, xs, 0)\nprint(total([1, 2, 3]), functools.partial(pow, 2)(10))\n",
    );
    assert.equal(
      r.out,
      "defaultdict(<class 'list'>, {'a': [1, 3], 'b': [2], 'zz': []}) {'a': [1, 3], 'b': [2]} [] 3\n[('e', 1), ('h', 1), ('l', 2), ('o', 1)]\nOrderedDict([('y', 2), ('z', 3), ('x', 1)]) ['y', 'z', 'x']\nPoint(x=1, y=2) 3 1 (1, 2) {'x': 1, 'y': 2} True\n{'a': [1, 2, 9], 'b': {'c': 3}} {'a': [1, 2], 'b': {'c': 3}}\n6 1024\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("sys, os, time, __future__ and import forms", async () => {
    const r = await runTsl(
      "from __future__ import print_function\nimport sys\nimport os\nimport os.path\nimport time\nfrom os.path import join, basename\nprint(type(sys.argv).__name__, os.path.basename(sys.argv[0]), sys.version_info[0], os.path.join('a', 'b', 'c.txt'), join('/x', 'y'))\nprint(os.path.basename('/a/b/c.tsl'), os.path.dirname('/a/b/c.tsl'), os.path.splitext('model.pth'), basename('q/r'))\nprint(os.path.exists('/'), os.path.isdir('/'), os.path.isfile('/nonexistent'), type(os.getcwd()).__name__)\nt0 = time.time(); p0 = time.perf_counter(); time.sleep(0.01)\nprint(time.time() >= t0, time.perf_counter() - p0 >= 0.0, time.monotonic() > 0)\nsys.stdout.write('written\\n')\nprint('to stderr', file=sys.stderr)\nprint('a', 'b', sep='-', end='!\\n')\ntry:\n    import no_such_module_xyz\nexcept ModuleNotFoundError as e:\n    print(e)\ntry:\n    from os import no_such_name\nexcept ImportError as e:\n    print(e.__class__.__name__)\n",
    );
    assert.equal(
      r.out,
      "list snippet.tsl 3 a/b/c.txt /x/y\nc.tsl /a/b ('model', '.pth') r\nTrue True False str\nTrue True True\nwritten\na-b!\nNo module named 'no_such_module_xyz'\nImportError\n",
    );
    assert.equal(r.err, "to stderr\n");
    assert.equal(r.code, 0);
  });
  await t.step("files", async () => {
    const r = await runTsl(
      "import os\npath = '/tmp/tsl_lang_test_file.txt'\nwith open(path, 'w') as f:\n    f.write('line one\\n')\n    f.write('line two\\n')\nwith open(path, 'a') as f:\n    print('line three', file=f)\nwith open(path) as f:\n    print(repr(f.read()))\nwith open(path) as f:\n    print(f.readline(), end='')\n    print(f.readlines())\nfor line in open(path):\n    print(line.strip())\nos.remove(path)\ntry:\n    open(path)\nexcept FileNotFoundError as e:\n    print(e, e.errno)\n",
    );
    assert.equal(
      r.out,
      "'line one\\nline two\\nline three\\n'\nline one\n['line two\\n', 'line three\\n']\nline one\nline two\nline three\n[Errno 2] No such file or directory: '/tmp/tsl_lang_test_file.txt' 2\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
});

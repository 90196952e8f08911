// tsl language: error messages and tracebacks
// Expected outputs were produced by CPython 3.11 running the same snippet (tracebacks: the 3.11 caret
// lines are not reproduced by tsl and were removed). Generated from a snippet list; edit freely.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";

Deno.test("tsl language: error messages and tracebacks", async (t) => {
  await t.step("traceback through nested calls", async () => {
    const r = await runTsl("def helper(x):\n    return 10 / x\n\ndef main():\n    return helper(0)\n\nmain()\n");
    assert.equal(r.out, "");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 7, in <module>\n    main()\n  File "snippet.tsl", line 5, in main\n    return helper(0)\n  File "snippet.tsl", line 2, in helper\n    return 10 / x\nZeroDivisionError: division by zero\n',
    );
    assert.equal(r.code, 1);
  });
  await t.step("traceback with context", async () => {
    const r = await runTsl(
      "def helper(x):\n    return 10 / x\n\ndef main():\n    data = {'a': 1}\n    try:\n        data['b']\n    except KeyError:\n        helper(0)\n\nmain()\n",
    );
    assert.equal(r.out, "");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 7, in main\n    data[\'b\']\nKeyError: \'b\'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "snippet.tsl", line 11, in <module>\n    main()\n  File "snippet.tsl", line 9, in main\n    helper(0)\n  File "snippet.tsl", line 2, in helper\n    return 10 / x\nZeroDivisionError: division by zero\n',
    );
    assert.equal(r.code, 1);
  });
  await t.step("traceback with cause and custom class", async () => {
    const r = await runTsl(
      "class Bad(Exception):\n    pass\ndef f(n):\n    if n == 0:\n        raise Bad('deep')\n    return f(n - 1)\ntry:\n    f(3)\nexcept Bad as e:\n    raise RuntimeError('outer') from e\n",
    );
    assert.equal(r.out, "");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 8, in <module>\n    f(3)\n  File "snippet.tsl", line 6, in f\n    return f(n - 1)\n  File "snippet.tsl", line 6, in f\n    return f(n - 1)\n  File "snippet.tsl", line 6, in f\n    return f(n - 1)\n  File "snippet.tsl", line 5, in f\n    raise Bad(\'deep\')\nBad: deep\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File "snippet.tsl", line 10, in <module>\n    raise RuntimeError(\'outer\') from e\nRuntimeError: outer\n',
    );
    assert.equal(r.code, 1);
  });
  await t.step("finally: the traceback keeps the raising line, and a new error chains the pending one", async () => {
    const r = await runTsl(
      'def f():\n    try:\n        return 1 / 0\n    finally:\n        print("cleanup")\n\ntry:\n    x = [][1]\nfinally:\n    f()\n',
    );
    assert.equal(r.out, "cleanup\n");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 8, in <module>\n    x = [][1]\nIndexError: list index out of range\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "snippet.tsl", line 10, in <module>\n    f()\n  File "snippet.tsl", line 3, in f\n    return 1 / 0\nZeroDivisionError: division by zero\n',
    );
    assert.equal(r.code, 1);
  });
  await t.step("recursion error", async () => {
    const r = await runTsl("def rec(n):\n    return rec(n + 1)\nrec(0)\n");
    assert.equal(r.out, "");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 3, in <module>\n    rec(0)\n  File "snippet.tsl", line 2, in rec\n    return rec(n + 1)\n  File "snippet.tsl", line 2, in rec\n    return rec(n + 1)\n  File "snippet.tsl", line 2, in rec\n    return rec(n + 1)\n  [Previous line repeated 996 more times]\nRecursionError: maximum recursion depth exceeded\n',
    );
    assert.equal(r.code, 1);
  });
  await t.step("name and attribute errors", async () => {
    const r = await runTsl("print('before')\ndef f():\n    y = undefined_name + 1\nf()\n");
    assert.equal(r.out, "before\n");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 4, in <module>\n    f()\n  File "snippet.tsl", line 3, in f\n    y = undefined_name + 1\nNameError: name \'undefined_name\' is not defined\n',
    );
    assert.equal(r.code, 1);
  });
  await t.step("error messages", async () => {
    const r = await runTsl(
      "def f():\n    print(v)\n    v = 1\nclass C:\n    pass\nfor thunk in [f, lambda: C().foo, lambda: [].pop(), lambda: (lambda a, b: a)(1, 2, 3), lambda: int('x'),\n              lambda: {}['missing'], lambda: 1 + 'a', lambda: None.x, lambda: [1][5], lambda: 'abc'[C.__name__],\n              lambda: len(5), lambda: iter(5), lambda: hash([]), lambda: {[]: 1}, lambda: 5 in 3,\n              lambda: [1].index(9), lambda: sorted([1, 'a']), lambda: max([]), lambda: chr(-1),\n              lambda: 'a' - 'b', lambda: -'a', lambda: abs('x'), lambda: open('/nonexistent/x.txt')]:\n    try:\n        thunk()\n    except Exception as e:\n        print(type(e).__name__ + ':', e)\ndef kw(a, *, b): pass\nfor call in [lambda: kw(1, 2), lambda: kw(1), lambda: kw(1, b=2, c=3), lambda: kw(1, a=2, b=3), lambda: kw()]:\n    try:\n        call()\n    except TypeError as e:\n        print(e)\n",
    );
    assert.equal(
      r.out,
      "UnboundLocalError: cannot access local variable 'v' where it is not associated with a value\nAttributeError: 'C' object has no attribute 'foo'\nIndexError: pop from empty list\nTypeError: <lambda>.<locals>.<lambda>() takes 2 positional arguments but 3 were given\nValueError: invalid literal for int() with base 10: 'x'\nKeyError: 'missing'\nTypeError: unsupported operand type(s) for +: 'int' and 'str'\nAttributeError: 'NoneType' object has no attribute 'x'\nIndexError: list index out of range\nTypeError: string indices must be integers, not 'str'\nTypeError: object of type 'int' has no len()\nTypeError: 'int' object is not iterable\nTypeError: unhashable type: 'list'\nTypeError: unhashable type: 'list'\nTypeError: argument of type 'int' is not iterable\nValueError: 9 is not in list\nTypeError: '<' not supported between instances of 'str' and 'int'\nValueError: max() arg is an empty sequence\nValueError: chr() arg not in range(0x110000)\nTypeError: unsupported operand type(s) for -: 'str' and 'str'\nTypeError: bad operand type for unary -: 'str'\nTypeError: bad operand type for abs(): 'str'\nFileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/x.txt'\nkw() takes 1 positional argument but 2 were given\nkw() missing 1 required keyword-only argument: 'b'\nkw() got an unexpected keyword argument 'c'\nkw() got multiple values for argument 'a'\nkw() missing 1 required positional argument: 'a'\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("uncaught exception without message", async () => {
    const r = await runTsl("raise IndexError\n");
    assert.equal(r.out, "");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 1, in <module>\n    raise IndexError\nIndexError\n',
    );
    assert.equal(r.code, 1);
  });
  await t.step("SystemExit", async () => {
    const r = await runTsl("import sys\nprint('bye')\nsys.exit(3)\n");
    assert.equal(r.out, "bye\n");
    assert.equal(r.err, "");
    assert.equal(r.code, 3);
  });
  await t.step("exception in class body and comprehension", async () => {
    const r = await runTsl("class K:\n    x = [1 / v for v in [1, 0]]\n");
    assert.equal(r.out, "");
    assert.equal(
      r.err,
      'Traceback (most recent call last):\n  File "snippet.tsl", line 1, in <module>\n    class K:\n  File "snippet.tsl", line 2, in K\n    x = [1 / v for v in [1, 0]]\n  File "snippet.tsl", line 2, in <listcomp>\n    x = [1 / v for v in [1, 0]]\nZeroDivisionError: division by zero\n',
    );
    assert.equal(r.code, 1);
  });
});

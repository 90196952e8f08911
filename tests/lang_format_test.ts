// tsl language: formatting
// Expected outputs were produced by CPython 3.11 running the same snippet (tracebacks: the 3.11 caret
// lines are not reproduced by tsl and were removed). Generated from a snippet list; edit freely.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";

Deno.test("tsl language: formatting", async (t) => {
  await t.step("float repr", async () => {
    const r = await runTsl(
      "print(0.1, 1e-05, 1e+16, 1e16, 1e15, 123456789012345678.0, 1.5e-7, 5e-324, 1.7976931348623157e308)\nprint(float('inf'), -float('inf'), float('nan'), -0.0, 2.5e-05, 100.0, 1e22, 0.30000000000000004, 1/7, 2.0 ** 60)\nprint([0.1, 2.0], (1.5,), {'x': 3.25}, str(1e100), repr(-1e-100), 3.0 * 1.1, 10.0 ** 16, 1e300 * 1e10)\n",
    );
    assert.equal(
      r.out,
      "0.1 1e-05 1e+16 1e+16 1000000000000000.0 1.2345678901234568e+17 1.5e-07 5e-324 1.7976931348623157e+308\ninf -inf nan -0.0 2.5e-05 100.0 1e+22 0.30000000000000004 0.14285714285714285 1.152921504606847e+18\n[0.1, 2.0] (1.5,) {'x': 3.25} 1e+100 -1e-100 3.3000000000000003 1e+16 inf\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("percent formatting", async () => {
    const r = await runTsl(
      "print('%d %i %s %r %f %.3f %5s %-5s| %e %g %x %o %c %%' % (1, 2, 'a', 'b', 1.5, 2.0, 'x', 'y', 12345.678, 0.0001, 255, 8, 65))\nprint('%(a)s %(b)d' % {'a': 'A', 'b': 2}, '%5.1f|%-8.2e|%+d|% d|%05d|%#x|%#o|%.2s' % (3.14159, 1234.5, 5, 5, -42, 255, 8, 'abc'))\nprint('%s' % [1, 2], '%s %s' % ((1, 2), 3), '%.0f %.0f %.0f' % (0.5, 1.5, 2.5), '%g %g %g %g' % (1e-5, 123456789, 0.5, 100))\nprint('%d' % 3.99, '%5.2f%%' % 12.345, '%x %X' % (3054, 3054), '%10.4f|' % -3.14159, '%-10s|' % 'left', '%c' % 'z')\nprint('[%d, %5d] loss: %.3f' % (1, 2000, 4374.123 / 2000), 'Accuracy: %d %%' % (100 * 5432 / 10000))\nfor bad in [('%d %d', (1,)), ('%d', (1, 2)), ('%d', 'x')]:\n    try:\n        bad[0] % bad[1]\n    except TypeError as e:\n        print(e)\n",
    );
    assert.equal(
      r.out,
      "1 2 a 'b' 1.500000 2.000     x y    | 1.234568e+04 0.0001 ff 10 A %\nA 2   3.1|1.23e+03|+5| 5|-0042|0xff|0o10|ab\n[1, 2] (1, 2) 3 0 2 2 1e-05 1.23457e+08 0.5 100\n3 12.35% bee BEE    -3.1416| left      | z\n[1,  2000] loss: 2.187 Accuracy: 54 %\nnot enough arguments for format string\nnot all arguments converted during string formatting\n%d format: a real number is required, not str\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("str.format", async () => {
    const r = await runTsl(
      "print('{} {} {}'.format(1, 'a', 2.5), '{1}{0}'.format('a', 'b'), '{x}-{y}'.format(x=1, y=2), '{0[1]} {1.real}'.format([5, 6], 3))\nprint('{:>8}|{:<8}|{:^8}|{:*^9}|{:08.3f}|{:+.2e}|{:,}|{:_}|{:x}|{:#b}|{:%}|{:.1%}'.format('r', 'l', 'c', 'm', 3.14159, 12345.6789, 1234567, 1234567, 255, 5, 0.25, 0.123))\nprint('{!r} {!s} {:10.4} {:.3g} {:g} {:e} {:G}'.format('q', 'q', 3.14159265, 0.000123456, 1e20, 0.0, 1e-20))\nprint('{:5}|{:5}|{:<5}|{:>5}|{{literal}}'.format(1, 'a', 2.5, True), '{0:{1}}|'.format('x', 4), '{:=+8.2f}'.format(3.5))\nprint('{:,.2f} {:_x} {:010,} {:o} {:c} {:n} {:.2%} {:e}'.format(1234567.891, 65535, 1234, 8, 97, 1234, 0.5, 5))\n",
    );
    assert.equal(
      r.out,
      "1 a 2.5 ba 1-2 6 3\n       r|l       |   c    |****m****|0003.142|+1.23e+04|1,234,567|1_234_567|ff|0b101|25.000000%|12.3%\n'q' q      3.142 0.000123 1e+20 0.000000e+00 1E-20\n    1|a    |2.5  |    1|{literal} x   | +   3.50\n1,234,567.89 ffff 00,001,234 10 a 1234 50.00% 5.000000e+00\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("f-strings", async () => {
    const r = await runTsl(
      "w = 10; p = 3; name = 'tsl'\nprint(f'{1+1} {\"s\"!r} {3.0:.1f} {10:5d} {10:<5d}| {255:X} {-1.5:+.1f} {1234.5:,.1f} {0.5:.0%}')\nprint(f'{3.14159:{w}.{p}f}|{\"abc\":>{w}}|{42=}|{3.5=:.2f}|{name!r:>6}|{name=}')\nprint(f'{name} has {len(name)} letters, pi is about {3.14159:.2f}', f'{[1, 2]}', f'{ {\"a\": 1} }', f'{None}')\n",
    );
    assert.equal(
      r.out,
      "2 's' 3.0    10 10   | FF -1.5 1,234.5 50%\n     3.142|       abc|42=42|3.5=3.50| 'tsl'|name='tsl'\ntsl has 3 letters, pi is about 3.14 [1, 2] {'a': 1} None\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
  await t.step("format() builtin and round", async () => {
    const r = await runTsl(
      "print(format(1.0, '.3'), format(1234.0, '.3'), format(1e16, ''), format(123, ''), format('x', ''), format(True, '>5'), format(2.5))\nprint(format(-0.0, '.1f'), format(0.5, '.0f'), format(1.5, '.0f'), format(2.675, '.2f'), format(1e-10, 'g'), format(123456789, 'e'))\nprint(round(2.675, 2), round(1.005, 2), round(0.5), round(1.5), round(-0.5), round(5.0, 1), round(0.15, 1), round(0.25, 1))\nprint(round(1e300, 2), round(123.456, -1), round(-123.456, 1), type(round(2.5)), type(round(2.5, 0)), round(2.5, 0))\n",
    );
    assert.equal(
      r.out,
      "1.0 1.23e+03 1e+16 123 x     1 2.5\n-0.0 0 2 2.67 1e-10 1.234568e+08\n2.67 1.0 0 2 0 5.0 0.1 0.2\n1e+300 120.0 -123.5 <class 'int'> <class 'float'> 2.0\n",
    );
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
  });
});

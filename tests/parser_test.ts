// The parser: tokens, IR shape for each construct, precedence, strings and f-strings, numbers, spans, the REPL's
// isIncomplete, and whole programs (the conformance cases) parsing without error.

import assert from "node:assert/strict";
import { isIncomplete, parse, parseExpression, PySyntaxError } from "../dsl/parser.ts";
import { PyLexer } from "../dsl/lexer.ts";
import type { ConstantValue, Expr, FunctionDef, JoinedStr, Module, Span, Stmt } from "../dsl/ir.ts";

// ---------------------------------------------------------------- helpers

const mod = (src: string): Module => parse(src, "t.py");
const stmts = (src: string): Stmt[] => mod(src).body;
const stmt = (src: string): Stmt => stmts(src)[0];
function expr(src: string): Expr {
  const s = stmt(src);
  assert.equal(s.kind, "ExprStmt");
  return (s as Extract<Stmt, { kind: "ExprStmt" }>).value;
}
const value = (src: string): ConstantValue => {
  const e = expr(src);
  assert.equal(e.kind, "Constant");
  return (e as Extract<Expr, { kind: "Constant" }>).value;
};
const str = (src: string): string => {
  const v = value(src);
  assert.ok(v.type === "str" || v.type === "bytes", `not a string: ${JSON.stringify(v)}`);
  return (v as { value: string }).value;
};

/** Removes spans, for comparing shapes. */
function strip<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === "span" ? undefined : typeof v === "bigint" ? `${v}n` : v)));
}

/** A fully parenthesized rendering of an expression, to check structure and precedence at a glance. */
function show(e: Expr | null): string {
  if (e === null) return "";
  switch (e.kind) {
    case "Name":
      return e.id;
    case "Constant": {
      const v = e.value;
      if (v.type === "str") return JSON.stringify(v.value);
      if (v.type === "bytes") return `b${JSON.stringify(v.value)}`;
      if (v.type === "None") return "None";
      if (v.type === "Ellipsis") return "...";
      if (v.type === "complex") return `${v.imag}j`;
      return String(v.value);
    }
    case "BinOp":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "UnaryOp":
      return e.op === "not" ? `(not ${show(e.operand)})` : `(${e.op}${show(e.operand)})`;
    case "BoolOp":
      return `(${e.values.map(show).join(` ${e.op} `)})`;
    case "Compare":
      return `(${show(e.left)}${e.ops.map((op, i) => ` ${op} ${show(e.comparators[i])}`).join("")})`;
    case "IfExp":
      return `(${show(e.body)} if ${show(e.test)} else ${show(e.orelse)})`;
    case "Lambda":
      return `(lambda ${e.args.args.map((a) => a.name).join(", ")}: ${show(e.body)})`;
    case "NamedExpr":
      return `(${e.target.id} := ${show(e.value)})`;
    case "Attribute":
      return `${show(e.value)}.${e.attr}`;
    case "Subscript":
      return `${show(e.value)}[${show(e.index)}]`;
    case "Slice":
      return `${show(e.lower)}:${show(e.upper)}${e.step ? `:${show(e.step)}` : ""}`;
    case "Starred":
      return `*${show(e.value)}`;
    case "Call":
      return `${show(e.func)}(${
        [...e.args.map(show), ...e.keywords.map((k) => (k.arg ? `${k.arg}=` : "**") + show(k.value))].join(", ")
      })`;
    case "Tuple":
      return `(${e.elts.map(show).join(", ")}${e.elts.length === 1 ? "," : ""})`;
    case "List":
      return `[${e.elts.map(show).join(", ")}]`;
    case "Set":
      return `{${e.elts.map(show).join(", ")}}`;
    case "Dict":
      return `{${e.keys.map((k, i) => (k ? `${show(k)}: ` : "**") + show(e.values[i])).join(", ")}}`;
    case "Comprehension": {
      const gens = e.generators.map((g) =>
        ` for ${show(g.target)} in ${show(g.iter)}${g.ifs.map((c) => ` if ${show(c)}`).join("")}`
      ).join("");
      const body = e.key ? `${show(e.key)}: ${show(e.elt)}` : show(e.elt);
      const [o, c] = { list: "[]", set: "{}", dict: "{}", generator: "()" }[e.type];
      return `${o}${body}${gens}${c}`;
    }
    case "Yield":
      return `(yield ${show(e.value)})`;
    case "YieldFrom":
      return `(yield from ${show(e.value)})`;
    case "JoinedStr":
      return `f[${e.values.map(show).join(", ")}]`;
    case "FormattedValue":
      return `{${show(e.value)}${e.conversion ? `!${e.conversion}` : ""}${
        e.formatSpec ? `:${show(e.formatSpec)}` : ""
      }}`;
  }
}
const shows = (src: string) => show(expr(src));
const span = (s: { span: Span }) => [s.span.line, s.span.col, s.span.endLine, s.span.endCol];

/** Token stream, compactly: NEWLINE/INDENT/DEDENT/ENDMARKER as NL/IN/DE/EOF, other tokens by their text. */
function toks(src: string, lexer = new PyLexer()): string[] {
  const short: Record<string, string> = { NEWLINE: "NL", INDENT: "IN", DEDENT: "DE", ENDMARKER: "EOF" };
  return lexer.tokenize(src, "t.py").tokens.map((t) => short[t.tokenType.name] ?? t.image);
}

// ---------------------------------------------------------------- lexer

Deno.test("lexer", async (t) => {
  await t.step("NEWLINE, INDENT and DEDENT from the indentation stack", () => {
    assert.deepEqual(toks("if x:\n    y = 1\nz\n"), [
      ..."if x : NL IN y = 1 NL DE z NL EOF".split(" "),
    ]);
    assert.deepEqual(toks("def f():\n  if a:\n    b\nc"), [
      ..."def f ( ) : NL IN if a : NL IN b NL DE DE c NL EOF".split(" "),
    ]);
    assert.deepEqual(toks("class A:\n  def f(self):\n    return 1\n"), [
      ..."class A : NL IN def f ( self ) : NL IN return 1 NL DE DE EOF".split(" "),
    ]);
  });

  await t.step("synthesized tokens carry real positions", () => {
    const ts = new PyLexer().tokenize("if x:  # c\n    y\nz\n", "t.py").tokens;
    const pos = (name: string, k = 0) => {
      const tok = ts.filter((x) => x.tokenType.name === name)[k];
      return [tok.startLine, tok.startColumn];
    };
    assert.deepEqual(pos("NEWLINE"), [1, 8]); // at the comment ending the line
    assert.deepEqual(pos("INDENT"), [2, 4]);
    assert.deepEqual(pos("NEWLINE", 1), [2, 6]);
    assert.deepEqual(pos("DEDENT"), [3, 0]);
    assert.deepEqual(pos("ENDMARKER"), [3, 2]);
  });

  await t.step("comments, blank and comment-only lines make no tokens", () => {
    const src = "# header\n\nx = 1  # trailing\n\n      # indented comment\n\n\t\ny = 2\n  \n";
    assert.deepEqual(toks(src), [..."x = 1 NL y = 2 NL EOF".split(" ")]);
  });

  await t.step("implicit line joining inside brackets, backslash continuation", () => {
    assert.deepEqual(toks("f(1,\n      2,\n\n  3)\n"), [..."f ( 1 , 2 , 3 ) NL EOF".split(" ")]);
    assert.deepEqual(toks("x = [\n  1,\n]\ny\n"), [..."x = [ 1 , ] NL y NL EOF".split(" ")]);
    assert.deepEqual(toks("x = 1 + \\\n        2\ny\n"), [..."x = 1 + 2 NL y NL EOF".split(" ")]);
    assert.deepEqual(toks("if a and \\\n  b:\n    pass\n"), [..."if a and b : NL IN pass NL DE EOF".split(" ")]);
  });

  await t.step("tabs count to the next multiple of 8", () => {
    assert.deepEqual(toks("if x:\n\tif y:\n\t\tpass\n\tz\n"), [
      ..."if x : NL IN if y : NL IN pass NL DE z NL DE EOF".split(" "),
    ]);
    // A tab then spaces, consistently, is one indentation level.
    assert.deepEqual(toks("if x:\n\t  a\n\t  b\n"), [..."if x : NL IN a NL b NL DE EOF".split(" ")]);
    assert.throws(() => toks("if x:\n\ta\n        b\n"), { name: "TabError" });
  });

  await t.step("no final newline, CRLF line endings", () => {
    assert.deepEqual(toks("if x:\n  y"), [..."if x : NL IN y NL DE EOF".split(" ")]);
    assert.deepEqual(toks("if x:\r\n  y\r\nz\r\n"), [..."if x : NL IN y NL DE z NL EOF".split(" ")]);
  });

  await t.step("a lexer instance keeps no state between sources", () => {
    const lexer = new PyLexer();
    assert.deepEqual(toks("if x:\n    y\n", lexer), [..."if x : NL IN y NL DE EOF".split(" ")]);
    assert.throws(() => lexer.tokenize("if x:\n    y\n  z\n", "t.py"), { name: "IndentationError" });
    assert.deepEqual(toks("a\n", lexer), ["a", "NL", "EOF"]);
    assert.equal(lexer.tokenize("f(\n", "t.py").unclosed?.msg, "'(' was never closed");
    assert.deepEqual(toks("b\n", lexer), ["b", "NL", "EOF"]);
  });

  await t.step("keywords and soft keywords", () => {
    const ts = new PyLexer().tokenize("match = case = _ = print\nif not None:\n  pass\n", "t.py").tokens;
    assert.deepEqual(ts.slice(0, 7).map((x) => x.tokenType.name), [
      "NAME",
      "EQUAL",
      "NAME",
      "EQUAL",
      "NAME",
      "EQUAL",
      "NAME",
    ]);
    assert.deepEqual(ts.slice(8, 11).map((x) => x.tokenType.name), ["KW_if", "KW_not", "KW_None"]);
    assert.equal(show(expr("match(x)[0]")), "match(x)[0]");
    assert.equal(stmts("match = 1\ncase = 2\n_ = 3\n").length, 3);
  });

  await t.step("operators are matched longest first", () => {
    assert.deepEqual(toks("a**=b//=c>>=d->e:=f...g!=h\n").slice(0, -2), [
      ..."a **= b //= c >>= d -> e := f ... g != h".split(" "),
    ]);
  });

  await t.step("unicode identifiers", () => {
    assert.equal(shows("変数 + café"), "(変数 + café)");
  });
});

// ---------------------------------------------------------------- literals

Deno.test("numbers", () => {
  assert.deepEqual(value("42"), { type: "int", value: 42 });
  assert.deepEqual(value("0"), { type: "int", value: 0 });
  assert.deepEqual(value("00"), { type: "int", value: 0 });
  assert.deepEqual(value("0xff"), { type: "int", value: 255 });
  assert.deepEqual(value("0XFF"), { type: "int", value: 255 });
  assert.deepEqual(value("0o17"), { type: "int", value: 15 });
  assert.deepEqual(value("0b1010"), { type: "int", value: 10 });
  assert.deepEqual(value("1_000_000"), { type: "int", value: 1000000 });
  assert.deepEqual(value("0x_ff_ff"), { type: "int", value: 65535 });
  assert.deepEqual(value("3.14"), { type: "float", value: 3.14 });
  assert.deepEqual(value("1e3"), { type: "float", value: 1000 });
  assert.deepEqual(value("1.5E-3"), { type: "float", value: 0.0015 });
  assert.deepEqual(value(".5"), { type: "float", value: 0.5 });
  assert.deepEqual(value("5."), { type: "float", value: 5 });
  assert.deepEqual(value("1_0.0_1e1_0"), { type: "float", value: 10.01e10 });
  // tsl has no complex type: a complex literal is a clear SyntaxError, not a value it cannot compute with
  for (const lit of ["1j", "2.5J", "1e2j"]) {
    assert.throws(() => value(lit), new RegExp(`complex number '${lit}' is not supported by tsl`));
  }
  assert.deepEqual(value("09.5"), { type: "float", value: 9.5 });
  const big = value("12345678901234567890");
  assert.equal(big.type, "int");
  assert.equal((big as { bigint?: bigint }).bigint, 12345678901234567890n);
  assert.equal((value("0xffffffffffffffffff") as { bigint?: bigint }).bigint, 0xffffffffffffffffffn);
  assert.equal((value(String(2 ** 53 - 1)) as { bigint?: bigint }).bigint, undefined);
  // A number directly followed by a keyword is still a number (CPython only warns).
  assert.equal(shows("1if x else 2"), "(1 if x else 2)");
  assert.equal(shows("x.real"), "x.real");
  assert.equal(shows("1..real"), "1.real");
  assert.equal(shows("-1"), "(-1)");
});

Deno.test("strings", async (t) => {
  await t.step("quotes, prefixes, triple quotes", () => {
    assert.equal(str("'single'"), "single");
    assert.equal(str('"double"'), "double");
    assert.equal(str("'''tri\nple'''"), "tri\nple");
    assert.equal(str('"""a "quoted" b"""'), 'a "quoted" b');
    assert.equal(str("u'x'"), "x");
    assert.equal(str("U'x'"), "x");
    assert.equal(str("'it\\'s'"), "it's");
    assert.equal(str('"say \\"hi\\""'), 'say "hi"');
  });
  await t.step("escapes", () => {
    assert.equal(str("'\\n\\t\\r\\\\\\a\\b\\f\\v\\0'"), "\n\t\r\\\x07\b\f\v\0");
    assert.equal(str("'\\x41\\u00e9\\U0001F600\\101\\7'"), "Aé😀A\x07");
    assert.equal(str("'\\d\\q'"), "\\d\\q"); // unknown escapes keep the backslash
    assert.equal(str("'ab\\\ncd'"), "abcd"); // line continuation inside a string
  });
  await t.step("raw and bytes", () => {
    assert.equal(str("r'\\n\\d'"), "\\n\\d");
    assert.equal(str("R'\\''"), "\\'");
    assert.deepEqual(value("b'\\x00\\xffA'"), { type: "bytes", value: "\x00\xffA" });
    assert.deepEqual(value("rb'\\x00'"), { type: "bytes", value: "\\x00" });
    assert.deepEqual(value("BR'\\n'"), { type: "bytes", value: "\\n" });
    assert.deepEqual(value("b'\\u1234'"), { type: "bytes", value: "\\u1234" });
  });
  await t.step("implicit concatenation", () => {
    assert.equal(str("'a' \"b\" '''c'''"), "abc");
    assert.equal(str("('a'\n 'b')"), "ab");
    assert.deepEqual(value("b'a' b'b'"), { type: "bytes", value: "ab" });
    assert.equal(shows("'a' f'{x}' 'b' f'c{y}'"), 'f["a", {x}, "bc", {y}]');
  });
});

Deno.test("f-strings", async (t) => {
  await t.step("literal parts and fields", () => {
    assert.equal(shows("f'a{x}b'"), 'f["a", {x}, "b"]');
    assert.equal(shows("f'{x}'"), "f[{x}]");
    assert.equal(shows("f''"), "f[]");
    assert.equal(shows("f'{a + b * 2}{c!r}'"), "f[{(a + (b * 2))}, {c!r}]");
    assert.equal(shows("f'{x!s}{y!a}'"), "f[{x!s}, {y!a}]");
    assert.equal(shows("F'{d[\"k\"]}'"), 'f[{d["k"]}]');
    assert.equal(shows("rf'\\n{x}'"), 'f["\\\\n", {x}]');
    assert.equal(shows("f'\\n{x}\\t'"), 'f["\\n", {x}, "\\t"]');
  });
  await t.step("format specs, nested fields", () => {
    assert.equal(shows("f'{x:.2f}'"), 'f[{x:f[".2f"]}]');
    assert.equal(shows("f'{x:{w}.{p}f}'"), 'f[{x:f[{w}, ".", {p}, "f"]}]');
    assert.equal(shows("f'{x!r:>{w}}'"), 'f[{x!r:f[">", {w}]}]');
    assert.equal(shows("f'{3.14159:.2f}'"), 'f[{3.14159:f[".2f"]}]');
  });
  await t.step("{{ and }} escapes", () => {
    assert.equal(shows("f'{{x}} {{{y}}}'"), 'f["{x} {", {y}, "}"]');
  });
  await t.step("self-documenting {x=}", () => {
    const e = expr("f'{x=}, {y = !s}, {z=:>4}'") as JoinedStr;
    assert.equal(show(e), 'f["x=", {x!r}, ", y = ", {y!s}, ", z=", {z:f[">4"]}]');
    const fv = e.values[1];
    assert.equal(fv.kind, "FormattedValue");
    assert.equal(fv.kind === "FormattedValue" && fv.selfDocumenting, "x=");
  });
  await t.step("nested f-strings and other expressions", () => {
    assert.equal(shows("f'{f\"{y}\"}'"), "f[{f[{y}]}]");
    assert.equal(shows("f'{[i for i in r]}'"), "f[{[i for i in r]}]");
    assert.equal(shows("f'{a if b else c}'"), "f[{(a if b else c)}]");
    assert.equal(shows("f'{(lambda: 1)()}'"), "f[{(lambda : 1)()}]");
    assert.equal(shows("f'{a != b}{a >= b}'"), "f[{(a != b)}, {(a >= b)}]");
  });
  await t.step("expression spans point into the real source", () => {
    const e = expr("f'ab{xy + 1}'") as JoinedStr;
    const fv = e.values[1];
    assert.equal(fv.kind, "FormattedValue");
    if (fv.kind === "FormattedValue") {
      assert.deepEqual(span(fv.value), [1, 6, 1, 12]);
      assert.deepEqual(span(fv), [1, 5, 1, 13]);
    }
    const m = stmts("x = 1\ns = f'''\n  {a}\n  {b +\n c}'''\n");
    const j = (m[1] as Extract<Stmt, { kind: "Assign" }>).value as JoinedStr;
    const fvs = j.values.filter((v) => v.kind === "FormattedValue");
    assert.deepEqual(fvs.map((v) => v.kind === "FormattedValue" && span(v.value)), [[3, 4, 3, 5], [4, 4, 5, 3]]);
  });
});

// ---------------------------------------------------------------- expressions

Deno.test("precedence", () => {
  const cases: [string, string][] = [
    ["-2**2", "(-(2 ** 2))"],
    ["2**-1", "(2 ** (-1))"],
    ["2**3**2", "(2 ** (3 ** 2))"],
    ["-x**-y**z", "(-(x ** (-(y ** z))))"],
    ["~a**b", "(~(a ** b))"],
    ["a + b * c", "(a + (b * c))"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b // c % d @ e", "((((a / b) // c) % d) @ e)"],
    ["a * -b", "(a * (-b))"],
    ["a + b << c", "((a + b) << c)"],
    ["a << b & c", "((a << b) & c)"],
    ["a & b ^ c", "((a & b) ^ c)"],
    ["a ^ b | c", "((a ^ b) | c)"],
    ["a | b < c", "((a | b) < c)"],
    ["a < b <= c != d", "(a < b <= c != d)"],
    ["a in b not in c is d is not e", "(a in b not in c is d is not e)"],
    ["not a == b", "(not (a == b))"],
    ["not not a", "(not (not a))"],
    ["a and not b", "(a and (not b))"],
    ["a and b or c and d", "((a and b) or (c and d))"],
    ["a or b or c", "(a or b or c)"],
    ["a if b else c if d else e", "(a if b else (c if d else e))"],
    ["a or b if c and d else e", "((a or b) if (c and d) else e)"],
    ["lambda x: x if x else y", "(lambda x: (x if x else y))"],
    ["lambda: lambda: 0", "(lambda : (lambda : 0))"],
    ["-x.y[0](1)", "(-x.y[0](1))"],
    ["(a + b) * c", "((a + b) * c)"],
    ["a.b.c(d)(e)[f]", "a.b.c(d)(e)[f]"],
  ];
  for (const [src, want] of cases) assert.equal(shows(src), want, src);
});

Deno.test("expressions", async (t) => {
  await t.step("displays, tuples, starred, trailing commas", () => {
    assert.equal(shows("()"), "()");
    assert.equal(shows("(1,)"), "(1,)");
    assert.equal(shows("(1, 2,)"), "(1, 2)");
    assert.equal(shows("1, 2"), "(1, 2)");
    assert.equal(shows("(1)"), "1");
    assert.equal(shows("[]"), "[]");
    assert.equal(shows("[1, *a, 2,]"), "[1, *a, 2]");
    assert.equal(shows("(*a, *b)"), "(*a, *b)");
    assert.equal(shows("{1, 2}"), "{1, 2}");
    assert.equal(shows("{*a, 1}"), "{*a, 1}");
    assert.equal(shows("{}"), "{}");
    assert.equal(shows("{'a': 1, **b, 'c': 2,}"), '{"a": 1, **b, "c": 2}');
    assert.equal(shows("{**a}"), "{**a}");
    assert.equal(shows("..."), "...");
    assert.equal(shows("[...]"), "[...]");
    assert.equal(shows("None, True, False"), "(None, true, false)");
  });
  await t.step("comprehensions", () => {
    assert.equal(shows("[x * x for x in r if x % 2 == 0]"), "[(x * x) for x in r if ((x % 2) == 0)]");
    assert.equal(shows("[a for b in c if d if e for f in g]"), "[a for b in c if d if e for f in g]");
    assert.equal(shows("{k: v for k, v in d.items()}"), "{k: v for (k, v) in d.items()}");
    assert.equal(shows("{x for x in y}"), "{x for x in y}");
    assert.equal(shows("(x for x in y)"), "(x for x in y)");
    assert.equal(shows("[y for x in a if x for y in x]"), "[y for x in a if x for y in x]");
    assert.equal(shows("[x for x in a or b]"), "[x for x in (a or b)]");
    assert.equal(shows("[x if c else y for x in z]"), "[(x if c else y) for x in z]");
    assert.equal(shows("sum(x for x in y)"), "sum((x for x in y))");
    assert.equal(shows("f((x for x in y), 1)"), "f((x for x in y), 1)");
    const c = expr("[x for x, in y]");
    assert.equal(c.kind === "Comprehension" && c.generators[0].target.kind, "Tuple");
  });
  await t.step("calls", () => {
    assert.equal(shows("f()"), "f()");
    assert.equal(shows("f(a, b=1, *c, d=2, **e)"), "f(a, *c, b=1, d=2, **e)");
    assert.equal(shows("f(*a, *b, **c, **d)"), "f(*a, *b, **c, **d)");
    assert.equal(shows("f(a,)"), "f(a)");
    assert.equal(shows("f(x for x in y)"), "f((x for x in y))");
    assert.equal(shows("f(key=lambda v: -v)"), "f(key=(lambda v: (-v)))");
    assert.equal(shows("f(a)(b)"), "f(a)(b)");
    const call = expr("f(a, *b, c=1, **d)");
    assert.equal(call.kind, "Call");
    if (call.kind === "Call") {
      assert.deepEqual(strip(call.keywords), [
        { arg: "c", value: { kind: "Constant", value: { type: "int", value: 1 } } },
        { arg: null, value: { kind: "Name", id: "d" } },
      ]);
      assert.equal(call.args[1].kind, "Starred");
    }
  });
  await t.step("subscripts and slices", () => {
    assert.equal(shows("a[1]"), "a[1]");
    assert.equal(shows("a[1:2]"), "a[1:2]");
    assert.equal(shows("a[::2]"), "a[::2]");
    assert.equal(shows("a[:]"), "a[:]");
    assert.equal(shows("a[1:]"), "a[1:]");
    assert.equal(shows("a[::-1]"), "a[::(-1)]");
    assert.equal(shows("a[1:2, ::3]"), "a[(1:2, ::3)]");
    assert.equal(shows("a[:, None]"), "a[(:, None)]");
    assert.equal(shows("a[..., 0]"), "a[(..., 0)]");
    assert.equal(shows("a[1,]"), "a[(1,)]");
    assert.equal(shows("a[*b]"), "a[(*b,)]");
    assert.equal(shows("a[x:=1]"), "a[(x := 1)]");
    const s = expr("a[1:2:3]");
    assert.deepEqual(strip(s.kind === "Subscript" && s.index), {
      kind: "Slice",
      lower: { kind: "Constant", value: { type: "int", value: 1 } },
      upper: { kind: "Constant", value: { type: "int", value: 2 } },
      step: { kind: "Constant", value: { type: "int", value: 3 } },
    });
  });
  await t.step("lambda, walrus, conditional", () => {
    const l = expr("lambda a, b=1, *c, d, e=2, **f: a");
    assert.equal(l.kind, "Lambda");
    if (l.kind === "Lambda") {
      assert.deepEqual(l.args.args.map((a) => a.name), ["a", "b"]);
      assert.equal(l.args.defaults.length, 1);
      assert.equal(l.args.vararg?.name, "c");
      assert.deepEqual(l.args.kwonly.map((a) => a.name), ["d", "e"]);
      assert.deepEqual(l.args.kwDefaults.map((d) => d && show(d)), [null, "2"]);
      assert.equal(l.args.kwarg?.name, "f");
    }
    assert.equal(shows("lambda *, k: k"), "(lambda : k)");
    assert.equal(shows("(y := f(x))"), "(y := f(x))");
    assert.equal(shows("[y := 1, y ** 2]"), "[(y := 1), (y ** 2)]");
    assert.equal(shows("x if y else z"), "(x if y else z)");
  });
});

// ---------------------------------------------------------------- statements

Deno.test("statements", async (t) => {
  await t.step("assignments", () => {
    const a = stmt("a = b = 1");
    assert.equal(a.kind, "Assign");
    if (a.kind === "Assign") assert.deepEqual(a.targets.map(show), ["a", "b"]);
    const b = stmt("a, [b, *c] = x");
    assert.equal(b.kind === "Assign" && show(b.targets[0]), "(a, [b, *c])");
    const c = stmt("obj.attr[i], d['k'] = 1, 2");
    assert.equal(c.kind === "Assign" && show(c.targets[0]), '(obj.attr[i], d["k"])');
    const d = stmt("a, *rest = [1, 2, 3]");
    assert.equal(d.kind === "Assign" && show(d.targets[0]), "(a, *rest)");
    assert.equal((stmt("def f():\n    x = yield y\n") as FunctionDef).body[0].kind, "Assign");
    assert.equal(stmt("(a) = 1").kind, "Assign");
    assert.equal(stmt("[a] = [1]").kind, "Assign");
  });
  await t.step("augmented and annotated assignment", () => {
    const ops = ["+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|", "^"];
    for (const op of ops) {
      const s = stmt(`x ${op}= 2`);
      assert.equal(s.kind === "AugAssign" && s.op, op);
    }
    assert.equal(stmt("self.count += by").kind, "AugAssign");
    assert.equal(stmt("a[i] -= 1").kind, "AugAssign");
    assert.deepEqual(strip(stmt("x: int = 5")), {
      kind: "AnnAssign",
      target: { kind: "Name", id: "x" },
      annotation: { kind: "Name", id: "int" },
      value: { kind: "Constant", value: { type: "int", value: 5 } },
    });
    const ann = stmt("self.x: List[int]");
    assert.equal(ann.kind === "AnnAssign" && ann.value, null);
    assert.equal(ann.kind === "AnnAssign" && show(ann.annotation), "List[int]");
  });
  await t.step("if / elif / else", () => {
    const s = stmt("if a:\n    x\nelif b:\n    y\nelif c:\n    z\nelse:\n    w\n");
    assert.equal(s.kind, "If");
    if (s.kind !== "If") return;
    const e1 = s.orelse[0];
    assert.equal(e1.kind, "If");
    if (e1.kind !== "If") return;
    assert.equal(show(e1.test), "b");
    const e2 = e1.orelse[0];
    assert.equal(e2.kind === "If" && show(e2.test), "c");
    assert.equal(e2.kind === "If" && e2.orelse[0].kind, "ExprStmt");
    assert.deepEqual(span(s), [1, 1, 8, 6]);
    assert.deepEqual(span(e1), [3, 1, 8, 6]);
  });
  await t.step("loops", () => {
    const w = stmt("while i < 10:\n    i += 1\n    if i == 2:\n        continue\n    break\nelse:\n    pass\n");
    assert.equal(w.kind, "While");
    if (w.kind === "While") {
      assert.deepEqual(w.body.map((x) => x.kind), ["AugAssign", "If", "Break"]);
      assert.deepEqual(w.orelse.map((x) => x.kind), ["Pass"]);
    }
    const f = stmt("for i, (a, b) in enumerate(zip(x, y), 1):\n    pass\nelse:\n    done = True\n");
    assert.equal(f.kind, "For");
    if (f.kind === "For") {
      assert.equal(show(f.target), "(i, (a, b))");
      assert.equal(show(f.iter), "enumerate(zip(x, y), 1)");
      assert.equal(f.orelse.length, 1);
    }
    const f2 = stmt("for x in 1, 2, 3: pass");
    assert.equal(f2.kind === "For" && show(f2.iter), "(1, 2, 3)");
  });
  await t.step("function definitions", () => {
    const f = stmt("@a.b(c)\n@d\ndef f(p, q=1, /, r=2, *args, s, t=3, **kw) -> int:\n    'doc'\n    return p\n");
    assert.equal(f.kind, "FunctionDef");
    if (f.kind !== "FunctionDef") return;
    assert.equal(f.name, "f");
    assert.deepEqual(f.decorators.map(show), ["a.b(c)", "d"]);
    assert.deepEqual(f.args.posonly.map((a) => a.name), ["p", "q"]);
    assert.deepEqual(f.args.args.map((a) => a.name), ["r"]);
    assert.deepEqual(f.args.defaults.map(show), ["1", "2"]);
    assert.equal(f.args.vararg?.name, "args");
    assert.deepEqual(f.args.kwonly.map((a) => a.name), ["s", "t"]);
    assert.deepEqual(f.args.kwDefaults.map((d) => d && show(d)), [null, "3"]);
    assert.equal(f.args.kwarg?.name, "kw");
    assert.equal(f.returns && show(f.returns), "int");
    assert.equal(f.isGenerator, false);
    assert.deepEqual(span(f), [3, 1, 5, 13]);
    const g = stmt("def g(x: int, *a: str, y: float = 1.0, **k: dict): pass");
    assert.equal(g.kind, "FunctionDef");
    if (g.kind === "FunctionDef") {
      assert.equal(g.args.args[0].annotation && show(g.args.args[0].annotation), "int");
      assert.equal(g.args.vararg?.annotation && show(g.args.vararg.annotation), "str");
      assert.equal(g.args.kwonly[0].annotation && show(g.args.kwonly[0].annotation), "float");
      assert.equal(g.args.kwarg?.annotation && show(g.args.kwarg.annotation), "dict");
    }
    const h = stmt("def h(*, k): pass");
    assert.equal(h.kind === "FunctionDef" && h.args.kwonly[0].name, "k");
  });
  await t.step("generators", () => {
    const gen = (src: string) => (stmts(src).find((s) => s.kind === "FunctionDef") as FunctionDef).isGenerator;
    assert.equal(gen("def f():\n    yield 1\n"), true);
    assert.equal(gen("def f():\n    x = yield\n"), true);
    assert.equal(gen("def f():\n    yield from g()\n"), true);
    assert.equal(gen("def f():\n    if a:\n        for x in y:\n            print((yield x))\n"), true);
    assert.equal(gen("def f():\n    def g():\n        yield 1\n    return g\n"), false);
    assert.equal(gen("def f():\n    return lambda: (yield)\n"), false);
    assert.equal(gen("def f():\n    class A:\n        def m(self):\n            yield\n"), false);
    const outer = stmt("def f():\n    def g():\n        yield 1\n    yield 2\n") as FunctionDef;
    assert.equal(outer.isGenerator, true);
    assert.equal((outer.body[0] as FunctionDef).isGenerator, true);
    const y = stmt("def f():\n    yield\n    yield a, b\n    yield from c\n") as FunctionDef;
    assert.deepEqual(y.body.map((s) => s.kind === "ExprStmt" && show(s.value)), [
      "(yield )",
      "(yield (a, b))",
      "(yield from c)",
    ]);
  });
  await t.step("classes", () => {
    const c = stmt(
      "@dataclass\nclass Twice(Counter, Base, metaclass=Meta, **kw):\n    total = 0\n    def inc(self, by=1):\n        return super().inc(by * 2)\n",
    );
    assert.equal(c.kind, "ClassDef");
    if (c.kind !== "ClassDef") return;
    assert.equal(c.name, "Twice");
    assert.deepEqual(c.bases.map(show), ["Counter", "Base"]);
    assert.deepEqual(c.keywords.map((k) => [k.arg, show(k.value)]), [["metaclass", "Meta"], [null, "kw"]]);
    assert.deepEqual(c.body.map((s) => s.kind), ["Assign", "FunctionDef"]);
    assert.deepEqual(c.decorators.map(show), ["dataclass"]);
    assert.equal(stmt("class A: pass").kind, "ClassDef");
    assert.equal((stmt("class A(): pass") as { bases: unknown[] }).bases.length, 0);
  });
  await t.step("imports", () => {
    assert.deepEqual(strip(stmt("import torch.nn as nn, math")), {
      kind: "Import",
      names: [{ name: "torch.nn", asname: "nn" }, { name: "math", asname: null }],
    });
    assert.deepEqual(strip(stmt("from torch.utils.data import Dataset, DataLoader as DL")), {
      kind: "ImportFrom",
      module: "torch.utils.data",
      names: [{ name: "Dataset", asname: null }, { name: "DataLoader", asname: "DL" }],
      level: 0,
    });
    assert.deepEqual(strip(stmt("from . import (a,\n    b as c,\n)")), {
      kind: "ImportFrom",
      module: null,
      names: [{ name: "a", asname: null }, { name: "b", asname: "c" }],
      level: 1,
    });
    const rel = stmt("from ...pkg.mod import *");
    assert.equal(rel.kind === "ImportFrom" && rel.level, 3);
    assert.equal(rel.kind === "ImportFrom" && rel.module, "pkg.mod");
    assert.equal(rel.kind === "ImportFrom" && rel.names[0].name, "*");
    const rel2 = stmt("from .. import x");
    assert.equal(rel2.kind === "ImportFrom" && rel2.level, 2);
    assert.equal(stmt("from __future__ import print_function").kind, "ImportFrom");
  });
  await t.step("with", () => {
    const w = stmt("with open(a) as f, lock, ctx() as (x, y):\n    pass\n");
    assert.equal(w.kind, "With");
    if (w.kind === "With") {
      assert.deepEqual(w.items.map((i) => [show(i.contextExpr), i.optionalVars && show(i.optionalVars)]), [
        ["open(a)", "f"],
        ["lock", null],
        ["ctx()", "(x, y)"],
      ]);
    }
    const p = stmt("with (\n    open(a) as f,\n    open(b) as g,\n):\n    pass\n");
    assert.equal(p.kind === "With" && p.items.length, 2);
    const q = stmt("with (a, b):\n    pass\n"); // two context managers, as in Python 3.9+
    assert.equal(q.kind === "With" && q.items.length, 2);
    const r = stmt("with (a, b) as c:\n    pass\n");
    assert.equal(r.kind === "With" && show(r.items[0].contextExpr), "(a, b)");
    assert.equal(stmt("with torch.no_grad():\n    pass\n").kind, "With");
  });
  await t.step("try / except / else / finally, raise", () => {
    const t1 = stmt(
      "try:\n    raise ValueError('bad')\nexcept (A, B) as e:\n    raise C from e\nexcept D:\n    raise\nexcept:\n    pass\nelse:\n    x = 1\nfinally:\n    y = 2\n",
    );
    assert.equal(t1.kind, "Try");
    if (t1.kind !== "Try") return;
    assert.deepEqual(t1.handlers.map((h) => [h.type && show(h.type), h.name]), [["(A, B)", "e"], ["D", null], [
      null,
      null,
    ]]);
    assert.equal(t1.orelse.length, 1);
    assert.equal(t1.finalbody.length, 1);
    const r = t1.handlers[0].body[0];
    assert.equal(r.kind === "Raise" && r.cause && show(r.cause), "e");
    const bare = t1.handlers[1].body[0];
    assert.deepEqual(strip(bare), { kind: "Raise", exc: null, cause: null });
    const t2 = stmt("try:\n    pass\nfinally:\n    pass\n");
    assert.equal(t2.kind === "Try" && t2.handlers.length, 0);
  });
  await t.step("other simple statements", () => {
    assert.deepEqual(strip(stmt("assert x > 0, 'msg'")), {
      kind: "Assert",
      test: {
        kind: "Compare",
        left: { kind: "Name", id: "x" },
        ops: [">"],
        comparators: [{ kind: "Constant", value: { type: "int", value: 0 } }],
      },
      msg: { kind: "Constant", value: { type: "str", value: "msg" } },
    });
    const fn = stmt("def f():\n    global a, b\n    def g():\n        nonlocal c\n    c = 1\n") as FunctionDef;
    assert.deepEqual(strip(fn.body[0]), { kind: "Global", names: ["a", "b"] });
    assert.deepEqual(strip((fn.body[1] as FunctionDef).body[0]), { kind: "Nonlocal", names: ["c"] });
    const del = stmt("del a[0], b.c, (d, e), [f]");
    assert.equal(del.kind === "Delete" && del.targets.map(show).join(" "), "a[0] b.c (d, e) [f]");
    assert.deepEqual(strip(stmt("def f():\n    return a, b\n") as FunctionDef).body, [{
      kind: "Return",
      value: { kind: "Tuple", elts: [{ kind: "Name", id: "a" }, { kind: "Name", id: "b" }] },
    }]);
    assert.deepEqual(stmts("pass; break_ = 1; x = 2;").map((s) => s.kind), ["Pass", "Assign", "Assign"]);
  });
  await t.step("one-line compound statements", () => {
    const s = stmts("if x: a = 1; b = 2\nelse: pass\nwhile 0: pass\nfor i in r: print(i)\nclass E(Exception): pass\n");
    assert.deepEqual(s.map((x) => x.kind), ["If", "While", "For", "ClassDef"]);
    assert.equal(s[0].kind === "If" && s[0].body.length, 2);
    assert.equal(stmt("def f(): return 1").kind, "FunctionDef");
    assert.equal(stmt("with a: pass").kind, "With");
    assert.equal(stmt("try: x\nexcept: y").kind, "Try");
  });
});

// ---------------------------------------------------------------- spans

Deno.test("spans", () => {
  const call = expr("print(x, y)");
  assert.deepEqual(span(call), [1, 1, 1, 12]);
  assert.deepEqual(span(expr("(a + b) * c")), [1, 1, 1, 12]);
  assert.deepEqual(span(expr("a * (b + c)")), [1, 1, 1, 12]);
  const assign = stmt("x = foo(a,\n        b)\n");
  assert.deepEqual(span(assign), [1, 1, 2, 11]);
  assert.equal(assign.kind === "Assign" && JSON.stringify(span(assign.value)), "[1,5,2,11]");
  const f = stmt("def f(x):\n    if x:\n        return x + 1\n    return 0\n") as FunctionDef;
  assert.deepEqual(span(f), [1, 1, 4, 13]);
  assert.deepEqual(span(f.body[0]), [2, 5, 3, 21]);
  assert.deepEqual(span(f.args.args[0]), [1, 7, 1, 8]);
  const ret = (f.body[0] as Extract<Stmt, { kind: "If" }>).body[0];
  assert.deepEqual(span(ret), [3, 9, 3, 21]);
  assert.equal(ret.kind === "Return" && JSON.stringify(span(ret.value!)), "[3,16,3,21]");
  assert.deepEqual(span(expr("x[1:2, ::3]")), [1, 1, 1, 12]);
  assert.deepEqual(span(expr("f(x for x in y)")), [1, 1, 1, 16]);
  const g = expr("f(x for x in y)");
  assert.deepEqual(g.kind === "Call" && span(g.args[0]), [1, 2, 1, 16]); // a sole generator spans the parentheses
  assert.deepEqual(span(expr("'a' 'b'")), [1, 1, 1, 8]);
  assert.deepEqual(span(expr("(1, 2)")), [1, 1, 1, 7]);
  assert.deepEqual(span(expr("1, 2")), [1, 1, 1, 5]);
  const m = mod("x = 1\r\ny = 2");
  assert.deepEqual(m.lines, ["x = 1", "y = 2"]);
  assert.equal(m.filename, "t.py");
  assert.deepEqual(mod("a\nb\n").lines, ["a", "b"]);
});

// ---------------------------------------------------------------- whole programs

const LANGUAGE_SAMPLE = `classes = ('plane', 'car', 'bird', 'cat',
           'deer', 'dog', 'frog', 'horse', 'ship', 'truck')
labels = [3, 0, 8, 1]
print(' '.join('%5s' % classes[labels[j]] for j in range(4)))
running_loss = 4374.123
print('[%d, %5d] loss: %.3f' % (1, 2000, running_loss / 2000))
class_correct = list(0. for i in range(10))
squares = [i * i for i in range(6) if i % 2 == 0]
d = {'a': 1, 'b': 2}
d['c'] = 3
for k, v in d.items():
    print(k, v)
print(sorted(d.keys(), reverse=True), d.get('z', 0), 'a' in d)
print({k: v * 2 for k, v in d.items()})
name = 'tsl'
print(f'{name} has {len(name)} letters, pi is about {3.14159:.2f}')
print(7 // 2, 7 % 3, -7 // 2, 2 ** 10, 7 / 2, abs(-3), round(2.675, 2))
a, *rest = [1, 2, 3, 4]
x, y = y, x
t = (1, 2, 3)
print(t[1:], t[::-1], len(t))


def f(a, b=2, *args, **kwargs):
    return a + b + sum(args) + sum(kwargs.values())


g = lambda z: z * 3
print(g(4), list(map(g, [1, 2])), list(filter(lambda q: q > 1, [0, 1, 2, 3])))
i = 0
while True:
    i += 1
    if i == 2:
        continue
    if i > 4:
        break
for j in range(3):
    pass
else:
    else_hit = True
try:
    raise ValueError('bad value')
except ValueError as e:
    print('caught', e)
finally:
    print('finally')


class Counter:
    total = 0

    def __init__(self, start=0):
        self.count = start

    def inc(self, by=1):
        self.count += by
        Counter.total += by
        return self


class Twice(Counter):
    def inc(self, by=1):
        return super().inc(by * 2)


c = Twice(5).inc().inc(3)
print(1 < 2 < 3, 1 if False else 2, not True, None is None, 3 != 4)
print(max([1, 5, 2], key=lambda v: -v), divmod(17, 5), 10 ** -2)
import math
import random
print(0 <= random.randint(0, 3) <= 3)
`;

const BLITZ_SAMPLE = `from __future__ import print_function
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
x = torch.empty(5, 3)
x = torch.zeros(5, 3, dtype=torch.long)
x = x.new_ones(5, 3, dtype=torch.double)      
# new_* methods take in sizes
x = torch.randn_like(x, dtype=torch.float)    
y = torch.rand(5, 3)
print(x + y)
result = torch.empty(5, 3)
torch.add(x, y, out=result)
y.add_(x)
print(x[:, 1])
x = torch.randn(4, 4)
y = x.view(16)
z = x.view(-1, 8)  # the size -1 is inferred from other dimensions
print(x.size(), y.size(), z.size())
if torch.cuda.is_available():
    device = torch.device("cuda")          # a CUDA device object
    y = torch.ones_like(x, device=device)  # directly create a tensor on GPU
    x = x.to(device)
    z = x + y
    print(z.to("cpu", torch.double))       # \`\`.to\`\` can also change dtype together!
x = torch.ones(2, 2, requires_grad=True)
out = (x + 2).mean()
out.backward()
with torch.no_grad():
    print((x ** 2).requires_grad)


class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        # 1 input image channel, 6 output channels, 5x5 square convolution
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)

    def forward(self, x):
        # Max pooling over a (2, 2) window
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = x.view(-1, self.num_flat_features(x))
        return x

    def num_flat_features(self, x):
        size = x.size()[1:]  # all dimensions except the batch dimension
        num_features = 1
        for s in size:
            num_features *= s
        return num_features


net = Net()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
for epoch in range(2):  # loop over the dataset multiple times
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data
        optimizer.zero_grad()
        loss = criterion(net(inputs), labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        if i % 2000 == 1999:    # print every 2000 mini-batches
            print('[%d, %5d] loss: %.3f' %
                  (epoch + 1, i + 1, running_loss / 2000))
            running_loss = 0.0
print('Finished Training')
class_correct = list(0. for i in range(10))
print('Accuracy of the network on the 10000 test images: %d %%' % (
    100 * correct / total))
`;

Deno.test("whole programs parse", async (t) => {
  await t.step("language sample", () => {
    const m = mod(LANGUAGE_SAMPLE);
    assert.ok(m.body.length > 30, String(m.body.length));
    assert.ok(m.body.some((s) => s.kind === "ClassDef" && s.name === "Twice"));
  });
  await t.step("pytorch blitz sample", () => {
    const m = mod(BLITZ_SAMPLE);
    assert.equal(m.body.filter((s) => s.kind === "ClassDef").length, 1);
    assert.equal(m.lines.length, BLITZ_SAMPLE.split("\n").length - 1);
  });
  let dir: Deno.DirEntry[] = [];
  try {
    dir = [...Deno.readDirSync(new URL("./conformance/", import.meta.url))];
  } catch {
    // tests/conformance/ is added by the conformance tests; skip when absent.
  }
  for (const f of dir.filter((d) => d.name.endsWith(".tsl")).sort((a, b) => a.name.localeCompare(b.name))) {
    await t.step(`conformance/${f.name}`, () => {
      const src = Deno.readTextFileSync(new URL(`./conformance/${f.name}`, import.meta.url));
      assert.ok(parse(src, f.name).body.length > 0);
    });
  }
});

Deno.test("constructs tsl does not support are named", () => {
  const msg = (src: string) => {
    try {
      parse(src, "t.py");
    } catch (e) {
      return (e as { msg: string }).msg;
    }
    return "accepted";
  };
  assert.equal(msg("async def f():\n    pass\n"), "'async def' is not supported by tsl");
  assert.equal(msg("async for x in y:\n    pass\n"), "'async for' is not supported by tsl");
  assert.equal(msg("x = await y\n"), "'await' is not supported by tsl");
  assert.equal(msg("match command:\n    case 'go':\n        pass\n"), "the 'match' statement is not supported by tsl");
  assert.equal(msg("try:\n    pass\nexcept* E:\n    pass\n"), "'except*' is not supported by tsl");
});

Deno.test("parseExpression", () => {
  assert.equal(show(parseExpression("a + 1")), "(a + 1)");
  assert.throws(() => parseExpression("x = 1"), PySyntaxError);
});

Deno.test("nesting too deep for the parser is a SyntaxError, not a JavaScript error", () => {
  const deep = "x = " + "(".repeat(180) + "1" + ")".repeat(180) + "\n";
  assert.throws(() => parse(deep, "t.py"), PySyntaxError);
  assert.equal(stmts("y = 1\n").length, 1); // and the parser still works afterwards
});

// ---------------------------------------------------------------- REPL

Deno.test("isIncomplete follows CPython's interactive rules", () => {
  // [source, incomplete] — checked against codeop.compile_command(source, "<stdin>", "single").
  const cases: [string, boolean][] = [
    ["print(1)", false],
    ["print(1", true],
    ["x = (1,\n 2", true],
    ["x = [\n  1,\n  2,\n]", false],
    ["def f():", true],
    ["def f():\n  return 1", true],
    ["def f():\n  return 1\n", false],
    ["class A:\n  def f(self):\n    pass", true],
    ["if x:\n  pass\nelse:", true],
    ["if x:\n  pass\nelse:\n  pass\n", false],
    ["if x: pass", true],
    ["if x: pass\n", false],
    ["if x:\n", true],
    ["if x:\n  pass\n  ", true],
    ["for i in range(3):\n  print(i)", true],
    ["try:\n  pass", true],
    ["try:\n  pass\nexcept:\n  pass", true],
    ["x = '''abc", true],
    ["x = '''abc\n", true],
    ["x = f'''{a", true],
    ["x = \\", true],
    ["x = 1 \\\n", true],
    ["@dec", true],
    ["a = [i for i in", true],
    ["from x import (a,", true],
    ["with a:", true],
    ["", false],
    ["# comment", false],
    ["x = 1\n", false],
    ["x = 1; y = 2", false],
    ["x = 1 +", false],
    ["1 2", false],
    ["x = $", false],
    ["def f(:", false],
    ["s = 'abc", false],
    ["lambda x:", false],
    ["return", false],
    ["x = f'{a'", false],
    ["x = 1 if y", false],
    ["import", false],
  ];
  for (const [src, want] of cases) assert.equal(isIncomplete(src), want, JSON.stringify(src));
});

// Random expressions for generated programs: literals, names in scope, operators, comparisons,
// calls of builtins and methods with random arguments, subscripts and slices, comprehensions, lambdas,
// f-strings and %-formatting, and torch calls with random shapes and arguments. Nothing here loops
// without bound or builds huge values: literals and sizes stay small.

import type { Rng } from "./rng.ts";

/** What the expression generator may refer to. */
export interface ExprScope {
  names: string[];
  functions: string[];
  classes: string[];
  /** Nesting budget left (keeps expressions small). */
  depth: number;
}

const BINOPS = ["+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>"];
const CMPOPS = ["<", "<=", ">", ">=", "==", "!=", "is", "is not", "in", "not in"];
const BUILTINS = [
  "len",
  "abs",
  "min",
  "max",
  "sum",
  "sorted",
  "list",
  "tuple",
  "set",
  "dict",
  "str",
  "int",
  "float",
  "bool",
  "repr",
  "range",
  "enumerate",
  "zip",
  "round",
  "divmod",
  "pow",
  "hash",
  "type",
  "chr",
  "ord",
  "any",
  "all",
  "reversed",
  "isinstance",
  "hasattr",
  "getattr",
  "id",
  "iter",
  "next",
  "map",
  "filter",
  "format",
  "slice",
  "frozenset",
  "callable",
  "bin",
  "hex",
  "oct",
];
const METHODS = [
  "append",
  "pop",
  "insert",
  "index",
  "count",
  "sort",
  "reverse",
  "copy",
  "extend",
  "remove",
  "clear",
  "keys",
  "values",
  "items",
  "get",
  "update",
  "setdefault",
  "split",
  "join",
  "strip",
  "upper",
  "replace",
  "startswith",
  "find",
  "format",
  "add",
  "discard",
  "union",
  "sum",
  "mean",
  "view",
  "reshape",
  "transpose",
  "unsqueeze",
  "squeeze",
  "permute",
  "matmul",
  "item",
  "tolist",
  "size",
  "dim",
  "numel",
  "clone",
  "detach",
  "backward",
  "float",
  "long",
  "max",
  "argmax",
  "softmax",
  "relu",
  "exp",
  "abs",
  "sqrt",
  "t",
  "flatten",
  "expand",
  "repeat",
  "add_",
  "mul_",
  "zero_",
  "fill_",
  "requires_grad_",
  "masked_fill",
  "gather",
  "index_select",
  "cat",
  "__len__",
  "__getitem__",
  "__class__",
];
const TORCH_FNS = [
  "tensor",
  "zeros",
  "ones",
  "arange",
  "randn",
  "rand",
  "full",
  "eye",
  "linspace",
  "cat",
  "stack",
  "matmul",
  "sum",
  "mean",
  "max",
  "where",
  "exp",
  "relu",
  "sigmoid",
  "softmax",
  "flatten",
  "reshape",
  "transpose",
  "zeros_like",
  "ones_like",
  "manual_seed",
  "randint",
  "clamp",
  "argmax",
  "equal",
  "allclose",
  "cumsum",
  "topk",
  "sort",
];
const NN = [
  "Linear",
  "ReLU",
  "Conv2d",
  "MaxPool2d",
  "Dropout",
  "BatchNorm1d",
  "Sequential",
  "CrossEntropyLoss",
  "MSELoss",
];
const STR_PIECES = ["", "a", "ab", "x y", "1", "%d", "{}", "{0}", "\\n", "é", "a,b", " pad "];
const FORMAT_SPECS = ["", ":d", ":.2f", ":>5", ":<3", ":^7", ":x", ":05d", ":,", ":e", ":%", ":s", "!r", ":+.1f", ":b"];

export function genExpr(rng: Rng, s: ExprScope): string {
  if (s.depth <= 0) return atom(rng, s);
  const inner: ExprScope = { ...s, depth: s.depth - 1 };
  const e = () => genExpr(rng, inner);
  return rng.weighted<() => string>([
    [6, () => atom(rng, s)],
    [4, () => `(${e()} ${rng.pick(BINOPS)} ${e()})`],
    [1, () => `(${rng.pick(["-", "+", "~", "not "])}${e()})`],
    [3, () => `(${e()} ${rng.pick(CMPOPS)} ${e()})`],
    [1, () => `(${e()} ${rng.pick(["and", "or"])} ${e()})`],
    [1, () => `(${e()} if ${e()} else ${e()})`],
    [4, () => `${rng.pick(BUILTINS)}(${args(rng, inner)})`],
    [4, () => `(${e()}).${rng.pick(METHODS)}(${args(rng, inner)})`],
    [4, () => `torch.${rng.pick(TORCH_FNS)}(${torchArgs(rng, inner)})`],
    [1, () => `nn.${rng.pick(NN)}(${torchArgs(rng, inner)})`],
    [
      1,
      () =>
        `F.${rng.pick(["relu", "softmax", "cross_entropy", "mse_loss", "max_pool2d", "linear"])}(${args(rng, inner)})`,
    ],
    [2, () => `(${e()})[${subscript(rng, inner)}]`],
    [1, () => `(${e()}).${rng.pick(["shape", "grad", "dtype", "T", "data", "real", "__dict__", "__name__", "x"])}`],
    [2, () => comprehension(rng, inner)],
    [1, () => `(lambda ${rng.pick(["", "a", "a, b=1", "*a", "**k"])}: ${e()})`],
    [2, () => fstring(rng, inner)],
    [1, () => `('${rng.pick(["%d", "%s", "%5.2f", "%r %r", "%x", "%-4s|", "%%"])}' % ${e()})`],
    [1, () => `'{} {}'.format(${args(rng, inner)})`],
    [2, () => call(rng, inner)],
    [1, () => `(${rng.pick(s.names.length ? s.names : ["x"])} := ${e()})`],
  ])();
}

function call(rng: Rng, s: ExprScope): string {
  const callee = s.functions.length || s.classes.length ? rng.pick([...s.functions, ...s.classes]) : rng.pick(BUILTINS);
  return `${callee}(${args(rng, s)})`;
}

export function atom(rng: Rng, s: ExprScope): string {
  return rng.weighted<() => string>([
    [4, () => (s.names.length ? rng.pick(s.names) : String(rng.int(0, 9)))],
    [3, () => String(rng.weighted([[8, rng.int(-3, 10)], [1, rng.int(-1000, 1000)], [1, 2 ** 62 + rng.int(0, 3)]]))],
    [2, () => rng.pick(["0.5", "1.0", "-2.5", "1e3", "0.1", "3.14159", "float('inf')", "float('nan')", "1e-8"])],
    [2, () => `'${rng.pick(STR_PIECES)}'`],
    [1, () => rng.pick(["True", "False", "None", "...", "b'ab'", "1.5"])],
    [2, () => `[${list(rng, s)}]`],
    [1, () => `(${list(rng, s) || "()"},)`],
    [1, () => `{${list(rng, s)}}`],
    [1, () => `{${Array.from({ length: rng.int(0, 3) }, () => `${atomLeaf(rng)}: ${atomLeaf(rng)}`).join(", ")}}`],
    [2, () => `torch.tensor(${tensorData(rng)})`],
  ])();
}

function atomLeaf(rng: Rng): string {
  return rng.pick(["0", "1", "2", "-1", "'a'", "'b'", "None", "True", "2.5", "(1, 2)"]);
}

function list(rng: Rng, s: ExprScope): string {
  const leaf: ExprScope = { ...s, depth: 0 };
  return Array.from({ length: rng.int(0, 4) }, () => genExpr(rng, leaf)).join(", ");
}

function args(rng: Rng, s: ExprScope): string {
  const n = rng.weighted([[2, 0], [4, 1], [3, 2], [1, 3]]);
  const out = Array.from({ length: n }, () => genExpr(rng, s));
  if (rng.chance(0.15)) out.push(`*${genExpr(rng, s)}`);
  if (rng.chance(0.2)) {
    out.push(`${rng.pick(["key", "reverse", "dim", "default", "start", "sep", "x", "b"])}=${genExpr(rng, s)}`);
  }
  if (rng.chance(0.05)) out.push(`**${genExpr(rng, s)}`);
  return out.join(", ");
}

function shape(rng: Rng): string {
  return Array.from({ length: rng.int(0, 4) }, () => rng.weighted([[6, rng.int(1, 4)], [1, 0], [1, -1]])).join(", ");
}

function tensorData(rng: Rng): string {
  const dims = rng.int(0, 3);
  const build = (d: number): string => {
    if (d === 0) return rng.pick(["0", "1", "2.5", "-1", "True", "3", "float('nan')", "0.0"]);
    const n = rng.weighted([[6, rng.int(1, 3)], [1, 0]]);
    return `[${Array.from({ length: n }, () => build(d - 1)).join(", ")}]`;
  };
  return build(dims);
}

function torchArgs(rng: Rng, s: ExprScope): string {
  const out = rng.weighted<() => string[]>([
    [4, () => [shape(rng)]],
    [3, () => [tensorData(rng)]],
    [3, () => [args(rng, s)]],
  ])();
  const kw = ["dim", "dtype", "requires_grad", "keepdim", "out", "device", "bias", "padding", "stride"];
  if (rng.chance(0.4)) {
    const val = rng.pick([
      "0",
      "1",
      "-1",
      "True",
      "False",
      "torch.float64",
      "torch.long",
      "torch.bool",
      "'cpu'",
      "None",
      "2",
    ]);
    out.push(`${rng.pick(kw)}=${val}`);
  }
  return out.filter((a) => a !== "").join(", ");
}

function subscript(rng: Rng, s: ExprScope): string {
  const e = () => (rng.chance(0.7) ? String(rng.int(-3, 4)) : genExpr(rng, s));
  return rng.weighted<() => string>([
    [4, e],
    [3, () => `${rng.chance(0.7) ? e() : ""}:${rng.chance(0.7) ? e() : ""}${rng.chance(0.3) ? ":" + e() : ""}`],
    [1, () => `${e()}, ${e()}`],
    [1, () => `..., ${e()}`],
    [1, () => `None`],
  ])();
}

function comprehension(rng: Rng, s: ExprScope): string {
  const v = rng.pick(["i", "j", "k"]);
  const inner: ExprScope = { ...s, names: [...s.names, v] };
  const src = rng.pick([`range(${rng.int(0, 5)})`, "'abc'", `[1, 2, 3]`, genExpr(rng, s)]);
  const cond = rng.chance(0.4) ? ` if ${genExpr(rng, inner)}` : "";
  const body = genExpr(rng, inner);
  return rng.weighted<() => string>([
    [3, () => `[${body} for ${v} in ${src}${cond}]`],
    [1, () => `{${body} for ${v} in ${src}${cond}}`],
    [1, () => `{${v}: ${body} for ${v} in ${src}${cond}}`],
    [1, () => `list(${body} for ${v} in ${src}${cond})`],
  ])();
}

function fstring(rng: Rng, s: ExprScope): string {
  const parts = Array.from({ length: rng.int(1, 3) }, () => {
    if (rng.chance(0.3)) return rng.pick(["a", " ", "x=", "{{", "}}"]);
    const inner = rng.chance(0.6) && s.names.length ? rng.pick(s.names) : genExpr(rng, { ...s, depth: 0 });
    // Python 3.11 allows neither the f-string's quote nor a backslash inside a replacement field.
    const field = inner.includes("\\") ? "0" : inner.replaceAll("'", '"');
    return `{ ${field}${rng.pick(FORMAT_SPECS)}}`;
  });
  return `f'${parts.join("")}'`;
}

// The typed IR that the parser produces and the compiler consumes: Python's abstract syntax, as
// discriminated unions. Every node carries the span of source it came from, for tracebacks.

/** 1-based line and column, as Python reports them; `end*` is exclusive. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

interface Node {
  span: Span;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | Name
  | Constant
  | JoinedStr
  | FormattedValue
  | TupleExpr
  | ListExpr
  | SetExpr
  | DictExpr
  | Attribute
  | Subscript
  | Slice
  | Starred
  | Call
  | BinOp
  | UnaryOp
  | BoolOp
  | Compare
  | IfExp
  | Lambda
  | Comprehension
  | Yield
  | YieldFrom
  | NamedExpr;

export type ExprContext = "load" | "store" | "del";

export interface Name extends Node {
  kind: "Name";
  id: string;
}

/** int literals beyond 2^53 keep their exact digits in `bigint`. */
export type ConstantValue =
  | { type: "int"; value: number; bigint?: bigint }
  | { type: "float"; value: number }
  | { type: "complex"; imag: number }
  | { type: "str"; value: string }
  | { type: "bytes"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "None" }
  | { type: "Ellipsis" };

export interface Constant extends Node {
  kind: "Constant";
  value: ConstantValue;
}

/** An f-string: literal parts and FormattedValue parts, in order. */
export interface JoinedStr extends Node {
  kind: "JoinedStr";
  values: (Constant | FormattedValue)[];
}

export interface FormattedValue extends Node {
  kind: "FormattedValue";
  value: Expr;
  /** `!r`, `!s`, `!a`. */
  conversion: "r" | "s" | "a" | null;
  /** The format spec, which may itself hold replacement fields: `{x:{width}.2f}`. */
  formatSpec: JoinedStr | null;
  /** f"{x=}" keeps the expression's source text. (As in CPython's AST, the parser also emits that `x=` text as
   *  a preceding Constant and defaults the conversion to "r" when there is no conversion or format spec.) */
  selfDocumenting?: string;
}

export interface TupleExpr extends Node {
  kind: "Tuple";
  elts: Expr[];
}

export interface ListExpr extends Node {
  kind: "List";
  elts: Expr[];
}

export interface SetExpr extends Node {
  kind: "Set";
  elts: Expr[];
}

/** `{**other}` entries have key null. */
export interface DictExpr extends Node {
  kind: "Dict";
  keys: (Expr | null)[];
  values: Expr[];
}

export interface Attribute extends Node {
  kind: "Attribute";
  value: Expr;
  attr: string;
}

/** `x[a]`, `x[a:b]`, `x[a, ::2, ...]` (a Tuple of Slice/Expr as `index`). */
export interface Subscript extends Node {
  kind: "Subscript";
  value: Expr;
  index: Expr;
}

export interface Slice extends Node {
  kind: "Slice";
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
}

export interface Starred extends Node {
  kind: "Starred";
  value: Expr;
}

export interface Keyword extends Node {
  /** null for `**kwargs`. */
  arg: string | null;
  value: Expr;
}

/** Positional `args` may contain Starred for `*args`. */
export interface Call extends Node {
  kind: "Call";
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
}

export type BinaryOperator = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "@" | "<<" | ">>" | "|" | "^" | "&";

export interface BinOp extends Node {
  kind: "BinOp";
  op: BinaryOperator;
  left: Expr;
  right: Expr;
}

export interface UnaryOp extends Node {
  kind: "UnaryOp";
  op: "-" | "+" | "~" | "not";
  operand: Expr;
}

export interface BoolOp extends Node {
  kind: "BoolOp";
  op: "and" | "or";
  values: Expr[];
}

export type CompareOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "is" | "is not";

/** `a < b <= c`: left a, ops [<, <=], comparators [b, c]. */
export interface Compare extends Node {
  kind: "Compare";
  left: Expr;
  ops: CompareOperator[];
  comparators: Expr[];
}

export interface IfExp extends Node {
  kind: "IfExp";
  test: Expr;
  body: Expr;
  orelse: Expr;
}

export interface Lambda extends Node {
  kind: "Lambda";
  args: Arguments;
  body: Expr;
}

export interface ComprehensionFor extends Node {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

/** List, set and dict comprehensions and generator expressions. `key` only for dicts. */
export interface Comprehension extends Node {
  kind: "Comprehension";
  type: "list" | "set" | "dict" | "generator";
  elt: Expr;
  key: Expr | null;
  generators: ComprehensionFor[];
}

export interface Yield extends Node {
  kind: "Yield";
  value: Expr | null;
}

export interface YieldFrom extends Node {
  kind: "YieldFrom";
  value: Expr;
}

/** `(x := expr)`. */
export interface NamedExpr extends Node {
  kind: "NamedExpr";
  target: Name;
  value: Expr;
}

// ---------------------------------------------------------------- function parameters

export interface Arg extends Node {
  name: string;
  /** Kept for fidelity; tsl ignores annotations. */
  annotation: Expr | null;
}

/** `def f(a, b=1, /, c=2, *args, d, e=3, **kw)`. Defaults align with the tail of posonly+args. */
export interface Arguments {
  posonly: Arg[];
  args: Arg[];
  defaults: Expr[];
  vararg: Arg | null;
  kwonly: Arg[];
  /** One per kwonly arg; null where it has no default. */
  kwDefaults: (Expr | null)[];
  kwarg: Arg | null;
}

// ---------------------------------------------------------------- statements

export type Stmt =
  | ExprStmt
  | Assign
  | AugAssign
  | AnnAssign
  | If
  | While
  | For
  | Break
  | Continue
  | Pass
  | FunctionDef
  | Return
  | ClassDef
  | Import
  | ImportFrom
  | With
  | Try
  | Raise
  | Assert
  | Global
  | Nonlocal
  | Delete;

export interface ExprStmt extends Node {
  kind: "ExprStmt";
  value: Expr;
}

/** `a = b = value`: targets [a, b]. Targets are Name, Attribute, Subscript, Tuple, List, Starred. */
export interface Assign extends Node {
  kind: "Assign";
  targets: Expr[];
  value: Expr;
}

export interface AugAssign extends Node {
  kind: "AugAssign";
  target: Name | Attribute | Subscript;
  op: BinaryOperator;
  value: Expr;
}

/** `x: int = 3` (value may be null). */
export interface AnnAssign extends Node {
  kind: "AnnAssign";
  target: Name | Attribute | Subscript;
  annotation: Expr;
  value: Expr | null;
}

/** elif chains are nested Ifs in `orelse`. */
export interface If extends Node {
  kind: "If";
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

export interface While extends Node {
  kind: "While";
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

export interface For extends Node {
  kind: "For";
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

export interface Break extends Node {
  kind: "Break";
}

export interface Continue extends Node {
  kind: "Continue";
}

export interface Pass extends Node {
  kind: "Pass";
}

export interface FunctionDef extends Node {
  kind: "FunctionDef";
  name: string;
  args: Arguments;
  body: Stmt[];
  decorators: Expr[];
  /** The `-> annotation`, kept for fidelity (added by the parser; tsl ignores it). */
  returns?: Expr | null;
  /** True when the body contains yield (at its own level, not in nested defs). */
  isGenerator: boolean;
}

export interface Return extends Node {
  kind: "Return";
  value: Expr | null;
}

export interface ClassDef extends Node {
  kind: "ClassDef";
  name: string;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorators: Expr[];
}

export interface Alias extends Node {
  /** Dotted for `import a.b.c`. `*` for `from m import *`. */
  name: string;
  asname: string | null;
}

export interface Import extends Node {
  kind: "Import";
  names: Alias[];
}

export interface ImportFrom extends Node {
  kind: "ImportFrom";
  /** null for `from . import x`. */
  module: string | null;
  names: Alias[];
  level: number;
}

export interface WithItem extends Node {
  contextExpr: Expr;
  optionalVars: Expr | null;
}

export interface With extends Node {
  kind: "With";
  items: WithItem[];
  body: Stmt[];
}

export interface ExceptHandler extends Node {
  /** null for a bare `except:`. */
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}

export interface Try extends Node {
  kind: "Try";
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}

export interface Raise extends Node {
  kind: "Raise";
  exc: Expr | null;
  cause: Expr | null;
}

export interface Assert extends Node {
  kind: "Assert";
  test: Expr;
  msg: Expr | null;
}

export interface Global extends Node {
  kind: "Global";
  names: string[];
}

export interface Nonlocal extends Node {
  kind: "Nonlocal";
  names: string[];
}

export interface Delete extends Node {
  kind: "Delete";
  targets: Expr[];
}

/** A parsed source file (or one REPL input). */
export interface Module {
  kind: "Module";
  body: Stmt[];
  /** The file name used in tracebacks: "train.tsl", "<stdin>", "<string>". */
  filename: string;
  /** The source lines, for tracebacks and syntax-error carets. */
  lines: string[];
}

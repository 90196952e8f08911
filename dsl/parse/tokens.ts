// Token types: those the parser sees (NAME, NUMBER, STRING, keywords, operators, NEWLINE/INDENT/DEDENT/ENDMARKER)
// and the raw ones only the lexer's indentation pass sees (whitespace, newlines, comments, continuations).

import { createToken, Lexer, type TokenType } from "chevrotain";
import { scanNumber, scanString } from "./scan.ts";

const NA = Lexer.NA;
const tok = (name: string, pattern: RegExp | string = NA, extra: Record<string, unknown> = {}): TokenType =>
  createToken({ name, pattern, ...extra });

// ---------------------------------------------------------------- token types seen by the parser

export const NEWLINE = tok("NEWLINE");
export const INDENT = tok("INDENT");
export const DEDENT = tok("DEDENT");
export const ENDMARKER = tok("ENDMARKER");
/** A backslash continuation at the end of the file ("unexpected EOF while parsing" if the parser gets there). */
export const EOF_ERROR = tok("EOF_ERROR");
/** Where the tokenizer stopped with an error (LexOptions.deferErrors). */
export const LEXERROR = tok("LEXERROR");
/** A character Python has no token for (`$`, `?`, `` ` ``, a lone `!`): the parser stops there. */
export const ERRORTOKEN = tok("ERRORTOKEN");

export const NAME = tok("NAME", /[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/);
export const NUMBER = createToken({
  name: "NUMBER",
  pattern: { exec: (text: string, offset: number) => scanNumber(text, offset) },
  start_chars_hint: [..."0123456789."],
  line_breaks: false,
});
export const STRING = createToken({
  name: "STRING",
  pattern: { exec: (text: string, offset: number) => scanString(text, offset) },
  start_chars_hint: [..."'\"rRbBuUfF"],
  line_breaks: true,
});

const KEYWORD_NAMES = (
  "False None True and as assert async await break class continue def del elif else except finally " +
  "for from global if import in is lambda nonlocal not or pass raise return try while with yield"
).split(" ");
/** Keyword token types, by keyword (`KW.if`, `KW.None`, ...). */
export const KW: Record<string, TokenType> = Object.fromEntries(KEYWORD_NAMES.map((k) => [k, tok(`KW_${k}`)]));
export const KEYWORDS = new Map<string, TokenType>(Object.entries(KW));
export const isKeyword = (s: string): boolean => KEYWORDS.has(s);

/** `+=` and friends share this category. */
export const AUGASSIGN = tok("AUGASSIGN");
/** `==`, `!=`, `<`, `<=`, `>`, `>=` share this category. */
export const COMPOP = tok("COMPOP");
/** The binary operators between bitwise_or and unary level: `| ^ & << >> + - * / // % @`. */
export const BINOP = tok("BINOP");

/** The operator token types, in lexer order. */
export const OPERATORS: TokenType[] = [];
const op = (name: string, image: string, categories?: TokenType[]): TokenType => {
  const t = createToken(categories ? { name, pattern: image, categories } : { name, pattern: image });
  OPERATORS.push(t);
  return t;
};

// Longest first: the lexer takes the first pattern that matches.
export const ELLIPSIS = op("ELLIPSIS", "...");
export const DOUBLESTAREQUAL = op("DOUBLESTAREQUAL", "**=", [AUGASSIGN]);
export const DOUBLESLASHEQUAL = op("DOUBLESLASHEQUAL", "//=", [AUGASSIGN]);
export const LEFTSHIFTEQUAL = op("LEFTSHIFTEQUAL", "<<=", [AUGASSIGN]);
export const RIGHTSHIFTEQUAL = op("RIGHTSHIFTEQUAL", ">>=", [AUGASSIGN]);
export const RARROW = op("RARROW", "->");
export const COLONEQUAL = op("COLONEQUAL", ":=");
export const DOUBLESTAR = op("DOUBLESTAR", "**");
export const DOUBLESLASH = op("DOUBLESLASH", "//", [BINOP]);
export const LEFTSHIFT = op("LEFTSHIFT", "<<", [BINOP]);
export const RIGHTSHIFT = op("RIGHTSHIFT", ">>", [BINOP]);
export const EQEQUAL = op("EQEQUAL", "==", [COMPOP]);
export const NOTEQUAL = op("NOTEQUAL", "!=", [COMPOP]);
export const LESSEQUAL = op("LESSEQUAL", "<=", [COMPOP]);
export const GREATEREQUAL = op("GREATEREQUAL", ">=", [COMPOP]);
export const PLUSEQUAL = op("PLUSEQUAL", "+=", [AUGASSIGN]);
export const MINEQUAL = op("MINEQUAL", "-=", [AUGASSIGN]);
export const STAREQUAL = op("STAREQUAL", "*=", [AUGASSIGN]);
export const SLASHEQUAL = op("SLASHEQUAL", "/=", [AUGASSIGN]);
export const PERCENTEQUAL = op("PERCENTEQUAL", "%=", [AUGASSIGN]);
export const AMPEREQUAL = op("AMPEREQUAL", "&=", [AUGASSIGN]);
export const VBAREQUAL = op("VBAREQUAL", "|=", [AUGASSIGN]);
export const CIRCUMFLEXEQUAL = op("CIRCUMFLEXEQUAL", "^=", [AUGASSIGN]);
export const ATEQUAL = op("ATEQUAL", "@=", [AUGASSIGN]);
export const LPAR = op("LPAR", "(");
export const RPAR = op("RPAR", ")");
export const LSQB = op("LSQB", "[");
export const RSQB = op("RSQB", "]");
export const LBRACE = op("LBRACE", "{");
export const RBRACE = op("RBRACE", "}");
export const COLON = op("COLON", ":");
export const COMMA = op("COMMA", ",");
export const SEMI = op("SEMI", ";");
export const PLUS = op("PLUS", "+", [BINOP]);
export const MINUS = op("MINUS", "-", [BINOP]);
export const STAR = op("STAR", "*", [BINOP]);
export const SLASH = op("SLASH", "/", [BINOP]);
export const VBAR = op("VBAR", "|", [BINOP]);
export const AMPER = op("AMPER", "&", [BINOP]);
export const LESS = op("LESS", "<", [COMPOP]);
export const GREATER = op("GREATER", ">", [COMPOP]);
export const EQUAL = op("EQUAL", "=");
export const DOT = op("DOT", ".");
export const PERCENT = op("PERCENT", "%", [BINOP]);
export const TILDE = op("TILDE", "~");
export const CIRCUMFLEX = op("CIRCUMFLEX", "^", [BINOP]);
export const AT = op("AT", "@", [BINOP]);

/** Every token type the parser may see. */
export const ALL_TOKENS: TokenType[] = [
  NEWLINE,
  INDENT,
  DEDENT,
  ENDMARKER,
  EOF_ERROR,
  LEXERROR,
  ERRORTOKEN,
  AUGASSIGN,
  COMPOP,
  BINOP,
  NAME,
  NUMBER,
  STRING,
  ...Object.values(KW),
  ...OPERATORS,
];

// ---------------------------------------------------------------- raw tokens (consumed by the indentation pass)

export const WS = tok("WS", /[ \t\f]+/, { group: Lexer.SKIPPED });
export const NL = tok("NL", /\n/, { line_breaks: true });
export const COMMENT = tok("COMMENT", /#[^\n]*/);
export const CONTINUATION = tok("CONTINUATION", /\\\n/, { line_breaks: true });
export const BACKSLASH = tok("BACKSLASH", /\\/);
export const BADCHAR = tok("BADCHAR", /[^]/, { line_breaks: true });

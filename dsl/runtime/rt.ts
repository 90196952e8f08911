// The table of runtime helpers that compiled code calls (as `$$name`). Keep names in sync with
// dsl/compile/*: the compiler destructures only the helpers a module uses.

import "./setup.ts";
import { DONE, Ellipsis, newNamespace, PyFloat, PyObject, PyTuple } from "./values.ts";
import { EPOCH, T_list } from "./types.ts";
import {
  callMethod,
  callMethod0,
  callMethod1,
  callMethod2,
  callMethodIC,
  delAttr,
  getAttr,
  newIC,
  setAttr,
} from "./attributes.ts";
import { delItem, getItem, setItem } from "./items.ts";
import { call0, call1, call2, call3, callArgs } from "./functions.ts";
import { binop, inplaceOp, invert, neg, pos } from "./arith.ts";
import { eq, ge, gt, le, lt, ne, truthy } from "./compare.ts";
import {
  add,
  contains,
  dictLiteral,
  mergeKw,
  mul,
  newSet,
  SPREAD,
  sub,
  truediv,
  unpack,
  unpackStar,
  yieldFrom,
} from "./ops.ts";
import { getIter, toArray } from "./iteration.ts";
import { fstringField } from "./str_format.ts";
import { PySlice } from "./slices.ts";
import { PySet } from "./set.ts";
import { PyDict } from "./dict.ts";
import { PyGenerator } from "./generator.ts";
import { addFrame, DEPTH, recursionError } from "./exceptions.ts";
import { checkpoint, TICK } from "./interrupts.ts";
import {
  assertionError,
  callExit,
  catchHere,
  chainContext,
  delGlobal,
  excMatches,
  lookupExit,
  makeRaise,
  missingArgs,
  mkfn,
  reraise,
  unboundFree,
  unboundLocal,
} from "./raise.ts";
import { makeSuper } from "./super.ts";
import { buildClass } from "./classes.ts";
import { importFrom, importModule, importName, importStar } from "./modules.ts";
import { builtin, BUILTINS } from "./builtins.ts";
import { repr } from "./repr.ts";
import { drive } from "./drive.ts";
import { PyFunction } from "./functions.ts";
import { SYS } from "./sys_state.ts";

export const RT: Record<string, any> = {
  DONE,
  Ellipsis,
  F: PyFloat,
  Tuple: PyTuple,
  Slice: PySlice,
  PySet,
  PyDict,
  Generator: PyGenerator,
  SPREAD,
  T_list,
  EPOCH,
  PyObject,
  callMethodIC,
  newIC,
  getAttr,
  setAttr,
  delAttr,
  getItem,
  setItem,
  delItem,
  callMethod,
  callMethod0,
  callMethod1,
  callMethod2,
  call0,
  call1,
  call2,
  call3,
  callArgs,
  mergeKw,
  add,
  sub,
  mul,
  truediv,
  binop,
  inplaceOp,
  neg,
  pos,
  invert,
  truthy,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  contains,
  newSet,
  dictLiteral,
  toArray,
  getIter,
  yieldFrom,
  fstringField,
  unpack,
  unpackStar,
  addFrame,
  catchHere,
  excMatches,
  chainContext,
  reraise,
  makeRaise,
  assertionError,
  lookupExit,
  callExit,
  unboundLocal,
  unboundFree,
  delGlobal,
  missingArgs,
  mkfn,
  makeSuper,
  buildClass,
  newNamespace,
  importModule,
  importFrom,
  importName,
  importStar,
  builtin,
  rangeBuiltin: BUILTINS.range,
  echo,
  drive,
  PyFunction,
  DEPTH,
  recursionError,
  TICK,
  checkpoint,
};

/** REPL display hook: prints repr(value) unless it is None. */
function echo(v: any): any {
  if (v === null || v === undefined) return null;
  const r = repr(v);
  const out = (s: string) => {
    SYS.stdout(s + "\n");
    return null;
  };
  return r instanceof Promise ? r.then(out) : out(r);
}

// Loads every part of the runtime in dependency order and connects the late-bound hooks. Importing
// this module is what makes the object model complete; it does no heavy work (native modules load
// lazily on import).

import { PyTuple } from "./values.ts";
import { HOOKS } from "./hooks.ts";
import { eqBool } from "./compare.ts";
import { repr, str } from "./repr.ts";
import { HOOK as ARITH_HOOK } from "./arith.ts";
import { percentFormat } from "./percent_format.ts";
import { HOOK_REPR } from "./object_methods.ts";
import "./exception_methods.ts";
import "./list_methods.ts";
import { HOOK_LIST } from "./list_methods.ts";
import "./dict_methods.ts";
import "./str_methods.ts";
import { HOOK_TUPLE } from "./number_methods.ts";
import { HOOK_CALL, HOOK_SLICE, installIterMethods } from "./builtins_iter.ts";
import "./builtins.ts";
import "./mod_math.ts";
import { HOOK_T } from "./mod_math.ts";
import "./mod_random.ts";
import "./mod_sys_os_time.ts";
import "./mod_tempfile.ts";
import "./mod_misc.ts";
import { call2, callArgs, NativeProperty } from "./functions.ts";
import { HOOK_GETITEM } from "./iteration.ts";
import {
  T_callable_iterator,
  T_dict_itemiterator,
  T_dict_keyiterator,
  T_dict_valueiterator,
  T_list_iterator,
  T_str_iterator,
  T_tuple_iterator,
} from "./iteration.ts";
import { T_generator, T_slice } from "./types.ts";
import { PySlice } from "./slices.ts";
import { defMethod, defProp } from "./define.ts";
import { PyGenerator } from "./generator.ts";
import { addressOf } from "./repr.ts";
import { nextOrStop } from "./iteration.ts";
import { hashValue } from "./hash_value.ts";

HOOKS.eq = eqBool;
HOOKS.hash = hashValue;
ARITH_HOOK.percentFormat = percentFormat;
HOOK_REPR.repr = repr;
HOOK_REPR.str = str;
HOOK_LIST.repr = repr;
HOOK_TUPLE.make = (xs) => new PyTuple(xs);
HOOK_T.tuple = (xs) => new PyTuple(xs);
HOOK_CALL.callArgs = callArgs;
HOOK_GETITEM.call2 = call2;
HOOK_SLICE.isSlice = (x) => x instanceof PySlice;
HOOK_SLICE.prop = (n, g) => new NativeProperty(n, g);

for (
  const t of [
    T_list_iterator,
    T_tuple_iterator,
    T_str_iterator,
    T_dict_keyiterator,
    T_dict_valueiterator,
    T_dict_itemiterator,
    T_callable_iterator,
  ]
) installIterMethods(t);

// slice objects
defMethod(T_slice, "__repr__(self, /)", (s: PySlice) => `slice(${repr(s.start)}, ${repr(s.stop)}, ${repr(s.step)})`);
defMethod(T_slice, "indices(self, length, /)", (s: PySlice, n) => new PyTuple(s.indices(Number(n))));
defProp(T_slice, "start", (s: PySlice) => s.start);
defProp(T_slice, "stop", (s: PySlice) => s.stop);
defProp(T_slice, "step", (s: PySlice) => s.step);
T_slice.$d.__hash__ = null;

// generators
defMethod(T_generator, "__iter__(self, /)", (g) => g);
defMethod(T_generator, "__next__(self, /)", (g: PyGenerator) => nextOrStop(g));
defMethod(T_generator, "send(self, value, /)", (g: PyGenerator, v) => g.send(v));
defMethod(T_generator, "throw(self, typ, val=None, tb=None, /)", (g: PyGenerator, e) => g.throw_(e));
defMethod(T_generator, "close(self, /)", (g: PyGenerator) => g.close());
defMethod(T_generator, "__repr__(self, /)", (g: PyGenerator) => `<generator object ${g.qualname} at ${addressOf(g)}>`);
defProp(T_generator, "__name__", (g: PyGenerator) => g.name);

// The `tqdm` package: tqdm(iterable, ...), trange and tqdm.write over runtime/progress. Items pass through
// the bar's iterator unchanged; the bar draws on stderr only when stderr is a terminal.

import {
  argFloat,
  argInt,
  type Args,
  argStr,
  builtin,
  callPython,
  callPythonKw,
  len,
  nativeClass,
  PyDict,
  pyError,
  PyFloat,
  str,
  typeOf,
} from "../runtime/binding.ts";
import { getIter, type Iter, registerNativeIter } from "../runtime/iteration.ts";
import { DONE } from "../runtime/values.ts";
import { T_range } from "../runtime/types.ts";
import { SYS } from "../runtime/sys_state.ts";
import { StdStream } from "../runtime/file_io.ts";
import { consoleColumns, ProgressBar, type TextSink } from "../../runtime/progress/progress_bar.ts";
import { formatInterval, formatMeter, formatNum, formatSizeof } from "../../runtime/progress/format_meter.ts";

/** A tqdm object: the runtime bar plus the wrapped iterable. */
class Tqdm {
  bar!: ProgressBar;
  iterable: any = null;
}

/** Iterates the wrapped iterable, counting an item once the loop body is done with it (as tqdm does). */
class TqdmIterator implements Iter {
  private started = false;
  constructor(private readonly owner: Tqdm, private readonly inner: Iter) {}
  next(): any {
    if (this.started) this.owner.bar.update(1);
    this.started = true;
    const v = this.inner.next();
    if (v instanceof Promise) return v.then((x) => this.finish(x));
    return this.finish(v);
  }
  private finish(v: any): any {
    if (v === DONE) this.owner.bar.close();
    return v;
  }
}
registerNativeIter(TqdmIterator);
nativeClass({
  name: "generator",
  jsClass: TqdmIterator,
  methods: {
    __iter__: ["__iter__()", (s: TqdmIterator) => s],
    __next__: ["__next__()", async (s: TqdmIterator) => {
      const v = await s.next();
      if (v === DONE) throw pyError("StopIteration");
      return v;
    }],
  },
});

/** stderr through the interpreter's writer (so pending stdout is flushed first), or stdout for file=sys.stdout. */
function sinkFor(file: any): TextSink {
  const columns = consoleColumns;
  if (file instanceof StdStream && file.which === "stdout") {
    return { write: (s) => SYS.stdout(s), isTerminal: () => Deno.stdout.isTerminal(), columns };
  }
  if (file === null || file instanceof StdStream) {
    return { write: (s) => SYS.stderr(s), isTerminal: () => Deno.stderr.isTerminal(), columns };
  }
  // Other files (io.StringIO, open(...)) are never terminals: nothing is drawn.
  return { write: () => {}, isTerminal: () => false, columns };
}

/** A number argument that stays a JS number (int or float). */
const num = (x: any, name: string): number => typeof x === "number" ? x : argFloat(x, "tqdm", name);
const isNumber = (x: any) => typeof x === "number" || typeof x === "boolean" || x instanceof PyFloat;

/** set_postfix's value rule: numbers through format_num, everything else through str(). */
async function postfixValue(v: any): Promise<string> {
  if (typeof v === "boolean") return formatNum(+v, true);
  if (typeof v === "number") return formatNum(v, true);
  if (v instanceof PyFloat) return formatNum(v.v, false);
  return await str(v);
}

async function postfixEntries(ordered: any, kwargs: Map<string, any>): Promise<[string, string][]> {
  const entries: [string, any][] = [];
  if (ordered instanceof PyDict) {
    for (const [k, v] of ordered.map) entries.push([String(ordered.origKey(k)), v]);
  } else if (ordered !== null) throw pyError("TypeError", "set_postfix() ordered_dict must be a dict");
  for (const k of [...kwargs.keys()].sort()) entries.push([k, kwargs.get(k)]);
  const out: [string, string][] = [];
  for (const [k, v] of entries) out.push([k, await postfixValue(v)]);
  return out;
}

async function totalOf(iterable: any, total: any): Promise<number | null> {
  if (total !== null) return num(total, "total");
  if (iterable === null || typeOf(iterable).lookup("__len__") === undefined) return null;
  return await len(iterable);
}

const INIT_SIGNATURE = "__init__(iterable=None, desc=None, total=None, leave=True, file=None, ncols=None, " +
  "mininterval=0.1, maxinterval=10.0, miniters=None, ascii=None, disable=False, unit='it', unit_scale=False, " +
  "dynamic_ncols=False, smoothing=0.3, bar_format=None, initial=0, position=None, postfix=None, " +
  "unit_divisor=1000, write_bytes=False, lock_args=None, nrows=None, colour=None, delay=0, gui=False, **kwargs)";

async function init(self: Tqdm, a: Args): Promise<void> {
  self.iterable = a.iterable;
  const postfixIsDict = a.postfix instanceof PyDict;
  self.bar = new ProgressBar({
    desc: a.desc === null ? null : argStr(a.desc, "tqdm", "desc"),
    total: await totalOf(a.iterable, a.total),
    leave: a.leave === null ? true : !!a.leave,
    ncols: a.ncols === null ? null : argInt(a.ncols, "tqdm", "ncols"),
    mininterval: num(a.mininterval, "mininterval"),
    disable: a.disable === true,
    unit: argStr(a.unit, "tqdm", "unit"),
    unitScale: typeof a.unit_scale === "boolean" ? a.unit_scale : num(a.unit_scale, "unit_scale"),
    unitDivisor: num(a.unit_divisor, "unit_divisor"),
    dynamicNcols: !!a.dynamic_ncols,
    smoothing: num(a.smoothing, "smoothing"),
    barFormat: a.bar_format === null ? null : argStr(a.bar_format, "tqdm", "bar_format"),
    initial: num(a.initial, "initial"),
    position: a.position === null ? null : argInt(a.position, "tqdm", "position"),
    postfix: a.postfix === null || postfixIsDict ? null : await str(a.postfix),
    ascii: a.ascii === null ? false : typeof a.ascii === "string" ? a.ascii : !!a.ascii,
    sink: sinkFor(a.file),
  });
  if (postfixIsDict) self.bar.setPostfix(await postfixEntries(a.postfix, new Map()), false);
}

function meterFromArgs(a: Args): string {
  return formatMeter({
    n: num(a.n, "n"),
    total: a.total === null ? null : num(a.total, "total"),
    elapsed: num(a.elapsed, "elapsed"),
    ncols: a.ncols === null ? null : argInt(a.ncols, "format_meter", "ncols"),
    prefix: a.prefix,
    ascii: typeof a.ascii === "string" ? a.ascii : !!a.ascii,
    unit: a.unit,
    unitScale: typeof a.unit_scale === "boolean" ? a.unit_scale : num(a.unit_scale, "unit_scale"),
    rate: a.rate === null ? null : num(a.rate, "rate"),
    barFormat: a.bar_format,
    postfix: a.postfix,
    unitDivisor: num(a.unit_divisor, "unit_divisor"),
    initial: num(a.initial, "initial"),
    integerCounts: !(a.n instanceof PyFloat) && !(a.total instanceof PyFloat),
  });
}

const T_tqdm = nativeClass({
  name: "tqdm",
  module: "tqdm.std",
  jsClass: Tqdm,
  create: () => new Tqdm(),
  init: [INIT_SIGNATURE, init],
  methods: {
    __iter__: ["__iter__()", async (s: Tqdm) => {
      if (s.iterable === null) throw pyError("TypeError", "'NoneType' object is not iterable");
      return new TqdmIterator(s, await getIter(s.iterable));
    }],
    __len__: ["__len__()", async (s: Tqdm) => {
      // tqdm: the iterable's own length when it has one, else the total (None makes len() fail).
      if (s.iterable !== null && typeOf(s.iterable).lookup("__len__") !== undefined) return await len(s.iterable);
      if (s.bar.total !== null) return Math.trunc(s.bar.total);
      throw pyError("TypeError", "'NoneType' object cannot be interpreted as an integer");
    }],
    __bool__: ["__bool__()", (s: Tqdm) => s.bar.total !== 0 || s.iterable !== null],
    __enter__: ["__enter__()", (s: Tqdm) => s],
    __exit__: ["__exit__(*exc)", (s: Tqdm) => void s.bar.close()],
    __str__: ["__str__()", (s: Tqdm) => s.bar.format()],
    __repr__: ["__repr__()", (s: Tqdm) => s.bar.format()],
    update: ["update(n=1)", (s: Tqdm, a) => s.bar.update(num(a.n, "n")) || null],
    refresh: ["refresh(nolock=False, lock_args=None)", (s: Tqdm) => void s.bar.refresh()],
    clear: ["clear(nolock=False)", (s: Tqdm) => void s.bar.clear()],
    close: ["close()", (s: Tqdm) => void s.bar.close()],
    reset: ["reset(total=None)", (s: Tqdm, a) => {
      s.bar.reset(a.total === null ? undefined : num(a.total, "total"));
    }],
    set_description: ["set_description(desc=None, refresh=True)", async (s: Tqdm, a) => {
      s.bar.setDescription(a.desc === null ? null : await str(a.desc), !!a.refresh);
    }],
    set_description_str: ["set_description_str(desc=None, refresh=True)", async (s: Tqdm, a) => {
      s.bar.setDescriptionStr(a.desc === null ? null : await str(a.desc), !!a.refresh);
    }],
    set_postfix: ["set_postfix(ordered_dict=None, refresh=True, **kwargs)", async (s: Tqdm, a) => {
      s.bar.setPostfix(await postfixEntries(a.ordered_dict, a.kwargs), !!a.refresh);
    }],
    set_postfix_str: ["set_postfix_str(s='', refresh=True)", async (s: Tqdm, a) => {
      s.bar.setPostfixStr(await str(a.s), !!a.refresh);
    }],
  },
  classmethods: {
    write: ["write(s, file=None, end=None, nolock=False)", async (_cls, a) => {
      const text = (await str(a.s)) + (a.end === null ? "\n" : await str(a.end));
      const toStderr = a.file instanceof StdStream && a.file.which === "stderr";
      ProgressBar.write(text, toStderr ? SYS.stderr : SYS.stdout);
    }],
  },
  staticmethods: {
    format_interval: ["format_interval(t)", (a) => formatInterval(num(a.t, "t"))],
    format_num: ["format_num(n)", (a) => isNumber(a.n) ? postfixValue(a.n) : str(a.n)],
    format_sizeof: ["format_sizeof(num, suffix='', divisor=1000)", (a) => {
      return formatSizeof(num(a.num, "num"), a.suffix, num(a.divisor, "divisor"));
    }],
    format_meter: [
      "format_meter(n, total, elapsed, ncols=None, prefix='', ascii=False, unit='it', unit_scale=False, " +
      "rate=None, bar_format=None, postfix=None, unit_divisor=1000, initial=0, colour=None)",
      meterFromArgs,
    ],
  },
  properties: {
    n: { get: (s: Tqdm) => s.bar.n, set: (s: Tqdm, v) => void (s.bar.n = num(v, "n")) },
    total: {
      get: (s: Tqdm) => s.bar.total,
      set: (s: Tqdm, v) => void (s.bar.total = v === null ? null : num(v, "total")),
    },
    desc: { get: (s: Tqdm) => s.bar.desc },
    postfix: { get: (s: Tqdm) => s.bar.postfix },
    iterable: { get: (s: Tqdm) => s.iterable },
    disable: { get: (s: Tqdm) => s.bar.disabled },
    leave: { get: (s: Tqdm) => s.bar.leave },
    unit: { get: (s: Tqdm) => s.bar.unit },
  },
});

const trange = builtin("trange(*args, **kwargs)", async (a) => {
  const range = await callPython(T_range, ...a.args);
  return await callPythonKw(T_tqdm, [range], Object.fromEntries(a.kwargs));
});

export function tqdmAttributes(): Record<string, unknown> {
  return { tqdm: T_tqdm, trange };
}

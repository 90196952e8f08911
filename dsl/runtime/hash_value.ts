// hash(x) as used by dict/set buckets for keys whose class defines __hash__.

import { PyFloat } from "./values.ts";
import { typeOf } from "./types.ts";
import { typeErr } from "./exceptions.ts";
import { call1 } from "./functions.ts";

export function hashValue(x: any): any {
  if (typeof x === "number" || typeof x === "string" || typeof x === "bigint") return x;
  if (typeof x === "boolean") return +x;
  if (x instanceof PyFloat) return x.v;
  const t = typeOf(x);
  const h = t.lookup("__hash__");
  if (h === null || h === undefined) throw typeErr(`unhashable type: '${t.name}'`);
  return call1(h, x);
}

// dict.keys()/values()/items() views: live, iterable, sized, support `in`, print as dict_keys([...]).

import { PyTuple } from "./values.ts";
import { PyType, T_object } from "./types.ts";
import { PyDict } from "./dict.ts";
import { eqBool } from "./compare.ts";

export const T_dict_keys = new PyType("dict_keys", [T_object]);
export const T_dict_values = new PyType("dict_values", [T_object]);
export const T_dict_items = new PyType("dict_items", [T_object]);

export class DictView {
  declare $cls: PyType;
  constructor(readonly d: PyDict, readonly kind: 0 | 1 | 2) {
    this.$cls = kind === 0 ? T_dict_keys : kind === 1 ? T_dict_values : T_dict_items;
  }
  items(): any[] {
    const out: any[] = [];
    for (const [nk, v] of this.d.map) {
      if (this.kind === 0) out.push(this.d.origKey(nk));
      else if (this.kind === 1) out.push(v);
      else out.push(new PyTuple([this.d.origKey(nk), v]));
    }
    return out;
  }
  contains(x: any): any {
    if (this.kind === 0) return this.d.has(x);
    if (this.kind === 2) {
      if (!(x instanceof PyTuple) || x.items.length !== 2) return false;
      const v = this.d.get(x.items[0]);
      const check = (val: any) => val !== undefined && eqBool(val, x.items[1]);
      return v instanceof Promise ? v.then(check) : check(v);
    }
    return this.items().some((v) => v === x) || anyEq(this.items(), x, 0);
  }
}

function anyEq(xs: any[], x: any, i: number): any {
  for (; i < xs.length; i++) {
    const r = eqBool(xs[i], x);
    if (r instanceof Promise) return r.then((b) => b || anyEq(xs, x, i + 1));
    if (r) return true;
  }
  return false;
}

// Python-style formatting of the hyperparameters that modules show in their extra_repr.

import { pyFloatRepr } from "../print/py_float.ts";

/** A hyperparameter as extra_repr shows it: int, bool, None, str, or a tuple of those. */
export type ReprValue = number | boolean | null | string | readonly ReprValue[];

/** Python's repr of an int, a tuple ("(3,)" for one element), a bool or None; a str as is. */
export function pyRepr(v: ReprValue): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return v;
  const items = v as readonly ReprValue[];
  return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map(pyRepr).join(", ")})`;
}

/** A float hyperparameter as Python prints it (0.5, 1e-05, 1.0). */
export const floatRepr = (x: number): string => pyFloatRepr(x);

// View ops: ops whose outputs are metadata (shape, strides, offset) on the input's storage, so they
// need no kernel on any backend. Each is still declared once, through defineView, which registers
// an ordinary OpDef (name, PyTorch's gradName, an `infer` derived from the geometry), so that:
// - autograd records a node for a view exactly as for a computing op (the same GradHooks.record
//   hook, called by applyView through registry.recordView), and can attach `backward` rules;
// - code that walks allOps() can tell views apart (isViewOp) and not expect kernels for them.
//
// A view op is a pure function from (input, params) to one or more geometries; params are plain
// JSON-like objects with every argument resolved (dims wrapped, -1 sizes inferred), so a gradient
// rule can read them directly. Outputs share the input's storage and record it as their `base`.

import { type BackwardRule, defineOp, type OpDef, recordView } from "./registry.ts";
import type { Tensor } from "../tensor.ts";

/** Where a view lives in its input's storage. */
export interface ViewGeometry {
  shape: number[];
  strides: number[];
  offset: number;
}

export interface ViewDef<P> extends OpDef<P> {
  readonly isView: true;
  /** The geometry of each output (one for most views; several for split, unbind, ...). */
  geometry(input: Tensor, params: P): ViewGeometry[];
}

export interface ViewDecl<P> {
  readonly name: string;
  /** PyTorch's autograd node name, e.g. "PermuteBackward0". */
  readonly gradName: string;
  /** Validates (with PyTorch's messages) and returns the output geometry or geometries. */
  geometry(input: Tensor, params: P): ViewGeometry | ViewGeometry[];
  readonly backward?: BackwardRule<P>;
}

export function defineView<P>(decl: ViewDecl<P>): ViewDef<P> {
  const geometry = (input: Tensor, params: P): ViewGeometry[] => {
    const g = decl.geometry(input, params);
    return Array.isArray(g) ? g : [g];
  };
  const def: ViewDef<P> = {
    name: decl.name,
    gradName: decl.gradName,
    backward: decl.backward,
    isView: true,
    geometry,
    infer: ([input], params) => geometry(input, params).map((g) => ({ shape: g.shape, dtype: input.dtype })),
  };
  defineOp(def);
  return def;
}

export const isViewOp = (op: OpDef): op is ViewDef<unknown> => (op as Partial<ViewDef<unknown>>).isView === true;

/** Runs a view op: builds the output views and lets autograd record them. */
export function applyView<P>(def: ViewDef<P>, input: Tensor, params: P): Tensor[] {
  const outputs = def.geometry(input, params).map((g) => input.view(g.shape, g.strides, g.offset));
  recordView(def, [input], outputs, params);
  return outputs;
}

export const applyView1 = <P>(def: ViewDef<P>, input: Tensor, params: P): Tensor => applyView(def, input, params)[0];

/** The input's own geometry, as a starting point for views that change one dimension. */
export const geometryOf = (t: Tensor): ViewGeometry => ({
  shape: [...t.shape],
  strides: [...t.strides],
  offset: t.offset,
});

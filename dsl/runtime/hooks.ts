// Late-bound entry points into operations defined further up the module graph (equality, hashing,
// repr). Low-level containers call these instead of importing the operations, which keeps the ES module
// graph acyclic at evaluation time. Filled in by runtime/setup.ts.

export const HOOKS = {
  /** Python `hash(x)` (may return a Promise). */
  hash: null as unknown as (x: any) => any,
  /** Python `a == b` as a JS boolean (may return a Promise). */
  eq: null as unknown as (a: any, b: any) => any,
};

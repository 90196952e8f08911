// Running compiled tsl code. Compiled functions are JS generator functions that `yield` a Promise when
// they must wait (a GPU readback, a timer) and otherwise run straight through; calls between compiled
// functions delegate with `yield*`, so a suspension deep down propagates to the outermost driver, which
// awaits the Promise and resumes the whole chain. This is ~2x cheaper per call than async/await and lets
// natives calling back into tsl get a plain value whenever nothing suspended.

/** Runs a compiled-function generator: its result, or a Promise of it if it suspended. */
export function drive(g: Generator<any, any, any>): any {
  const r = g.next();
  if (r.done) return r.value;
  return resume(g, r.value);
}

async function resume(g: Generator<any, any, any>, p: any): Promise<any> {
  for (;;) {
    let v: any;
    let failed = false;
    try {
      v = await p;
    } catch (e) {
      failed = true;
      v = e;
    }
    const r = failed ? g.throw(v) : g.next(v);
    if (r.done) return r.value;
    p = r.value;
  }
}

// Generators. A tsl generator function compiles to a JS *sync* generator function (like every tsl
// function, see drive.ts) whose `yield` carries either a Python value (a Python `yield`) or a Promise
// (the body must wait: a GPU readback). Python values are never Promises, so the two channels are told
// apart by `instanceof Promise`: PyGenerator answers Python-yields synchronously and only goes async
// while the body waits. `yield from` a PyGenerator compiles to JS `yield*` on the inner JS generator,
// which forwards both channels, send values and exceptions, and returns the inner return value.

import { DONE } from "./values.ts";
import { PyType, T_generator } from "./types.ts";
import { pyErr } from "./exceptions.ts";
import { registerNativeIter } from "./iteration.ts";

export class PyGenerator {
  declare $cls: PyType;
  private started = false;
  finished = false;
  /** The generator's return value once finished (StopIteration.value for next()). */
  stopValue: any = undefined;
  constructor(readonly g: Generator<any, any, any>, readonly name: string, readonly qualname = name) {}

  /** Internal iterator protocol: the next value, DONE, or a Promise of either. */
  next(): any {
    return this.resume(null, false);
  }

  /** Resumes with a sent value (or throws `exc` into the body): value | DONE | Promise. */
  private resume(v: any, isThrow: boolean): any {
    if (this.finished) return DONE;
    this.started = true;
    let r: IteratorResult<any, any>;
    try {
      r = isThrow ? this.g.throw(v) : this.g.next(v);
    } catch (e) {
      this.finished = true;
      throw e;
    }
    return this.handle(r);
  }

  private handle(r: IteratorResult<any, any>): any {
    if (r.done) {
      this.finished = true;
      this.stopValue = r.value;
      return DONE;
    }
    if (r.value instanceof Promise) return this.waitAndResume(r.value);
    return r.value;
  }

  private async waitAndResume(p: Promise<any>): Promise<any> {
    for (;;) {
      let v: any;
      let failed = false;
      try {
        v = await p;
      } catch (e) {
        failed = true;
        v = e;
      }
      let r: IteratorResult<any, any>;
      try {
        r = failed ? this.g.throw(v) : this.g.next(v);
      } catch (e) {
        this.finished = true;
        throw e;
      }
      if (!r.done && r.value instanceof Promise) {
        p = r.value;
        continue;
      }
      return this.handle(r);
    }
  }

  /** gen.send(v): the next yielded value; StopIteration(return value) when finished. */
  send(v: any): any {
    if (!this.started && v !== null) {
      throw pyErr("TypeError", "can't send non-None value to a just-started generator");
    }
    return this.orStop(this.resume(v, false));
  }

  /** gen.throw(exc). */
  throw_(exc: any): any {
    return this.orStop(this.resume(exc, true));
  }

  private orStop(r: any): any {
    const check = (x: any) => {
      if (x !== DONE) return x;
      const sv = this.stopValue;
      throw sv === undefined || sv === null ? pyErr("StopIteration") : pyErr("StopIteration", sv);
    };
    return r instanceof Promise ? r.then(check) : check(r);
  }

  close(): null {
    if (!this.finished) this.g.return(null);
    this.finished = true;
    return null;
  }
}
(PyGenerator.prototype as any).$cls = T_generator;
registerNativeIter(PyGenerator);

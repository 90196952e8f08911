// Iteration across the Python/JS boundary for torch.utils.data: Python iterables seen by the runtime
// as JS (async) iterators, and runtime iterators handed to Python as iterator objects.

import { nativeClass, pyError } from "../runtime/binding.ts";
import { getIter, type Iter } from "../runtime/iteration.ts";
import { DONE } from "../runtime/values.ts";

/** iter(obj) as a JS async iterator (obj's __iter__ and __next__ may be tsl code). */
export async function pyIterator<T = any>(obj: any): Promise<AsyncIterator<T>> {
  const it: Iter = await getIter(obj);
  return {
    next: async () => {
      const v = await it.next();
      return v === DONE ? { done: true, value: undefined } : { done: false, value: v };
    },
  };
}

/** A JS iterator as a Python iterator object (PyTorch's samplers return generators). */
export class JsIterator {
  constructor(readonly it: Iterator<unknown> | AsyncIterator<unknown>) {}
}

export const T_generator = nativeClass({
  name: "generator",
  jsClass: JsIterator,
  methods: {
    __iter__: ["__iter__()", (s: JsIterator) => s],
    __next__: ["__next__()", async (s: JsIterator) => {
      const r = await s.it.next();
      if (r.done) throw pyError("StopIteration");
      return r.value;
    }],
  },
});

/** A Python iterator over what a runtime iter() gives (possibly a Promise of it). */
export async function toPyIterator(
  it: Promise<Iterator<unknown> | AsyncIterator<unknown>> | Iterator<unknown> | AsyncIterator<unknown>,
): Promise<JsIterator> {
  return new JsIterator(await it);
}

/** A runtime-facing wrapper of a Python object (dataset, sampler); `obj` is what Python code sees. */
export class PyAdapter {
  constructor(readonly obj: any) {}
}

/** The Python object behind a runtime value: an adapter's object, or the value itself when native. */
export const pyObjectOf = (x: any): any => x instanceof PyAdapter ? x.obj : x;

/** True for an instance of a native class itself, not of a tsl subclass that may override methods. */
export const isPlainNative = (x: any): boolean =>
  x !== null && typeof x === "object" && x.$cls !== undefined && !Object.prototype.hasOwnProperty.call(x, "$cls");

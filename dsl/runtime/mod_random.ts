// The `random` module, producing CPython's exact sequences for a given integer seed.

import { PyFloat, PyTuple } from "./values.ts";
import { nativeFn } from "./functions.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { MersenneTwister } from "./mersenne.ts";
import { registerModule } from "./modules.ts";
import { toArray } from "./iteration.ts";
import { toDouble, toIndex } from "./convert.ts";
import { len } from "./items.ts";
import { getItem } from "./items.ts";

const rng = new MersenneTwister();
rng.seedInt(BigInt(Date.now()));

function seed(a: any): null {
  if (a === null || a === undefined) rng.seedInt(BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000)));
  else if (typeof a === "number" || typeof a === "bigint" || typeof a === "boolean") {
    rng.seedInt(typeof a === "bigint" ? a : BigInt(Number(a)));
  } else if (a instanceof PyFloat) rng.seedInt(BigInt(Math.abs(Math.trunc(a.v))));
  else if (typeof a === "string") {
    let h = 0n;
    for (const c of a) h = (h * 1000003n + BigInt(c.codePointAt(0)!)) & ((1n << 64n) - 1n);
    rng.seedInt(h);
  } else throw typeErr("The only supported seed types are: None, int, float, str");
  return null;
}

function randrange(start: any, stop: any, step: any): number {
  const a = toIndex(start);
  if (stop === undefined || stop === null) {
    if (a > 0) return rng.randbelow(a);
    throw pyErr("ValueError", "empty range for randrange()");
  }
  const b = toIndex(stop);
  const st = step === undefined ? 1 : toIndex(step);
  const width = b - a;
  if (st === 1) {
    if (width > 0) return a + rng.randbelow(width);
    throw pyErr("ValueError", `empty range for randrange() (${a}, ${b}, ${width})`);
  }
  if (st === 0) throw pyErr("ValueError", "zero step for randrange()");
  const n = st > 0 ? Math.floor((width + st - 1) / st) : Math.floor((width + st + 1) / st);
  if (n <= 0) throw pyErr("ValueError", "empty range for randrange()");
  return a + st * rng.randbelow(n);
}

function gauss(mu: any, sigma: any): PyFloat {
  let z = rng.gaussNext;
  rng.gaussNext = null;
  if (z === null) {
    const x2pi = rng.random() * 2 * Math.PI;
    const g2rad = Math.sqrt(-2.0 * Math.log(1.0 - rng.random()));
    z = Math.cos(x2pi) * g2rad;
    rng.gaussNext = Math.sin(x2pi) * g2rad;
  }
  return new PyFloat(toDouble(mu ?? 0) + z * toDouble(sigma ?? 1));
}

registerModule("random", () => ({
  seed: nativeFn("seed(a=None, version=2)", seed),
  random: nativeFn("random()", () => new PyFloat(rng.random())),
  getrandbits: nativeFn("getrandbits(k, /)", (k) => {
    const r = rng.getrandbits(toIndex(k));
    return r <= 9007199254740991n ? Number(r) : r;
  }),
  randrange: nativeFn("randrange(start, stop=None, step=1)", randrange),
  randint: nativeFn("randint(a, b)", (a, b) => randrange(a, toIndex(b) + 1, 1)),
  choice: nativeFn("choice(seq)", async (seq) => {
    const n = await len(seq);
    if (n === 0) throw pyErr("IndexError", "Cannot choose from an empty sequence");
    return await getItem(seq, rng.randbelow(n));
  }),
  shuffle: nativeFn("shuffle(x)", (x: any[]) => {
    for (let i = x.length - 1; i > 0; i--) {
      const j = rng.randbelow(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return null;
  }),
  uniform: nativeFn("uniform(a, b)", (a, b) => {
    const x = toDouble(a);
    return new PyFloat(x + (toDouble(b) - x) * rng.random());
  }),
  gauss: nativeFn("gauss(mu=0.0, sigma=1.0)", gauss),
  normalvariate: nativeFn("normalvariate(mu=0.0, sigma=1.0)", (mu, sigma) => {
    const NV = 4 * Math.exp(-0.5) / Math.sqrt(2.0);
    let z: number;
    for (;;) {
      const u1 = rng.random();
      const u2 = 1.0 - rng.random();
      z = NV * (u1 - 0.5) / u2;
      if (z * z / 4.0 <= -Math.log(u2)) break;
    }
    return new PyFloat(toDouble(mu ?? 0) + z * toDouble(sigma ?? 1));
  }),
  sample: nativeFn("sample(population, k)", async (pop, k0) => {
    const population = (await toArray(pop)).slice();
    const n = population.length;
    const k = toIndex(k0);
    if (k < 0 || k > n) throw pyErr("ValueError", "Sample larger than population or is negative");
    const result = new Array(k);
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setsize) {
      const pool = population.slice();
      for (let i = 0; i < k; i++) {
        const j = rng.randbelow(n - i);
        result[i] = pool[j];
        pool[j] = pool[n - i - 1];
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = rng.randbelow(n);
        while (selected.has(j)) j = rng.randbelow(n);
        selected.add(j);
        result[i] = population[j];
      }
    }
    return result;
  }),
  getstate: nativeFn("getstate()", () => new PyTuple([])),
}));

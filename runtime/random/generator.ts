// torch.Generator and the global default generator. A Generator is PyTorch's CPUGeneratorImpl: an
// mt19937 engine, the seed it was started from, and the cached second sample of the last
// Box–Muller pair (which PyTorch keeps on the generator, so it survives between calls).
//
// Random values are always drawn here, on the host, and then uploaded: every device gets the
// numbers PyTorch's CPU generator would give, so a seeded script prints the same on cpu and webgpu.

import { MT19937, type MT19937State } from "./mt19937.ts";

/** at::default_rng_seed_val: the seed of a freshly made torch.Generator(). */
export const DEFAULT_RNG_SEED = 67280421310721;

const TWO_POW_32 = 4294967296;

export interface GeneratorState {
  engine: MT19937State;
  seed: bigint;
  nextDoubleNormal: number | null;
}

export class Generator {
  #engine: MT19937;
  #seed: bigint;
  /** The cached sin() half of the last scalar Box–Muller pair (normal_distribution<double>). */
  nextDoubleNormal: number | null = null;
  readonly device = "cpu";

  constructor(seed: number | bigint = DEFAULT_RNG_SEED) {
    this.#seed = toUint64(seed);
    this.#engine = new MT19937(this.#seed);
  }

  /** `g.manual_seed(s)`: restarts the engine from `s` (a uint64; negative values wrap). */
  manualSeed(seed: number | bigint): this {
    this.#seed = toUint64(seed);
    this.#engine = new MT19937(this.#seed);
    this.nextDoubleNormal = null;
    return this;
  }

  /** `g.seed()`: reseeds from a non-deterministic source and returns the seed (53 bits, as PyTorch). */
  seed(): number {
    const words = crypto.getRandomValues(new Uint32Array(2));
    const s = (words[0] & 0x1fffff) * TWO_POW_32 + words[1];
    this.manualSeed(s);
    return s;
  }

  /** `g.initial_seed()`: a number where exact, else a bigint. */
  initialSeed(): number | bigint {
    return this.#seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(this.#seed) : this.#seed;
  }

  /** CPUGeneratorImpl::random(): 32 random bits. */
  random(): number {
    return this.#engine.nextU32();
  }

  /** CPUGeneratorImpl::random64(): two draws, the first being the high word. */
  random64(): bigint {
    const hi = this.#engine.nextU32();
    const lo = this.#engine.nextU32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** uniform_real_distribution<float>'s [0, 1) draw: 24 bits of one random(). */
  uniform24(): number {
    return (this.#engine.nextU32() & 0xffffff) / 16777216;
  }

  /** uniform24() for each of out[from .. to), in order. */
  fillUniform24(out: Float32Array | Float64Array, from: number, to: number): void {
    this.#engine.fillUniform24(out, from, to);
  }

  /** uniform_real_distribution<double>'s [0, 1) draw: the low 53 bits of random64(). */
  uniform53(): number {
    const hi = this.#engine.nextU32();
    const lo = this.#engine.nextU32();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) / 9007199254740992;
  }

  getState(): GeneratorState {
    return { engine: this.#engine.getState(), seed: this.#seed, nextDoubleNormal: this.nextDoubleNormal };
  }

  setState(s: GeneratorState): this {
    this.#engine.setState(s.engine);
    this.#seed = s.seed;
    this.nextDoubleNormal = s.nextDoubleNormal;
    return this;
  }

  // PyTorch's method names, for the Python binding.
  manual_seed(seed: number | bigint): this {
    return this.manualSeed(seed);
  }
  initial_seed(): number | bigint {
    return this.initialSeed();
  }
  get_state(): GeneratorState {
    return this.getState();
  }
  set_state(s: GeneratorState): this {
    return this.setState(s);
  }
}

function toUint64(seed: number | bigint): bigint {
  const b = typeof seed === "bigint" ? seed : BigInt(Math.trunc(seed));
  return BigInt.asUintN(64, b);
}

// PyTorch seeds its default generator non-deterministically at start-up.
const defaultGen = new Generator();
defaultGen.seed();

export const defaultGenerator = (): Generator => defaultGen;

/** `torch.manual_seed(s)`: seeds the default generator and returns it. */
export const manualSeed = (seed: number | bigint): Generator => defaultGen.manualSeed(seed);

/** `torch.seed()`. */
export const seed = (): number => defaultGen.seed();

/** `torch.initial_seed()`. */
export const initialSeed = (): number | bigint => defaultGen.initialSeed();

/** `torch.get_rng_state()` / `torch.set_rng_state(s)`, with an opaque state object. */
export const getRngState = (): GeneratorState => defaultGen.getState();
export const setRngState = (s: GeneratorState): void => void defaultGen.setState(s);

// PyTorch's names.
export {
  getRngState as get_rng_state,
  initialSeed as initial_seed,
  manualSeed as manual_seed,
  setRngState as set_rng_state,
};

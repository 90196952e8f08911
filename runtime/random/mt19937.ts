// The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it (at::mt19937), so that a
// script seeded with torch.manual_seed draws the same numbers as under PyTorch.
//
// The state is held as int32 (the same bits), which keeps V8 on integer arithmetic; outputs are
// converted to uint32 where they leave the engine.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_POW_MINUS_24 = 1 / 16777216;

export interface MT19937State {
  state: number[];
  left: number;
  next: number;
}

export class MT19937 {
  #state = new Int32Array(N);
  // PyTorch's engine twists lazily: `left` counts down to the next twist, `next` indexes the state.
  #left = 1;
  #next = 0;

  /** Seeds from the low 32 bits of `seed`, as at::mt19937's init_with_uint32 does. */
  constructor(seed: number | bigint = 5489) {
    const s = this.#state;
    s[0] = Number(BigInt.asIntN(32, BigInt(seed)));
    for (let j = 1; j < N; j++) {
      const prev = s[j - 1] ^ (s[j - 1] >>> 30);
      s[j] = Math.imul(1812433253, prev) + j;
    }
  }

  /** The next 32-bit output, in [0, 2^32). */
  nextU32(): number {
    if (--this.#left === 0) this.#twist();
    return temper(this.#state[this.#next++]) >>> 0;
  }

  /**
   * Writes `(nextU32() & 0xffffff) / 2^24` to each of out[from .. to): the draws of
   * uniform_real_distribution<float>(0, 1), fused here because randn/rand draw millions of them.
   */
  fillUniform24(out: Float32Array | Float64Array, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const run = this.#reserve(to - i);
      const s = this.#state, start = this.#next - run;
      for (let k = 0; k < run; k++) out[i + k] = (temper(s[start + k]) & 0xffffff) * TWO_POW_MINUS_24;
      i += run;
    }
  }

  getState(): MT19937State {
    return { state: Array.from(this.#state, (w) => w >>> 0), left: this.#left, next: this.#next };
  }

  setState(st: MT19937State): void {
    this.#state.set(st.state);
    this.#left = st.left;
    this.#next = st.next;
  }

  /**
   * Claims up to `wanted` consecutive outputs of the current state (twisting first if it is
   * used up) and returns how many: they are state[next - count .. next), still to be tempered.
   */
  #reserve(wanted: number): number {
    if (this.#left === 1) {
      this.#twist();
      this.#left = N + 1; // as if the twisting call had not yet taken its output
    }
    const run = Math.min(wanted, this.#left - 1);
    this.#next += run;
    this.#left -= run;
    return run;
  }

  #twist(): void {
    const s = this.#state;
    this.#left = N;
    this.#next = 0;
    let p = 0;
    for (; p < N - M; p++) s[p] = s[p + M] ^ mix(s[p], s[p + 1]);
    for (; p < N - 1; p++) s[p] = s[p + M - N] ^ mix(s[p], s[p + 1]);
    s[p] = s[p + M - N] ^ mix(s[p], s[0]);
  }
}

function mix(u: number, v: number): number {
  const y = (u & UPPER_MASK) | (v & LOWER_MASK);
  return (y >>> 1) ^ (-(v & 1) & MATRIX_A);
}

/** The tempering of an output word, as int32 bits. */
function temper(word: number): number {
  let y = word;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >>> 18);
}

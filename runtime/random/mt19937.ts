// The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it (at::mt19937), so that a
// script seeded with torch.manual_seed draws the same numbers as under PyTorch.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export interface MT19937State {
  state: number[];
  left: number;
  next: number;
}

export class MT19937 {
  #state = new Uint32Array(N);
  // PyTorch's engine twists lazily: `left` counts down to the next twist, `next` indexes the state.
  #left = 1;
  #next = 0;

  /** Seeds from the low 32 bits of `seed`, as at::mt19937's init_with_uint32 does. */
  constructor(seed: number | bigint = 5489) {
    const s = this.#state;
    s[0] = Number(BigInt.asUintN(32, BigInt(seed)));
    for (let j = 1; j < N; j++) {
      const prev = s[j - 1] ^ (s[j - 1] >>> 30);
      s[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
  }

  /** The next 32-bit output, in [0, 2^32). */
  nextU32(): number {
    if (--this.#left === 0) this.#twist();
    let y = this.#state[this.#next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  getState(): MT19937State {
    return { state: [...this.#state], left: this.#left, next: this.#next };
  }

  setState(st: MT19937State): void {
    this.#state.set(st.state);
    this.#left = st.left;
    this.#next = st.next;
  }

  #twist(): void {
    const s = this.#state;
    this.#left = N;
    this.#next = 0;
    const twist = (u: number, v: number) => (((u & UPPER_MASK) | (v & LOWER_MASK)) >>> 1) ^ (v & 1 ? MATRIX_A : 0);
    let p = 0;
    for (; p < N - M; p++) s[p] = s[p + M] ^ twist(s[p], s[p + 1]);
    for (; p < N - 1; p++) s[p] = s[p + M - N] ^ twist(s[p], s[p + 1]);
    s[p] = s[p + M - N] ^ twist(s[p], s[0]);
  }
}

// The loaded WebAssembly matrix-product module: its shared memory, the layout of one product in
// it, and running the product on one or two threads. The operands are packed into the memory by
// sgemm_pack.ts; the caller reads C back out (see kernels/cpu/gemm.ts and conv.ts).

import { SGEMM_MAX_PAGES, SGEMM_MR as MR, SGEMM_NR as NR, SGEMM_PLAIN, SGEMM_RELAXED } from "./sgemm_binary.ts";
import { CTL, postJob, startHelper } from "./sgemm_helper.ts";

export { MR, NR };

/** Where one product lives in the memory, as float indices into `mem`: C is Mp × Np, row pitch ldc. */
export interface GemmJob {
  M: number;
  N: number;
  K: number;
  /** M and N rounded up to whole panels. */
  Mp: number;
  Np: number;
  pa: number;
  pb: number;
  c: number;
  ldc: number;
  /** Where the caller's staging area starts (its size was asked of `job`); it stays put between jobs. */
  stage: number;
  /** Views of the whole memory, valid until the next job is laid out. */
  mem: Float32Array;
  i32: Int32Array;
}

/** Products of at least this many multiply-adds are split with the helper thread (~25 µs of work). */
const SPLIT_MACS = 1 << 19;
/**
 * Starting the helper blocks the main thread for 50-200 ms (a new isolate), so it starts only once
 * the splittable products so far add up to about that much single-thread work.
 */
const HELPER_AFTER_MACS = 2 ** 31;
/** The control block's bytes; data starts after it. */
const DATA_START = 64;
const PAGE = 65536;

type Driver = (
  mp: number,
  K: number,
  pa: number,
  pb: number,
  c: number,
  ldc: number,
  jp0: number,
  jp1: number,
  preloaded: number,
) => void;
type Packer = (src: number, rows: number, cols: number, K: number, panels: number, dst: number) => void;
type Col2im = (src: number, dst: number, ...geometry: number[]) => void;

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export class SgemmRuntime {
  readonly memory: WebAssembly.Memory;
  /** True when gemm_fast uses fused multiply-adds (relaxed SIMD). */
  readonly fused: boolean;
  readonly #module: WebAssembly.Module;
  readonly #exact: Driver;
  readonly #fast: Driver;
  readonly #packA: Packer;
  readonly #packBGather: Packer;
  readonly #col2im: Col2im;
  readonly #ctl: Int32Array;
  #mem: Float32Array;
  #i32: Int32Array;
  #helperStarted = false;
  #splittableMacs = 0;

  constructor(module: WebAssembly.Module, fused: boolean) {
    this.#module = module;
    this.fused = fused;
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: SGEMM_MAX_PAGES, shared: true });
    const x = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports;
    this.#exact = x.gemm_exact as Driver;
    this.#fast = x.gemm_fast as Driver;
    this.#packA = x.pack_a as Packer;
    this.#packBGather = x.pack_b_gather as Packer;
    this.#col2im = x.col2im_s1 as Col2im;
    this.#ctl = new Int32Array(this.memory.buffer, 0, 16);
    this.#mem = new Float32Array(this.memory.buffer);
    this.#i32 = new Int32Array(this.memory.buffer);
  }

  /**
   * Lays out an M × K by K × N product after a staging area of `stage` floats for the caller,
   * growing the memory as needed. Null when it would not fit.
   */
  job(M: number, N: number, K: number, stage = 0): GemmJob | null {
    const Mp = Math.ceil(M / MR) * MR, Np = Math.ceil(N / NR) * NR;
    const align = (n: number) => Math.ceil(n / 16) * 16; // 64-byte aligned panels
    const pa = align(DATA_START / 4 + stage), pb = align(pa + Mp * K), c = align(pb + K * Np);
    const bytes = (c + Mp * Np) * 4;
    if (bytes > SGEMM_MAX_PAGES * PAGE) return null;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.#mem.buffer.byteLength !== this.memory.buffer.byteLength) {
      this.#mem = new Float32Array(this.memory.buffer);
      this.#i32 = new Int32Array(this.memory.buffer);
    }
    return { M, N, K, Mp, Np, pa, pb, c, ldc: Np, stage: DATA_START / 4, mem: this.#mem, i32: this.#i32 };
  }

  /**
   * Packs the first `panels` row panels of A from the staging area: element (i, k) at float index
   * src + i32[rows + i] + i32[cols + k] (all float indices). The WebAssembly twin of packA.
   */
  packAStaged(job: GemmJob, src: number, rows: number, cols: number, panels: number): void {
    this.#packA(src * 4, rows * 4, cols * 4, job.K, panels, job.pa * 4);
  }

  /**
   * Packs the first `panels` column panels of B likewise, from any column offsets (a panel of
   * consecutive columns is moved as vectors).
   */
  packBGatherStaged(job: GemmJob, src: number, rows: number, cols: number, panels: number): void {
    this.#packBGather(src * 4, rows * 4, cols * 4, job.K, panels, job.pb * 4);
  }

  /**
   * Adds the patch gradients of one sample (C's columns from float index `src`, row pitch `ldc`) onto
   * the input-gradient planes at float index `dst`, as conv_im2col.ts's col2im does (width stride 1 only).
   */
  col2imStaged(
    src: number,
    dst: number,
    g: { H: number; W: number; kH: number; kW: number; OH: number; OW: number; sH: number },
    pad: { pH: number; pW: number; dH: number; dW: number },
    Cg: number,
    ldc: number,
  ): void {
    this.#col2im(src * 4, dst * 4, Cg, g.H, g.W, g.kH, g.kW, g.OH, g.OW, g.sH, pad.pH, pad.pW, pad.dH, pad.dW, ldc);
  }

  /**
   * C = A · B on the packed operands (C += A · B when `preloaded`). `fast` uses the fused kernel,
   * whose roundings differ from PyTorch's BLAS; the exact one matches it bit for bit.
   */
  run(job: GemmJob, fast: boolean, preloaded = false): void {
    const { Mp, Np, K } = job;
    if (K === 0 || Mp === 0 || Np === 0) return;
    const drive = fast ? this.#fast : this.#exact;
    const mp = Mp / MR, np = Np / NR;
    const args = (
      jp0: number,
      jp1: number,
    ) => [mp, K, job.pa * 4, job.pb * 4, job.c * 4, job.ldc * 4, jp0, jp1, +preloaded];
    if (job.M * job.N * K < SPLIT_MACS || np < 2) {
      drive(...(args(0, np) as Parameters<Driver>));
      return;
    }
    this.#splittableMacs += job.M * job.N * K;
    if (this.#splittableMacs >= HELPER_AFTER_MACS) this.#startHelper();
    if (Atomics.load(this.#ctl, CTL.ready) !== 1) {
      drive(...(args(0, np) as Parameters<Driver>));
      return;
    }
    // The helper takes the right half of the column panels, the main thread the left.
    const half = Math.ceil(np / 2);
    const join = postJob(this.#ctl, fast, args(half, np));
    drive(...(args(0, half) as Parameters<Driver>));
    join();
  }

  #startHelper(): void {
    if (this.#helperStarted) return;
    this.#helperStarted = true;
    startHelper(this.memory, this.#module);
  }

  /**
   * Starts the helper thread now rather than after enough work, resolving once it is ready (false
   * if it does not come up within `timeoutMs`). For benchmarks, tests and long-running embedders.
   */
  async helperReady(timeoutMs = 5000): Promise<boolean> {
    this.#startHelper();
    const until = performance.now() + timeoutMs;
    while (Atomics.load(this.#ctl, CTL.ready) !== 1) {
      if (performance.now() > until) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }
}

let loaded: SgemmRuntime | null | undefined;

/** The module, loaded on first use; null where the engine lacks WebAssembly SIMD or shared memory. */
export function sgemmRuntime(): SgemmRuntime | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  for (const [b64, fused] of [[SGEMM_RELAXED, true], [SGEMM_PLAIN, false]] as const) {
    try {
      const bytes = decode(b64);
      if (!WebAssembly.validate(bytes)) continue;
      loaded = new SgemmRuntime(new WebAssembly.Module(bytes), fused);
      break;
    } catch {
      // no shared memory or no SIMD: the TypeScript kernels remain
    }
  }
  return loaded;
}

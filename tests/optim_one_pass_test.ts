// The one-pass CPU updates of SGD with momentum and Adam/AdamW (runtime/ops/single_tensor_optim.ts)
// against PyTorch 1.13's single-tensor path, bit for bit, on 4,096 float32 values spread over 16
// binades (with zeros of both signs), where a single differently rounded operation would show. A
// strided parameter takes the op-by-op path instead, which must give the same bits.
// Expected hashes (SHA-256 of the float32 bytes, first 16 hex digits) and version counters come
// from /usr/bin/python3 running the same steps on the same values (generator below, in both).

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import { Tensor } from "../runtime/tensor.ts";
import { Adam, AdamW, type Optimizer, SGD } from "../runtime/optim/mod.ts";
import { cpuBackend } from "../kernels/cpu/mod.ts";
import { slice } from "../runtime/ops/slicing.ts";

const N = 4096;

/**
 * PyTorch side:
 *   x = (1664525 * x + 1013904223) & 0xffffffff
 *   bits = 0 if x & 0xff == 0 else (x >> 31) << 31 | (112 + ((x >> 23) & 15)) << 23 | x & 0x7fffff
 */
function floats(seed: number, n: number): Float32Array {
  const bits = new Uint32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(1664525, x) + 1013904223) >>> 0;
    const exp = 112 + ((x >>> 23) & 15);
    bits[i] = (x & 0xff) === 0 ? 0 : (((x >>> 31) << 31) | (exp << 23) | (x & 0x7fffff)) >>> 0;
  }
  return new Float32Array(bits.buffer);
}

async function hash(t: Tensor): Promise<string> {
  const data = new Float32Array(await t.data());
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data.buffer));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

type Make = (params: Tensor[]) => Optimizer<object>;

// [name, make, state key, PyTorch's hash of w, of state[w][key], w._version, state[w][key]._version]
const CASES: [string, Make, string, string, string, number, number][] = [
  [
    "SGD momentum",
    (p) => new SGD(p, { lr: 0.01, momentum: 0.9 }),
    "momentum_buffer",
    "116864c0aa0c8431",
    "2bd261909d049f35",
    6,
    10,
  ],
  [
    "SGD dampening weight_decay",
    (p) => new SGD(p, { lr: 0.03, momentum: 0.7, dampening: 0.3, weight_decay: 0.1 }),
    "momentum_buffer",
    "b85c73c957eebc88",
    "b2291b69dde40e4b",
    6,
    10,
  ],
  [
    "SGD nesterov maximize",
    (p) => new SGD(p, { lr: 0.02, momentum: 0.8, nesterov: true, maximize: true, weight_decay: 0.05 }),
    "momentum_buffer",
    "f39e9920c427b596",
    "c9a4af9f12ec5dd6",
    6,
    10,
  ],
  ["Adam", (p) => new Adam(p, { lr: 0.01 }), "exp_avg_sq", "d48a1591271a47a3", "59be671355c9a859", 6, 12],
  [
    "Adam amsgrad weight_decay maximize",
    (p) => new Adam(p, { lr: 0.02, betas: [0.8, 0.95], eps: 1e-6, weight_decay: 0.1, amsgrad: true, maximize: true }),
    "max_exp_avg_sq",
    "900b587784de0fdd",
    "195ae5b201afed04",
    6,
    6,
  ],
  [
    "AdamW",
    (p) => new AdamW(p, { lr: 0.01, weight_decay: 0.2 }),
    "exp_avg",
    "03dbe1f23d3e464c",
    "9237f8e18ced1a13",
    12,
    12,
  ],
];

/** The kernels the CPU backend looked up while `fn` ran. */
function kernelsUsed(fn: () => void): Set<string> {
  const used = new Set<string>();
  const backend = cpuBackend as { kernel: typeof cpuBackend.kernel };
  const lookup = backend.kernel;
  backend.kernel = (op) => (used.add(op), lookup.call(cpuBackend, op));
  try {
    fn();
  } finally {
    backend.kernel = lookup;
  }
  return used;
}

/** A 64x64 leaf parameter: contiguous, or every other column of a 64x128 tensor. */
function parameter(strided: boolean): Tensor {
  const values = floats(1, N);
  let w = Tensor.fromArray(values, [64, 64], "float32");
  if (strided) {
    const wide = new Float32Array(2 * N);
    values.forEach((v, i) => wide[2 * i] = v);
    w = slice(Tensor.fromArray(wide, [64, 128], "float32"), 1, 0, 128, 2);
  }
  w.requiresGrad = true;
  return w;
}

for (const [name, make, key, wHash, stateHash, wVersion, stateVersion] of CASES) {
  Deno.test(`${name}: PyTorch's bits in one pass and op by op`, async (t) => {
    for (const strided of [false, true]) {
      await t.step(strided ? "strided parameter (op by op)" : "contiguous parameter (one pass)", async () => {
        const w = parameter(strided);
        assert.equal(w.isContiguous(), !strided);
        const opt = make([w]);
        const used = new Set<string>();
        for (let step = 0; step < 6; step++) {
          w.grad = Tensor.fromArray(floats(100 + step, N), [64, 64], "float32");
          for (const k of kernelsUsed(() => opt.step())) used.add(k);
        }
        const onePass = name.startsWith("SGD") ? "_single_tensor_sgd" : "_single_tensor_adam";
        assert.equal(used.has(onePass), !strided, `${onePass} ran: ${used.has(onePass)}`);
        const state = opt.state.get(w)![key] as Tensor;
        assert.equal(await hash(w), wHash);
        assert.equal(await hash(state), stateHash);
        assert.equal(w.version, wVersion);
        assert.equal(state.version, stateVersion);
      });
    }
  });
}

// The fused optimizer updates (runtime/ops/fused_optim.ts) that SGD with momentum, Adam and AdamW
// use for WebGPU parameters: results within float32 rounding of PyTorch 1.13 (values from
// /usr/bin/python3 running the same five steps), one dispatch per optimizer step (SGD on lavapipe: one per large parameter), many parameters
// against the CPU's single-tensor path, and the WebGPU kernels against the CPU kernels on strided views.

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import { Tensor } from "../runtime/tensor.ts";
import { add, mul } from "../runtime/ops/binary.ts";
import { Adam, AdamW, SGD } from "../runtime/optim/mod.ts";
import { fusedAdam_, fusedSgd_ } from "../runtime/ops/fused_optim.ts";
import { contiguous, transpose } from "../runtime/ops/views.ts";
import { type Device, getDevice, setDefaultDevice } from "../runtime/device.ts";
import { initWebGPU, isRealGpu, queueStats } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { setFusedSgdBatch } from "../kernels/webgpu/fused_optim.ts";
import { fiveSteps, type Make } from "./optim_five_steps.ts";
import { assertClose } from "./helpers.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("skipped: no WebGPU adapter");

// [options, PyTorch's w.tolist() + b.tolist()] after fiveSteps.
const CASES: [string, Make, number[]][] = [
  [
    "SGD(nesterov, weight_decay)",
    (p) => new SGD(p, { lr: 0.01, momentum: 0.9, nesterov: true, weight_decay: 0.1 }),
    [
      0.9503276944160461,
      -2.556633472442627,
      2.0004875659942627,
      0.2604544758796692,
      0.35696515440940857,
      -0.2650358974933624,
    ],
  ],
  [
    "SGD(dampening, maximize, weight_decay)",
    (p) => new SGD(p, { lr: 0.01, momentum: 0.5, dampening: 0.3, maximize: true, weight_decay: 0.2 }),
    [1.0, -1.7773592472076416, 3.360544204711914, 0.24146343767642975, 0.5476084351539612, -0.30825215578079224],
  ],
  [
    "Adam(weight_decay)",
    (p) => new Adam(p, { lr: 0.05, weight_decay: 0.3 }),
    [
      0.7518841028213501,
      -2.2504749298095703,
      2.7504076957702637,
      0.27088889479637146,
      0.25283142924308777,
      -0.07990310341119766,
    ],
  ],
  [
    "AdamW(maximize, amsgrad)",
    (p) => new AdamW(p, { lr: 0.05, maximize: true, amsgrad: true }),
    [
      1.2482292652130127,
      -1.7459254264831543,
      3.242577075958252,
      -0.0008894093334674835,
      0.7494892477989197,
      -0.5486758351325989,
    ],
  ],
];

const MANY: [string, Make][] = [
  ["Adam(weight_decay, amsgrad)", (p) => new Adam(p, { lr: 0.05, weight_decay: 0.1, amsgrad: true })],
  ["AdamW(maximize)", (p) => new AdamW(p, { lr: 0.05, maximize: true })],
  [
    "SGD(momentum, dampening, weight_decay)",
    (p) => new SGD(p, { lr: 0.05, momentum: 0.8, dampening: 0.1, weight_decay: 0.01 }),
  ],
];

/**
 * Three steps over 13 parameters (more than one dispatch holds; parameter 4 is a transposed view,
 * the kernels' strided path). Step 0 updates every other parameter only, so later steps mix new and
 * old momentum buffers, and Adam's step counts differ between parameters.
 */
async function manySteps(make: Make, device: Device): Promise<number[]> {
  const shapes = [[5, 3], [7], [2, 3, 4], [1], [9, 2], [4], [3, 3], [6], [2, 2], [8], [5], [3, 2], [4, 4]];
  const params = shapes.map((s, k) => {
    const n = s.reduce((a, b) => a * b);
    const data = Array.from({ length: n }, (_, i) => Math.cos(i * 0.9 + k));
    const p = k === 4
      ? transpose(Tensor.fromArray(data, [2, 9], "float32", device), 0, 1)
      : Tensor.fromArray(data, s, "float32", device);
    p.requiresGrad = true;
    return p;
  });
  const opt = make(params);
  for (let step = 0; step < 3; step++) {
    params.forEach((p, k) => (p.grad = step === 0 && k % 2 ? null : add(mul(p, 0.7 + 0.1 * k), 0.05 * step)));
    opt.step();
  }
  // Adam's step counters too (on the default device).
  const steps = params.map((p) => opt.state.get(p)?.step).filter((t) => t instanceof Tensor) as Tensor[];
  return (await Promise.all([...params, ...steps].map((p) => contiguous(p).data()))).flatMap((a) => [...a]);
}

Deno.test("the CPU optimizers keep PyTorch's single-tensor results exactly", async (t) => {
  for (const [name, make, expected] of CASES) {
    await t.step(name, async () => assert.deepEqual(await fiveSteps(make, getDevice("cpu")), expected));
  }
});

Deno.test({
  name: "fused optimizer updates on WebGPU",
  ignore: !gpu,
  async fn(t) {
    for (const [name, make, expected] of CASES) {
      await t.step(`${name} matches PyTorch within 1e-5`, async () => {
        assertClose(await fiveSteps(make, getDevice("webgpu")), expected, { rtol: 1e-5, atol: 1e-7 });
      });
    }

    // Real GPUs update all SGD parameters in one dispatch; lavapipe gives parameters of 1024 elements
    // or more a dispatch each (faster there, see fused_optim.ts's sgdBatching). Both paths are checked
    // on any adapter.
    const sgdDispatches = () => {
      const gpuDev = getDevice("webgpu");
      const params = [[3, 4], [32, 40], [4], [1024], [2, 2, 2]].map((s) => {
        const p = Tensor.fromArray(new Array(s.reduce((a, b) => a * b)).fill(0.5), s, "float32", gpuDev);
        p.requiresGrad = true;
        p.grad = Tensor.fromArray(new Array(p.numel).fill(0.1), s, "float32", gpuDev);
        return p;
      });
      const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
      opt.step(); // creates the momentum buffers
      const before = queueStats.dispatches;
      opt.step();
      return queueStats.dispatches - before;
    };
    await t.step("SGD with momentum: one dispatch for all parameters of a step when batched", () => {
      setFusedSgdBatch(Infinity);
      try {
        assert.equal(sgdDispatches(), 1);
      } finally {
        setFusedSgdBatch(undefined);
      }
    });
    await t.step("SGD with momentum: large parameters alone on a software adapter only", () => {
      assert.equal(sgdDispatches(), isRealGpu() ? 1 : 3);
    });
    await t.step("SGD over large parameters (each alone on lavapipe, vec4 where aligned) as on the CPU", async () => {
      const run = async (device: Device) => {
        const params = [[1024], [40, 32], [1025], [7, 300]].map((s, k) => {
          const n = s.reduce((a, b) => a * b);
          const p = Tensor.fromArray(Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + k)), s, "float32", device);
          p.requiresGrad = true;
          return p;
        });
        const opt = new SGD(params, { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.01 });
        for (let step = 0; step < 3; step++) {
          params.forEach((p, k) => (p.grad = add(mul(p, 0.3 + 0.1 * k), 0.02 * step)));
          opt.step();
        }
        return (await Promise.all(params.map((p) => p.data()))).flatMap((a) => [...a]);
      };
      assertClose(await run(getDevice("webgpu")), await run(getDevice("cpu")), { rtol: 1e-5, atol: 1e-6 });
    });
    for (const [name, make] of MANY.filter(([name]) => name.startsWith("SGD"))) {
      await t.step(`${name} over 13 parameters, all batched (the real-GPU kernel), as on the CPU`, async () => {
        setFusedSgdBatch(Infinity);
        try {
          assertClose(await manySteps(make, getDevice("webgpu")), await manySteps(make, getDevice("cpu")), {
            rtol: 1e-5,
            atol: 1e-6,
          });
        } finally {
          setFusedSgdBatch(undefined);
        }
      });
    }

    for (const [name, make] of MANY) {
      await t.step(`${name} over 13 parameters, steps out of step, as on the CPU`, async () => {
        assertClose(await manySteps(make, getDevice("webgpu")), await manySteps(make, getDevice("cpu")), {
          rtol: 1e-5,
          atol: 1e-6,
        });
      });
    }

    await t.step("Adam with its step counters on the GPU (default device webgpu): the kernel counts", async () => {
      const make: Make = (p) => new Adam(p, { lr: 0.05, amsgrad: true });
      const cpu = await manySteps(make, getDevice("cpu"));
      setDefaultDevice("webgpu");
      try {
        assertClose(await manySteps(make, getDevice("webgpu")), cpu, { rtol: 1e-5, atol: 1e-6 });
      } finally {
        setDefaultDevice("cpu");
      }
    });

    await t.step("Adam: one dispatch for the parameters of a step", () => {
      const gpuDev = getDevice("webgpu");
      const params = [[3, 4], [4], [2, 2, 2]].map((s) => {
        const p = Tensor.fromArray(new Array(s.reduce((a, b) => a * b)).fill(0.5), s, "float32", gpuDev);
        p.requiresGrad = true;
        p.grad = Tensor.fromArray(new Array(p.numel).fill(0.1), s, "float32", gpuDev);
        return p;
      });
      const opt = new Adam(params, { lr: 0.1 });
      // Step counters live on the default device (the CPU here), so they need no dispatch.
      opt.step();
      const before = queueStats.dispatches;
      opt.step();
      assert.equal(queueStats.dispatches - before, 1);
    });

    await t.step("the WebGPU kernels match the CPU kernels on strided views", async () => {
      const data = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + k) * (k + 1));
      const run = async (device: Device) => {
        // Transposed [4, 6] views: the kernels address every operand through its strides.
        const mk = (k: number) => transpose(Tensor.fromArray(data(24, k), [4, 6], "float32", device), 0, 1);
        const [p, g, buf, m, v, vmax] = [0, 1, 2, 3, 4, 5].map(mk);
        const sgd = { lr: 0.1, momentum: 0.9, dampening: 0.1, weight_decay: 0.01, nesterov: false, maximize: false };
        fusedSgd_([p], [g], [buf], { ...sgd, first: [true] });
        fusedSgd_([p], [g], [buf], { ...sgd, first: [false] });
        const adam = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1, maximize: true };
        const sq = mul(v, v), maxSq = mul(vmax, vmax); // second moments are never negative
        const step = Tensor.fromArray([2], [], "float32", device);
        const withSteps = { ...adam, withStepTensors: true, steps: [3] };
        fusedAdam_([p], [g], [[m, sq, maxSq, step]], { ...withSteps, amsgrad: true, decoupled: false });
        fusedAdam_([p], [g], [[m, sq]], {
          ...adam,
          amsgrad: false,
          decoupled: true,
          steps: [4],
          withStepTensors: false,
        });
        const all = [p, buf, m, sq, maxSq, step].map((x) => contiguous(x).data());
        return (await Promise.all(all)).flatMap((a) => [...a]);
      };
      assertClose(await run(getDevice("webgpu")), await run(getDevice("cpu")), { rtol: 1e-5, atol: 1e-6 });
    });
  },
});

drainGpuAtEnd(gpu);

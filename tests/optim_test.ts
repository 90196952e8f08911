// torch.optim: the runtime optimizers against PyTorch 1.13's single-tensor results (float32, exact),
// their state and state_dict, the lr schedulers, and the Python-facing API run as tsl scripts.
// Expected values come from /usr/bin/python3 running the same steps.

import assert from "node:assert/strict";
// The interpreter first, as mod.ts loads it: the Python builtin types exist before the bindings.
import { runTsl } from "./lang_harness.ts";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import { Tensor } from "../runtime/tensor.ts";
import { TorchError } from "../runtime/errors.ts";
import {
  Adagrad,
  Adam,
  AdamW,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  MultiStepLR,
  type Optimizer,
  RMSprop,
  SGD,
  StepLR,
} from "../runtime/optim/mod.ts";
import { fiveSteps, type Make } from "./optim_five_steps.ts";
import { assertClose, tensor, values } from "./helpers.ts";
import { getDevice } from "../runtime/device.ts";
import { initWebGPU } from "../kernels/webgpu/mod.ts";
import { SCRIPT_CASES } from "./optim_script_cases.ts";

// [options, PyTorch's w.tolist() + b.tolist()] after fiveSteps.
const CASES: [string, Make, number[]][] = [
  ["SGD(lr=0.01)", (p) => new SGD(p, { lr: 0.01 }), [
    0.9900598526000977,
    -2.170706272125244,
    2.702749490737915,
    0.2543705999851227,
    0.4585907459259033,
    -0.2907438278198242,
  ]],
  ["SGD(lr=0.01, momentum=0.9)", (p) => new SGD(p, { lr: 0.01, momentum: 0.9 }), [
    0.9738974571228027,
    -2.4513957500457764,
    2.224738836288452,
    0.26148754358291626,
    0.39166462421417236,
    -0.275783896446228,
  ]],
  [
    "SGD(momentum=0.9, dampening=0.3, weight_decay=0.1)",
    (p) => new SGD(p, { lr: 0.01, momentum: 0.9, dampening: 0.3, weight_decay: 0.1 }),
    [
      0.9689368009567261,
      -2.332728385925293,
      2.3486101627349854,
      0.256500780582428,
      0.4084838330745697,
      -0.27762940526008606,
    ],
  ],
  [
    "SGD(momentum=0.8, nesterov, maximize)",
    (p) => new SGD(p, { lr: 0.01, momentum: 0.8, nesterov: true, maximize: true }),
    [
      1.028817892074585,
      -1.5600517988204956,
      3.957324981689453,
      0.23751334846019745,
      0.6272854804992676,
      -0.32845208048820496,
    ],
  ],
  ["Adam(lr=0.05)", (p) => new Adam(p, { lr: 0.05 }), [
    0.7525767087936401,
    -2.2504723072052,
    2.750408411026001,
    0.49925944209098816,
    0.25265032052993774,
    -0.0943177193403244,
  ]],
  [
    "Adam(betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1)",
    (p) => new Adam(p, { lr: 0.05, betas: [0.8, 0.9], eps: 1e-6, weight_decay: 0.1 }),
    [
      0.7523699998855591,
      -2.2505269050598145,
      2.7504472732543945,
      0.4941580891609192,
      0.2529519498348236,
      -0.09305882453918457,
    ],
  ],
  ["Adam(amsgrad, maximize)", (p) => new Adam(p, { lr: 0.05, amsgrad: true, maximize: true }), [
    1.2509819269180298,
    -1.750656247138977,
    3.25032901763916,
    -0.0005142837762832642,
    0.7509908676147461,
    -0.5496622323989868,
  ]],
  ["AdamW(lr=0.05)", (p) => new AdamW(p, { lr: 0.05 }), [
    0.7503635287284851,
    -2.2452189922332764,
    2.743178606033325,
    0.4983881115913391,
    0.2516676187515259,
    -0.09405549615621567,
  ]],
  ["AdamW(weight_decay=0.5, amsgrad)", (p) => new AdamW(p, { lr: 0.05, weight_decay: 0.5, amsgrad: true }), [
    0.6478251218795776,
    -2.0,
    2.406611442565918,
    0.45748114585876465,
    0.20623233914375305,
    -0.08294621855020523,
  ]],
  ["RMSprop(lr=0.01)", (p) => new RMSprop(p, { lr: 0.01 }), [
    0.7085089683532715,
    -2.333671808242798,
    2.6821625232696533,
    0.5630136728286743,
    0.20924977958202362,
    -0.15448138117790222,
  ]],
  [
    "RMSprop(alpha=0.9, eps=1e-6, weight_decay=0.1, momentum=0.5)",
    (p) => new RMSprop(p, { lr: 0.01, alpha: 0.9, eps: 1e-6, weight_decay: 0.1, momentum: 0.5 }),
    [
      0.8268221020698547,
      -2.181182861328125,
      2.822319269180298,
      0.417788565158844,
      0.3278936743736267,
      -0.15776005387306213,
    ],
  ],
  ["RMSprop(centered)", (p) => new RMSprop(p, { lr: 0.01, centered: true }), [
    0.7052810788154602,
    -2.338200569152832,
    2.6780855655670166,
    0.5669422149658203,
    0.20604664087295532,
    -0.15442650020122528,
  ]],
  [
    "RMSprop(centered, momentum=0.9, maximize)",
    (p) => new RMSprop(p, { lr: 0.01, centered: true, momentum: 0.9, maximize: true }),
    [
      2.049705743789673,
      -1.0833795070648193,
      3.986143112182617,
      -0.7512555122375488,
      1.550987958908081,
      -1.4691492319107056,
    ],
  ],
  ["Adagrad(lr=0.1)", (p) => new Adagrad(p, { lr: 0.1 }), [
    0.7097057700157166,
    -2.332378387451172,
    2.6834487915039062,
    0.5617371797561646,
    0.21044287085533142,
    -0.15454219281673431,
  ]],
  [
    "Adagrad(lr_decay=0.1, weight_decay=0.2, initial_accumulator_value=0.5, eps=1e-5)",
    (p) => new Adagrad(p, { lr: 0.1, lr_decay: 0.1, weight_decay: 0.2, initial_accumulator_value: 0.5, eps: 1e-5 }),
    [
      0.8343083262443542,
      -2.284837245941162,
      2.7229104042053223,
      0.2710433006286621,
      0.2744998037815094,
      -0.2022295743227005,
    ],
  ],
  ["Adagrad(maximize)", (p) => new Adagrad(p, { lr: 0.1, maximize: true }), [
    1.3474080562591553,
    -1.6870782375335693,
    3.3293352127075195,
    -0.08332550525665283,
    0.847809910774231,
    -0.692064642906189,
  ]],
];

function assertError(fn: () => unknown, pyType: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TorchError, `not a TorchError: ${e}`);
    assert.equal(e.pyType, pyType);
    assert.equal(e.message, message);
    return true;
  });
}

Deno.test("optimizers match PyTorch 1.13 bit for bit", async (t) => {
  for (const [name, make, expected] of CASES) {
    await t.step(name, async () => assert.deepEqual(await fiveSteps(make), expected));
  }
});

const gpu = await initWebGPU();

Deno.test({
  name: "optimizers on WebGPU tensors match PyTorch within float32 rounding",
  ignore: !gpu,
  fn: async (t) => {
    for (const [name, make, expected] of CASES) {
      await t.step(name, async () => assertClose(await fiveSteps(make, getDevice("webgpu")), expected, { rtol: 1e-5 }));
    }
  },
});

Deno.test("optimizer groups, state and state_dict", async (t) => {
  await t.step("groups take the defaults they do not set, in PyTorch's key order", () => {
    const w = tensor([1, 2]), b = tensor([3]);
    const opt = new SGD([{ params: [w] }, { params: b, lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    assert.deepEqual(opt.paramGroups.map((g) => g.lr), [0.1, 0.5]);
    assert.deepEqual(Object.keys(opt.paramGroups[1]), [
      "params",
      "lr",
      "momentum",
      "dampening",
      "weight_decay",
      "nesterov",
      "maximize",
      "foreach",
      "differentiable",
    ]);
    assert.deepEqual(opt.paramGroups[1].params, [b]);
  });

  await t.step("a changed group lr is used by the next step", () => {
    const w = tensor([1, 2]);
    const opt = new SGD([w], { lr: 0.1 });
    opt.paramGroups[0].lr = 0.5;
    w.grad = tensor([1, -1]);
    opt.step();
    assert.deepEqual(values(w), [0.5, 2.5]);
  });

  await t.step("Adam keeps step as a float32 scalar tensor; state_dict numbers parameters", () => {
    const w = tensor([1, 2]), b = tensor([3]);
    const opt = new Adam([w, b], { lr: 0.1 });
    w.grad = tensor([0.5, -0.5]);
    opt.step();
    const sd = opt.stateDict();
    assert.deepEqual([...sd.state.keys()], [0]);
    const s = sd.state.get(0)!;
    assert.deepEqual(Object.keys(s), ["step", "exp_avg", "exp_avg_sq"]);
    const step = s.step as Tensor;
    assert.deepEqual([step.shape, step.dtype, values(step)], [[], "float32", [1]]);
    // PyTorch: exp_avg tensor([ 0.0500, -0.0500]), exp_avg_sq 0.00025 each
    assert.deepEqual(values(s.exp_avg as Tensor), [Math.fround(0.05), Math.fround(-0.05)]);
    assert.deepEqual(sd.param_groups[0].params, [0, 1]);
    assert.equal(sd.param_groups[0].lr, 0.1);
  });

  await t.step("load_state_dict restores state and group options", async () => {
    const make = () => {
      const w = tensor([1, 2]);
      return { w, opt: new SGD([w], { lr: 0.1, momentum: 0.9 }) };
    };
    const a = make();
    a.w.grad = tensor([1, 1]);
    a.opt.step();
    a.opt.paramGroups[0].lr = 0.05;
    const b = make();
    await b.opt.loadStateDict(a.opt.stateDict());
    assert.equal(b.opt.paramGroups[0].lr, 0.05);
    assert.deepEqual(b.opt.paramGroups[0].params, [b.w]);
    // The buffer is a copy: stepping b leaves a's untouched.
    assert.notEqual(b.opt.state.get(b.w)!.momentum_buffer, a.opt.state.get(a.w)!.momentum_buffer);
    b.w.grad = tensor([1, 1]);
    b.opt.step();
    assert.deepEqual(values(b.w), [0.9049999713897705, 1.9049999713897705]); // PyTorch
    assert.deepEqual(values(a.opt.state.get(a.w)!.momentum_buffer as Tensor), [1, 1]);
  });

  await t.step("zero_grad zeroes in place, or sets grads to null", () => {
    const w = tensor([1, 2]);
    const opt = new SGD([w], { lr: 0.1 });
    const g = w.grad = tensor([3, 4]);
    opt.zeroGrad();
    assert.equal(w.grad, g);
    assert.deepEqual(values(g), [0, 0]);
    opt.zeroGrad(true);
    assert.equal(w.grad, null);
  });

  await t.step("step(closure) returns the closure's loss", () => {
    const w = tensor([1, 2]);
    const opt = new SGD([w], { lr: 0.1 });
    assert.equal(opt.step(() => 42), 42);
  });

  await t.step("PyTorch's errors", () => {
    const w = tensor([1]);
    assertError(() => new SGD([], { lr: 0.1 }), "ValueError", "optimizer got an empty parameter list");
    assertError(() => new SGD([w], { lr: -1 }), "ValueError", "Invalid learning rate: -1.0");
    assertError(
      () => new SGD([w]),
      "ValueError",
      "parameter group didn't specify a value of required optimization parameter lr",
    );
    assertError(() => new Adam([w], { betas: [0.9, 1] }), "ValueError", "Invalid beta parameter at index 1: 1.0");
    assertError(
      () => new SGD([{ params: [w] }, { params: [w] }], { lr: 0.1 }),
      "ValueError",
      "some parameters appear in more than one parameter group",
    );
    assertError(
      () => new SGD([w], { lr: 0.1, nesterov: true }),
      "ValueError",
      "Nesterov momentum requires a momentum and zero dampening",
    );
  });
});

Deno.test("lr schedulers follow PyTorch's recursive forms", async (t) => {
  const sgd = (lr: number) => new SGD([tensor([0])], { lr });
  const run = (opt: Optimizer<object>, sched: { step(): unknown; getLastLr(): number[] }, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      opt.step();
      sched.step();
      out.push(sched.getLastLr()[0]);
    }
    return out;
  };

  await t.step("StepLR", () => {
    const opt = sgd(1);
    const s = new StepLR(opt, 2, 0.5);
    assert.deepEqual([s.getLastLr(), s.lastEpoch, opt.paramGroups[0].initial_lr], [[1], 0, 1]);
    assert.deepEqual(run(opt, s, 6), [1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    s.step(7); // closed form
    assert.deepEqual(s.getLastLr(), [0.125]);
  });

  await t.step("MultiStepLR counts repeated milestones", () => {
    const opt = sgd(1);
    assert.deepEqual(
      run(opt, new MultiStepLR(opt, [2, 4, 4], 0.1), 6),
      [1, 0.1, 0.1, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002],
    );
  });

  await t.step("ExponentialLR", () => {
    const opt = sgd(0.5);
    assert.deepEqual(run(opt, new ExponentialLR(opt, 0.9), 4), [0.45, 0.405, 0.36450000000000005, 0.32805000000000006]);
  });

  await t.step("CosineAnnealingLR", () => {
    const opt = sgd(0.1);
    assert.deepEqual(run(opt, new CosineAnnealingLR(opt, 3, 0.01), 10), [
      0.0775,
      0.032500000000000015,
      0.01,
      0.0325,
      0.07750000000000005,
      0.10000000000000007,
      0.07750000000000007,
      0.03250000000000006,
      0.01,
      0.0325,
    ]);
  });

  await t.step("LambdaLR, one lambda per group", () => {
    const opt = new SGD([{ params: [tensor([0])] }, { params: [tensor([0])], lr: 0.2 }], { lr: 0.1 });
    const s = new LambdaLR(opt, [(e) => 0.5 ** e, (e) => 1 / (e + 1)]);
    const out: number[][] = [];
    for (let i = 0; i < 4; i++) {
      opt.step();
      s.step();
      out.push(s.getLastLr());
    }
    assert.deepEqual(out, [[0.05, 0.1], [0.025, 0.06666666666666667], [0.0125, 0.05], [0.00625, 0.04000000000000001]]);
    assert.equal(s.lastEpoch, 4);
  });
});

Deno.test("torch.optim from tsl prints what PyTorch prints", async (t) => {
  for (const [name, source, expected] of SCRIPT_CASES) {
    await t.step(name, async () => {
      const r = await runTsl(source, "optim_case.tsl");
      assert.equal(r.err, "");
      assert.equal(r.out, expected);
    });
  }
});

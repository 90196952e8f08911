// The seed's programs (scripts/blitz/*.tsl) run as written through the CLI. Their inputs are random,
// so the checks are on what does not depend on them: the lines PyTorch prints exactly, the shapes,
// and that training cuts the loss.

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";

async function runScript(name: string): Promise<string[]> {
  const r = await runCli([`scripts/blitz/${name}`]);
  assert.equal(r.stderr, "", `${name} wrote to stderr`);
  assert.equal(r.code, 0, `${name} exited with ${r.code}`);
  return r.stdout.trimEnd().split("\n");
}

/** The `t loss` lines of a training script, as numbers. */
function losses(lines: string[]): number[] {
  return lines.filter((l) => /^\d+ /.test(l)).map((l) => Number(l.split(" ")[1]));
}

Deno.test("blitz: every seed program in scripts/blitz runs", async (t) => {
  await t.step("tensors.tsl", async () => {
    const out = await runScript("tensors.tsl");
    assert.ok(out.includes("tensor([5.5000, 3.0000])"));
    assert.ok(out.includes("torch.Size([4, 4]) torch.Size([16]) torch.Size([2, 8])"));
    assert.ok(out.includes("tensor([[0, 0, 0],"));
  });

  await t.step("autograd.tsl", async () => {
    const out = await runScript("autograd.tsl");
    const text = out.join("\n");
    assert.ok(text.includes("tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)"));
    assert.ok(text.includes(
      "tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>) " +
        "tensor(27., grad_fn=<MeanBackward0>)",
    ));
    assert.ok(text.includes("tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])"));
    assert.match(text, /<AddBackward0 object at 0x[0-9a-f]+>/);
    assert.match(text, /<SumBackward0 object at 0x[0-9a-f]+>/);
    assert.deepEqual(out.slice(-3), ["True", "True", "False"]);
  });

  await t.step("neural_networks.tsl", async () => {
    const out = await runScript("neural_networks.tsl");
    assert.deepEqual(out.slice(0, 9), [
      "Net(",
      "  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))",
      "  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))",
      "  (fc1): Linear(in_features=400, out_features=120, bias=True)",
      "  (fc2): Linear(in_features=120, out_features=84, bias=True)",
      "  (fc3): Linear(in_features=84, out_features=10, bias=True)",
      ")",
      "10",
      "torch.Size([6, 1, 5, 5])",
    ]);
    const text = out.join("\n");
    // PyTorch 1.13 prints the bias's AccumulateGrad third (the seed's comment says ReLU).
    assert.match(
      text,
      /<MseLossBackward0 object at 0x[0-9a-f]+>\n<AddmmBackward0 object at 0x[0-9a-f]+>\n<AccumulateGrad object at 0x[0-9a-f]+>\n/,
    );
    assert.ok(text.includes("conv1.bias.grad before backward\ntensor([0., 0., 0., 0., 0., 0.])"));
    assert.ok(text.includes("tensor(True)"), "an SGD step lowers the loss");
    assert.equal(out.at(-1), "None torch.Size([6, 1, 5, 5])");
  });

  await t.step("mlp_sequential.tsl: Adam cuts the loss at least 100x in 500 steps", async () => {
    const l = losses(await runScript("mlp_sequential.tsl"));
    assert.equal(l.length, 500);
    assert.ok(l[0] / l[499] >= 100, `loss went from ${l[0]} to ${l[499]}`);
  });

  await t.step("mlp_dynamic.tsl: SGD with momentum trains the dynamic net", async () => {
    const l = losses(await runScript("mlp_dynamic.tsl"));
    assert.equal(l.length, 500);
    assert.ok(Math.min(...l.slice(-20)) < l[0] / 10, `loss went from ${l[0]} to ${l.slice(-20)}`);
  });

  await t.step("save_load.tsl: state_dicts and a two-model checkpoint round-trip", async () => {
    const out = await runScript("save_load.tsl");
    // what PyTorch 1.13 prints for this program
    assert.deepEqual(out, [
      "Model's state_dict:",
      "fc1.weight \t torch.Size([8, 4])",
      "fc1.bias \t torch.Size([8])",
      "fc2.weight \t torch.Size([2, 8])",
      "fc2.bias \t torch.Size([2])",
      "True",
      "Optimizer's state_dict:",
      "state \t 4",
      "param_groups \t [{'lr': 0.01, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, " +
      "'maximize': False, 'foreach': None, 'differentiable': False, 'params': [0, 1, 2, 3]}]",
      "epoch 3 lr 0.01 momentum 0.9",
      "Adam step tensor(3.)",
      "True",
      "True True",
    ]);
  });

  await t.step("data_loading.tsl: one pass over the subset per num_workers", async () => {
    const out = await runScript("data_loading.tsl");
    assert.equal(out.length, 5);
    for (let w = 0; w < 4; w++) assert.match(out[w], new RegExp(`^num_workers is ${w} and it took [\\d.e-]+ seconds$`));
    assert.equal(out[4], "50 batches of (100, 1, 28, 28) torch.int64");
  });
});

// Interop with PyTorch 1.13 in both directions. PyTorch → tsl: the checkpoints in tests/fixtures/pytorch
// (made by scripts/fixtures/make_pytorch_fixtures.py) load with every value; tsl → PyTorch: files written
// by scripts/fixtures/write_tsl_files.tsl are checked by scripts/fixtures/check_tsl_files.py under
// /usr/bin/python3 (skipped, visibly, where python3-torch is not installed).

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import { Interpreter } from "../dsl/interpreter.ts";
import { Tensor } from "../runtime/tensor.ts";
import { Parameter } from "../runtime/nn/parameter.ts";
import { torchLoad } from "../runtime/io/torch_load.ts";
import { PickleDict, UnpicklingError } from "../runtime/io/pickle_values.ts";

const root = new URL("..", import.meta.url).pathname;
const fixture = (name: string) => `${root}tests/fixtures/pytorch/${name}`;
const values = (t: Tensor) => Array.from(t.dataSync());
const arangeFormula = (n: number, i: number) => Array.from({ length: n }, (_, k) => Math.fround((k % 5 - 2) / (3 + i)));

Deno.test("PyTorch 1.13 checkpoints load in tsl", async (t) => {
  await t.step("state_dict: keys, every parameter value, buffers and _metadata", () => {
    const sd = torchLoad(fixture("state_dict.pt")) as PickleDict;
    assert.ok(sd.ordered);
    const keys = [...sd.entries.keys()];
    assert.deepEqual(keys, [
      "0.weight",
      "0.bias",
      "1.weight",
      "1.bias",
      "1.running_mean",
      "1.running_var",
      "1.num_batches_tracked",
      "2.weight",
      "2.bias",
    ]);
    const params = keys.filter((k) => !/running|num_batches/.test(k));
    params.forEach((k, i) => {
      const v = sd.get(k) as Tensor;
      assert.deepEqual(values(v), arangeFormula(v.numel, i), k);
    });
    assert.deepEqual((sd.get("0.weight") as Tensor).shape, [4, 3]);
    const nbt = sd.get("1.num_batches_tracked") as Tensor;
    assert.deepEqual([nbt.dtype, nbt.shape, values(nbt)], ["int64", [], [1]]);
    // PyTorch printed: [0.9888888597488403, 1.0125000476837158, 0.9013888835906982, 1.100000023841858]
    assert.deepEqual(values(sd.get("1.running_var") as Tensor), [
      0.9888888597488403,
      1.0125000476837158,
      0.9013888835906982,
      1.100000023841858,
    ]);
    const meta = sd.attributes.get("_metadata") as PickleDict;
    assert.deepEqual([...meta.entries.keys()], ["", "0", "1", "2"]);
    assert.equal((meta.get("1") as PickleDict).get("version"), 2);
  });

  await t.step("views share one storage with PyTorch's strides and offsets", () => {
    const v = torchLoad(fixture("views.pt")) as PickleDict;
    const [base, tr, row, col, block] = ["base", "t", "row", "col", "block"].map((k) => v.get(k) as Tensor);
    for (const x of [tr, row, col, block]) assert.equal(x.storage, base.storage);
    assert.deepEqual([tr.strides, row.offset, col.strides, col.offset, block.offset], [[1, 4], 4, [4], 2, 5]);
    assert.deepEqual(values(block), [5, 6, 9, 10]);
  });

  await t.step("checkpoint: Parameters, numbers and an Adam state_dict", () => {
    const ck = torchLoad(fixture("checkpoint.pt")) as PickleDict;
    const p = ck.get("param") as Parameter;
    assert.ok(p instanceof Parameter && p.requiresGrad);
    assert.ok((ck.get("frozen") as Parameter) instanceof Parameter && !(ck.get("frozen") as Parameter).requiresGrad);
    assert.equal(ck.get("big"), 2n ** 62n);
    const state = (ck.get("optimizer") as PickleDict).get("state") as PickleDict;
    assert.deepEqual([...state.entries.keys()], [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(values((state.get(5) as PickleDict).get("exp_avg") as Tensor), [
      Math.fround(0.38),
      Math.fround(0.38),
    ]);
  });

  await t.step("a pickled numpy array is refused like weights_only=True refuses it", () => {
    assert.throws(
      () => torchLoad(fixture("numpy.pt")),
      (e) =>
        e instanceof UnpicklingError &&
        e.message.endsWith("WeightsUnpickler error: Unsupported class numpy.core.multiarray._reconstruct"),
    );
  });

  await t.step("from a script, prints exactly what PyTorch prints for the same loads", async () => {
    const r = await runTsl(`
import torch
F = '${root}tests/fixtures/pytorch/'
sd = torch.load(F + 'state_dict.pt')
print(type(sd).__name__, list(sd.keys()))
print(sd['1.running_var'], sd['1.num_batches_tracked'])
print(sd._metadata)
d = torch.load(F + 'dtypes.pt')
for k, v in d.items():
    print(k, v.dtype, v)
v = torch.load(F + 'views.pt')
print(v['t'], v['t'].is_contiguous())
v['base'][1, 2] = 100.0
print(v['row'], v['col'], v['block'])
ck = torch.load(F + 'checkpoint.pt')
print(ck['epoch'], ck['loss'], ck['big'], ck['neg'], ck['name'], ck['nested'], ck['device'], ck['ordered'])
print(ck['param'], ck['frozen'], type(ck['param']).__name__)
print(ck['optimizer']['param_groups'])
print(ck['optimizer']['state'][0]['step'], ck['optimizer']['state'][5])
net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
print(net.load_state_dict(torch.load(F + 'state_dict.pt')))
net.eval()
print(net(torch.tensor([[1.0, -2.0, 0.5]])))
`);
    // /usr/bin/python3 (torch 1.13) printed this for the same script.
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `OrderedDict ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked', '2.weight', '2.bias']
tensor([0.9889, 1.0125, 0.9014, 1.1000]) tensor(1)
OrderedDict([('', {'version': 1}), ('0', {'version': 1}), ('1', {'version': 2}), ('2', {'version': 1})])
float32 torch.float32 tensor([[-0.5000, -0.2500,  0.0000],
        [ 0.2500,  0.5000,  0.7500]])
float64 torch.float64 tensor([0.0000, 0.3333, 0.6667, 1.0000], dtype=torch.float64)
int64 torch.int64 tensor([                0,                -5,     1099511627776,
        -4503599627370496])
int32 torch.int32 tensor([         1,         -2, 2147483647], dtype=torch.int32)
uint8 torch.uint8 tensor([  0,   7, 255], dtype=torch.uint8)
bool torch.bool tensor([ True, False,  True])
scalar torch.float32 tensor(2.5000)
empty torch.float32 tensor([], size=(0, 3))
tensor([[ 0.,  4.,  8.],
        [ 1.,  5.,  9.],
        [ 2.,  6., 10.],
        [ 3.,  7., 11.]]) False
tensor([  4.,   5., 100.,   7.]) tensor([  2., 100.,  10.]) tensor([[  5., 100.],
        [  9.,  10.]])
3 0.25 4611686018427387904 -7 run-é [1, (2, 'a'), {'k': None, 'f': False}, []] cpu OrderedDict([('z', 1), ('a', 2)])
Parameter containing:
tensor([ 1.5000, -2.0000], requires_grad=True) Parameter containing:
tensor([3.]) Parameter
[{'lr': 0.01, 'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0, 'amsgrad': False, 'maximize': False, 'foreach': None, 'capturable': False, 'differentiable': False, 'fused': False, 'params': [0, 1, 2, 3, 4, 5]}]
tensor(2.) {'step': tensor(2.), 'exp_avg': tensor([0.3800, 0.3800]), 'exp_avg_sq': tensor([0.0080, 0.0080])}
<All keys matched successfully>
tensor([[-0.1345, -0.2109]], grad_fn=<AddmmBackward0>)
`,
    );
  });
});

async function hasPyTorch(): Promise<boolean> {
  try {
    const r = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", "import torch"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return r.success;
  } catch {
    return false;
  }
}

Deno.test("tsl-written files load in PyTorch 1.13 with the same values", async () => {
  if (!(await hasPyTorch())) {
    console.log("skipped: python3-torch (/usr/bin/python3 with torch) not installed");
    return;
  }
  const dir = Deno.makeTempDirSync({ prefix: "tsl_interop_" });
  const script = `${root}scripts/fixtures/write_tsl_files.tsl`;
  let out = "", err = "";
  const it = new Interpreter({ stdout: (s) => (out += s), stderr: (s) => (err += s), argv: [script, dir] });
  await it.run(Deno.readTextFileSync(script), script);
  assert.equal(err, "");
  assert.equal(out, "written\n");
  const check = await new Deno.Command("/usr/bin/python3", {
    args: [`${root}scripts/fixtures/check_tsl_files.py`, dir],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(check.stderr);
  assert.equal(check.code, 0, stderr);
  assert.equal(new TextDecoder().decode(check.stdout), "<All keys matched successfully>\nok\n");
  Deno.removeSync(dir, { recursive: true });
});

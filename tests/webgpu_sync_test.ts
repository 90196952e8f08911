// Data-dependent ops and host reads on WebGPU, where a tensor can only be read asynchronously:
// nonzero, masked_select, torch.where(cond), boolean-mask indexing and assignment, tensor-valued
// indices and slice bounds, bool/int/float/len/tolist/print, conditions on tensors, %-formatting of
// tensors, range(tensor), torch.tensor of lazy floats and of GPU tensors. Each script runs on the CPU
// and (where an adapter exists) on WebGPU as the default device, and must print what PyTorch 1.13
// printed (the expected outputs are /usr/bin/python3's). The embedder API (nonzeroAsync,
// masked_selectAsync, getitemAsync, setitemAsync) is compared with the CPU ops.

import assert from "node:assert/strict";
import { createRuntime } from "../mod.ts";
import { initWebGPU, queueStats } from "../kernels/webgpu/mod.ts";
import { drainGpuAtEnd } from "./gpu_drain.ts";
import { getDevice, setDefaultDevice } from "../runtime/device.ts";
import { Tensor } from "../runtime/tensor.ts";
import { nonzeroAsync } from "../runtime/ops/advanced_index.ts";
import { masked_selectAsync } from "../runtime/ops/masked.ts";
import { getitem, getitemAsync, setitemAsync } from "../runtime/ops/indexing.ts";
import { gt } from "../runtime/ops/compare.ts";
import { compareOutput } from "./compare_output.ts";

const gpu = await initWebGPU();
if (!gpu) console.log("webgpu host-read tests skipped: no WebGPU adapter");

async function run(source: string, device: string): Promise<string> {
  let out = "";
  const it = await createRuntime({ stdout: (s) => (out += s), stderr: (s) => (out += s), device });
  try {
    const r = await it.run(source, "sync.tsl");
    assert.equal(r.exitCode, 0, out);
  } finally {
    setDefaultDevice("cpu");
  }
  return out;
}

const CASES: Record<string, [string, string]> = {
  "masks, nonzero, where, indices, conversions and conditions": [
    "import torch\nx = torch.tensor([[0.5, -1.0, 2.0], [3.0, 0.0, -4.5]])\nm = x > 0\nprint(x.nonzero())\nprint(torch.nonzero(m))\nprint(m.nonzero(as_tuple=True))\nprint(torch.where(m))\nprint(torch.where(x > 1, x, torch.zeros_like(x)))\nprint(x.masked_select(m))\nprint(torch.masked_select(x, m[0]))\nprint(x[m])\nprint(x[x < 0])\nprint(x[0][m[0]])\ny = x.clone()\ny[m] = 7.0\nprint(y)\ny[y > 5] = torch.tensor(1.5)\nprint(y)\ny[x < 0] = torch.tensor([10.0, 20.0])\nprint(y)\ni = torch.tensor(1)\nprint(x[i], x[i, 2], x[:, i])\nprint(x[0:i + 1])\nt = torch.tensor(3.5)\nprint(bool(t), int(t), float(t), t.tolist(), x.tolist())\nif t > 3:\n    print('gt')\nif (x > 10).any():\n    print('any')\nelse:\n    print('none')\nif (x > -5).all():\n    print('all')\nif t:\n    print('truthy')\nprint(len(x), x.shape, t == 3.5, torch.equal(x, x.clone()))\nwhile t > 0:\n    t = t - 1\nprint(t)\nn = (x > 0).sum()\nprint(n, int(n), n.item() + 1)\nprint('%.3f' % x.sum())\nprint(f'{x.mean():.4f}', '{}'.format(x.max()))\nprint([v.item() for v in x[0]])\nprint(x.argmax().item(), x.max().item())\nk = torch.tensor([0, 2])\nprint(x[:, k])\nprint(x[[0, 1], [2, 0]])\nprint(x.masked_fill(m, 0.0))\n",
    "tensor([[0, 0],\n        [0, 1],\n        [0, 2],\n        [1, 0],\n        [1, 2]])\ntensor([[0, 0],\n        [0, 2],\n        [1, 0]])\n(tensor([0, 0, 1]), tensor([0, 2, 0]))\n(tensor([0, 0, 1]), tensor([0, 2, 0]))\ntensor([[0., 0., 2.],\n        [3., 0., 0.]])\ntensor([0.5000, 2.0000, 3.0000])\ntensor([ 0.5000,  2.0000,  3.0000, -4.5000])\ntensor([0.5000, 2.0000, 3.0000])\ntensor([-1.0000, -4.5000])\ntensor([0.5000, 2.0000])\ntensor([[ 7.0000, -1.0000,  7.0000],\n        [ 7.0000,  0.0000, -4.5000]])\ntensor([[ 1.5000, -1.0000,  1.5000],\n        [ 1.5000,  0.0000, -4.5000]])\ntensor([[ 1.5000, 10.0000,  1.5000],\n        [ 1.5000,  0.0000, 20.0000]])\ntensor([ 3.0000,  0.0000, -4.5000]) tensor(-4.5000) tensor([-1.,  0.])\ntensor([[ 0.5000, -1.0000,  2.0000],\n        [ 3.0000,  0.0000, -4.5000]])\nTrue 3 3.5 3.5 [[0.5, -1.0, 2.0], [3.0, 0.0, -4.5]]\ngt\nnone\nall\ntruthy\n2 torch.Size([2, 3]) tensor(True) True\ntensor(-0.5000)\ntensor(3) 3 4\n0.000\n0.0000 3.0\n[0.5, -1.0, 2.0]\n3 3.0\ntensor([[ 0.5000,  2.0000],\n        [ 3.0000, -4.5000]])\ntensor([2., 3.])\ntensor([[ 0.0000, -1.0000,  0.0000],\n        [ 0.0000,  0.0000, -4.5000]])\n",
  ],
  "lazy and GPU values as data, dict/str.format/sorted/min/max": [
    "import torch\nx = torch.tensor([[0.5, -1.0, 2.0], [3.0, 0.25, -4.5]])\na = x.sum().item()\nb = x.mean().item()\nprint(torch.tensor([a, b, 1.0]))\nprint(torch.tensor(x[0]))\nprint(torch.tensor([x[0, 0], x[1, 1]]))\nprint(x.new_tensor([a * 2, b]))\nprint(torch.tensor(a + b))\nd = {'loss': a}\nprint('%(loss).3f' % d)\nprint('{loss:.2f}'.format(loss=b))\nprint(sorted([a, b, 0.0]), min(a, b), max([a, b]))\nprint(x[x > b])\nprint(hash(2.0) == hash(torch.tensor(2.0).item()))\nprint(round(a), round(b, 3))\nprint(a if a > b else b)\nprint(x.clamp(min=torch.tensor(0.0)))\nprint(x * a)\nprint(torch.full((2,), a))\n",
    "tensor([0.2500, 0.0417, 1.0000])\ntensor([ 0.5000, -1.0000,  2.0000])\ntensor([0.5000, 0.2500])\ntensor([0.5000, 0.0417])\ntensor(0.2917)\n0.250\n0.04\n[0.0, 0.0416666679084301, 0.25] 0.0416666679084301 0.25\ntensor([0.5000, 2.0000, 3.0000, 0.2500])\nTrue\n0 0.042\n0.25\ntensor([[0.5000, 0.0000, 2.0000],\n        [3.0000, 0.2500, 0.0000]])\ntensor([[ 0.1250, -0.2500,  0.5000],\n        [ 0.7500,  0.0625, -1.1250]])\ntensor([0.2500, 0.2500])\n",
  ],
  "range(tensor), slices by tensors, floats from .item() in natives": [
    "import torch\nimport math\nn = torch.tensor(3)\nprint([j for j in range(n)], list(range(int(n))))\nx = torch.arange(6.0)\nprint(x[n], x[:n], x[n:])\nv = x.sum().item()\nl = []\nfor i in range(3):\n    l.append(v * i)\nprint(l, math.floor(v), math.isclose(v, 15.0), v.is_integer(), v.hex() if False else 0)\nprint(divmod(v, 4), v // 4, v % 4, v ** 0.5, pow(v, 2), abs(-v))\nprint(str(v).zfill(8), format(v, '>8.2f'), '{0} {0:g}'.format(v))\nprint(x.std().item() > 1.8, sum(l) / len(l))\nprint(torch.tensor(True).item(), torch.tensor(7).item() + 1)\nprint(x.max() > 4, (x > 4).any().item())\n",
    "[0, 1, 2] [0, 1, 2]\ntensor(3.) tensor([0., 1., 2.]) tensor([3., 4., 5.])\n[0.0, 15.0, 30.0] 15 True True 0\n(3.0, 3.0) 3.0 3.0 3.872983346207417 225.0 15.0\n000015.0    15.00 15.0 15\nTrue 15.0\nTrue 8\ntensor(True) True\n",
  ],
  "floats from .item() as dict keys, attributes, math arguments and tensor operands": [
    "import torch\na = torch.tensor([2.5]).sum().item()\nd = {a: 1, 'k': a}\nprint(d[2.5], d, a in [1.0, 2.5], a.real, a.__class__.__name__, float.__repr__(a))\nclass M:\n    pass\nm = M()\nm.v = a * 2\nprint(m.v, getattr(m, 'v') + 1, '{:>10}'.format(a), 'x' * int(a))\nimport math\nprint(math.exp(a), math.log(a + 1), [round(v, 2) for v in (a, a / 3)])\nprint(torch.tensor([1.0, 2.0]) * a, a * torch.tensor([1.0, 2.0]), torch.tensor([1.0]) + a)\nprint(a.as_integer_ratio(), int(a), -a < 0, not a)\n",
    "1 {2.5: 1, 'k': 2.5} True 2.5 float 2.5\n5.0 6.0        2.5 xx\n12.182493960703473 1.252762968495368 [2.5, 0.83]\ntensor([2.5000, 5.0000]) tensor([2.5000, 5.0000]) tensor([3.5000])\n(5, 2) 2 True False\n",
  ],
};

for (const device of ["cpu", "webgpu"]) {
  Deno.test({ name: `host reads from Python on ${device}`, ignore: device === "webgpu" && !gpu }, async (t) => {
    for (const [name, [source, expected]] of Object.entries(CASES)) {
      await t.step(name, async () => {
        const diff = compareOutput(await run(source, device), expected);
        assert.equal(diff, undefined, diff);
      });
    }
  });
}

Deno.test({ name: "host reads from the TypeScript API on webgpu", ignore: !gpu }, async () => {
  const cpu = getDevice("cpu");
  const webgpu = getDevice("webgpu");
  const data = [0.5, -1, 2, 3, 0, -4.5];
  const x = Tensor.fromArray(data, [2, 3], "float32", webgpu);
  const mask = gt(x, 0);
  /** The op's result, after checking that it waited on the GPU exactly once (its one host read). */
  const once = async <T>(op: () => T | Promise<T>): Promise<T> => {
    const waits = queueStats.waits;
    const r = await op();
    assert.equal(queueStats.waits - waits, 1);
    return r;
  };
  const nz = await once(() => nonzeroAsync(x));
  assert.equal(nz.device, webgpu);
  assert.deepEqual(Array.from(await nz.data()), [0, 0, 0, 1, 0, 2, 1, 0, 1, 2]);
  assert.deepEqual(Array.from(await (await once(() => masked_selectAsync(x, mask))).data()), [0.5, 2, 3]);
  assert.deepEqual(Array.from(await (await once(() => getitemAsync(x, mask))).data()), [0.5, 2, 3]);
  const row = Tensor.fromArray([1], [], "int64", webgpu);
  assert.deepEqual(Array.from(await (await once(() => getitemAsync(x, row))).data()), [3, 0, -4.5]);
  const y = Tensor.fromArray(data, [2, 3], "float32", webgpu);
  await once(() => setitemAsync(y, mask, Tensor.fromArray([1, 2, 3], [3], "float32", webgpu)));
  assert.deepEqual(Array.from(await y.data()), [1, -1, 2, 3, 0, -4.5]);
  // The same ops on the CPU answer synchronously.
  const xc = Tensor.fromArray(data, [2, 3], "float32", cpu);
  const sync = getitemAsync(xc, gt(xc, 0));
  assert.ok(!(sync instanceof Promise));
  assert.deepEqual(Array.from((sync as Tensor).dataSync()), Array.from(getitem(xc, gt(xc, 0)).dataSync()));
});

drainGpuAtEnd(gpu);

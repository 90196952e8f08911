// The torch binding (dsl/bindings/): snippets run through the interpreter, compared with what
// PyTorch 1.13 printed for the same code (/usr/bin/python3).

import assert from "node:assert/strict";
import { Interpreter } from "../mod.ts";

async function run(source: string): Promise<{ out: string; err: string; code: number }> {
  let out = "";
  let err = "";
  const it = new Interpreter({ stdout: (s) => (out += s), stderr: (s) => (err += s), argv: ["snippet.tsl"] });
  const r = await it.run(source, "snippet.tsl");
  return { out, err, code: r.exitCode };
}

Deno.test("torch binding", async (t) => {
  await t.step("dtype promotion through operators with Python ints and floats", async () => {
    const r = await run(`import torch
a = torch.tensor([1, 2, 3])
print(a * 2.0, (a * 2.0).dtype)
print(a + 1, (a + 1).dtype)
print(a / 2)
print(torch.tensor([1.0], dtype=torch.float64) + 1.5)
print((a > 1) + 1)
print(1 - a, 2 ** a)
print(torch.tensor(2.5) * a)
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `tensor([2., 4., 6.]) torch.float32
tensor([2, 3, 4]) torch.int64
tensor([0.5000, 1.0000, 1.5000])
tensor([2.5000], dtype=torch.float64)
tensor([1, 2, 2])
tensor([ 0, -1, -2]) tensor([2, 4, 8])
tensor([2.5000, 5.0000, 7.5000])
`,
    );
  });
  await t.step("indexing and setitem", async () => {
    const r = await run(`import torch
x = torch.arange(12).view(3, 4)
x[1:, ::2] = 0
print(x)
print(x[..., 1], x[None, 0].shape, x[[0, 2], 1])
x[x > 5] = -1
print(x)
print(x[-1, -1].item(), len(x), [r.tolist() for r in x][0])
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `tensor([[ 0,  1,  2,  3],
        [ 0,  5,  0,  7],
        [ 0,  9,  0, 11]])
tensor([1, 5, 9]) torch.Size([1, 4]) tensor([1, 9])
tensor([[ 0,  1,  2,  3],
        [ 0,  5,  0, -1],
        [ 0, -1,  0, -1]])
-1 3 [0, 1, 2, 3]
`,
    );
  });
  await t.step("max/min with dim return (values, indices)", async () => {
    const r = await run(`import torch
a = torch.tensor([[1.0, 5.0], [3.0, 2.0]])
print(torch.max(a, 1))
r = a.max(dim=0)
print(r.values, r.indices)
v, i = a.min(1, keepdim=True)
print(v, i)
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `torch.return_types.max(
values=tensor([5., 3.]),
indices=tensor([1, 0]))
tensor([3., 5.]) tensor([1, 0])
tensor([[1.],
        [2.]]) tensor([[0],
        [1]])
`,
    );
  });
  await t.step("printing requires_grad tensors, grad_fn of views, __format__/__int__/__float__", async () => {
    const r = await run(`import torch
w = torch.ones(2, requires_grad=True)
print(w)
print(w.requires_grad, w.is_leaf, w.grad)
print(w.view(2, 1))
print(w.detach())
print(f'{torch.tensor(3.14159):.2f}', int(torch.tensor(7)), float(torch.tensor(2)))
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `tensor([1., 1.], requires_grad=True)
True True None
tensor([[1.],
        [1.]], grad_fn=<ViewBackward0>)
tensor([1., 1.])
3.14 7 2.0
`,
    );
  });
  await t.step("torch.Size and dtypes", async () => {
    const r = await run(`import torch
s = torch.zeros(2, 3, 4).shape
print(s, s[1:], s[0], len(s), s.numel())
print(isinstance(s, tuple), s == (2, 3, 4), list(s))
print(torch.Size([5, 3]), torch.float32, torch.long, torch.float64 == torch.double)
`);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `torch.Size([2, 3, 4]) torch.Size([3, 4]) 2 3 24
True True [2, 3, 4]
torch.Size([5, 3]) torch.float32 torch.int64 True
`,
    );
  });
  await t.step("a shape mismatch raises PyTorch's RuntimeError with a traceback", async () => {
    const r = await run("import torch\ntorch.ones(3) + torch.ones(4)\n");
    assert.equal(r.code, 1);
    assert.equal(
      r.err,
      `Traceback (most recent call last):
  File "snippet.tsl", line 2, in <module>
    torch.ones(3) + torch.ones(4)
RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0
`,
    );
  });
});

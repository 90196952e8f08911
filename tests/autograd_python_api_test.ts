// Autograd as the Python API shows it, against PyTorch 1.13's output (/usr/bin/python3 on the same
// source): gradients of prod/cumprod through zeros, the version-counter error for tensors modified
// after being saved, in-place writes into views, .to() history, torch.autograd.grad, hooks,
// retain_grad, next_functions, and the grad-mode context managers and decorators.

import assert from "node:assert/strict";
import { runTsl } from "./lang_harness.ts";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import { initWebGPU } from "../runtime/backends.ts";

const CASES: [string, string, string][] = [
  [
    "prod and cumprod gradients with zeros (one zero, several zeros)",
    `import torch
x = torch.tensor([2.0, 0.0, 3.0, 4.0], requires_grad=True)
x.prod().backward()
print(x.grad)
y = torch.tensor([[0.0, 2.0, 0.0], [1.0, 0.0, 4.0], [1.5, 2.0, 3.0]], requires_grad=True)
y.prod(1).sum().backward()
print(y.grad)
y.grad = None
(y.prod(0, keepdim=True) * torch.tensor([[1.0, 2.0, 3.0]])).sum().backward()
print(y.grad)
z = torch.tensor([[2.0, 0.0, 3.0, 0.0, 5.0], [1.0, 2.0, 0.0, 4.0, 0.5]], requires_grad=True)
(z.cumprod(1) * torch.arange(10.0).view(2, 5)).sum().backward()
print(z.grad)
w = torch.tensor([1.5, -2.0, 0.5], requires_grad=True)
w.cumprod(0).sum().backward()
print(w.grad)
`,
    `tensor([ 0., 24.,  0.,  0.])
tensor([[0.0000, 0.0000, 0.0000],
        [0.0000, 4.0000, 0.0000],
        [6.0000, 4.5000, 3.0000]])
tensor([[ 1.5000,  0.0000, 36.0000],
        [ 0.0000,  8.0000,  0.0000],
        [ 0.0000,  0.0000,  0.0000]])
tensor([[  0.,  14.,   0.,   0.,   0.],
        [ 17.,   6., 114.,   0.,   0.]])
tensor([-2.0000,  2.2500, -3.0000])
`,
  ],
  [
    "in-place modification of saved tensors, leaves and views (CopySlices)",
    `import torch
def attempt(f):
    try:
        f()
        print("ok")
    except RuntimeError as e:
        print(e)
def saved_output():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = x.exp()
    w.add_(1)
    w.sum().backward()
attempt(saved_output)
def saved_leaf():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = x.sin()
    with torch.no_grad():
        x.mul_(2)
    w.sum().backward()
attempt(saved_leaf)
def saved_input():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, dtype=torch.float64)
    y = x * 2
    z = y * y
    y += 1
    z.sum().backward()
attempt(saved_input)
def through_view():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x + 0
    z = y.sigmoid()
    z[1:].mul_(3)
    z.sum().backward()
attempt(through_view)
def not_saved():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x + 0
    z = y.exp()
    y.relu_()
    z.sum().backward()
    print(x.grad)
attempt(not_saved)
def leaf_inplace():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.add_(1)
attempt(leaf_inplace)
def leaf_view_inplace():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[0].mul_(2)
attempt(leaf_view_inplace)
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = x * 1
v = b[0]
v.mul_(5)
print(v.grad_fn.name(), b.grad_fn.name(), b._version)
b[2] = 0.0
(b * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(x.grad)
s = torch.tensor([4.0, 5.0], requires_grad=True)
c = torch.zeros(2, 3)
c[:, 1] = s
c[0].copy_(torch.ones(3))
(c * torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
print(s.grad, c.requires_grad)
`,
    `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).
one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).
one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [2, 2]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).
one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of SigmoidBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).
tensor([ 2.7183,  7.3891, 20.0855])
ok
a leaf Variable that requires grad is being used in an in-place operation.
a view of a leaf Variable that requires grad is being used in an in-place operation.
AsStridedBackward0 torch::autograd::CopySlices 1
tensor([ 5., 10.,  0.])
tensor([0., 5.]) True
`,
  ],
  [
    ".to() keeps history; autograd.grad; register_hook; retain_grad; next_functions; backward shape errors",
    `import torch
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a * 2
c = b.to(torch.float64)
print(c.grad_fn.name(), c.dtype, b.double().grad_fn.name(), b.float() is b, b.cpu() is b)
(c * c).sum().backward()
print(a.grad, a.grad.dtype)
a.grad = None
print(torch.autograd.grad((a * a).sum(), a))
print(torch.autograd.grad(a * a, [a], grad_outputs=torch.tensor([1.0, 0.5, 0.25])))
print(a.grad)
u = torch.tensor([1.0], requires_grad=True)
for f in [lambda: torch.autograd.grad(a * a, a), lambda: torch.autograd.grad((a * 2).sum(), [a, u])]:
    try:
        f()
    except RuntimeError as e:
        print(e)
print(torch.autograd.grad((a * 2).sum(), [a, u], allow_unused=True))
h = a * 3
handle = h.register_hook(lambda g: g * 10)
h.register_hook(lambda g: print("seen", g))
h.sum().backward()
print(a.grad)
handle.remove()
a.grad = None
(a * 3).sum().backward()
a.grad = None
a.register_hook(lambda g: g + 1)
(a * 3 * 1).sum().backward()
print(a.grad)
k = a * 3
k.retain_grad()
(k * k).sum().backward()
print(k.grad, k.is_leaf, a.is_leaf, (a * 1).is_leaf, torch.ones(2).is_leaf)
m = a * torch.tensor([1.0, 2.0, 3.0])
nf = m.grad_fn.next_functions
print(len(nf), nf[0][0].name(), nf[0][1], nf[1])
print((m + a).grad_fn.next_functions[0][0].name())
for g in [torch.ones(2), torch.ones(1, 3)]:
    try:
        (a * 2).backward(g)
    except RuntimeError as e:
        print(e)
try:
    torch.ones(2).register_hook(lambda g: g)
except RuntimeError as e:
    print(e)
`,
    `ToCopyBackward0 torch.float64 ToCopyBackward0 True True
tensor([ 8., 16., 24.]) torch.float32
(tensor([2., 4., 6.]),)
(tensor([2.0000, 2.0000, 1.5000]),)
None
grad can be implicitly created only for scalar outputs
One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.
(tensor([2., 2., 2.]), None)
seen tensor([10., 10., 10.])
tensor([30., 30., 30.])
tensor([4., 4., 4.])
tensor([ 6., 12., 18.]) False True False True
2 torch::autograd::AccumulateGrad 0 (None, 0)
MulBackward0
Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).
Mismatch in shape: grad_output[0] has a shape of torch.Size([1, 3]) and output[0] has a shape of torch.Size([3]).
cannot register a hook on a tensor that doesn't require gradient
`,
  ],
  [
    "no_grad / enable_grad / set_grad_enabled / inference_mode as context managers and decorators",
    `import torch
a = torch.tensor([1.0, 2.0], requires_grad=True)
@torch.no_grad()
def f1(t):
    return t * 2
@torch.enable_grad()
def f2(t):
    return t * 2
@torch.inference_mode()
def f3(t):
    return t * 2
print(f1(a).requires_grad, f2(a).requires_grad, f3(a).requires_grad)
with torch.no_grad():
    print((a * 2).requires_grad, f2(a).requires_grad, torch.is_grad_enabled())
    with torch.enable_grad():
        print((a * 2).requires_grad)
with torch.set_grad_enabled(False):
    print((a * 2).requires_grad)
print(torch.is_grad_enabled())
torch.set_grad_enabled(False)
print((a * 2).requires_grad)
torch.set_grad_enabled(True)
with torch.inference_mode():
    print((a * 2).requires_grad, torch.is_grad_enabled())
with torch.inference_mode(False):
    print((a * 2).requires_grad)
print(torch.is_grad_enabled())
`,
    `False True False
False True False
True
False
True
False
False False
True
True
`,
  ],
  [
    "create_graph: gradients of gradients (autograd.grad leaves .grad alone)",
    `import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g)
g.sum().backward()
print(x.grad.detach())
x.grad = None
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
z = (x.sin() * w).sum()
gx, = torch.autograd.grad(z, x, create_graph=True)
penalty = (gx ** 2).sum()
penalty.backward()
print(x.grad, w.grad)
x.grad = None
u = (x * x).sum()
u.backward(create_graph=True)
print(x.grad.detach())
h, = torch.autograd.grad(x.grad.sum(), x)
print(h)
`,
    `tensor([ 3., 12., 27.], grad_fn=<MulBackward0>)
tensor([ 6., 12., 18.])
tensor([-0.2273,  0.7568,  1.1177]) tensor([ 0.2919, -0.3464,  3.9203])
tensor([2., 4., 6.])
tensor([2., 2., 2.])
`,
  ],
  [
    "node names of copies and in-place fills",
    `import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = torch.zeros(3)
y.copy_(x)
z = x * 1
z.zero_()
print(y.grad_fn.name(), z.grad_fn.name())
z.fill_(2)
print(z.grad_fn.name())
z.fill_(torch.tensor(5.0, requires_grad=True))
print(z.grad_fn.name())
z.clamp_(0, 1)
print(z.grad_fn.name())
print(x.clone().grad_fn.name(), x.contiguous() is x, x.type(torch.float64).grad_fn.name())
print(x.t().contiguous().grad_fn.name())
`,
    `torch::autograd::CopyBackwards ZeroBackward0
FillBackward2
FillBackward3
ClampBackward1
CloneBackward0 True ToCopyBackward0
TBackward0
`,
  ],
  [
    "backward(inputs=...) accumulates only into the given tensors",
    `import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([0.5, -1.0], requires_grad=True)
h = w * b
loss = (h * h).sum()
loss.backward(inputs=[w], retain_graph=True)
print(w.grad, b.grad)
loss.backward(inputs=[h, b])
print(h.grad, b.grad, w.grad)
x = torch.tensor([3.0], requires_grad=True)
torch.autograd.backward([(x * x).sum()], inputs=[x])
print(x.grad)
`,
    `tensor([0.5000, 4.0000]) None
tensor([ 1., -4.]) tensor([ 1., -8.]) tensor([0.5000, 4.0000])
tensor([6.])
`,
  ],
];

for (const [name, source, expected] of CASES) {
  Deno.test(`autograd API: ${name}`, async () => {
    const r = await runTsl(source);
    assert.equal(r.err, "");
    assert.equal(r.out, expected);
  });
}

// The same program on the CPU in PyTorch gives these values; here the tensors cross to WebGPU
// ("cuda") and back, and the gradients cross back through ToCopyBackward0.
const DEVICE_ROUND_TRIP = `import torch
dev = "cuda"
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a.to(dev)
(b * b).sum().backward()
print(a.grad)
torch.manual_seed(0)
w = torch.nn.Linear(3, 2)
with torch.no_grad():
    w.weight.copy_(torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]))
    w.bias.copy_(torch.tensor([0.1, -0.2]))
x = torch.tensor([[1.0, 2.0, 3.0]])
out = w(x).to(dev)
loss = (out * out).sum().cpu()
loss.backward()
print(w.weight.grad, w.bias.grad)
d = a.to(dev, torch.float64)
print(torch.autograd.grad((d * d).sum(), a))
`;

const gpu = await initWebGPU();
Deno.test({
  name: "autograd API: .to(device) / .cpu() keep history across devices (WebGPU)",
  ignore: !gpu,
  async fn() {
    const r = await runTsl(DEVICE_ROUND_TRIP);
    assert.equal(r.err, "");
    assert.equal(
      r.out,
      `tensor([2., 4., 6.])
tensor([[ 9.2000, 18.4000, 27.6000],
        [ 0.6000,  1.2000,  1.8000]]) tensor([9.2000, 0.6000])
(tensor([2., 4., 6.]),)
`,
    );
  },
});

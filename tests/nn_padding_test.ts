// F.pad (constant, reflect, replicate, circular), the padding modules, Conv padding_mode and
// Embedding max_norm, run from tsl against the output PyTorch 1.13 printed for the same scripts
// (each script below was run with /usr/bin/python3 to get its expected text).

import assert from "node:assert/strict";
// The interpreter first, as mod.ts loads it: the Python builtin types exist before the bindings.
import { runTsl } from "./lang_harness.ts";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";

const CASES: { name: string; script: string; expected: string }[] = [
  {
    name: "F.pad in constant mode: values, gradient, errors",
    script: `import torch
import torch.nn.functional as F
x = torch.arange(6.0).view(2, 3).requires_grad_()
y = F.pad(x, (1, 2))
print(y)
print(F.pad(x, (1, 0, 0, 1), value=-1.5))
print(F.pad(x, (-1, 1)), F.pad(x, [0, 0, 1, 0], 'constant', 7))
print(F.pad(torch.arange(4).view(2, 2), (1, 1), value=2.7))
z = F.pad(x, (-1, 2, 1, 0), value=1.0)
print(z)
w = torch.arange(z.numel(), dtype=torch.float32).view(z.shape)
(z * w).sum().backward()
print(x.grad)
for bad in [lambda: F.pad(x, (1,)), lambda: F.pad(x, (1, 1, 1, 1, 1, 1)), lambda: F.pad(x, (-2, -2)), lambda: F.pad(x, (-3, 0)), lambda: F.pad(x, (1, 1), mode='foo')]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(F.pad(x, (-3, 0)).shape)
`,
    expected: `tensor([[0., 0., 1., 2., 0., 0.],
        [0., 3., 4., 5., 0., 0.]], grad_fn=<ConstantPadNdBackward0>)
tensor([[-1.5000,  0.0000,  1.0000,  2.0000],
        [-1.5000,  3.0000,  4.0000,  5.0000],
        [-1.5000, -1.5000, -1.5000, -1.5000]],
       grad_fn=<ConstantPadNdBackward0>)
tensor([[1., 2., 0.],
        [4., 5., 0.]], grad_fn=<ConstantPadNdBackward0>) tensor([[7., 7., 7.],
        [0., 1., 2.],
        [3., 4., 5.]], grad_fn=<ConstantPadNdBackward0>)
tensor([[2, 0, 1, 2],
        [2, 2, 3, 2]])
tensor([[1., 1., 1., 1.],
        [1., 2., 1., 1.],
        [4., 5., 1., 1.]], grad_fn=<ConstantPadNdBackward0>)
tensor([[0., 4., 5.],
        [0., 8., 9.]])
RuntimeError Padding length must be divisible by 2
RuntimeError Padding length too large
RuntimeError start (0) + length (-1) exceeds dimension size (1).
NotImplementedError Unrecognised padding mode foo
torch.Size([2, 0])
`,
  },
  {
    name: "reflect, replicate and circular padding: F.pad, padding modules, conv padding_mode",
    script: `import torch
import torch.nn as nn
import torch.nn.functional as F
x = torch.arange(12.0).view(1, 3, 4).requires_grad_()
for mode in ['reflect', 'replicate', 'circular']:
    y = F.pad(x, (2, 1), mode=mode)
    print(mode, y)
x2 = torch.arange(12.0).view(1, 1, 3, 4).requires_grad_()
for mode in ['reflect', 'replicate', 'circular']:
    y = F.pad(x2, (1, 2, 2, 1), mode=mode)
    w = torch.arange(y.numel(), dtype=torch.float32).view(y.shape)
    x2.grad = None
    (y * w).sum().backward()
    print(mode, y.shape, x2.grad)
print(nn.ZeroPad2d(2), nn.ZeroPad2d((1, 2, 3, 4)), nn.ConstantPad2d(1, 3.5), nn.ConstantPad1d((1, 2), 0))
print(nn.ReflectionPad2d(1), nn.ReplicationPad2d((1, 1, 2, 0)), nn.ReflectionPad1d(2), nn.ConstantPad2d(1, 3.5).value, nn.ZeroPad2d(1).padding)
print(nn.ReflectionPad2d(1)(x2), nn.ConstantPad1d(1, -1)(x)[0, 0], nn.ReplicationPad1d((0, 2))(x)[0, 1], nn.ZeroPad2d((1, 0, 0, 0))(x2)[0, 0, 0])
torch.manual_seed(0)
c = nn.Conv2d(1, 2, 3, padding=1, padding_mode='circular')
with torch.no_grad():
    c.weight.copy_((torch.arange(18.0).view(2, 1, 3, 3) % 5 - 2) / 4)
    c.bias.fill_(0.5)
print(c, c(x2))
c = nn.Conv1d(3, 1, 3, padding='same', dilation=2, padding_mode='reflect', bias=False)
print(c, c(x).shape)
print(nn.Conv2d(1, 1, 2, padding=1, padding_mode='replicate')(x2).shape)
for bad in [lambda: F.pad(x, (4, 1), mode='reflect'), lambda: F.pad(torch.ones(3), (1, 1), mode='reflect'), lambda: F.pad(x, (1, 1, 1, 1, 1, 1), mode='replicate'), lambda: F.pad(x, (5, 0), mode='circular'), lambda: F.pad(x, (1, 1), mode='reflect', value=2.0)]:
    try:
        print(bad().shape)
    except Exception as e:
        print(type(e).__name__, e)
`,
    expected: `reflect tensor([[[ 2.,  1.,  0.,  1.,  2.,  3.,  2.],
         [ 6.,  5.,  4.,  5.,  6.,  7.,  6.],
         [10.,  9.,  8.,  9., 10., 11., 10.]]],
       grad_fn=<ReflectionPad1DBackward0>)
replicate tensor([[[ 0.,  0.,  0.,  1.,  2.,  3.,  3.],
         [ 4.,  4.,  4.,  5.,  6.,  7.,  7.],
         [ 8.,  8.,  8.,  9., 10., 11., 11.]]],
       grad_fn=<ReplicationPad1DBackward0>)
circular tensor([[[ 2.,  3.,  0.,  1.,  2.,  3.,  0.],
         [ 6.,  7.,  4.,  5.,  6.,  7.,  4.],
         [10., 11.,  8.,  9., 10., 11.,  8.]]], grad_fn=<CopySlices>)
reflect torch.Size([1, 1, 6, 7]) tensor([[[[ 15.,  50.,  36.,  18.],
          [ 66., 213., 150.,  75.],
          [ 30., 100.,  72.,  36.]]]])
replicate torch.Size([1, 1, 6, 7]) tensor([[[[ 45.,  27.,  30., 108.],
          [ 43.,  23.,  24.,  78.],
          [128.,  67.,  69., 219.]]]])
circular torch.Size([1, 1, 6, 7]) tensor([[[[110., 114.,  55., 106.],
          [ 54.,  58.,  27.,  50.],
          [ 82.,  86.,  41.,  78.]]]])
ZeroPad2d((2, 2, 2, 2)) ZeroPad2d((1, 2, 3, 4)) ConstantPad2d(padding=(1, 1, 1, 1), value=3.5) ConstantPad1d(padding=(1, 2), value=0)
ReflectionPad2d((1, 1, 1, 1)) ReplicationPad2d((1, 1, 2, 0)) ReflectionPad1d((2, 2)) 3.5 (1, 1, 1, 1)
tensor([[[[ 5.,  4.,  5.,  6.,  7.,  6.],
          [ 1.,  0.,  1.,  2.,  3.,  2.],
          [ 5.,  4.,  5.,  6.,  7.,  6.],
          [ 9.,  8.,  9., 10., 11., 10.],
          [ 5.,  4.,  5.,  6.,  7.,  6.]]]],
       grad_fn=<ReflectionPad2DBackward0>) tensor([-1.,  0.,  1.,  2.,  3., -1.], grad_fn=<SelectBackward0>) tensor([4., 5., 6., 7., 7., 7.], grad_fn=<SelectBackward0>) tensor([0., 0., 1., 2., 3.], grad_fn=<SelectBackward0>)
Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), padding_mode=circular) tensor([[[[-7.2500, -5.7500, -6.2500, -5.7500],
          [-0.2500,  1.2500,  0.7500,  1.2500],
          [-2.2500, -0.7500, -1.2500, -0.7500]],

         [[-4.2500, -4.5000, -4.7500, -6.0000],
          [-2.2500, -2.5000, -2.7500, -4.0000],
          [ 5.7500,  5.5000,  5.2500,  4.0000]]]],
       grad_fn=<ConvolutionBackward0>)
Conv1d(3, 1, kernel_size=(3,), stride=(1,), padding=same, dilation=(2,), bias=False, padding_mode=reflect) torch.Size([1, 1, 4])
torch.Size([1, 1, 4, 5])
RuntimeError Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (4, 1) at dimension 2 of input [1, 3, 4]
NotImplementedError Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now
NotImplementedError Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now
RuntimeError Padding value causes wrapping around more than once.
RuntimeError Padding mode "reflect" doesn't take in value argument
`,
  },
  {
    name: "Embedding max_norm renormalises the rows it looks up",
    script: `import torch
import torch.nn as nn
import torch.nn.functional as F
e = nn.Embedding(4, 3, max_norm=1.0)
with torch.no_grad():
    e.weight.copy_(torch.arange(12, dtype=torch.float32).view(4, 3) / 4 - 1)
print(e)
out = e(torch.tensor([[3, 1], [3, 0]]))
print(out)
print(e.weight)
w = torch.arange(12, dtype=torch.float32).view(4, 3) - 5
print(F.embedding(torch.tensor([0, 2]), w, max_norm=2.0, norm_type=1.0), w)
print(nn.Embedding(4, 3, max_norm=2, norm_type=3.0, scale_grad_by_freq=True, sparse=True))
`,
    expected: `Embedding(4, 3, max_norm=1.0)
tensor([[[ 0.4767,  0.5721,  0.6674],
         [-0.2500,  0.0000,  0.2500]],

        [[ 0.4767,  0.5721,  0.6674],
         [-0.7428, -0.5571, -0.3714]]], grad_fn=<EmbeddingBackward0>)
Parameter containing:
tensor([[-0.7428, -0.5571, -0.3714],
        [-0.2500,  0.0000,  0.2500],
        [ 0.5000,  0.7500,  1.0000],
        [ 0.4767,  0.5721,  0.6674]], requires_grad=True)
tensor([[-0.8333, -0.6667, -0.5000],
        [ 0.3333,  0.6667,  1.0000]]) tensor([[-0.8333, -0.6667, -0.5000],
        [-2.0000, -1.0000,  0.0000],
        [ 0.3333,  0.6667,  1.0000],
        [ 4.0000,  5.0000,  6.0000]])
Embedding(4, 3, max_norm=2, norm_type=3.0, scale_grad_by_freq=True, sparse=True)
`,
  },
];

for (const c of CASES) {
  Deno.test(`nn padding: ${c.name}`, async () => {
    const r = await runTsl(c.script);
    assert.equal(r.err, "");
    assert.equal(r.out, c.expected);
  });
}

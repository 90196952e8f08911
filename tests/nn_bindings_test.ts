// The torch.nn layer, container and init bindings run from tsl, against the output PyTorch 1.13
// printed for the same scripts (each script below was run with /usr/bin/python3 to get its
// expected text): seeded init, reprs, attributes, forward values, gradients and error messages.

import assert from "node:assert/strict";
// The interpreter first, as mod.ts loads it: the Python builtin types exist before the bindings.
import { runTsl } from "./lang_harness.ts";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";

const CASES: { name: string; script: string; expected: string }[] = [
  {
    name: "torch.nn.init after manual_seed, gains and errors",
    script: `import torch
import torch.nn as nn
import torch.nn.init as init
torch.manual_seed(0)
w = torch.empty(2, 3)
print(init.kaiming_uniform_(w, a=1))
print(nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu'))
print(init.xavier_uniform_(w, gain=init.calculate_gain('tanh')))
print(init.xavier_normal_(w))
print(init.uniform_(w, -1, 2))
print(init.normal_(w, 1.0, 0.5))
print(init.constant_(w, 0.25), init.ones_(torch.empty(2)), init.zeros_(torch.empty(2)), init.eye_(torch.empty(2, 3)))
print(init.calculate_gain('relu'), init.calculate_gain('linear'), init.calculate_gain('leaky_relu'), init.calculate_gain('leaky_relu', 0.2), init.calculate_gain('tanh'), init.calculate_gain('selu'))
print(init._calculate_fan_in_and_fan_out(torch.empty(4, 2, 3, 3)))
for bad in [lambda: init.calculate_gain('foo'), lambda: init.calculate_gain('leaky_relu', 'x'), lambda: init.kaiming_uniform_(torch.empty(3)), lambda: init.kaiming_uniform_(w, mode='fan'), lambda: init.eye_(torch.empty(2, 2, 2))]:
    try:
        bad()
    except ValueError as ex:
        print(ex)
`,
    expected: `tensor([[-0.0075,  0.5364, -0.8230],
        [-0.7359, -0.3852,  0.2682]])
tensor([[ 1.2645, -0.6874,  0.1604],
        [-0.6065, -0.7831,  1.0622]])
tensor([[-1.2377, -0.7950,  0.6631],
        [ 1.5161, -0.3757,  1.3662]])
tensor([[-0.5418,  0.6961, -0.6775],
        [ 0.0776, -0.3582,  0.2360]])
tensor([[-0.3756,  1.7894,  1.1693],
        [ 1.2270,  0.5789, -0.2690]])
tensor([[0.8929, 0.7840, 0.6461],
        [0.9468, 0.3786, 0.7619]])
tensor([[0.2500, 0.2500, 0.2500],
        [0.2500, 0.2500, 0.2500]]) tensor([1., 1.]) tensor([0., 0.]) tensor([[1., 0., 0.],
        [0., 1., 0.]])
1.4142135623730951 1 1.4141428569978354 1.3867504905630728 1.6666666666666667 0.75
(18, 36)
Unsupported nonlinearity foo
negative_slope x not a valid number
Fan in and fan out can not be computed for tensor with fewer than 2 dimensions
Mode fan not supported, please use one of ['fan_in', 'fan_out']
Only tensors with 2 dimensions are supported
`,
  },
  {
    name: "nn.init.trunc_normal_ draws like PyTorch",
    script: `import torch
import torch.nn.init as init
torch.manual_seed(0)
print(init.trunc_normal_(torch.empty(3, 4)))
print(init.trunc_normal_(torch.empty(2, 5), mean=1.0, std=0.02, a=0.98, b=1.0))
print(init.trunc_normal_(torch.empty(2000), std=3.0).abs().max() <= 2.0)
x = init.trunc_normal_(torch.empty(20000), mean=0.5, std=0.2, a=0.0, b=3.0)
print(round(x.mean().item(), 2), round(x.std().item(), 2), x.min().item() >= 0)
torch.manual_seed(1)
print(init.trunc_normal_(torch.empty(8), a=-0.5, b=4.0))
`,
    expected: `tensor([[-0.0090,  0.6935, -1.2415, -1.0417],
        [-0.4784,  0.3265, -0.0237,  1.1671],
        [-0.1064,  0.3220, -0.3698, -0.2374]])
tensor([[0.9806, 0.9843, 0.9871, 0.9915, 0.9948],
        [0.9966, 0.9841, 0.9868, 0.9945, 0.9985]])
tensor(True)
0.5 0.2 True
tensor([ 0.9636,  0.0042,  0.2204,  0.9022, -0.4433,  1.0875,  0.2099,  0.9547])
`,
  },
  {
    name: "conv, pooling, dropout, embedding and linear layers",
    script: `import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
c = nn.Conv2d(2, 3, 3)
print(c.weight[0, 0], c.bias)
print(nn.Conv1d(4, 2, 2, groups=2))
print(nn.Embedding(4, 3, padding_idx=1).weight)
c = nn.Conv2d(2, 4, 3, padding=1)
print(c.kernel_size, c.stride, c.padding, c.dilation, c.groups, c.in_channels, c.out_channels, c.padding_mode)
print(nn.Conv2d(2, 4, (1, 3), padding='valid'), nn.Conv2d(2, 4, 3, padding=(1, 2), stride=(2, 1)))
print(nn.MaxPool1d(2), nn.AvgPool1d(3), nn.AdaptiveAvgPool1d(4), nn.AdaptiveMaxPool2d((2, 2)), nn.Dropout(0), nn.Dropout(0.5, True))
x = torch.arange(32, dtype=torch.float32).view(1, 2, 4, 4)
v, i = nn.MaxPool2d(2, return_indices=True)(x)
print(v, i)
print(nn.AdaptiveAvgPool2d((2, None))(x).shape, F.adaptive_avg_pool2d(x, 1).view(-1), nn.AdaptiveMaxPool2d(1)(x).view(-1))
print(F.avg_pool1d(torch.arange(6.0).view(1, 1, 6), 2), nn.MaxPool1d(2)(torch.arange(6.0).view(1, 1, 6)))
print(F.conv1d(torch.ones(1, 2, 5), torch.ones(3, 2, 2), stride=2), F.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), padding=1))
d = nn.Dropout(0.5)
d.eval()
t = torch.ones(4)
print(d(t) is t, F.dropout(t, training=False) is t)
emb = nn.Embedding(5, 2, padding_idx=0)
with torch.no_grad():
    emb.weight.copy_(torch.arange(10, dtype=torch.float32).view(5, 2))
out = emb(torch.tensor([[0, 2], [2, 4]]))
print(out)
out.sum().backward()
print(emb.weight.grad)
print(F.embedding(torch.tensor([1, 3]), torch.arange(8.0).view(4, 2)))
print(F.linear(torch.ones(2, 3), torch.ones(1, 3), torch.tensor([0.5])))
for bad in [lambda: nn.Conv2d(3, 4, 3, groups=2), lambda: nn.Dropout(1.5), lambda: F.dropout(torch.ones(2), -0.5), lambda: nn.Embedding(4, 2, padding_idx=5), lambda: nn.Embedding(4, 2)(torch.tensor([5])), lambda: nn.Conv2d(2, 2, 3)(torch.ones(2, 3, 3, 3))]:
    try:
        bad()
    except Exception as ex:
        print(type(ex).__name__, ex)
`,
    expected: `tensor([[-0.0018,  0.1264, -0.1940],
        [-0.1735, -0.0908,  0.0632],
        [-0.0047,  0.1869, -0.0209]], grad_fn=<SelectBackward0>) Parameter containing:
tensor([ 0.1580, -0.1388,  0.0439], requires_grad=True)
Conv1d(4, 2, kernel_size=(2,), stride=(1,), groups=2)
Parameter containing:
tensor([[ 1.7179, -0.8507, -0.8486],
        [ 0.0000,  0.0000,  0.0000],
        [-1.2706,  0.0193,  0.8868],
        [ 0.0552,  0.6880,  1.2326]], requires_grad=True)
(3, 3) (1, 1) (1, 1) (1, 1) 1 2 4 zeros
Conv2d(2, 4, kernel_size=(1, 3), stride=(1, 1), padding=valid) Conv2d(2, 4, kernel_size=(3, 3), stride=(2, 1), padding=(1, 2))
MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False) AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,)) AdaptiveAvgPool1d(output_size=4) AdaptiveMaxPool2d(output_size=(2, 2)) Dropout(p=0, inplace=False) Dropout(p=0.5, inplace=True)
tensor([[[[ 5.,  7.],
          [13., 15.]],

         [[21., 23.],
          [29., 31.]]]]) tensor([[[[ 5,  7],
          [13, 15]],

         [[ 5,  7],
          [13, 15]]]])
torch.Size([1, 2, 2, 4]) tensor([ 7.5000, 23.5000]) tensor([15., 31.])
tensor([[[0.5000, 2.5000, 4.5000]]]) tensor([[[1., 3., 5.]]])
tensor([[[4., 4.],
         [4., 4.],
         [4., 4.]]]) tensor([[[[1., 2., 2., 1.],
          [2., 4., 4., 2.],
          [2., 4., 4., 2.],
          [1., 2., 2., 1.]]]])
True True
tensor([[[0., 1.],
         [4., 5.]],

        [[4., 5.],
         [8., 9.]]], grad_fn=<EmbeddingBackward0>)
tensor([[0., 0.],
        [0., 0.],
        [2., 2.],
        [0., 0.],
        [1., 1.]])
tensor([[2., 3.],
        [6., 7.]])
tensor([[3.5000],
        [3.5000]])
ValueError in_channels must be divisible by groups
ValueError dropout probability has to be between 0 and 1, but got 1.5
ValueError dropout probability has to be between 0 and 1, but got -0.5
AssertionError Padding_idx must be within num_embeddings
IndexError index out of range in self
RuntimeError Given groups=1, weight of size [2, 2, 3, 3], expected input[2, 3, 3, 3] to have 2 channels, but got 3 channels instead
`,
  },
  {
    name: "Sequential, ModuleList, ModuleDict and DataParallel",
    script: `import torch
import torch.nn as nn
from collections import OrderedDict
s = nn.Sequential(nn.ReLU(), nn.Linear(1, 2), nn.Identity())
print(s[1:], s[-1], len(s))
del s[0]
s.insert(1, nn.Sigmoid() if hasattr(nn, 'Sigmoid') else nn.ReLU())
s.append(nn.ReLU())
print(len(s), s.pop(0), len(s), [type(m).__name__ for m in s])
s2 = nn.Sequential(OrderedDict([('a', nn.ReLU()), ('b', nn.Identity())]))
print(s2, s2[-1], s2.a, s2 + s2)
ml = nn.ModuleList([nn.ReLU(), nn.Identity(), nn.Flatten()])
del ml[0]
print(ml)
ml.insert(0, nn.Identity())
ml[1] = nn.ReLU()
ml.append(nn.Linear(1, 1))
ml.extend([nn.Flatten()])
ml += [nn.ReLU()]
print(ml, len(ml), ml[1:3], ml[-1])
print([type(m).__name__ for m in ml + ml[:1]], len(list(ml.parameters())))
md = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Identity()})
md['c'] = nn.Linear(1, 1)
print(md, list(md), 'a' in md, 'z' in md, len(md), md['a'])
print(list(md.keys()), list(md.values()), list(md.items()))
md.update([('d', nn.Identity())])
print(md.pop('b'), md)
dp = nn.DataParallel(nn.Linear(2, 3))
print(dp, dp.module, list(dp.state_dict().keys()), dp(torch.ones(1, 2)).shape, dp.device_ids)
print([n for n, p in dp.named_parameters()])
print(nn.ModuleList(), nn.ModuleDict(), nn.Sequential())
for bad in [lambda: s[5], lambda: s.insert(9, nn.ReLU()), lambda: nn.Sequential(3), lambda: nn.ModuleList([3]), lambda: nn.ModuleList().extend(3), lambda: nn.ModuleDict([(1, 2, 3)]), lambda: nn.ModuleDict()['z'], lambda: nn.ModuleDict(3)]:
    try:
        bad()
    except Exception as ex:
        print(type(ex).__name__, ex)


class Twice(nn.Module):
    def forward(self, x):
        return x * 2


seq = nn.Sequential(Twice(), nn.ReLU(), Twice())
print(seq(torch.tensor([-1.0, 3.0])))
`,
    expected: `Sequential(
  (1): Linear(in_features=1, out_features=2, bias=True)
  (2): Identity()
) Identity() 3
4 Linear(in_features=1, out_features=2, bias=True) 3 ['Sigmoid', 'Identity', 'ReLU']
Sequential(
  (a): ReLU()
  (b): Identity()
) Identity() ReLU() Sequential(
  (0): ReLU()
  (1): Identity()
  (2): ReLU()
  (3): Identity()
)
ModuleList(
  (0): Identity()
  (1): Flatten(start_dim=1, end_dim=-1)
)
ModuleList(
  (0): Identity()
  (1): ReLU()
  (2): Flatten(start_dim=1, end_dim=-1)
  (3): Linear(in_features=1, out_features=1, bias=True)
  (4): Flatten(start_dim=1, end_dim=-1)
  (5): ReLU()
) 6 ModuleList(
  (0): ReLU()
  (1): Flatten(start_dim=1, end_dim=-1)
) ReLU()
['Identity', 'ReLU', 'Flatten', 'Linear', 'Flatten', 'ReLU', 'Identity'] 2
ModuleDict(
  (b): ReLU()
  (a): Identity()
  (c): Linear(in_features=1, out_features=1, bias=True)
) ['b', 'a', 'c'] True False 3 Identity()
['b', 'a', 'c'] [ReLU(), Identity(), Linear(in_features=1, out_features=1, bias=True)] [('b', ReLU()), ('a', Identity()), ('c', Linear(in_features=1, out_features=1, bias=True))]
ReLU() ModuleDict(
  (a): Identity()
  (c): Linear(in_features=1, out_features=1, bias=True)
  (d): Identity()
)
DataParallel(
  (module): Linear(in_features=2, out_features=3, bias=True)
) Linear(in_features=2, out_features=3, bias=True) ['module.weight', 'module.bias'] torch.Size([1, 3]) []
['module.weight', 'module.bias']
ModuleList() ModuleDict() Sequential()
IndexError index 5 is out of range
IndexError Index out of range: 9
TypeError int is not a Module subclass
TypeError int is not a Module subclass
TypeError ModuleList.extend should be called with an iterable, but got int
ValueError ModuleDict update sequence element #0 has length 3; 2 is required
KeyError 'z'
TypeError ModuleDict.update should be called with an iterable of key/value pairs, but got int
tensor([ 0., 12.])
`,
  },
];

for (const c of CASES) {
  Deno.test(`nn bindings: ${c.name}`, async () => {
    const r = await runTsl(c.script);
    assert.equal(r.err, "");
    assert.equal(r.out, c.expected);
  });
}

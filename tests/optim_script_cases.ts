// [name, tsl source, PyTorch 1.13's output] (generated with /usr/bin/python3).
export const SCRIPT_CASES: [string, string, string][] = [
  [
    "optimizer classes and param_groups dicts",
    `import torch
import torch.optim as optim
w = torch.tensor([1.0, -2.0], requires_grad=True)
b = torch.tensor([0.5], requires_grad=True)
opt = optim.SGD([{'params': [w]}, {'params': b, 'lr': 0.5}], lr=0.1, momentum=0.9)
print(isinstance(opt, optim.SGD), isinstance(opt, optim.Optimizer), type(opt).__name__)
print(opt.param_groups[1])
print(opt.defaults)
print(opt)
opt.param_groups[1]['lr'] = 1
w.grad = torch.tensor([1.0, 1.0])
b.grad = torch.tensor([2.0])
opt.step()
print(w, b)
x = torch.zeros(2, requires_grad=True)
opt.add_param_group({'params': [x], 'momentum': 0.1})
print([(g['lr'], g['momentum']) for g in opt.param_groups])
`,
    `True True SGD
{'params': [tensor([0.5000], requires_grad=True)], 'lr': 0.5, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False}
{'lr': 0.1, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False}
SGD (
Parameter Group 0
    dampening: 0
    differentiable: False
    foreach: None
    lr: 0.1
    maximize: False
    momentum: 0.9
    nesterov: False
    weight_decay: 0

Parameter Group 1
    dampening: 0
    differentiable: False
    foreach: None
    lr: 0.5
    maximize: False
    momentum: 0.9
    nesterov: False
    weight_decay: 0
)
tensor([ 0.9000, -2.1000], requires_grad=True) tensor([-1.5000], requires_grad=True)
[(0.1, 0.9), (1, 0.9), (0.1, 0.1)]
`,
  ],
  [
    "state and state_dict in PyTorch's structure",
    `import torch
import torch.optim as optim
w = torch.tensor([1.0, -2.0], requires_grad=True)
b = torch.tensor([0.5], requires_grad=True)
opt = optim.SGD([w, b], lr=0.1)
print(opt.state_dict())
w.grad = torch.tensor([1.0, 1.0])
opt.step()
print(opt.state_dict())
a = optim.Adam([w, b], lr=1)
a.step()
print(a.state_dict())
print(a.state[w]['step'], len(a.state))
r = optim.RMSprop([w], momentum=0.5, centered=True)
r.step()
print(r.state_dict()['state'])
print(optim.Adagrad([b], lr_decay=0.1).state_dict())
print(optim.AdamW([w]))
`,
    `{'state': {}, 'param_groups': [{'lr': 0.1, 'momentum': 0, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'params': [0, 1]}]}
{'state': {0: {'momentum_buffer': None}}, 'param_groups': [{'lr': 0.1, 'momentum': 0, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'params': [0, 1]}]}
{'state': {0: {'step': tensor(1.), 'exp_avg': tensor([0.1000, 0.1000]), 'exp_avg_sq': tensor([0.0010, 0.0010])}}, 'param_groups': [{'lr': 1, 'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0, 'amsgrad': False, 'maximize': False, 'foreach': None, 'capturable': False, 'differentiable': False, 'fused': False, 'params': [0, 1]}]}
tensor(1.) 1
{0: {'step': 1, 'square_avg': tensor([0.0100, 0.0100]), 'momentum_buffer': tensor([10.0504, 10.0504]), 'grad_avg': tensor([0.0100, 0.0100])}}
{'state': {0: {'step': tensor(0.), 'sum': tensor([0.])}}, 'param_groups': [{'lr': 0.01, 'lr_decay': 0.1, 'eps': 1e-10, 'weight_decay': 0, 'initial_accumulator_value': 0, 'foreach': None, 'maximize': False, 'params': [0]}]}
AdamW (
Parameter Group 0
    amsgrad: False
    betas: (0.9, 0.999)
    capturable: False
    eps: 1e-08
    foreach: None
    lr: 0.001
    maximize: False
    weight_decay: 0.01
)
`,
  ],
  [
    "load_state_dict",
    `import torch
import torch.optim as optim
def make():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    return w, optim.Adam([w], lr=0.1, betas=(0.8, 0.9))
w1, a = make()
for _ in range(3):
    w1.grad = w1 * 0.5 + 0.1
    a.step()
a.param_groups[0]['lr'] = 0.05
w2, b = make()
b.load_state_dict(a.state_dict())
print(b.param_groups[0]['lr'], b.state_dict()['state'][0]['step'])
w2.grad = torch.tensor([0.3, 0.4])
b.step()
print(w2)
`,
    `0.05 tensor(3.)
tensor([0.9529, 1.9546], requires_grad=True)
`,
  ],
  [
    "zero_grad and step(closure)",
    `import torch
import torch.optim as optim
w = torch.tensor([1.0, -2.0], requires_grad=True)
opt = optim.SGD([w], lr=0.1)
def closure():
    opt.zero_grad()
    loss = (w * w).sum()
    loss.backward()
    return loss
with torch.no_grad():
    print(opt.step(closure))
print(w, w.grad)
g = w.grad
opt.zero_grad()
print(g, w.grad is g)
opt.zero_grad(set_to_none=True)
print(w.grad)
`,
    `tensor(5., grad_fn=<SumBackward0>)
tensor([ 0.8000, -1.6000], requires_grad=True) tensor([ 2., -4.])
tensor([0., 0.]) True
None
`,
  ],
  [
    "PyTorch's errors",
    `import torch
import torch.optim as optim
w = torch.tensor([1.0], requires_grad=True)
tries = [lambda: optim.SGD([w], lr=-1.0), lambda: optim.SGD([w], lr=-1), lambda: optim.SGD([], lr=0.1),
         lambda: optim.SGD([w], lr=0.1, momentum=-0.5), lambda: optim.SGD([w], lr=0.1, nesterov=True),
         lambda: optim.Adam([w], betas=(0.9, 1.0)), lambda: optim.Adam([w], eps=-1e-08),
         lambda: optim.RMSprop([w], alpha=-0.5), lambda: optim.Adagrad([w], lr_decay=-1),
         lambda: optim.SGD([{'params': [w]}, {'params': [w]}], lr=0.1), lambda: optim.SGD([w]),
         lambda: optim.SGD(w, lr=0.1), lambda: optim.SGD([1, 2], lr=0.1), lambda: optim.SGD([w * 2], lr=0.1)]
for f in tries:
    try:
        f()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
`,
    `ValueError Invalid learning rate: -1.0
ValueError Invalid learning rate: -1
ValueError optimizer got an empty parameter list
ValueError Invalid momentum value: -0.5
ValueError Nesterov momentum requires a momentum and zero dampening
ValueError Invalid beta parameter at index 1: 1.0
ValueError Invalid epsilon value: -1e-08
ValueError Invalid alpha value: -0.5
ValueError Invalid lr_decay value: -1
ValueError some parameters appear in more than one parameter group
ValueError parameter group didn't specify a value of required optimization parameter lr
TypeError params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor
TypeError optimizer can only optimize Tensors, but one of the params is int
ValueError can't optimize a non-leaf Tensor
`,
  ],
  [
    "lr_scheduler",
    `import torch
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LambdaLR
import torch.optim.lr_scheduler as sch

def run(o, s, n):
    out = []
    for _ in range(n):
        o.step()
        s.step()
        out.append(s.get_last_lr()[0])
    return out

o = optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
s = StepLR(o, step_size=2, gamma=0.5)
print(s.get_last_lr(), s.last_epoch, s.base_lrs, o.param_groups[0]['initial_lr'], s.optimizer is o)
print(run(o, s, 5), s.state_dict())
print(isinstance(s, sch._LRScheduler), type(s).__name__)
o = optim.SGD([torch.zeros(1, requires_grad=True)], lr=1)
print(run(o, MultiStepLR(o, milestones=[2, 4, 4]), 6))
o = optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)
print(run(o, ExponentialLR(o, gamma=0.9), 4))
o = optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
print(run(o, CosineAnnealingLR(o, T_max=3, eta_min=0.01), 8))
o = optim.SGD([{'params': [torch.zeros(1, requires_grad=True)]}, {'params': [torch.zeros(1, requires_grad=True)], 'lr': 0.2}], lr=0.1)
s = LambdaLR(o, lr_lambda=[lambda e: 0.5 ** e, lambda e: 1.0 / (e + 1)])
run(o, s, 3)
print(s.get_last_lr(), s.last_epoch)
s = StepLR(optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0), 3)
s.step(7)
print(s.get_last_lr())
`,
    `[1.0] 0 [1.0] 1.0 True
[1.0, 0.5, 0.5, 0.25, 0.25] {'step_size': 2, 'gamma': 0.5, 'base_lrs': [1.0], 'last_epoch': 5, 'verbose': False, '_step_count': 6, '_get_lr_called_within_step': False, '_last_lr': [0.25]}
True StepLR
[1, 0.1, 0.1, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002]
[0.45, 0.405, 0.36450000000000005, 0.32805000000000006]
[0.0775, 0.032500000000000015, 0.01, 0.0325, 0.07750000000000005, 0.10000000000000007, 0.07750000000000007, 0.03250000000000006]
[0.0125, 0.05] 3
[0.010000000000000002]
`,
  ],
  [
    "optimizers written in tsl",
    `import torch
import torch.optim as optim
class SignSGD(optim.Optimizer):
    def __init__(self, params, lr=0.01, beta=0.9):
        super().__init__(params, dict(lr=lr, beta=beta))

    def step(self, closure=None):
        with torch.no_grad():
            for group in self.param_groups:
                for p in group['params']:
                    state = self.state[p]
                    if len(state) == 0:
                        state['buf'] = torch.zeros_like(p)
                    state['buf'].mul_(group['beta']).add_(p.grad)
                    p.add_(state['buf'].sign(), alpha=-group['lr'])

class HalfSGD(optim.SGD):
    def __init__(self, params):
        super().__init__(params, lr=0.5)

w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
opt = SignSGD([w], lr=0.1)
for _ in range(3):
    opt.zero_grad()
    (w * w * torch.tensor([1.0, 2.0, -3.0])).sum().backward()
    opt.step()
print(w, opt.state_dict())
h = HalfSGD([w])
h.step()
print(w, isinstance(h, optim.SGD), type(h).__name__)
`,
    `tensor([ 0.7000, -1.7000,  0.8000], requires_grad=True) {'state': {0: {'buf': tensor([  4.8400, -20.5200,  -9.8700])}}, 'param_groups': [{'lr': 0.1, 'beta': 0.9, 'params': [0]}]}
tensor([-0.1000,  1.9000,  2.9000], requires_grad=True) True HalfSGD
`,
  ],
  [
    "scheduler state_dict and load_state_dict",
    `import torch
import torch.optim as optim
from torch.optim import lr_scheduler as L

def o():
    return optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)

for s in [L.StepLR(o(), 2), L.ExponentialLR(o(), 0.5), L.CosineAnnealingLR(o(), 10, eta_min=0.0), L.LambdaLR(o(), lambda e: 1.0)]:
    s.optimizer.step()
    s.step()
    print(type(s).__name__, s.state_dict())
s = L.StepLR(o(), 2, gamma=1)
print(s.gamma, s.step_size, s.base_lrs, s.last_epoch)
s.load_state_dict({'last_epoch': 5, 'base_lrs': [0.2], '_last_lr': [0.3], 'step_size': 3, 'gamma': 0.5})
print(s.last_epoch, s.base_lrs, s.get_last_lr(), s.step_size, s.gamma)
s.optimizer.step()
s.step()
print(s.get_last_lr())
`,
    `StepLR {'step_size': 2, 'gamma': 0.1, 'base_lrs': [0.1], 'last_epoch': 1, 'verbose': False, '_step_count': 2, '_get_lr_called_within_step': False, '_last_lr': [0.1]}
ExponentialLR {'gamma': 0.5, 'base_lrs': [0.1], 'last_epoch': 1, 'verbose': False, '_step_count': 2, '_get_lr_called_within_step': False, '_last_lr': [0.05]}
CosineAnnealingLR {'T_max': 10, 'eta_min': 0.0, 'base_lrs': [0.1], 'last_epoch': 1, 'verbose': False, '_step_count': 2, '_get_lr_called_within_step': False, '_last_lr': [0.09755282581475769]}
LambdaLR {'base_lrs': [0.1], 'last_epoch': 1, 'verbose': False, '_step_count': 2, '_get_lr_called_within_step': False, '_last_lr': [0.1], 'lr_lambdas': [None]}
1 2 [0.1] 0
5 [0.2] [0.3] 3 0.5
[0.05]
`,
  ],
];

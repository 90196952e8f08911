// Errors inside layers reach the user as PyTorch's message with a Python traceback naming the .tsl
// lines of the calls, exit status 1, and no JavaScript stack.

import assert from "node:assert/strict";
import { runCliSource } from "./cli_harness.ts";

const NET = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(256, 120)

    def forward(self, x):
        return self.fc(x)

net = Net()
`;

Deno.test("nn errors: PyTorch's message and the .tsl lines of the calls", async (t) => {
  const cases: [string, string, string][] = [
    [
      "a Linear(256, 120) given a 4x400 input",
      NET + "y = net(torch.randn(4, 400))\n",
      `Traceback (most recent call last):
  File "net.tsl", line 13, in <module>
    y = net(torch.randn(4, 400))
  File "net.tsl", line 10, in forward
    return self.fc(x)
RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x400 and 256x120)
`,
    ],
    [
      "a Conv2d given the wrong number of channels",
      "import torch\nimport torch.nn as nn\nconv = nn.Conv2d(3, 6, 5)\nout = conv(torch.randn(1, 1, 32, 32))\n",
      `Traceback (most recent call last):
  File "net.tsl", line 4, in <module>
    out = conv(torch.randn(1, 1, 32, 32))
RuntimeError: Given groups=1, weight of size [6, 3, 5, 5], expected input[1, 1, 32, 32] to have 3 channels, but got 1 channels instead
`,
    ],
    [
      "a class index out of range",
      "import torch\nimport torch.nn as nn\nloss = nn.CrossEntropyLoss()(torch.randn(2, 3), torch.tensor([0, 5]))\n",
      `Traceback (most recent call last):
  File "net.tsl", line 3, in <module>
    loss = nn.CrossEntropyLoss()(torch.randn(2, 3), torch.tensor([0, 5]))
IndexError: Target 5 is out of bounds.
`,
    ],
    [
      "a module without forward",
      "import torch.nn as nn\nnn.ModuleList()(1)\n",
      `Traceback (most recent call last):
  File "net.tsl", line 2, in <module>
    nn.ModuleList()(1)
NotImplementedError: Module [ModuleList] is missing the required "forward" function
`,
    ],
  ];
  for (const [name, source, stderr] of cases) {
    await t.step(name, async () => {
      const r = await runCliSource(source, "net.tsl");
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, stderr);
    });
  }
});

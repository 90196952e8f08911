// An exception in a DataLoader worker surfaces in the main script as PyTorch re-raises it
// (torch/_utils.py ExceptionWrapper): the original type, "Caught X in DataLoader worker process N."
// and the worker's traceback; RuntimeError when the type cannot be built from a message.

import assert from "node:assert/strict";
import { runCliSource } from "./cli_harness.ts";

/** Runs a loader script; its path shows as SCRIPT in tracebacks. */
const runScript = (source: string) => runCliSource(source, "loader.tsl", "SCRIPT");

const DATASET = `import torch
from torch.utils.data import Dataset, DataLoader

class Bad(Dataset):
    def __init__(self, fail_at, exc):
        self.fail_at = fail_at
        self.exc = exc
    def __len__(self):
        return 8
    def __getitem__(self, i):
        if i == self.fail_at:
            raise self.exc
        return torch.tensor([float(i)])
`;

Deno.test("DataLoader worker errors", async (t) => {
  await t.step("keep their type, name the worker and carry the worker's traceback", async () => {
    const r = await runScript(
      DATASET + `
class TwoArgs(Exception):
    def __init__(self, a, b):
        super().__init__(a, b)

def first_and_last(e):
    lines = str(e).split('\\n')
    return [lines[0], lines[1], lines[-2], lines[-1]]

for workers, fail_at, exc in [(2, 5, ValueError('bad sample 5')), (2, 2, IndexError('no 2')),
                              (2, 7, TwoArgs('x', 'y')), (1, 0, KeyError('k'))]:
    try:
        for b in DataLoader(Bad(fail_at, exc), batch_size=2, num_workers=workers):
            print(b.view(-1).tolist())
    except Exception as e:
        print(type(e).__name__, first_and_last(e))
try:
    for b in DataLoader(Bad(3, ValueError('main process')), batch_size=2):
        pass
except ValueError as e:
    print(type(e).__name__, str(e))
`,
    );
    assert.equal(r.stderr, "");
    // PyTorch 1.13's output for the same script.
    assert.equal(
      r.stdout,
      `[0.0, 1.0]
[2.0, 3.0]
ValueError ['Caught ValueError in DataLoader worker process 0.', 'Original Traceback (most recent call last):', 'ValueError: bad sample 5', '']
[0.0, 1.0]
IndexError ['Caught IndexError in DataLoader worker process 1.', 'Original Traceback (most recent call last):', 'IndexError: no 2', '']
[0.0, 1.0]
[2.0, 3.0]
[4.0, 5.0]
RuntimeError ['Caught TwoArgs in DataLoader worker process 1.', 'Original Traceback (most recent call last):', "TwoArgs: ('x', 'y')", '']
KeyError ['Caught KeyError in DataLoader worker process 0.', 'Original Traceback (most recent call last):', "KeyError: 'k'", '']
ValueError main process
`,
    );
  });

  await t.step("uncaught, the traceback shows the loop and then the worker's frames", async () => {
    const r = await runScript(
      DATASET + `
loader = DataLoader(Bad(5, ValueError('bad sample 5')), batch_size=2, num_workers=2)
for b in loader:
    print(b.view(-1))
`,
    );
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "tensor([0., 1.])\ntensor([2., 3.])\n");
    // PyTorch's has its own frames (dataloader.py, worker.py, fetch.py) between these.
    assert.equal(
      r.stderr,
      `Traceback (most recent call last):
  File "SCRIPT", line 16, in <module>
    for b in loader:
ValueError: Caught ValueError in DataLoader worker process 0.
Original Traceback (most recent call last):
  File "SCRIPT", line 12, in __getitem__
    raise self.exc
ValueError: bad sample 5

`,
    );
  });

  // PyTorch raises it with that worker's first batch; tsl when the pass starts, before any batch.
  await t.step("an error in worker_init_fn is reported the same way", async () => {
    const r = await runScript(
      DATASET + `
def init(worker_id):
    if worker_id == 1:
        raise RuntimeError('no GPU in worker %d' % worker_id)
try:
    for b in DataLoader(Bad(-1, None), batch_size=2, num_workers=2, worker_init_fn=init):
        pass
except RuntimeError as e:
    print(str(e).split('\\n')[0], str(e).split('\\n')[-2])
`,
    );
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      "Caught RuntimeError in DataLoader worker process 1. RuntimeError: no GPU in worker 1\n",
    );
  });
});

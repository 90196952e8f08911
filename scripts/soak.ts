// Soak test: trains LeNet-5 on the embedded Fashion-MNIST subset for a long time and prints, once a
// minute, the process's memory and the GPU pool, so that a leak shows up as a number that keeps
// growing. Not part of CI: the figures go in the release note.
//
//   deno run -A scripts/soak.ts --minutes 30 --device cpu|webgpu [--interval 60] [--batch-size 64]
//
// Each line: elapsed minutes, RSS, V8 heap used, external memory (ArrayBuffers: CPU tensors live
// there), GPU memory allocated and reserved (torch.cuda.memory_allocated/memory_reserved), steps
// done and the last loss. Dropped tensors are collected before each sample (a full GC), so the
// figures measure what is still referenced or leaked, not garbage the collector has not reached.

import { createRuntime } from "../mod.ts";
import { memoryAllocated, memoryReserved, settleReleases } from "../kernels/webgpu/mod.ts";
import { isLazy, resolveLazy } from "../dsl/runtime/lazy_float.ts";
import { PyFloat } from "../dsl/runtime/values.ts";

interface SoakOptions {
  minutes: number;
  device: string;
  intervalSeconds: number;
  batchSize: number;
}

function parseOptions(args: string[]): SoakOptions {
  const opts: SoakOptions = { minutes: 30, device: "cpu", intervalSeconds: 60, batchSize: 64 };
  for (let i = 0; i < args.length; i++) {
    const value = () => args[++i] ?? fail(`${args[i - 1]} needs a value`);
    switch (args[i]) {
      case "--minutes":
        opts.minutes = Number(value());
        break;
      case "--device":
        opts.device = value();
        break;
      case "--interval":
        opts.intervalSeconds = Number(value());
        break;
      case "--batch-size":
        opts.batchSize = Number(value());
        break;
      default:
        fail(`unknown option ${args[i]}`);
    }
  }
  if (!(opts.minutes > 0) || !(opts.intervalSeconds > 0) || !(opts.batchSize >= 1)) fail("bad numbers");
  if (opts.device !== "cpu" && opts.device !== "webgpu") fail("--device is cpu or webgpu");
  return opts;
}

function fail(msg: string): never {
  console.error(`soak: ${msg}`);
  console.error("usage: deno run -A scripts/soak.ts --minutes 30 --device cpu|webgpu [--interval 60]");
  Deno.exit(2);
}

// The blitz classifier of scripts/fashion_mnist.tsl, driven in slices: train_for(seconds) runs
// steps until the time is up, cycling over the training set, and returns the steps done so far.
const TRAINING_SOURCE = `
import time
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torchvision
import torchvision.transforms as transforms

torch.manual_seed(0)
device = torch.device('cuda' if DEVICE == 'webgpu' else 'cpu')
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
trainset = torchvision.datasets.FashionMNIST(root=ROOT, train=True, download=False, transform=transform)
loader = torch.utils.data.DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=True)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net().to(device)
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
batches = iter(loader)
steps = 0
last_loss = float('nan')


def train_for(seconds):
    global batches, steps, last_loss
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            inputs, labels = next(batches)
        except StopIteration:
            batches = iter(loader)
            continue
        inputs, labels = inputs.to(device), labels.to(device)
        optimizer.zero_grad()
        loss = criterion(net(inputs), labels)
        loss.backward()
        optimizer.step()
        last_loss = loss.item()
        steps += 1
    return steps
`;

const MIB = 2 ** 20;
const mib = (bytes: number) => (bytes / MIB).toFixed(1).padStart(8);

interface Sample {
  minute: number;
  rss: number;
  heap: number;
  external: number;
  gpuAllocated: number;
  gpuReserved: number;
  steps: number;
}

async function sample(minute: number, steps: number): Promise<Sample> {
  await settleReleases();
  const m = Deno.memoryUsage();
  return {
    minute,
    rss: m.rss,
    heap: m.heapUsed,
    external: m.external,
    gpuAllocated: memoryAllocated(),
    gpuReserved: memoryReserved(),
    steps,
  };
}

function printSample(s: Sample, previousSteps: number, loss: number): void {
  console.log(
    `${s.minute.toFixed(1).padStart(6)} ${mib(s.rss)} ${mib(s.heap)} ${mib(s.external)} ${mib(s.gpuAllocated)} ${
      mib(s.gpuReserved)
    } ${String(s.steps).padStart(8)} ${String(s.steps - previousSteps).padStart(7)} ${loss.toFixed(4).padStart(8)}`,
  );
}

/** Growth from the first sample after warm-up (the second one) to the last, in MiB. */
function summarize(samples: Sample[]): void {
  if (samples.length < 3) return;
  const base = samples[1], last = samples[samples.length - 1];
  const drift = (key: keyof Sample) => ((last[key] - base[key]) / MIB).toFixed(1);
  const peak = (key: keyof Sample) => (Math.max(...samples.slice(1).map((s) => s[key])) / MIB).toFixed(1);
  console.log(
    `drift from minute ${base.minute.toFixed(1)} to ${last.minute.toFixed(1)}: rss ${drift("rss")} MiB ` +
      `(peak ${peak("rss")}), heap ${drift("heap")} MiB, external ${drift("external")} MiB, ` +
      `gpu allocated ${drift("gpuAllocated")} MiB, gpu reserved ${drift("gpuReserved")} MiB (peak ${
        peak("gpuReserved")
      })`,
  );
}

/** A Python float or int as a JS number; a lazy .item() result (WebGPU) is waited for. */
async function pyNumber(x: unknown): Promise<number> {
  const value = isLazy(x) ? await resolveLazy(x) : x;
  if (typeof value === "number") return value;
  return value instanceof PyFloat ? value.v : NaN;
}

async function main(): Promise<void> {
  const opts = parseOptions(Deno.args);
  const rt = await createRuntime({ device: opts.device });
  rt.setGlobal("DEVICE", opts.device);
  rt.setGlobal("ROOT", new URL("../assets/fashion-mnist-subset", import.meta.url).pathname);
  rt.setGlobal("BATCH_SIZE", opts.batchSize);
  const setup = await rt.run(TRAINING_SOURCE, "soak.tsl");
  if (!setup.ok) Deno.exit(1);
  const trainFor = rt.getGlobal("train_for");

  console.log(
    `soak: ${opts.minutes} min on ${opts.device}, batch ${opts.batchSize}, a sample every ${opts.intervalSeconds} s`,
  );
  console.log("   min   rss MiB  heap MiB   ext MiB gpu alloc  gpu resv    steps   +steps     loss");
  const samples = [await sample(0, 0)];
  printSample(samples[0], 0, NaN);
  const start = performance.now();
  const totalMs = opts.minutes * 60_000;
  while (performance.now() - start < totalMs) {
    const left = (totalMs - (performance.now() - start)) / 1000;
    const steps = Number(await rt.call(trainFor, Math.min(opts.intervalSeconds, left)));
    const loss = await pyNumber(rt.getGlobal("last_loss")); // on WebGPU, waits for the queued steps
    const s = await sample((performance.now() - start) / 60_000, steps);
    printSample(s, samples[samples.length - 1].steps, loss);
    samples.push(s);
  }
  summarize(samples);
}

if (import.meta.main) await main();

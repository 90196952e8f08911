// The sections of `deno task bench` that use Fashion-MNIST through torchvision and the DataLoader:
// iterating the training set with ToTensor+Normalize (tsl vs PyTorch's DataLoader), and LeNet-5
// training end to end on the CPU at batch 64 and batch 4 (scripts/fashion_mnist.tsl under tsl and
// under PyTorch). Both sides read the same files, laid out as torchvision expects.
import { gunzipSync } from "node:zlib";
import { rows } from "./table.ts";

const here = (f: string) => new URL(f, import.meta.url).pathname;
const MOD = here("../../mod.ts");
const DEBIAN = "/usr/share/datasets/fashion-mnist";
const SUBSET = here("../../assets/fashion-mnist-subset");
const FILES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
];

/** A temporary root/FashionMNIST/raw/ with the unzipped files, which torchvision itself requires. */
function torchvisionRoot(): { root: string; full: boolean } {
  let source = SUBSET, full = false;
  try {
    Deno.statSync(`${DEBIAN}/train-images-idx3-ubyte.gz`);
    source = DEBIAN;
    full = true;
  } catch { /* the subset shipped with tsl */ }
  const root = Deno.makeTempDirSync({ prefix: "tsl_bench_fashion_" });
  Deno.mkdirSync(`${root}/FashionMNIST/raw`, { recursive: true });
  for (const f of FILES) {
    Deno.writeFileSync(`${root}/FashionMNIST/raw/${f}`, gunzipSync(Deno.readFileSync(`${source}/${f}.gz`)));
  }
  return { root, full };
}

async function output(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const out = new TextDecoder().decode(r.stdout);
    if (!r.success) {
      const err = new TextDecoder().decode(r.stderr).trim().split("\n").at(-1);
      console.log(`  ${cmd.split("/").at(-1)} failed: ${err}`);
      return undefined;
    }
    return out;
  } catch {
    return undefined;
  }
}

const number = (re: RegExp, s: string | undefined) => {
  const m = s === undefined ? null : re.exec(s);
  return m ? Number(m[1]) : undefined;
};

async function dataLoading(root: string, full: boolean): Promise<void> {
  const script = here("./data_loading.tsl");
  console.log(`\n== Iterating the ${full ? "60k" : "5k-subset"} training set, ToTensor+Normalize, batch 64 ==`);
  const seconds = / iterate ([\d.]+) s/;
  const tsl = number(seconds, await output(Deno.execPath(), ["run", "-A", MOD, script, root, "0"]));
  const tslWorkers = number(seconds, await output(Deno.execPath(), ["run", "-A", MOD, script, root, "2"]));
  const torch = number(seconds, await output("/usr/bin/python3", [script, root, "0"]));
  const torchWorkers = number(seconds, await output("/usr/bin/python3", [script, root, "2"]));
  const show = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(2)} s`);
  console.log(`tsl:     ${show(tsl)} (num_workers=2: ${show(tslWorkers)})`);
  console.log(`PyTorch: ${show(torch)} (num_workers=2: ${show(torchWorkers)})`);
  rows.push({
    name: `DataLoader over Fashion-MNIST train${full ? "" : " subset"}, ToTensor+Normalize, batch 64`,
    unit: "s",
    tsl,
    peer: torch,
    peerName: "PyTorch",
    better: "lower",
    target: "<= 1.0x PyTorch's time",
    targetRatio: 1,
  });
}

async function cpuTraining(root: string, batch: number, steps: number): Promise<void> {
  const script = here("../fashion_mnist.tsl");
  const out = Deno.makeTempDirSync({ prefix: "tsl_bench_out_" });
  const args = [script, "--root", root, "--max-steps", String(steps), "--epochs", "1", "--batch-size", String(batch)];
  const rate = / \(([\d.]+) images\/s\)/;
  const tsl = number(rate, await output(Deno.execPath(), ["run", "-A", MOD, ...args, "--device", "cpu", "--out", out]));
  const torch = number(rate, await output("/usr/bin/python3", [...args, "--device", "cpu", "--out", out]));
  const perStep = batch === 64 ? 1 : batch;
  const unit = batch === 64 ? "img/s" : "steps/s";
  console.log(`batch ${batch}: tsl ${tsl?.toFixed(0) ?? "n/a"} img/s, PyTorch ${torch?.toFixed(0) ?? "n/a"} img/s`);
  rows.push({
    name: `LeNet-5 CPU training with the DataLoader, batch ${batch}`,
    unit,
    tsl: tsl === undefined ? undefined : tsl / perStep,
    peer: torch === undefined ? undefined : torch / perStep,
    peerName: "PyTorch",
    better: "higher",
    target: ">= 1.0x PyTorch",
    targetRatio: 1,
  });
  Deno.removeSync(out, { recursive: true });
}

export async function fashionBench(): Promise<void> {
  const { root, full } = torchvisionRoot();
  try {
    await dataLoading(root, full);
    console.log("\n== LeNet-5 on Fashion-MNIST, CPU, end to end (scripts/fashion_mnist.tsl) ==");
    await cpuTraining(root, 64, 150);
    await cpuTraining(root, 4, 600);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
}

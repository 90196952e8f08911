// The seed programs that mutation cases start from: the conformance cases and the .tsl scripts, with
// large integer literals scaled down so that a mutated training loop still ends well inside the limit.

import { tokenize } from "./mutate.ts";

const ROOT = new URL("../../", import.meta.url);
const SEED_DIRS = ["tests/conformance", "scripts"];

export interface Seed {
  path: string;
  source: string;
}

export async function loadCorpus(): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (const dir of SEED_DIRS) {
    for (const path of await tslFiles(dir)) {
      const source = await Deno.readTextFile(new URL(path, ROOT));
      // Reading a real dataset or training a ResNet takes seconds per case, too long for a case.
      if (/torchvision\.datasets|datasets\.\w+\(|torchvision import models|models\.resnet/.test(source)) continue;
      seeds.push({ path, source: scaleDown(source) });
    }
  }
  return seeds.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function tslFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(new URL(dir + "/", ROOT))) {
    const path = `${dir}/${e.name}`;
    // Benchmarks are made to run for seconds (their programs are the demos' and conformance cases').
    if (e.isDirectory && e.name !== "fuzz" && e.name !== "bench") out.push(...await tslFiles(path));
    else if (e.isFile && e.name.endsWith(".tsl")) out.push(path);
  }
  return out;
}

/** Integer literals of 100 and more become small ones (the same literal always maps to the same value,
 * so layer sizes that must agree still agree). */
export function scaleDown(source: string): string {
  return tokenize(source).map((p) => (/^\d{3,}$/.test(p.text) ? String(2 + Number(p.text) % 29) : p.text)).join("");
}

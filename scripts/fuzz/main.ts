// The fuzz harness for tsl's parser and evaluator (`deno task fuzz`). Each case is a program, either a
// mutated seed (mutate.ts over corpus.ts) or one generated from the grammar (generate.ts), run in a
// fresh Interpreter on a sandboxed worker under a time limit. A bug (classify.ts) is anything but a
// clean run, a SyntaxError/IndentationError or a Python exception with a traceback into the program.
// Bugs are minimized and saved; the exit status is 1 when there is any.
//
//   deno run -A scripts/fuzz/main.ts --cases 2000 --seed 1
//     --timeout-ms 3000    per-case limit     --save-dir DIR   where reproducers go (fuzz-out)
//     --workers 2          parallel workers   --mode mix|mutate|generate
//     --only I             run case I alone and print its program
//     --oracle PYTHON      re-run hangs under CPython; one that hangs there too is no tsl bug
//     --json               print the summary as one JSON line

import { Rng } from "./rng.ts";
import { loadCorpus, type Seed } from "./corpus.ts";
import { mutate } from "./mutate.ts";
import { generate } from "./generate.ts";
import { WorkerPool } from "./pool.ts";
import { BUG_OUTCOMES, type Classified, classify, type Outcome } from "./classify.ts";
import { minimize } from "./minimize.ts";
import type { CaseRequest } from "./protocol.ts";
import { hangsInCPython } from "./oracle.ts";

interface Options {
  cases: number;
  seed: number;
  timeoutMs: number;
  saveDir: string;
  workers: number;
  mode: "mix" | "mutate" | "generate";
  only: number | null;
  oracle: string | null;
  json: boolean;
}

function parseOptions(args: string[]): Options {
  const o: Options = {
    cases: 2000,
    seed: 1,
    timeoutMs: 3000,
    saveDir: "fuzz-out",
    workers: 2,
    mode: "mix",
    only: null,
    oracle: null,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const value = () => args[++i] ?? fail(`${args[i - 1]} needs a value`);
    switch (args[i]) {
      case "--cases":
        o.cases = Number(value());
        break;
      case "--seed":
        o.seed = Number(value());
        break;
      case "--timeout-ms":
        o.timeoutMs = Number(value());
        break;
      case "--save-dir":
        o.saveDir = value();
        break;
      case "--workers":
        o.workers = Number(value());
        break;
      case "--mode":
        o.mode = value() as Options["mode"];
        break;
      case "--only":
        o.only = Number(value());
        break;
      case "--oracle":
        o.oracle = value();
        break;
      case "--json":
        o.json = true;
        break;
      default:
        fail(`unknown option ${args[i]}`);
    }
  }
  return o;
}

function fail(msg: string): never {
  console.error(`fuzz: ${msg}`);
  Deno.exit(2);
}

const FILENAME = "fuzz_case.tsl";

/** Case `index` of a run: the same (seed, index) always gives the same program. */
export function makeCase(
  seed: number,
  index: number,
  corpus: Seed[],
  mode: Options["mode"],
): { source: string; origin: string } {
  const rng = Rng.forCase(seed, index);
  const mutating = mode === "mutate" || (mode === "mix" && rng.chance(0.5));
  if (!mutating) return { source: generate(rng), origin: "generated" };
  const seedProgram = rng.pick(corpus);
  return { source: mutate(seedProgram.source, rng.pick(corpus).source, rng), origin: `mutated ${seedProgram.path}` };
}

/**
 * A case that ran past the limit is run again, alone, with 4 times the limit: one that then ends was
 * only slow (a busy machine, a long training loop). One that also runs past the limit under CPython
 * (with --oracle) is an endless loop of the program's own.
 */
async function judgeHang(o: Options, pool: WorkerPool, req: CaseRequest): Promise<Classified> {
  const again = classify(await pool.runOne(req, 4 * o.timeoutMs));
  if (again.outcome !== "hang") {
    return again.outcome === "ok" || !BUG_OUTCOMES.has(again.outcome)
      ? { outcome: "slow", signature: "", detail: `ended within ${4 * o.timeoutMs} ms` }
      : again;
  }
  if (o.oracle && await hangsInCPython(o.oracle, req.source, 4 * o.timeoutMs)) {
    return { outcome: "endless-in-cpython", signature: "", detail: "runs past the limit in CPython too" };
  }
  return again;
}

interface Bug {
  index: number;
  origin: string;
  classified: Classified;
  count: number;
  saved?: string;
}

async function main(): Promise<number> {
  const o = parseOptions(Deno.args);
  const corpus = await loadCorpus();
  const pool = new WorkerPool({
    workers: o.only !== null ? 1 : o.workers,
    timeoutMs: o.timeoutMs,
    recycleEvery: 100,
    heapMb: 1024,
  });
  const counts: Partial<Record<Outcome, number>> = {};
  const bugs = new Map<string, Bug>();
  const origins = new Map<number, string>();
  const started = performance.now();
  const first = o.only ?? 0;
  const total = o.only !== null ? 1 : o.cases;
  let finished = 0;
  await pool.runAll(total, (k) => {
    const index = first + k;
    const c = makeCase(o.seed, index, corpus, o.mode);
    if (o.only !== null) console.log(`# case ${index} (${c.origin})\n${c.source}`);
    origins.set(index, c.origin);
    return { id: index, source: c.source, filename: FILENAME };
  }, async (k, req, result) => {
    const index = first + k;
    let classified = classify(result);
    if (classified.outcome === "hang") classified = await judgeHang(o, pool, req);
    counts[classified.outcome] = (counts[classified.outcome] ?? 0) + 1;
    if (o.only !== null) console.log(`# outcome: ${classified.outcome} ${classified.signature}\n${classified.detail}`);
    if (BUG_OUTCOMES.has(classified.outcome)) {
      const key = `${classified.outcome} ${classified.signature}`;
      const bug = bugs.get(key);
      if (bug) bug.count++;
      else bugs.set(key, { index, origin: origins.get(index)!, classified, count: 1 });
    }
    origins.delete(index);
    if (++finished % 500 === 0 && !o.json) {
      console.error(`  ${finished}/${total} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  for (const bug of bugs.values()) bug.saved = await saveReproducer(o, corpus, pool, bug);
  pool.close();
  const bugCases = [...bugs.values()].reduce((n, b) => n + b.count, 0);
  if (o.json) {
    console.log(
      JSON.stringify({ cases: total, seconds, outcomes: counts, bugs: bugCases, signatures: [...bugs.keys()] }),
    );
  } else {
    console.log(`fuzz: ${total} cases (seed ${o.seed}, ${o.mode}) in ${seconds.toFixed(1)} s`);
    for (const [k, n] of Object.entries(counts).sort()) console.log(`  ${k.padEnd(20)} ${n}`);
    console.log(`  bugs: ${bugCases} cases, ${bugs.size} distinct`);
    for (const [key, bug] of bugs) {
      console.log(
        `  - ${key} (${bug.count}x; first: case ${bug.index}, ${bug.origin})${bug.saved ? ` -> ${bug.saved}` : ""}`,
      );
    }
  }
  return bugs.size ? 1 : 0;
}

/** Minimizes a bug's first case and writes it (and the original) to the save dir. */
async function saveReproducer(o: Options, corpus: Seed[], pool: WorkerPool, bug: Bug): Promise<string> {
  const original = makeCase(o.seed, bug.index, corpus, o.mode).source;
  const same = async (source: string) => {
    const c = classify(await pool.runOne({ id: bug.index, source, filename: FILENAME }));
    return c.outcome === bug.classified.outcome && c.signature === bug.classified.signature;
  };
  // A hang costs the whole limit per try, so it gets fewer.
  const small = await minimize(original, same, bug.classified.outcome === "hang" ? 40 : 400);
  await Deno.mkdir(o.saveDir, { recursive: true });
  const base = `${o.saveDir}/${bug.classified.outcome}-seed${o.seed}-case${bug.index}`;
  const header =
    `# fuzz ${bug.classified.outcome}: ${bug.classified.signature}\n# seed ${o.seed} case ${bug.index} (${bug.origin})\n`;
  await Deno.writeTextFile(`${base}.tsl`, header + small);
  await Deno.writeTextFile(`${base}.orig.tsl`, original);
  await Deno.writeTextFile(`${base}.txt`, bug.classified.detail);
  return `${base}.tsl`;
}

if (import.meta.main) Deno.exit(await main());

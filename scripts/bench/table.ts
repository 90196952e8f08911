// The results table of `deno task bench`: one row per target, each with tsl's figure, the peer's
// figure measured in the same run, their ratio and the target. Printed as markdown and written to
// bench/results.json with the machine it ran on.

export interface Row {
  name: string;
  unit: string;
  tsl?: number;
  peer?: number;
  peerName?: string;
  /** "higher" when a bigger figure is better (img/s), "lower" for times. */
  better: "higher" | "lower";
  /** The target, as text (e.g. ">= 1.0x PyTorch"), and the number the ratio must reach. */
  target?: string;
  targetRatio?: number;
  /** An absolute target when there is no peer (GFLOP/s, ms). */
  targetValue?: number;
  note?: string;
}

export const rows: Row[] = [];

/** tsl's speed relative to the peer: > 1 means tsl is faster, whichever way the unit runs. */
export function ratioOf(r: Row): number | undefined {
  if (r.tsl === undefined || r.peer === undefined || r.tsl <= 0 || r.peer <= 0) return undefined;
  return r.better === "higher" ? r.tsl / r.peer : r.peer / r.tsl;
}

function met(r: Row): string {
  const ratio = ratioOf(r);
  if (r.targetRatio !== undefined && ratio !== undefined) return ratio >= r.targetRatio ? "yes" : "no";
  if (r.targetValue !== undefined && r.tsl !== undefined) {
    return (r.better === "higher" ? r.tsl >= r.targetValue : r.tsl <= r.targetValue) ? "yes" : "no";
  }
  return "-";
}

const fmt = (v: number | undefined) =>
  v === undefined ? "n/a" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);

export function machineDescription(): string {
  let cpu = "unknown CPU";
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    cpu = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? cpu;
  } catch { /* not Linux */ }
  return `${navigator.hardwareConcurrency} cores, ${cpu}, Deno ${Deno.version.deno}`;
}

export function markdownTable(): string {
  const lines = [
    "| benchmark | tsl | peer | ratio (tsl speed / peer) | target | met |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const ratio = ratioOf(r);
    const peer = r.peer === undefined ? (r.peerName ? `${r.peerName}: n/a` : "-") : `${r.peerName}: ${fmt(r.peer)}`;
    lines.push(
      `| ${r.name} (${r.unit}) | ${fmt(r.tsl)} | ${peer} | ${ratio === undefined ? "-" : ratio.toFixed(2) + "x"} | ${
        r.target ?? "-"
      } | ${met(r)} |`,
    );
  }
  return lines.join("\n");
}

export async function writeResults(path: string): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf("/"));
  await Deno.mkdir(dir, { recursive: true });
  const results = {
    date: new Date().toISOString(),
    machine: machineDescription(),
    rows: rows.map((r) => ({ ...r, ratio: ratioOf(r), met: met(r) })),
  };
  await Deno.writeTextFile(path, JSON.stringify(results, null, 2) + "\n");
}

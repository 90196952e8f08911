// Runs every tests/conformance/*.tsl through the CLI and compares stdout with what PyTorch 1.13
// printed (*.expected), on the cpu device and, where an adapter exists, on webgpu.

import { compareOutput } from "./compare_output.ts";
import { initWebGPU } from "../runtime/backends.ts";

const dir = new URL("./conformance/", import.meta.url);
const root = new URL("../", import.meta.url);

/** Cases whose features belong to issues not yet done; they run and must still fail loudly if listed wrongly. */
const PENDING: Record<string, Record<string, string>> = JSON.parse(
  await Deno.readTextFile(new URL("pending.json", dir)),
);
const hasWebGPU = (await initWebGPU()) !== undefined;
if (!hasWebGPU) console.log("conformance on webgpu skipped: no WebGPU adapter (apt-get install mesa-vulkan-drivers)");

const cases = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".tsl")).sort();

async function runCase(file: string, device: string) {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "mod.ts", "--device", device, new URL(file, dir).pathname],
    cwd: root.pathname,
    stdout: "piped",
    stderr: "piped",
  });
  const r = await cmd.output();
  return { code: r.code, stdout: new TextDecoder().decode(r.stdout), stderr: new TextDecoder().decode(r.stderr) };
}

for (const device of ["cpu", "webgpu"]) {
  Deno.test({ name: `conformance on ${device}`, ignore: device === "webgpu" && !hasWebGPU }, async (t) => {
    for (const file of cases) {
      const pending = PENDING[device][file];
      await t.step({
        name: pending ? `${file} (pending: ${pending})` : file,
        ignore: pending !== undefined,
        fn: async () => {
          const want = await Deno.readTextFile(new URL(file.replace(/\.tsl$/, ".expected"), dir));
          const r = await runCase(file, device);
          if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stderr}`);
          const diff = compareOutput(r.stdout, want);
          if (diff) throw new Error(diff);
        },
      });
    }
  });
}

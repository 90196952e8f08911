// CPython as the judge of a hang: a program that also runs past the limit under CPython (an endless
// loop a mutation made) is no tsl bug.

export async function hangsInCPython(python: string, source: string, timeoutMs: number): Promise<boolean> {
  const dir = await Deno.makeTempDir({ prefix: "tsl-fuzz-" });
  try {
    await Deno.writeTextFile(`${dir}/fuzz_case.tsl`, source);
    const child = new Deno.Command(python, {
      args: ["fuzz_case.tsl"],
      cwd: dir,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    // CPython pays about a second to import torch, so it gets that on top of the limit.
    const limit = timeoutMs + 3000;
    const timer = setTimeout(() => child.kill("SIGKILL"), limit);
    const status = await child.status;
    clearTimeout(timer);
    return status.signal === "SIGKILL";
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

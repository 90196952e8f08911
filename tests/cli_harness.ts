// Running tsl as a user does, `deno run -A mod.ts ...` from the repository root, for the tests that
// check what a script prints, its exit status and its traceback.

const root = new URL("../", import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Text piped to stdin; `null` closes stdin; left out, the test runner's stdin is inherited. */
  stdin?: string | null;
}

/** `deno run -A mod.ts ...args` in the repository root, its output decoded. */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const piped = typeof opts.stdin === "string";
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "mod.ts", ...args],
    cwd: root,
    stdin: piped ? "piped" : opts.stdin === null ? "null" : "inherit",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (piped) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(opts.stdin as string));
    await writer.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}

/**
 * Writes `source` to a temporary `fileName` and runs it; the temporary path is shown as `shownAs` in
 * stderr (so expected tracebacks need not know it). The folder is removed afterwards.
 */
export async function runCliSource(source: string, fileName: string, shownAs = fileName): Promise<CliResult> {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/${fileName}`;
  try {
    await Deno.writeTextFile(path, source);
    const r = await runCli([path]);
    return { ...r, stderr: r.stderr.replaceAll(path, shownAs) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

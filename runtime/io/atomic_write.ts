// Replaces a file all at once: the bytes go to a temporary file in the same folder, are flushed to
// disk, and the temporary file is then renamed over the target. A crash or kill mid-write leaves the
// previous file untouched (at worst a stray temporary file next to it).

function folderOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The temporary file a save of `path` writes first (hidden, unique per process and call). */
export function temporaryPathFor(path: string): string {
  const tag = `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const folder = folderOf(path);
  return `${folder === "." ? "" : folder + "/"}.${baseOf(path)}.${tag}.tmp`;
}

function writeChunks(file: Deno.FsFile, chunks: readonly Uint8Array[]): void {
  for (const chunk of chunks) {
    let done = 0;
    while (done < chunk.length) done += file.writeSync(chunk.subarray(done));
  }
  file.syncSync();
}

export function writeFileAtomic(path: string, chunks: readonly Uint8Array[]): void {
  const temp = temporaryPathFor(path);
  const file = Deno.openSync(temp, { write: true, createNew: true });
  try {
    writeChunks(file, chunks);
    file.close();
    try {
      Deno.renameSync(temp, path);
    } catch (e) {
      // Deno grants rename only with read and write access; a script allowed to write its checkpoints
      // folder but not to read it still saves, in place (not atomically).
      if (!(e instanceof Deno.errors.NotCapable)) throw e; // no --allow-read grant
      Deno.removeSync(temp);
      const target = Deno.openSync(path, { write: true, create: true, truncate: true });
      try {
        writeChunks(target, chunks);
      } finally {
        target.close();
      }
    }
  } catch (e) {
    try {
      file.close();
    } catch { /* already closed */ }
    try {
      Deno.removeSync(temp);
    } catch { /* nothing to clean up */ }
    throw e;
  }
}

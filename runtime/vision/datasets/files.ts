// File-system helpers for the datasets: Python's os.path.join/expanduser semantics (roots print
// exactly as torchvision would show them), file reads that fail with Python's OSError messages, and
// gunzip through node:zlib (native code, one pass).

import { gunzipSync } from "node:zlib";
import { TorchError } from "../../errors.ts";

/** os.path.join: an absolute part restarts the path; a separator is added only where missing. */
export function joinPath(first: string, ...parts: string[]): string {
  let out = first;
  for (const p of parts) {
    if (p.startsWith("/")) out = p;
    else if (out === "" || out.endsWith("/")) out += p;
    else out += "/" + p;
  }
  return out;
}

/** os.path.expanduser for `~` and `~/...`. */
export function expandUser(path: string): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  const home = Deno.env.get("HOME");
  return home === undefined ? path : home + path.slice(1);
}

export const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

export const dirName = (path: string): string => {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : i === 0 ? "/" : path.slice(0, i);
};

function statOf(path: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(path);
  } catch {
    return null;
  }
}

export const isFile = (path: string): boolean => statOf(path)?.isFile ?? false;
export const isDirectory = (path: string): boolean => statOf(path)?.isDirectory ?? false;

/** The error Python's open() raises for `path`, from a Deno file-system error. */
export function osError(e: unknown, path: string): TorchError {
  if (e instanceof Deno.errors.NotFound) {
    return new TorchError("FileNotFoundError", `[Errno 2] No such file or directory: '${path}'`);
  }
  if (e instanceof Deno.errors.PermissionDenied) {
    return new TorchError("OSError", `[Errno 13] Permission denied: '${path}'`);
  }
  if (e instanceof Deno.errors.IsADirectory) return new TorchError("OSError", `[Errno 21] Is a directory: '${path}'`);
  return new TorchError("OSError", `${e instanceof Error ? e.message : e}: '${path}'`);
}

export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw osError(e, path);
  }
}

export function readBytesSync(path: string): Uint8Array {
  try {
    return Deno.readFileSync(path);
  } catch (e) {
    throw osError(e, path);
  }
}

export async function writeBytes(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await Deno.writeFile(path, bytes);
  } catch (e) {
    throw osError(e, path);
  }
}

/** os.makedirs(path, exist_ok=True). */
export async function makeDirs(path: string): Promise<void> {
  try {
    await Deno.mkdir(path, { recursive: true });
  } catch (e) {
    throw osError(e, path);
  }
}

/** A file that does not hold what its format requires: RuntimeError naming the file and the problem. */
export const corruptFile = (path: string, what: string): TorchError =>
  new TorchError("RuntimeError", `${path}: ${what}`);

export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The decompressed contents of a gzip file; a damaged or cut-off stream names the file. */
export function gunzip(bytes: Uint8Array, path: string): Uint8Array {
  try {
    const out = gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw corruptFile(path, `corrupt or truncated gzip data (${reason})`);
  }
}

/** The bytes of `path`, gunzipped when they are gzip data (recognised by content, not by name). */
export async function readMaybeGzipped(path: string): Promise<Uint8Array> {
  const bytes = await readBytes(path);
  return isGzip(bytes) ? gunzip(bytes, path) : bytes;
}

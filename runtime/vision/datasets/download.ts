// torchvision.datasets.utils' download_url / extract_archive / download_and_extract_archive: fetch a
// file unless a verified copy is there, check its MD5 after the download, then gunzip or untar it.
// The lines torchvision prints go to `log` (the script's stdout when called from tsl).

import { runtimeError, TorchError } from "../../errors.ts";
import { checkIntegrity } from "./md5.ts";
import { baseName, dirName, expandUser, gunzip, joinPath, makeDirs, osError, readBytes, writeBytes } from "./files.ts";
import { readTar } from "./tar.ts";

/** Receives each line torchvision would print(). */
export type Log = (line: string) => void;

export const consoleLog: Log = (line) => console.log(line);

/** A failed request: Python's urllib.error.URLError / HTTPError (both OSErrors), with urllib's message. */
export class UrlError extends TorchError {
  constructor(message: string) {
    super("OSError", message);
  }
}

/** Deno's fetch puts the reason (refused, DNS) in the error's cause. */
function reasonOf(e: unknown): string {
  const cause = e instanceof Error ? e.cause : undefined;
  const msg = e instanceof Error ? e.message : String(e);
  return cause instanceof Error ? `${msg}: ${cause.message}` : msg;
}

function urlErrorOf(e: unknown): UrlError {
  const msg = reasonOf(e);
  if (/connection refused/i.test(msg)) return new UrlError("<urlopen error [Errno 111] Connection refused>");
  if (/dns error|lookup|name or service not known/i.test(msg)) {
    return new UrlError("<urlopen error [Errno -2] Name or service not known>");
  }
  return new UrlError(`<urlopen error ${msg}>`);
}

const REASONS: Record<number, string> = { 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error" };

/** Fetches `url` (following redirects, as torchvision does before downloading) and saves it as `path`. */
async function fetchToFile(url: string, path: string, log: Log, announce: (url: string) => string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { "User-Agent": "pytorch/vision" } });
  } catch (e) {
    throw urlErrorOf(e);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new UrlError(`HTTP Error ${response.status}: ${response.statusText || REASONS[response.status] || ""}`);
  }
  log(announce(response.url || url));
  try {
    await Deno.writeFile(path, response.body ?? new Uint8Array(0));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) throw osError(e, path);
    throw urlErrorOf(e);
  }
}

/** download_url: saves `url` as root/filename and checks `md5` once it is there. */
export async function downloadUrl(
  url: string,
  root: string,
  filename: string | null = null,
  md5: string | null = null,
  log: Log = consoleLog,
): Promise<void> {
  root = expandUser(root);
  const fpath = joinPath(root, filename || baseName(url));
  await makeDirs(root);
  if (await checkIntegrity(fpath, md5)) {
    log("Using downloaded and verified file: " + fpath);
    return;
  }
  try {
    await fetchToFile(url, fpath, log, (u) => `Downloading ${u} to ${fpath}`);
  } catch (e) {
    if (!(e instanceof UrlError) || !url.startsWith("https")) throw e;
    const http = url.replace("https:", "http:");
    await fetchToFile(
      http,
      fpath,
      log,
      (u) => `Failed download. Trying https -> http instead. Downloading ${u} to ${fpath}`,
    );
  }
  if (!await checkIntegrity(fpath, md5)) throw runtimeError("File not found or corrupted.");
}

const ARCHIVE_SUFFIXES = [".tar.gz", ".tgz", ".tar", ".gz"] as const;

/** extract_archive: untars (.tar, .tar.gz, .tgz) into `toPath`, or gunzips a lone .gz file there. */
export async function extractArchive(
  fromPath: string,
  toPath: string | null = null,
  removeFinished = false,
): Promise<string> {
  const to = toPath ?? dirName(fromPath);
  const suffix = ARCHIVE_SUFFIXES.find((s) => fromPath.endsWith(s));
  if (suffix === undefined) {
    const dot = baseName(fromPath).lastIndexOf(".");
    throw runtimeError(
      `Unknown compression or archive type: '${dot < 0 ? "" : baseName(fromPath).slice(dot)}'.\n` +
        `Known suffixes are: '${ARCHIVE_SUFFIXES.join("', '")}'.`,
    );
  }
  const bytes = await readBytes(fromPath);
  if (suffix === ".gz") {
    await makeDirs(to);
    await writeBytes(joinPath(to, baseName(fromPath).slice(0, -3)), gunzip(bytes, fromPath));
  } else {
    await extractTar(suffix === ".tar" ? bytes : gunzip(bytes, fromPath), fromPath, to);
  }
  if (removeFinished) await Deno.remove(fromPath);
  return to;
}

async function extractTar(bytes: Uint8Array, file: string, to: string): Promise<void> {
  for (const entry of readTar(bytes, file)) {
    if (entry.name.startsWith("/") || entry.name.split("/").includes("..")) {
      throw runtimeError(`${file}: refusing to extract '${entry.name}' outside ${to}`);
    }
    const path = joinPath(to, entry.name);
    if (entry.kind === "directory") {
      await makeDirs(path);
    } else {
      await makeDirs(dirName(path) || ".");
      await writeBytes(path, entry.data);
    }
  }
}

/** download_and_extract_archive: downloads into `downloadRoot`, then extracts into `extractRoot`. */
export async function downloadAndExtractArchive(
  url: string,
  downloadRoot: string,
  opts: { extractRoot?: string; filename?: string; md5?: string | null; removeFinished?: boolean; log?: Log } = {},
): Promise<void> {
  downloadRoot = expandUser(downloadRoot);
  const extractRoot = opts.extractRoot ?? downloadRoot;
  const filename = opts.filename || baseName(url);
  const log = opts.log ?? consoleLog;
  await downloadUrl(url, downloadRoot, filename, opts.md5 ?? null, log);
  const archive = joinPath(downloadRoot, filename);
  log(`Extracting ${archive} to ${extractRoot}`);
  await extractArchive(archive, extractRoot, opts.removeFinished ?? false);
}

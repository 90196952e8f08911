// torch hub's checkpoint cache, as load_state_dict_from_url uses it: a file named after the URL in
// $TORCH_HOME/hub/checkpoints (TORCH_HOME defaults to $XDG_CACHE_HOME/torch, else ~/.cache/torch).
// A file already there is used as is, so pretrained weights work offline once someone has put them
// in place; otherwise it is downloaded once (written atomically, so an interrupted download never
// leaves a truncated checkpoint behind).

import { writeFileAtomic } from "./atomic_write.ts";

/** torch.hub.get_dir()'s parent: $TORCH_HOME, else $XDG_CACHE_HOME/torch, else ~/.cache/torch. */
export function torchHome(): string {
  const env = (name: string) => Deno.env.get(name) || undefined;
  return env("TORCH_HOME") ?? `${env("XDG_CACHE_HOME") ?? `${env("HOME") ?? "."}/.cache`}/torch`;
}

/** Where load_state_dict_from_url keeps checkpoints by default. */
export const hubCheckpointsDir = (): string => `${torchHome()}/hub/checkpoints`;

/** A download that failed; `path` is where a manually fetched copy would be picked up. */
export class DownloadError extends Error {
  constructor(readonly url: string, readonly path: string, readonly reason: string) {
    super(
      `could not download ${url} (${reason}). Without network access, fetch that file elsewhere and put it at ` +
        `${path} (torch hub's cache: $TORCH_HOME/hub/checkpoints, by default ~/.cache/torch/hub/checkpoints); ` +
        `it is then loaded from there.`,
    );
    this.name = "DownloadError";
  }
}

export interface CachedDownloadOptions {
  /** The cache folder (load_state_dict_from_url's model_dir); default hubCheckpointsDir(). */
  modelDir?: string;
  /** The file name in the cache; default the last segment of the URL's path. */
  fileName?: string;
  /** Told before a download starts (torch hub prints `Downloading: "url" to path`). */
  onDownload?: (url: string, path: string) => void;
}

const exists = (path: string): boolean => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
};

/** The cached copy of `url`, downloading it first when missing. */
export async function cachedDownload(url: string, options: CachedDownloadOptions = {}): Promise<string> {
  const dir = options.modelDir ?? hubCheckpointsDir();
  const name = options.fileName ?? new URL(url).pathname.split("/").pop()!;
  const path = `${dir}/${name}`;
  if (exists(path)) return path;
  options.onDownload?.(url, path);
  let bytes: Uint8Array;
  try {
    const response = await fetch(url);
    if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError(url, path, `HTTP Error ${response.status}: ${response.statusText}`);
    }
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    if (e instanceof DownloadError) throw e;
    const cause = (e as Error).cause instanceof Error ? `: ${((e as Error).cause as Error).message}` : "";
    throw new DownloadError(url, path, `${(e as Error).message}${cause}`);
  }
  Deno.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, [bytes]);
  return path;
}

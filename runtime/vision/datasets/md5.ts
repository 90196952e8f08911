// MD5 checks of downloaded files (torchvision's check_integrity), through node:crypto's native hash.

import { createHash } from "node:crypto";
import { isFile, readBytes } from "./files.ts";

export const md5Hex = (bytes: Uint8Array): string => createHash("md5").update(bytes).digest("hex");

export async function fileMd5(path: string): Promise<string> {
  return md5Hex(await readBytes(path));
}

/** check_integrity: the file exists and, when a sum is given, has that MD5. */
export async function checkIntegrity(path: string, md5: string | null = null): Promise<boolean> {
  if (!isFile(path)) return false;
  return md5 === null || await fileMd5(path) === md5;
}

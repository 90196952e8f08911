// Reading tar archives (POSIX ustar, with GNU long names and PAX paths), what torchvision's
// extract_archive hands to Python's tarfile for the CIFAR downloads. Entries come back in archive
// order; a damaged header or a cut-off archive names the file.

import { corruptFile } from "./files.ts";

export interface TarEntry {
  /** The path inside the archive, without a trailing slash. */
  name: string;
  kind: "file" | "directory";
  /** File contents (a view into the archive's bytes); empty for directories. */
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

function text(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

/** A numeric header field: octal text, or GNU's base-256 form for sizes of 8 GiB and more. */
function number(block: Uint8Array, offset: number, length: number): number {
  if (block[offset] & 0x80) {
    let v = block[offset] & 0x7f;
    for (let i = 1; i < length; i++) v = v * 256 + block[offset + i];
    return v;
  }
  const s = text(block, offset, length).trim();
  return s === "" ? 0 : parseInt(s, 8);
}

function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum === number(block, 148, 8);
}

/** The `path` record of a PAX extended header, if any. */
function paxPath(data: Uint8Array): string | null {
  const records = decoder.decode(data);
  let pos = 0;
  let path: string | null = null;
  while (pos < records.length) {
    const space = records.indexOf(" ", pos);
    const length = parseInt(records.slice(pos, space), 10);
    if (space < 0 || !(length > 0)) break;
    const record = records.slice(space + 1, pos + length - 1);
    if (record.startsWith("path=")) path = record.slice(5);
    pos += length;
  }
  return path;
}

/** The files and directories of a tar archive; links and devices are skipped. */
export function readTar(bytes: Uint8Array, file: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let pos = 0;
  let longName: string | null = null;
  while (pos + BLOCK <= bytes.length) {
    const header = bytes.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    if (!checksumOk(header)) throw corruptFile(file, `not a tar archive, or a damaged one: bad header at byte ${pos}`);
    const size = number(header, 124, 12);
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = pos + BLOCK;
    if (dataStart + size > bytes.length) {
      throw corruptFile(file, `truncated tar archive: an entry needs ${size} bytes at byte ${dataStart}`);
    }
    const data = bytes.subarray(dataStart, dataStart + size);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L") {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === "x") {
      longName = paxPath(data) ?? longName;
      continue;
    }
    const prefix = text(header, 257, 6) === "ustar" ? text(header, 345, 155) : "";
    const name = (longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100))).replace(
      /\/+$/,
      "",
    );
    longName = null;
    if (type === "0" || type === "7") entries.push({ name, kind: "file", data });
    else if (type === "5") entries.push({ name, kind: "directory", data: new Uint8Array(0) });
  }
  if (pos < bytes.length) throw corruptFile(file, `truncated tar archive: a header is cut off at byte ${pos}`);
  if (entries.length === 0) throw corruptFile(file, "not a tar archive: no entries");
  return entries;
}

// The safetensors byte format, independent of tensors: an 8-byte little-endian header length, a JSON
// header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}} padded with
// spaces to a multiple of 8 bytes, then the raw little-endian data of every tensor back to back.
//
// Writing follows the reference implementation (safetensors' Rust `prepare`): entries sorted by
// descending dtype alignment, then by name, "__metadata__" first in the header, compact JSON. Reading
// checks what the reference checks, in the same order, and names the failing rule the same way
// (HeaderTooSmall, InvalidHeaderLength, ...), so messages read like the library's.

/** The dtypes the format defines, in the reference's enum order (its "alignment" order). */
export const SAFETENSORS_DTYPES = [
  "BOOL",
  "U8",
  "I8",
  "F8_E5M2",
  "F8_E4M3",
  "I16",
  "U16",
  "F16",
  "BF16",
  "I32",
  "U32",
  "F32",
  "F64",
  "I64",
  "U64",
] as const;

export type SafetensorsDType = typeof SAFETENSORS_DTYPES[number];

const ITEM_SIZE: Record<SafetensorsDType, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

export const itemSize = (dtype: SafetensorsDType): number => ITEM_SIZE[dtype];

/** One tensor's entry: its raw bytes are `data` (writing) or the file's [begin, end) range (reading). */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
}

export interface EncodedEntry extends SafetensorsEntry {
  data: Uint8Array;
}

export interface DecodedEntry extends SafetensorsEntry {
  /** A view into the file's bytes (no copy). */
  data: Uint8Array;
}

export interface DecodedFile {
  /** In file order (by data offset). */
  entries: DecodedEntry[];
  metadata: Record<string, string> | null;
}

/** A malformed file; `kind` is the reference implementation's error name. */
export class SafetensorError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
    this.name = "SafetensorError";
  }
}

// The reference refuses headers above 100 MB (a corrupt length would otherwise allocate gigabytes).
const MAX_HEADER_SIZE = 100_000_000;

/**
 * Name order as the reference sorts names: Rust compares Strings by their UTF-8 bytes, which orders
 * like code points (JS's `<` compares UTF-16 code units, which differs past U+FFFF).
 */
export const byteCompare = (a: string, b: string): number => {
  const ca = [...a], cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i].codePointAt(0)! - cb[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
};

/** The reference's on-disk order: descending dtype alignment, then name. */
export function fileOrder(entries: readonly EncodedEntry[]): EncodedEntry[] {
  const rank = (d: SafetensorsDType) => SAFETENSORS_DTYPES.indexOf(d);
  return [...entries].sort((l, r) => rank(r.dtype) - rank(l.dtype) || byteCompare(l.name, r.name));
}

/** The whole file as bytes. */
export function encodeSafetensors(
  entries: readonly EncodedEntry[],
  metadata: Record<string, string> | null,
): Uint8Array {
  const ordered = fileOrder(entries);
  const header: Record<string, unknown> = {};
  if (metadata !== null) header.__metadata__ = metadata;
  let offset = 0;
  for (const e of ordered) {
    const expected = e.shape.reduce((a, b) => a * b, 1) * ITEM_SIZE[e.dtype];
    if (e.data.length !== expected) {
      throw new SafetensorError(
        "TensorInvalidInfo",
        `tensor '${e.name}' has ${e.data.length} bytes, expected ${expected}`,
      );
    }
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + e.data.length] };
    offset += e.data.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let at = 8 + padded;
  for (const e of ordered) {
    out.set(e.data, at);
    at += e.data.length;
  }
  return out;
}

/** Parses and validates a whole file. `source` names the file in error messages. */
export function decodeSafetensors(bytes: Uint8Array, source: string): DecodedFile {
  const fail = (kind: string, detail: string): never => {
    throw new SafetensorError(kind, `Error while deserializing header: ${kind} (${source}: ${detail})`);
  };
  if (bytes.length < 8) fail("HeaderTooSmall", `${bytes.length} bytes, shorter than the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_SIZE)) fail("HeaderTooLarge", `header length ${n} is over ${MAX_HEADER_SIZE} bytes`);
  const headerEnd = 8 + Number(n);
  if (headerEnd > bytes.length) {
    fail("InvalidHeaderLength", `header length ${n} runs past the end of the ${bytes.length}-byte file`);
  }
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, headerEnd));
  } catch {
    fail("InvalidHeader", "the header is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    fail("InvalidHeaderDeserialization", `the header is not valid JSON (${(e as Error).message})`);
  }
  const { infos, metadata } = readHeader(parsed, (detail) => fail("InvalidHeaderDeserialization", detail));
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const data = bytes.subarray(headerEnd);
  let start = 0;
  const entries: DecodedEntry[] = [];
  for (const info of infos) {
    if (info.begin !== start || info.end < info.begin) {
      fail(
        "InvalidOffset",
        `tensor '${info.name}' has data_offsets [${info.begin}, ${info.end}], expected to start at ${start}`,
      );
    }
    const nbytes = info.shape.reduce((a, b) => a * b, 1) * ITEM_SIZE[info.dtype];
    if (info.end - info.begin !== nbytes) {
      fail(
        "TensorInvalidInfo",
        `tensor '${info.name}' (${info.dtype}, shape [${info.shape}]) needs ${nbytes} bytes, its offsets span ${
          info.end - info.begin
        }`,
      );
    }
    start = info.end;
    entries.push({ name: info.name, dtype: info.dtype, shape: info.shape, data: data.subarray(info.begin, info.end) });
  }
  if (start !== data.length) {
    fail(
      "MetadataIncompleteBuffer",
      `the tensors cover ${start} data bytes but the file has ${data.length} after the header (truncated or corrupt)`,
    );
  }
  return { entries, metadata };
}

interface HeaderInfo {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  begin: number;
  end: number;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;

function readHeader(
  parsed: unknown,
  fail: (detail: string) => never,
): { infos: HeaderInfo[]; metadata: Record<string, string> | null } {
  if (!isObject(parsed)) fail("the header is not a JSON object");
  let metadata: Record<string, string> | null = null;
  const infos: HeaderInfo[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (name === "__metadata__") {
      if (value === null) continue;
      if (!isObject(value) || !Object.values(value).every((v) => typeof v === "string")) {
        fail("__metadata__ must map strings to strings");
      }
      metadata = value as Record<string, string>;
      continue;
    }
    if (!isObject(value)) fail(`entry '${name}' is not an object`);
    const { dtype, shape, data_offsets: offsets } = value;
    if (!SAFETENSORS_DTYPES.includes(dtype as SafetensorsDType)) {
      fail(`tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) fail(`tensor '${name}' has an invalid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      fail(`tensor '${name}' has invalid data_offsets`);
    }
    const [begin, end] = offsets as number[];
    infos.push({ name, dtype: dtype as SafetensorsDType, shape: shape as number[], begin, end });
  }
  return { infos, metadata };
}

// Writes a zip archive the way torch.save does: every record stored (no compression), each record's
// data aligned to 64 bytes by padding the local header's extra field ("FB" + length + 'Z's), so
// PyTorch can map storages straight from the file.

import { crc32 } from "./crc32.ts";
import { runtimeError } from "../errors.ts";

const ALIGNMENT = 64;
const encoder = new TextEncoder();

interface Entry {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

/** Builds the archive as a list of chunks, so a caller can stream them to disk without one big copy. */
export class ZipWriter {
  readonly chunks: Uint8Array[] = [];
  #entries: Entry[] = [];
  #offset = 0;

  #push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.#offset += chunk.length;
  }

  addRecord(name: string, data: Uint8Array): void {
    const nameBytes = encoder.encode(name);
    const headerEnd = this.#offset + 30 + nameBytes.length + 4; // + the FB extra field's own header
    const padding = (ALIGNMENT - (headerEnd % ALIGNMENT)) % ALIGNMENT;
    const extraLength = 4 + padding;
    if (this.#offset + data.length > 0xfffffffe) throw runtimeError("tsl writes checkpoints up to 4 GiB");
    const header = new Uint8Array(30 + nameBytes.length + extraLength);
    const v = new DataView(header.buffer);
    const crc = crc32(data);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true); // version needed: 2.0
    v.setUint16(8, 0, true); // stored
    v.setUint32(14, crc, true);
    v.setUint32(18, data.length, true);
    v.setUint32(22, data.length, true);
    v.setUint16(26, nameBytes.length, true);
    v.setUint16(28, extraLength, true);
    header.set(nameBytes, 30);
    const extra = 30 + nameBytes.length;
    header.set([0x46, 0x42], extra); // "FB", PyTorch's padding field id
    v.setUint16(extra + 2, padding, true);
    header.fill(0x5a, extra + 4);
    this.#entries.push({ name: nameBytes, crc, size: data.length, offset: this.#offset });
    this.#push(header);
    this.#push(data);
  }

  /** Appends the central directory and end record; the chunks are then the complete archive. */
  finish(): Uint8Array[] {
    const start = this.#offset;
    for (const e of this.#entries) {
      const h = new Uint8Array(46 + e.name.length);
      const v = new DataView(h.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 20, true);
      v.setUint32(16, e.crc, true);
      v.setUint32(20, e.size, true);
      v.setUint32(24, e.size, true);
      v.setUint16(28, e.name.length, true);
      v.setUint32(42, e.offset, true);
      h.set(e.name, 46);
      this.#push(h);
    }
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.#entries.length, true);
    v.setUint16(10, this.#entries.length, true);
    v.setUint32(12, this.#offset - start, true);
    v.setUint32(16, start, true);
    this.#push(end);
    return this.chunks;
  }
}

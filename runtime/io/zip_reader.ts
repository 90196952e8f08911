// Reads the records of a stored (uncompressed) zip archive such as torch.save writes, with
// PyTorchStreamReader's error messages for files that are not, or no longer, complete archives.

import { runtimeError } from "../errors.ts";

const decoder = new TextDecoder();
const failure = (why: string) => runtimeError(`PytorchStreamReader failed reading zip archive: ${why}`);

interface Record {
  offset: number;
  size: number;
  method: number;
}

export class ZipReader {
  readonly #records = new Map<string, Record>();
  readonly #view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 22) throw failure("not a ZIP archive");
    const eocd = this.#findEnd();
    let count = this.#u16(eocd + 10);
    let dirOffset = this.#u32(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) [count, dirOffset] = this.#zip64End(eocd);
    let p = dirOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > bytes.length || this.#u32(p) !== 0x02014b50) throw failure("invalid header or archive is corrupted");
      const method = this.#u16(p + 10);
      let size = this.#u32(p + 24);
      const nameLength = this.#u16(p + 28), extraLength = this.#u16(p + 30), commentLength = this.#u16(p + 32);
      let local = this.#u32(p + 42);
      const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
      if (size === 0xffffffff || local === 0xffffffff) {
        [size, local] = this.#zip64Extra(p + 46 + nameLength, extraLength, size, local);
      }
      this.#records.set(name, { offset: local, size, method });
      p += 46 + nameLength + extraLength + commentLength;
    }
  }

  #u16(p: number): number {
    return this.#view.getUint16(p, true);
  }
  #u32(p: number): number {
    return this.#view.getUint32(p, true);
  }
  #u64(p: number): number {
    return Number(this.#view.getBigUint64(p, true));
  }

  #findEnd(): number {
    const lowest = Math.max(0, this.bytes.length - 22 - 0xffff);
    for (let p = this.bytes.length - 22; p >= lowest; p--) {
      if (this.#u32(p) === 0x06054b50) return p;
    }
    throw failure("failed finding central directory");
  }

  #zip64End(eocd: number): [number, number] {
    const locator = eocd - 20;
    if (locator < 0 || this.#u32(locator) !== 0x07064b50) throw failure("failed finding central directory");
    const end64 = this.#u64(locator + 8);
    if (end64 + 56 > this.bytes.length || this.#u32(end64) !== 0x06064b50) {
      throw failure("failed finding central directory");
    }
    return [this.#u64(end64 + 32), this.#u64(end64 + 48)];
  }

  #zip64Extra(p: number, length: number, size: number, local: number): [number, number] {
    const end = p + length;
    while (p + 4 <= end) {
      const id = this.#u16(p), n = this.#u16(p + 2);
      if (id === 0x0001) {
        let q = p + 4;
        if (size === 0xffffffff) [size, q] = [this.#u64(q), q + 16]; // uncompressed, then compressed size
        if (local === 0xffffffff) local = this.#u64(q);
        break;
      }
      p += 4 + n;
    }
    return [size, local];
  }

  /** Record names, in the archive's order. */
  names(): string[] {
    return [...this.#records.keys()];
  }

  has(name: string): boolean {
    return this.#records.has(name);
  }

  /** A record's bytes (a view into the archive, not a copy). */
  read(name: string): Uint8Array {
    const r = this.#records.get(name);
    if (!r) {
      throw runtimeError(`PytorchStreamReader failed locating file ${name.replace(/^[^/]*\//, "")}: file not found`);
    }
    if (r.method !== 0) {
      throw runtimeError(`${name}: compressed zip records are not supported (torch.save stores them)`);
    }
    if (r.offset + 30 > this.bytes.length || this.#u32(r.offset) !== 0x04034b50) {
      throw failure("invalid header or archive is corrupted");
    }
    const start = r.offset + 30 + this.#u16(r.offset + 26) + this.#u16(r.offset + 28);
    if (start + r.size > this.bytes.length) throw failure("invalid header or archive is corrupted");
    return this.bytes.subarray(start, start + r.size);
  }
}

// The IDX format of MNIST-style datasets (LeCun's "SN3 Pascal Vincent" files): a big-endian magic
// number (two zero bytes, a type code, the number of dimensions), one 32-bit size per dimension,
// then the values. The MNIST datasets hold only unsigned bytes, so the payload is returned as a view
// of the file's bytes, never converted element by element.

import { corruptFile } from "./files.ts";

export interface IdxArray {
  readonly shape: number[];
  /** Row-major uint8 values: a view into the file's bytes. */
  readonly data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  0x08: "uint8",
  0x09: "int8",
  0x0b: "int16",
  0x0c: "int32",
  0x0d: "float32",
  0x0e: "float64",
};

/** Parses an IDX file of unsigned bytes with `ndim` dimensions; `file` names it in errors. */
export function parseIdxUint8(bytes: Uint8Array, file: string, ndim: number): IdxArray {
  if (bytes.length < 4) throw corruptFile(file, `not an IDX file: ${bytes.length} bytes, too short for the header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const typeCode = bytes[2], dims = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || TYPE_NAMES[typeCode] === undefined || dims < 1 || dims > 3) {
    const magic = view.getUint32(0).toString(16).padStart(8, "0");
    throw corruptFile(file, `not an IDX file: bad magic number 0x${magic}`);
  }
  if (typeCode !== 0x08) {
    throw corruptFile(file, `IDX values should be of type uint8, found ${TYPE_NAMES[typeCode]}`);
  }
  if (dims !== ndim) {
    throw corruptFile(file, `IDX data should have ${ndim} dimension${ndim === 1 ? "" : "s"}, found ${dims}`);
  }
  const headerSize = 4 + 4 * dims;
  if (bytes.length < headerSize) {
    throw corruptFile(file, `truncated IDX header: ${bytes.length} bytes, the header needs ${headerSize}`);
  }
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerSize;
  if (found < count) {
    throw corruptFile(
      file,
      `truncated IDX data: the header declares ${shape.join("x")} = ${count} values, the file holds ${found}`,
    );
  }
  return { shape, data: bytes.subarray(headerSize, headerSize + count) };
}

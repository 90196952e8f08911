// The numpy globals a pickled ndarray uses (numpy.core.multiarray._reconstruct + BUILD, numpy.dtype,
// and _codecs.encode for bytes pickled by Python 3 at protocol 2). Enough for the CIFAR batches, which
// hold plain uint8/int arrays; object arrays and other exotic dtypes are refused.

import { type FindClass, type PickleBuildable, type PickleClass, pickleFunction } from "./pickle_reader.ts";
import { PickleTuple, UnpicklingError } from "./pickle_values.ts";

const latin1Bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

export class NumpyDType implements PickleBuildable {
  byteorder = "|";
  constructor(readonly code: string) {}
  pickleBuild(state: unknown): void {
    if (state instanceof PickleTuple && typeof state.items[1] === "string") this.byteorder = state.items[1];
  }
  /** numpy's kind+size code without byte order, e.g. "u1", "i8", "f4". */
  get kindSize(): string {
    return this.code.replace(/^[<>=|]/, "");
  }
}

export class NumpyArray implements PickleBuildable {
  shape: number[] = [];
  dtype: NumpyDType = new NumpyDType("u1");
  fortranOrder = false;
  /** The raw little-endian element bytes, in C (or Fortran, see fortranOrder) order. */
  data: Uint8Array = new Uint8Array(0);

  pickleBuild(state: unknown): void {
    if (!(state instanceof PickleTuple) || state.items.length < 5) {
      throw new UnpicklingError("numpy.ndarray: unexpected BUILD state");
    }
    const [, shape, dtype, fortran, raw] = state.items;
    if (!(shape instanceof PickleTuple) || !(dtype instanceof NumpyDType)) {
      throw new UnpicklingError("numpy.ndarray: unexpected BUILD state");
    }
    this.shape = shape.items.map(Number);
    this.dtype = dtype;
    this.fortranOrder = fortran === true || fortran === 1;
    if (raw instanceof Uint8Array) this.data = raw;
    else if (typeof raw === "string") this.data = latin1Bytes(raw);
    else throw new UnpicklingError(`Unsupported numpy array payload (dtype ${dtype.code})`);
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** The elements as JS numbers (integer and float dtypes), in C order for 1-D/C-ordered arrays. */
  toNumbers(): number[] {
    const dv = new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    const big = this.dtype.byteorder === ">";
    const kind = this.dtype.kindSize;
    const readers: Record<string, [number, (o: number) => number]> = {
      u1: [1, (o) => dv.getUint8(o)],
      i1: [1, (o) => dv.getInt8(o)],
      b1: [1, (o) => dv.getUint8(o)],
      u2: [2, (o) => dv.getUint16(o, !big)],
      i2: [2, (o) => dv.getInt16(o, !big)],
      i4: [4, (o) => dv.getInt32(o, !big)],
      u4: [4, (o) => dv.getUint32(o, !big)],
      i8: [8, (o) => Number(dv.getBigInt64(o, !big))],
      f4: [4, (o) => dv.getFloat32(o, !big)],
      f8: [8, (o) => dv.getFloat64(o, !big)],
    };
    const r = readers[kind];
    if (!r) throw new UnpicklingError(`Unsupported numpy dtype ${this.dtype.code}`);
    const out: number[] = new Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = r[1](i * r[0]);
    return out;
  }
}

const NDARRAY: PickleClass = pickleFunction("numpy", "ndarray", () => {
  throw new UnpicklingError("numpy.ndarray cannot be called directly");
});

const NUMPY_GLOBALS: Record<string, PickleClass> = {
  "numpy.core.multiarray._reconstruct": pickleFunction("numpy.core.multiarray", "_reconstruct", (args) => {
    if (args[0] !== NDARRAY) throw new UnpicklingError("Unsupported ndarray subclass");
    return new NumpyArray();
  }),
  "numpy.ndarray": NDARRAY,
  "numpy.dtype": pickleFunction("numpy", "dtype", (args) => new NumpyDType(String(args[0]))),
  "_codecs.encode": pickleFunction("_codecs", "encode", (args) => {
    const [text, encoding] = args;
    if (typeof text !== "string" || (encoding !== "latin1" && encoding !== "latin-1")) {
      throw new UnpicklingError("Unsupported class _codecs.encode");
    }
    return latin1Bytes(text);
  }),
};

/** findClass for pickles holding numpy arrays (and nothing else that needs code). */
export const findNumpyClass: FindClass = (module, name) => NUMPY_GLOBALS[`${module}.${name}`];

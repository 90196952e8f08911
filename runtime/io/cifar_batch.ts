// The CIFAR-10/100 "python version" batch files: Python-2 pickles (protocol 2) of a dict with a uint8
// numpy array `data` (N x 3072, each row one image as R, G, B planes of 32x32) and a list of labels.
// Read like torchvision does, with encoding='latin1' for the py2 strings.

import { readPickle } from "./pickle_reader.ts";
import { PickleDict, UnpicklingError } from "./pickle_values.ts";
import { findNumpyClass, NumpyArray } from "./numpy_pickle.ts";
import { runtimeError } from "../errors.ts";

export interface CifarBatch {
  /** count x 3072 bytes, each image CHW (3 x 32 x 32) as stored. */
  data: Uint8Array;
  count: number;
  /** "labels" (CIFAR-10) or "fine_labels" (CIFAR-100). */
  labels: number[];
  /** CIFAR-100's "coarse_labels". */
  coarseLabels?: number[];
}

const IMAGE_BYTES = 3 * 32 * 32;

function readDict(bytes: Uint8Array, file: string): PickleDict {
  let root: unknown;
  try {
    root = readPickle(bytes, { findClass: findNumpyClass, encoding: "latin1" });
  } catch (e) {
    if (e instanceof UnpicklingError) throw new UnpicklingError(`${file}: ${e.message}`);
    throw e;
  }
  if (!(root instanceof PickleDict)) throw runtimeError(`${file}: not a CIFAR pickle (expected a dict)`);
  return root;
}

function intList(value: unknown, key: string, file: string): number[] {
  if (value instanceof NumpyArray) return value.toNumbers();
  if (!Array.isArray(value) || !value.every((x) => typeof x === "number")) {
    throw runtimeError(`${file}: '${key}' is not a list of ints`);
  }
  return value as number[];
}

export function readCifarBatch(bytes: Uint8Array, file: string): CifarBatch {
  const dict = readDict(bytes, file);
  const data = dict.get("data");
  if (!(data instanceof NumpyArray)) throw runtimeError(`${file}: no uint8 array under 'data'`);
  if (data.dtype.kindSize !== "u1" || data.fortranOrder) {
    throw runtimeError(`${file}: 'data' must be a C-ordered uint8 array, got dtype ${data.dtype.code}`);
  }
  const count = data.shape[0] ?? 0;
  if (data.data.length !== count * IMAGE_BYTES) {
    throw runtimeError(`${file}: 'data' holds ${data.data.length} bytes, expected ${count} x ${IMAGE_BYTES}`);
  }
  const labelKey = dict.entries.has("labels") ? "labels" : "fine_labels";
  const labels = intList(dict.get(labelKey), labelKey, file);
  if (labels.length !== count) throw runtimeError(`${file}: ${labels.length} labels for ${count} images`);
  const batch: CifarBatch = { data: data.data, count, labels };
  if (dict.entries.has("coarse_labels")) batch.coarseLabels = intList(dict.get("coarse_labels"), "coarse_labels", file);
  return batch;
}

/** The class names from batches.meta (CIFAR-10 `label_names`) or meta (CIFAR-100 `fine_label_names`). */
export function readCifarMeta(bytes: Uint8Array, file: string): string[] {
  const dict = readDict(bytes, file);
  const names = dict.get("label_names") ?? dict.get("fine_label_names");
  if (!Array.isArray(names) || !names.every((x) => typeof x === "string")) {
    throw runtimeError(`${file}: no 'label_names' or 'fine_label_names' list of str`);
  }
  return names as string[];
}

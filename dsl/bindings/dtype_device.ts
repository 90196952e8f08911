// torch.dtype and torch.device objects.

import { nativeClass, pyError } from "../runtime/binding.ts";
import { type DType, DTYPE_ALIASES, DTYPES, isFloating } from "../../runtime/dtype.ts";
import { Device, getDevice } from "../../runtime/device.ts";

/** A torch.dtype object: `torch.float32`. */
export class PyDType {
  constructor(readonly dtype: DType) {}
}

export const T_dtype = nativeClass({
  name: "dtype",
  module: "torch",
  jsClass: PyDType,
  methods: {
    __repr__: ["__repr__()", (self: PyDType) => DTYPES[self.dtype].pyName],
  },
  properties: {
    is_floating_point: { get: (self: PyDType) => isFloating(self.dtype) },
    is_signed: { get: (self: PyDType) => self.dtype !== "bool" && self.dtype !== "uint8" },
    itemsize: { get: (self: PyDType) => DTYPES[self.dtype].itemsize },
  },
});

const dtypeObjs = new Map<DType, PyDType>();
for (const d of Object.keys(DTYPES) as DType[]) dtypeObjs.set(d, new PyDType(d));

/** The singleton torch.dtype object of a runtime dtype. */
export const pyDType = (d: DType): PyDType => dtypeObjs.get(d)!;

/** `torch.float32`, `torch.float`, ... for the torch module namespace. */
export function dtypeAttrs(): Record<string, PyDType> {
  const out: Record<string, PyDType> = {};
  for (const [alias, d] of Object.entries(DTYPE_ALIASES)) out[alias] = pyDType(d);
  return out;
}

/** A dtype= argument: a torch.dtype, or Python's float/int/bool types. */
export function argDType(x: any, fname = "tensor"): DType | undefined {
  if (x === null || x === undefined) return undefined;
  if (x instanceof PyDType) return x.dtype;
  const name = x?.name;
  if (name === "float" && x?.$d) return "float64";
  if (name === "int" && x?.$d) return "int64";
  if (name === "bool" && x?.$d) return "bool";
  throw pyError("TypeError", `${fname}(): argument 'dtype' must be torch.dtype, not ${x?.$cls?.name ?? typeof x}`);
}

/** A torch.device object. */
export class PyDevice {
  constructor(readonly type: string, readonly index: number | null) {}
  get spec(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
}

export const T_device = nativeClass({
  name: "device",
  module: "torch",
  jsClass: PyDevice,
  create: () => new PyDevice("cpu", null),
  init: ["__init__(type, index=None)", (self: any, a) => {
    const d = parseDevice(a.type, a.index);
    self.type = d.type;
    self.index = d.index;
  }],
  methods: {
    __repr__: [
      "__repr__()",
      (self: PyDevice) =>
        self.index === null ? `device(type='${self.type}')` : `device(type='${self.type}', index=${self.index})`,
    ],
    __str__: ["__str__()", (self: PyDevice) => self.spec],
    __eq__: [
      "__eq__(other)",
      (self: PyDevice, a) => a.other instanceof PyDevice && a.other.type === self.type && a.other.index === self.index,
    ],
    __hash__: ["__hash__()", (self: PyDevice) => self.spec.length],
  },
  properties: {
    type: { get: (self: PyDevice) => self.type },
    index: { get: (self: PyDevice) => self.index },
  },
});

// c10/core/Device.cpp's list: torch.device accepts any of them (tsl runs only cpu and cuda).
const DEVICE_TYPES =
  "cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone"
    .split(", ");
const UNKNOWN_DEVICE = `Expected one of ${DEVICE_TYPES.join(", ")} device type at start of device string:`;

function parseDevice(spec: any, index: any): PyDevice {
  if (spec instanceof PyDevice) return spec;
  if (typeof spec !== "string") throw pyError("TypeError", "device() received an invalid combination of arguments");
  // c10::Device's grammar: ([a-zA-Z_]+)(?::([1-9]\d*|0))?
  const m = /^([a-zA-Z_]+)(?::([1-9]\d*|0))?$/.exec(spec.trim());
  if (!m) throw pyError("RuntimeError", `Invalid device string: '${spec}'`);
  if (!DEVICE_TYPES.includes(m[1]) && m[1] !== "gpu" && m[1] !== "webgpu") {
    throw pyError("RuntimeError", `${UNKNOWN_DEVICE} ${m[1]}`);
  }
  const idx = m[2] !== undefined ? Number(m[2]) : typeof index === "number" ? index : null;
  return new PyDevice(m[1], idx);
}

/** The torch.device of a runtime device: `cpu` or `cuda:0` (WebGPU). */
export function pyDevice(d: Device): PyDevice {
  return d.type === "cpu" ? new PyDevice("cpu", null) : new PyDevice("cuda", 0);
}

/** A device= argument (str, torch.device, or int ordinal) as a runtime Device. */
export function argDevice(x: any): Device | undefined {
  if (x === null || x === undefined) return undefined;
  if (x instanceof PyDevice) return getDevice(x.spec);
  if (typeof x === "string") return getDevice(x);
  if (typeof x === "number") return getDevice(`cuda:${x}`);
  throw pyError("TypeError", `argument 'device' must be torch.device, not ${x?.$cls?.name ?? typeof x}`);
}

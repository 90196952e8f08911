// The op registry. Each op is declared once with defineOp: its shape/dtype rule (and, from the
// autograd issue on, its gradient). Backends register one kernel per op under the same name;
// dispatch() finds the kernel of the device that holds the inputs.

import type { DType } from "../dtype.ts";
import { runtimeError, TorchError, typeError } from "../errors.ts";
import { numelOf, shapeEquals } from "../shape.ts";
import { Tensor } from "../tensor.ts";

export interface OutSpec {
  shape: number[];
  dtype: DType;
}

/** Context handed to a gradient rule: the op's inputs, outputs and params. */
export interface BackwardContext<P> {
  inputs: readonly Tensor[];
  outputs: readonly Tensor[];
  params: P;
}

/**
 * Gradient rule: given the gradients of the outputs (null where an output got none), returns one
 * gradient per input (null where the input needs none or is not differentiable).
 */
export type BackwardRule<P> = (grads: readonly (Tensor | null)[], ctx: BackwardContext<P>) => (Tensor | null)[];

export interface OpDef<P = any> {
  readonly name: string;
  /** Validates the inputs (throwing PyTorch's errors) and gives the outputs' shapes and dtypes. */
  infer(inputs: readonly Tensor[], params: P): OutSpec[];
  /** PyTorch's autograd node name for this op, e.g. "AddBackward0". */
  readonly gradName?: string;
  /** The node name where it depends on the call (`inPlace`: the op wrote into an existing tensor). */
  readonly gradNameFor?: (params: P, inPlace: boolean) => string;
  readonly backward?: BackwardRule<P>;
  /**
   * The rule again, for ops whose gradient may have to wait (read back from another device): it
   * answers a Promise only then. Autograd prefers it when present.
   */
  readonly backwardMayWait?: (
    ...args: Parameters<BackwardRule<P>>
  ) => ReturnType<BackwardRule<P>> | Promise<ReturnType<BackwardRule<P>>>;
  /**
   * The tensors the gradient rule reads (given which inputs require grad), as PyTorch's node saves
   * them: modifying one in place before backward raises PyTorch's version-counter error.
   */
  readonly saves?: SavedTensors;
}

export type SavedTensors = (inputs: readonly Tensor[], outputs: readonly Tensor[]) => readonly Tensor[];

const ops = new Map<string, OpDef>();

export function defineOp<P>(def: OpDef<P>): OpDef<P> {
  if (ops.has(def.name)) throw new Error(`op '${def.name}' defined twice`);
  ops.set(def.name, def);
  return def;
}

export const allOps = (): OpDef[] => [...ops.values()];

/**
 * Autograd plugs in here (runtime/autograd): `beforeWrite` runs before an op writes into existing
 * tensors (in-place ops, out=), `record` after each op, so it can build the graph. No-ops until
 * autograd registers itself.
 */
export interface GradHooks {
  beforeWrite(op: OpDef, inputs: readonly Tensor[], out: readonly Tensor[]): void;
  record(op: OpDef, inputs: readonly Tensor[], outputs: Tensor[], params: unknown): void;
}
let gradHooks: GradHooks = { beforeWrite() {}, record() {} };
export function setGradHooks(h: GradHooks): void {
  gradHooks = h;
}

/** Records an op that ran without a kernel: view ops (metadata on the input's storage). */
export function recordView(op: OpDef, inputs: readonly Tensor[], outputs: Tensor[], params: unknown): void {
  gradHooks.record(op, inputs, outputs, params);
}

/**
 * Runs `op` on `inputs`. With `out`, results are written into the given tensors (which may be
 * strided views: in-place ops pass the input itself), after checking their shapes and dtypes.
 */
export function dispatch<P>(op: OpDef<P>, inputs: readonly Tensor[], params: P, out?: readonly Tensor[]): Tensor[] {
  for (let i = 0; i < inputs.length; i++) if (!(inputs[i] instanceof Tensor)) throw notATensor(op.name, i, inputs[i]);
  const device = commonDevice(inputs, out);
  const specs = op.infer(inputs, params);
  let outputs: Tensor[];
  if (out) {
    outputs = specs.map((spec, i) => {
      const o = out[i];
      if (!shapeEquals(o.shape, spec.shape)) {
        throw runtimeError(
          `output with shape [${o.shape.join(", ")}] doesn't match the broadcast shape [${spec.shape.join(", ")}]`,
        );
      }
      assertNoInternalOverlap(o);
      return o;
    });
  } else {
    outputs = specs.map((s) => new Tensor(device.backend.alloc(s.dtype, numelOf(s.shape)), s.shape));
  }
  const kernel = device.backend.kernel(op.name);
  if (!kernel) throw new RuntimeNotImplemented(op.name, device.backend.name);
  if (out) gradHooks.beforeWrite(op, inputs, out);
  kernel(inputs.map((t) => onDevice(t, device)), outputs, params);
  for (const o of out ?? []) o.version++;
  gradHooks.record(op, inputs, outputs, params);
  return outputs;
}

/** Runs a single-output op. */
export const dispatch1 = <P>(op: OpDef<P>, inputs: readonly Tensor[], params: P, out?: Tensor): Tensor =>
  dispatch(op, inputs, params, out ? [out] : undefined)[0];

export class RuntimeNotImplemented extends TorchError {
  constructor(op: string, backend: string) {
    super("NotImplementedError", `op '${op}' has no kernel on the ${backend} backend yet`);
  }
}

// A write into an expanded view would race between the elements that share memory (at::assert_no_internal_overlap).
function assertNoInternalOverlap(t: Tensor): void {
  if (t.shape.some((n, d) => n > 1 && t.strides[d] === 0)) {
    throw runtimeError(
      "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
    );
  }
}

// Wrapped numbers and 0-d CPU tensors may join tensors on any device, as in PyTorch.
/** A non-tensor that reached an op from a caller that does not check (a layer called on an int, say). */
function notATensor(opName: string, index: number, value: unknown) {
  const type = typeof value === "number"
    ? (Number.isInteger(value) ? "int" : "float")
    : typeof value === "boolean"
    ? "bool"
    : typeof value === "string"
    ? "str"
    : value === null || value === undefined
    ? "NoneType"
    : (value as { $cls?: { name: string } }).$cls?.name ?? "object";
  return typeError(`${opName}(): argument 'input' (position ${index + 1}) must be Tensor, not ${type}`);
}

function commonDevice(inputs: readonly Tensor[], out?: readonly Tensor[]) {
  let device = undefined;
  for (const t of [...inputs, ...(out ?? [])]) {
    if (t.isWrappedNumber || (t.ndim === 0 && t.device.type === "cpu" && inputs.length > 1)) continue;
    if (!device) device = t.device;
    else if (t.device !== device) {
      // TensorIterator's wording: the GPU device is named first whatever the operand order.
      const [gpu, cpu] = device.type === "cpu" ? [t.device, device] : [device, t.device];
      throw runtimeError(
        `Expected all tensors to be on the same device, but found at least two devices, ${gpu} and ${cpu}!`,
      );
    }
  }
  return device ?? (inputs[0] ?? out![0]).device;
}

function onDevice(t: Tensor, device: ReturnType<typeof commonDevice>): Tensor {
  if (t.device === device) return t;
  // Only scalars reach here (see commonDevice): a CPU read is synchronous.
  const moved = Tensor.fromArray(t.dataSync(), t.shape, t.dtype, device);
  moved.isWrappedNumber = t.isWrappedNumber;
  return moved;
}

/** Attaches a gradient rule to an op right after its defineOp (same file), when the rule uses the op's own function. */
export function setBackward<P>(op: OpDef<P>, backward: BackwardRule<P>, saves?: SavedTensors): void {
  (op as { backward?: BackwardRule<P> }).backward = backward;
  if (saves) (op as { saves?: SavedTensors }).saves = saves;
}

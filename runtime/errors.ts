// Errors raised by the tensor runtime. Each names the Python exception class a script sees, so the
// evaluator can turn it into `RuntimeError: ...`, `IndexError: ...` and so on.

export type PyErrorType =
  | "RuntimeError"
  | "TypeError"
  | "ValueError"
  | "IndexError"
  | "KeyError"
  | "NotImplementedError"
  | "FileNotFoundError"
  | "OSError"
  | "ZeroDivisionError"
  | "AttributeError"
  | "StopIteration"
  | "AssertionError";

export class TorchError extends Error {
  constructor(readonly pyType: PyErrorType, message: string) {
    super(message);
    this.name = pyType;
  }
}

export const runtimeError = (msg: string): TorchError => new TorchError("RuntimeError", msg);
export const typeError = (msg: string): TorchError => new TorchError("TypeError", msg);
export const valueError = (msg: string): TorchError => new TorchError("ValueError", msg);
export const indexError = (msg: string): TorchError => new TorchError("IndexError", msg);

/** PyTorch's CPU allocator failure, for an allocation V8 refuses (a RangeError). */
export const cpuOutOfMemory = (bytes: number): TorchError =>
  runtimeError(
    `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`,
  );

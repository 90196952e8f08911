// How an exception raised in a DataLoader worker reaches the main script: PyTorch's ExceptionWrapper
// (torch/_utils.py) re-raises the original exception type with the message
//   Caught ValueError in DataLoader worker process 0.
//   Original Traceback (most recent call last):
//     ...the worker's traceback...
// so the user sees where in the dataset it failed, and `except ValueError` still catches it.

import { setWorkerErrorWrapper } from "../../runtime/data/worker.ts";
import { EXC, pyErr, PyException, toPyException } from "../runtime/exceptions.ts";
import { formatException } from "../runtime/traceback.ts";
import { callArgs } from "../runtime/functions.ts";
import { PyModule } from "../runtime/modules.ts";
import { parse } from "../parser.ts";
import { compileModule } from "../compile/compiler.ts";

// torch/_utils.py wraps a KeyError's message in KeyErrorMessage, a str whose repr is itself, so
// that str(KeyError(msg)) shows the traceback unquoted. tsl has no str subclasses; a KeyError
// subclass (also named KeyError) whose str is its message shows the same text.
const WORKER_KEY_ERROR_SOURCE = `
class KeyError(KeyError):
    def __str__(self):
        return self.args[0]
`;
let workerKeyError: any;

async function workerKeyErrorClass(): Promise<any> {
  if (!workerKeyError) {
    const mod = new PyModule("torch._utils", "<tsl torch._utils>");
    await compileModule(parse(WORKER_KEY_ERROR_SOURCE, "<tsl torch._utils>")).run(mod.$d);
    workerKeyError = mod.$d.KeyError;
  }
  return workerKeyError;
}

async function reraiseFromWorker(error: unknown, workerId: number): Promise<unknown> {
  const original = toPyException(error);
  // KeyboardInterrupt and SystemExit concern the whole process, not the sample being loaded.
  if (!original.$cls.isSubclassOf(EXC.Exception)) return original;
  const type = original.$cls;
  const message = `Caught ${type.name} in DataLoader worker process ${workerId}.\nOriginal ${await formatException(
    original,
  )}`;
  const cls = type === EXC.KeyError ? await workerKeyErrorClass() : type;
  try {
    const wrapped = await callArgs(cls, [message], null);
    if (wrapped instanceof PyException) return wrapped;
  } catch {
    // An exception class whose constructor takes other arguments: PyTorch falls back to RuntimeError.
  }
  return pyErr("RuntimeError", message);
}

setWorkerErrorWrapper(reraiseFromWorker);

// Whether ops record the autograd graph: torch.no_grad / enable_grad / set_grad_enabled.

let enabled = true;

export const isGradEnabled = (): boolean => enabled;

export function setGradEnabled(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/** Runs `fn` with grad mode set to `on`, restoring the previous mode afterwards (also for async fns). */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  const previous = setGradEnabled(on);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    enabled = previous;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      enabled = previous;
    }) as T;
  }
  enabled = previous;
  return result;
}

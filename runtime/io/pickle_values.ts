// The plain TypeScript values the pickle reader produces and the pickle writer consumes. They stand
// apart from the Python object model in dsl/ so that embedders can read and write checkpoints directly.
//
//   Python        TypeScript
//   int           number (bigint beyond 2^53)
//   float         PickleFloat (so that 3.0 stays a float and 3 an int)
//   bool, None    boolean, null
//   str, bytes    string, Uint8Array
//   list          Array
//   tuple         PickleTuple
//   dict          PickleDict (insertion-ordered; OrderedDict sets `ordered`)
//   anything else whatever the reader's findClass handler built

export class PickleFloat {
  constructor(readonly value: number) {}
}

export class PickleTuple {
  constructor(readonly items: unknown[]) {}
}

export class PickleDict {
  readonly entries: Map<unknown, unknown> = new Map();
  /** Instance attributes restored by BUILD, e.g. a state_dict's `_metadata`. */
  readonly attributes: Map<string, unknown> = new Map();
  constructor(public ordered = false) {}
  get(key: unknown): unknown {
    return this.entries.get(key);
  }
  set(key: unknown, value: unknown): this {
    this.entries.set(key, value);
    return this;
  }
}

/** Raised for malformed or refused pickles; surfaces in Python as `_pickle.UnpicklingError`. */
export class UnpicklingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnpicklingError";
  }
}

/** A pickled torch.device (torch.device('cuda', 0) is written as REDUCE torch.device with its arguments). */
export class PickleDevice {
  constructor(readonly type: string, readonly index: number | null = null) {}
}

// nn.DataParallel: wraps a module under the name "module" (so state_dict keys gain a "module."
// prefix). tsl has one device per process, so forward runs the module there, as PyTorch does when
// no CUDA device is available.

import { Module } from "./module.ts";

export class DataParallel extends Module {
  /** PyTorch's device_ids: empty without CUDA devices. */
  readonly deviceIds: number[] = [];

  constructor(module: Module, readonly dim = 0) {
    super();
    this.addModule("module", module);
  }

  get module(): Module {
    return this._modules.get("module")!;
  }

  override forward(...inputs: any[]): any {
    return this.module.call(...inputs);
  }
}

// nn.Module: parameters and submodules in registration order, train/eval, zero_grad, state_dict, repr.

import type { Tensor } from "../tensor.ts";
import { zero_ } from "../ops/creation.ts";
import { Parameter } from "./parameter.ts";

export class Module {
  training = true;
  readonly _parameters = new Map<string, Parameter | null>();
  readonly _buffers = new Map<string, Tensor | null>();
  readonly _modules = new Map<string, Module | null>();
  readonly _nonPersistent = new Set<string>();

  /** The class name shown by repr (a tsl subclass's name when there is one). */
  typeName(): string {
    return (this as any).$cls?.name ?? this.constructor.name;
  }

  forward(..._args: any[]): any {
    throw new Error(`Module [${this.typeName()}] is missing the required "forward" function`);
  }

  call(...args: any[]): any {
    return this.forward(...args);
  }

  extraRepr(): string {
    return "";
  }

  registerParameter(name: string, p: Parameter | null): void {
    this._parameters.set(name, p);
  }

  /** A buffer is state saved in state_dict (unless non-persistent) but not a parameter. */
  registerBuffer(name: string, t: Tensor | null, persistent = true): void {
    this._buffers.set(name, t);
    if (persistent) this._nonPersistent.delete(name);
    else this._nonPersistent.add(name);
  }

  addModule(name: string, m: Module | null): void {
    this._modules.set(name, m);
  }

  *namedModules(prefix = "", memo = new Set<Module>()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [name, m] of this._modules) {
      if (m) yield* m.namedModules(prefix ? `${prefix}.${name}` : name, memo);
    }
  }

  modules(): Module[] {
    return [...this.namedModules()].map(([, m]) => m);
  }

  children(): Module[] {
    const seen = new Set<Module>();
    return [...this._modules.values()].filter((m): m is Module => !!m && !seen.has(m) && !!seen.add(m));
  }

  namedChildren(): [string, Module][] {
    return [...this._modules].filter((e): e is [string, Module] => !!e[1]);
  }

  namedParameters(prefix = "", recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Tensor>();
    const mods: [string, Module][] = recurse ? [...this.namedModules(prefix)] : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [name, p] of m._parameters) {
        if (!p || seen.has(p)) continue;
        seen.add(p);
        out.push([mp ? `${mp}.${name}` : name, p]);
      }
    }
    return out;
  }

  parameters(recurse = true): Parameter[] {
    return this.namedParameters("", recurse).map(([, p]) => p);
  }

  /** PyTorch 1.13 default: set_to_none=False zeroes gradients in place. */
  zeroGrad(setToNone = false): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else {
        if (p.grad.gradFn) p.grad = p.grad.view(p.grad.shape, p.grad.strides, p.grad.offset);
        else p.grad.requiresGrad = false;
        zero_(p.grad);
      }
    }
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  stateDict(prefix = ""): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, p] of this._parameters) if (p) out.set(prefix + name, p);
    for (const [name, b] of this._buffers) if (b && !this._nonPersistent.has(name)) out.set(prefix + name, b);
    for (const [name, m] of this._modules) {
      if (m) { for (const [k, v] of m.stateDict(`${prefix}${name}.`)) out.set(k, v); }
    }
    return out;
  }

  /** PyTorch's Module.__repr__; `childRepr` lets a binding use overridden reprs. */
  repr(extra = this.extraRepr(), childRepr: (m: Module) => string = (m) => m.repr()): string {
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = [...this._modules].map(([k, m]) =>
      `(${k}): ${m ? childRepr(m).split("\n").join("\n  ") : "None"}`
    );
    const lines = [...extraLines, ...childLines];
    let s = this.typeName() + "(";
    if (lines.length) {
      s += extraLines.length === 1 && !childLines.length ? extraLines[0] : "\n  " + lines.join("\n  ") + "\n";
    }
    return s + ")";
  }
}

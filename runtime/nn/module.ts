// nn.Module: parameters and submodules in registration order, train/eval, zero_grad, state_dict, repr.

import type { Tensor } from "../tensor.ts";
import { zero_ } from "../ops/creation.ts";
import { copyInto } from "../ops/copy.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { runtimeError, TorchError } from "../errors.ts";
import { Parameter } from "./parameter.ts";

/** What load_state_dict did not match (PyTorch's _IncompatibleKeys). */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** A tensor conversion applied to every parameter, gradient and buffer (Module.to, .float(), ...). */
const torchSize = (shape: readonly number[]) => `torch.Size([${shape.join(", ")}])`;

export type TensorMap = (t: Tensor) => Tensor | Promise<Tensor>;

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
    throw new TorchError(
      "NotImplementedError",
      `Module [${this.typeName()}] is missing the required "forward" function`,
    );
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

  *namedBuffers(prefix = "", recurse = true): Generator<[string, Tensor]> {
    const seen = new Set<Tensor>();
    const mods: [string, Module][] = recurse ? [...this.namedModules(prefix)] : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [name, b] of m._buffers) {
        if (!b || seen.has(b)) continue;
        seen.add(b);
        yield [mp ? `${mp}.${name}` : name, b];
      }
    }
  }

  buffers(recurse = true): Tensor[] {
    return [...this.namedBuffers("", recurse)].map(([, b]) => b);
  }

  /** Calls fn on every submodule (children first, recursively), then on this module, as PyTorch does. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  requiresGrad_(on = true): this {
    for (const p of this.parameters()) p.requiresGrad = on;
    return this;
  }

  /**
   * Converts every parameter (in place, so optimizers keep their references), its gradient and every
   * buffer with `fn` — PyTorch's Module._apply.
   */
  async applyToTensors(fn: TensorMap): Promise<this> {
    for (const m of this.modules()) {
      for (const [name, p] of m._parameters) {
        if (!p) continue;
        const data = await withGradMode(false, () => fn(p));
        if (data !== p) p.rebind(data, p.requiresGrad);
        if (p.grad) p.grad = await withGradMode(false, () => fn(p.grad!));
        m._parameters.set(name, p);
      }
      for (const [name, b] of m._buffers) if (b) m._buffers.set(name, await withGradMode(false, () => fn(b)));
    }
    return this;
  }

  /**
   * Copies `stateDict`'s tensors into this module's parameters and buffers (PyTorch's load_state_dict);
   * `moveTo` brings a source tensor onto the destination's device. Throws PyTorch's aggregated error.
   */
  async loadStateDict(
    stateDict: Map<string, Tensor>,
    strict = true,
    moveTo: (src: Tensor, dst: Tensor) => Tensor | Promise<Tensor> = (s) => s,
  ): Promise<IncompatibleKeys> {
    const own = this.stateDict();
    const errors: string[] = [];
    const missingKeys = [...own.keys()].filter((k) => !stateDict.has(k));
    const unexpectedKeys = [...stateDict.keys()].filter((k) => !own.has(k));
    const copies: [Tensor, Tensor][] = [];
    for (const [k, dst] of own) {
      const src = stateDict.get(k);
      if (!src) continue;
      if (src.shape.length !== dst.shape.length || src.shape.some((d, i) => d !== dst.shape[i])) {
        errors.push(
          `size mismatch for ${k}: copying a param with shape ${torchSize(src.shape)} from checkpoint, ` +
            `the shape in current model is ${torchSize(dst.shape)}.`,
        );
        continue;
      }
      copies.push([dst, src]);
    }
    if (strict) {
      if (unexpectedKeys.length) {
        errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}. `);
      }
      if (missingKeys.length) {
        errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}. `);
      }
    }
    if (errors.length) {
      throw runtimeError(`Error(s) in loading state_dict for ${this.typeName()}:\n\t${errors.join("\n\t")}`);
    }
    for (const [dst, src] of copies) {
      const moved = await moveTo(src, dst);
      withGradMode(false, () => copyInto(dst, moved));
    }
    return { missingKeys, unexpectedKeys };
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

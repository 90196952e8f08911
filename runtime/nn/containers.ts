// Module containers: Sequential, ModuleList and ModuleDict (torch/nn/modules/container.py, 1.13).

import { indexError, TorchError, valueError } from "../errors.ts";
import { Module } from "./module.ts";

/** KeyError(key): Python shows the key's repr. */
const keyError = (key: string) => new TorchError("KeyError", key);

/** `idx` as a position in a container of `size`; PyTorch's message when out of range. */
export function containerIndex(idx: number, size: number): number {
  if (!(-size <= idx && idx < size)) throw indexError(`index ${idx} is out of range`);
  return idx < 0 ? idx + size : idx;
}

/** The positions Python's slice(start, stop, step) selects from a sequence of `size`. */
export function slicePositions(size: number, start: number | null, stop: number | null, step: number | null): number[] {
  const st = step ?? 1;
  if (st === 0) throw valueError("slice step cannot be zero");
  const clampIdx = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    if (v < 0) v += size;
    return Math.min(Math.max(v, lo), hi);
  };
  const out: number[] = [];
  if (st > 0) {
    const b = clampIdx(start, 0, 0, size), e = clampIdx(stop, size, 0, size);
    for (let i = b; i < e; i += st) out.push(i);
  } else {
    const b = clampIdx(start, size - 1, -1, size - 1), e = clampIdx(stop, -1, -1, size - 1);
    for (let i = b; i > e; i += st) out.push(i);
  }
  return out;
}

/** Shared by the list-like containers: their submodules keyed "0", "1", ... */
abstract class IndexedContainer extends Module {
  get length(): number {
    return this._modules.size;
  }

  entries(): [string, Module][] {
    return [...this._modules] as [string, Module][];
  }

  values(): Module[] {
    return [...this._modules.values()] as Module[];
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.values()[Symbol.iterator]();
  }

  get(idx: number): Module {
    return this.values()[containerIndex(idx, this.length)];
  }

  set(idx: number, module: Module): void {
    this.addModule(this.entries()[containerIndex(idx, this.length)][0], module);
  }

  /** Removes the modules at `positions` and numbers the rest 0, 1, ... again. */
  deletePositions(positions: number[]): void {
    const drop = new Set(positions);
    const kept = this.values().filter((_, i) => !drop.has(i));
    this._modules.clear();
    kept.forEach((m, i) => this.addModule(String(i), m));
  }

  delete(idx: number): void {
    this.deletePositions([containerIndex(idx, this.length)]);
  }

  pop(idx = -1): Module {
    const m = this.get(idx);
    this.delete(idx);
    return m;
  }

  append(module: Module): this {
    this.addModule(String(this.length), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of [...modules]) this.append(m);
    return this;
  }

  /** Shifts the modules from `index` on up by one key, as PyTorch does (no bounds check here). */
  protected insertAt(index: number, module: Module): void {
    const n = this.length;
    for (let i = n; i > index; i--) this._modules.set(String(i), this._modules.get(String(i - 1))!);
    this._modules.set(String(index), module);
  }
}

/** Runs its modules in order, each on the previous one's output. */
export class Sequential extends IndexedContainer {
  constructor(...mods: Module[]) {
    super();
    mods.forEach((m, i) => this.addModule(String(i), m));
  }

  /** Sequential(OrderedDict([...])): the modules under the given names. */
  static fromEntries(entries: Iterable<[string, Module]>): Sequential {
    const s = new Sequential();
    for (const [k, m] of entries) s.addModule(k, m);
    return s;
  }

  /** A slice keeps the modules' names. */
  slice(start: number | null, stop: number | null, step: number | null = null): Sequential {
    const all = this.entries();
    return Sequential.fromEntries(slicePositions(all.length, start, stop, step).map((i) => all[i]));
  }

  insert(index: number, module: Module): this {
    const n = this.length;
    if (!(-n <= index && index <= n)) throw indexError(`Index out of range: ${index}`);
    this.insertAt(index < 0 ? index + n : index, module);
    return this;
  }

  concat(other: Sequential): Sequential {
    return new Sequential(...this.values(), ...other.values());
  }

  override forward(input: any): any {
    for (const m of this._modules.values()) input = m!.call(input);
    return input;
  }
}

/** Holds submodules in a list; registered, so they show in parameters(), repr and state_dict. */
export class ModuleList extends IndexedContainer {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  /** A slice is a new ModuleList numbered from 0. */
  slice(start: number | null, stop: number | null, step: number | null = null): ModuleList {
    const all = this.values();
    return new ModuleList(slicePositions(all.length, start, stop, step).map((i) => all[i]));
  }

  /** Like PyTorch 1.13, a negative index is not normalised. */
  insert(index: number, module: Module): void {
    this.insertAt(index, module);
  }

  concat(other: Iterable<Module>): ModuleList {
    return new ModuleList([...this.values(), ...other]);
  }
}

/** Holds submodules by name, in insertion order. */
export class ModuleDict extends Module {
  constructor(modules: Iterable<[string, Module]> = []) {
    super();
    this.update(modules);
  }

  get size(): number {
    return this._modules.size;
  }

  get(key: string): Module {
    if (!this._modules.has(key)) throw keyError(key);
    return this._modules.get(key)!;
  }

  set(key: string, module: Module): void {
    this.addModule(key, module);
  }

  has(key: string): boolean {
    return this._modules.has(key);
  }

  delete(key: string): void {
    if (!this._modules.delete(key)) throw keyError(key);
  }

  pop(key: string): Module {
    const m = this.get(key);
    this.delete(key);
    return m;
  }

  clear(): void {
    this._modules.clear();
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): Module[] {
    return [...this._modules.values()] as Module[];
  }

  items(): [string, Module][] {
    return [...this._modules] as [string, Module][];
  }

  update(modules: Iterable<[string, Module]>): void {
    for (const [key, module] of modules) this.addModule(key, module);
  }
}

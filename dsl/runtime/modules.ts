// Modules and `import`. Native modules are registered by name with a lazy loader (nothing runs until the
// first import); `import a.b.c` loads a, a.b, a.b.c in turn and binds `a`; `from a.b import c` falls back
// to importing the submodule a.b.c; `import helper` also finds helper.tsl next to the main script.

import { newNamespace } from "./values.ts";
import { PyType, T_module } from "./types.ts";
import { pyErr } from "./exceptions.ts";
import { getAttr } from "./attributes.ts";
import { defMethod } from "./define.ts";
import { SYS } from "./sys_state.ts";

export class PyModule {
  declare $cls: PyType;
  $d: Record<string, any> = newNamespace();
  constructor(name: string, file: string | null = null) {
    this.$d.__name__ = name;
    this.$d.__file__ = file;
    this.$d.__doc__ = null;
    this.$d.__package__ = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
  }
  get name(): string {
    return this.$d.__name__;
  }
}
(PyModule.prototype as any).$cls = T_module;
defMethod(
  T_module,
  "__repr__(self, /)",
  (m: PyModule) => m.$d.__file__ ? `<module '${m.name}' from '${m.$d.__file__}'>` : `<module '${m.name}' (built-in)>`,
);

/** A module object holding `attrs`, for the submodules a package holds as attributes (importing the package makes them). */
export function submodule(name: string, attrs: Record<string, unknown>): PyModule {
  const m = new PyModule(name);
  Object.assign(m.$d, attrs);
  return m;
}

/** The same, registered under `name`, so that `import a.b` finds this one object. */
export function registeredModule(name: string, attrs: Record<string, unknown>): PyModule {
  const m = submodule(name, attrs);
  registerModule(name, () => m);
  return m;
}

/** A native module's attributes: a plain object of Python values, or a module built by the loader. */
export type ModuleLoader = () => Record<string, any> | PyModule | Promise<Record<string, any> | PyModule>;

const registry = new Map<string, ModuleLoader>();

/** Registers a native module. The loader runs on first import; its result is cached per interpreter. */
export function registerModule(name: string, loader: ModuleLoader): void {
  registry.set(name, loader);
}

export function hasModule(name: string): boolean {
  return registry.has(name);
}

async function loadOne(name: string): Promise<PyModule> {
  const cached = SYS.modules.get(name);
  if (cached !== undefined) return cached;
  const loader = registry.get(name);
  let mod: PyModule;
  if (loader !== undefined) {
    const r = await loader();
    if (r instanceof PyModule) mod = r;
    else {
      mod = new PyModule(name);
      for (const [k, v] of Object.entries(r)) mod.$d[k] = v === undefined ? null : v;
    }
  } else if (!name.includes(".") && SYS.loadSourceModule) {
    const path = `${SYS.scriptDir}/${name}.tsl`;
    let exists = false;
    try {
      exists = Deno.statSync(path).isFile;
    } catch {
      exists = false;
    }
    if (!exists) throw notFound(name);
    mod = new PyModule(name, path);
    SYS.modules.set(name, mod);
    try {
      await SYS.loadSourceModule(name, path);
    } catch (e) {
      SYS.modules.delete(name);
      throw e;
    }
    return mod;
  } else throw notFound(name);
  SYS.modules.set(name, mod);
  return mod;
}

function notFound(name: string): any {
  const e = pyErr("ModuleNotFoundError", `No module named '${name}'`);
  e.$d.name = name;
  return e;
}

/** Loads a dotted module and its parents; binds each child as an attribute of its parent. */
export async function loadModule(dotted: string): Promise<PyModule> {
  const parts = dotted.split(".");
  let parent: PyModule | null = null;
  let mod: PyModule | null = null;
  for (let i = 0; i < parts.length; i++) {
    const name = parts.slice(0, i + 1).join(".");
    try {
      mod = await loadOne(name);
    } catch (e: any) {
      if (i > 0 && e?.$cls?.name === "ModuleNotFoundError" && parent) {
        // A parent may expose the child as a plain attribute (e.g. os.path).
        const attr: any = (parent as PyModule).$d[parts[i]];
        if (attr instanceof PyModule) {
          mod = attr;
          parent = mod;
          continue;
        }
      }
      throw e;
    }
    if (parent !== null && parent.$d[parts[i]] === undefined) parent.$d[parts[i]] = mod;
    parent = mod;
  }
  return mod!;
}

/** `import a.b.c` (binds a) or `import a.b.c as x` (binds the leaf). */
export async function importModule(dotted: string, bindTop: boolean, _g: any): Promise<PyModule> {
  const leaf = await loadModule(dotted);
  if (!bindTop || !dotted.includes(".")) return leaf;
  return SYS.modules.get(dotted.split(".")[0]);
}

/** `from module import ...`: the module object. */
export async function importFrom(dotted: string, level: number, _g: any): Promise<PyModule> {
  if (level > 0 && dotted === "") throw pyErr("ImportError", "attempted relative import with no known parent package");
  return await loadModule(dotted);
}

/** One name of `from m import name`: an attribute, else a submodule. */
export async function importName(m: PyModule, name: string): Promise<any> {
  const v = m.$d[name];
  if (v !== undefined) return v;
  const full = `${m.name}.${name}`;
  if (registry.has(full)) return await loadModule(full);
  const ga = m.$d.__getattr__;
  if (ga !== undefined) return await getAttr(m, name);
  const e = pyErr(
    "ImportError",
    `cannot import name '${name}' from '${m.name}' (${m.$d.__file__ ?? "unknown location"})`,
  );
  e.$d.name = m.name;
  throw e;
}

export function importStar(m: PyModule, g: Record<string, any>): void {
  const all = m.$d.__all__;
  const names: string[] = Array.isArray(all) ? all : Object.keys(m.$d).filter((k) => !k.startsWith("_"));
  for (const n of names) g[n] = m.$d[n];
}

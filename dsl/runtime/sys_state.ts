// Per-interpreter state that builtins need (where print writes, argv, loaded modules). The Interpreter
// installs its own state object whenever it starts running code (one tsl program runs at a time).

export interface SysState {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  flush: () => void;
  argv: string[];
  /** sys.modules: name -> module object. */
  modules: Map<string, any>;
  /** Folder searched for `import helper` -> helper.tsl. */
  scriptDir: string;
  /** Compiles and runs a tsl source file as a module (set by the interpreter). */
  loadSourceModule: ((name: string, path: string) => Promise<any>) | null;
  readLine: (() => string | null) | null;
}

export let SYS: SysState = {
  stdout: (s) => console.log(s),
  stderr: (s) => console.error(s),
  flush: () => {},
  argv: [""],
  modules: new Map(),
  scriptDir: ".",
  loadSourceModule: null,
  readLine: null,
};

export function setSys(s: SysState): void {
  SYS = s;
}

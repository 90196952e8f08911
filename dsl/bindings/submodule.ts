// A module object made from its attributes, for the submodules a package holds as attributes
// (torchvision.datasets.folder, torchvision.transforms.functional); importing the package makes them.

import { PyModule } from "../runtime/binding.ts";

export function submodule(name: string, attrs: Record<string, unknown>): PyModule {
  const m = new PyModule(name);
  Object.assign(m.$d, attrs);
  return m;
}

// Packages from PyTorch's ecosystem that tutorials import next to torch: torchvision, tqdm,
// matplotlib.pyplot and safetensors. Each loads its binding files on first import (dynamic import),
// so a script that never imports them does not pay for them at start-up.

import { PyModule, registerModule } from "../runtime/binding.ts";

function moduleOf(name: string, attrs: Record<string, unknown>): PyModule {
  const m = new PyModule(name);
  Object.assign(m.$d, attrs);
  registerModule(name, () => m);
  return m;
}

registerModule("torchvision", async () => {
  const [datasets, transforms, utils, models] = await Promise.all([
    import("./torchvision_datasets.ts"),
    import("./torchvision_transforms.ts"),
    import("./torchvision_utils.ts"),
    import("./torchvision_models.ts"),
  ]);
  return moduleOf("torchvision", {
    __version__: "0.14.1",
    datasets: moduleOf("torchvision.datasets", datasets.datasetsAttributes()),
    transforms: moduleOf("torchvision.transforms", transforms.transformsAttributes()),
    utils: moduleOf("torchvision.utils", utils.utilsAttributes()),
    models: moduleOf("torchvision.models", await models.modelsAttributes()),
  });
});

registerModule("tqdm", async () => {
  const tqdm = await import("./tqdm.ts");
  return moduleOf("tqdm", {
    __version__: "4.64.1",
    ...tqdm.tqdmAttributes(),
    auto: moduleOf("tqdm.auto", tqdm.tqdmAttributes()),
  });
});

registerModule("matplotlib", async () => {
  const pyplot = await import("./pyplot.ts");
  return moduleOf("matplotlib", {
    __version__: "3.6.3",
    ...pyplot.matplotlibAttributes(),
    pyplot: moduleOf("matplotlib.pyplot", pyplot.pyplotAttributes()),
  });
});

registerModule("safetensors", async () => {
  const safetensors = await import("./safetensors.ts");
  return moduleOf("safetensors", { torch: moduleOf("safetensors.torch", safetensors.safetensorsTorchAttributes()) });
});

registerModule("PIL", async () => (await import("./vision_image.ts")).pilModule());

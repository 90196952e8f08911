// Packages from PyTorch's ecosystem that tutorials import next to torch: torchvision, tqdm,
// matplotlib.pyplot and safetensors. Each loads its binding files on first import (dynamic import),
// so a script that never imports them does not pay for them at start-up.

import { registeredModule, registerModule } from "../runtime/binding.ts";

registerModule("torchvision", async () => {
  const [datasets, transforms, utils, models] = await Promise.all([
    import("./torchvision_datasets.ts"),
    import("./torchvision_transforms.ts"),
    import("./torchvision_utils.ts"),
    import("./torchvision_models.ts"),
  ]);
  return registeredModule("torchvision", {
    __version__: "0.14.1",
    datasets: registeredModule("torchvision.datasets", datasets.datasetsAttributes()),
    transforms: registeredModule("torchvision.transforms", transforms.transformsAttributes()),
    utils: registeredModule("torchvision.utils", utils.utilsAttributes()),
    models: registeredModule("torchvision.models", await models.modelsAttributes()),
  });
});

registerModule("tqdm", async () => {
  const tqdm = await import("./tqdm.ts");
  return registeredModule("tqdm", {
    __version__: "4.64.1",
    ...tqdm.tqdmAttributes(),
    auto: registeredModule("tqdm.auto", tqdm.tqdmAttributes()),
  });
});

registerModule("matplotlib", async () => {
  const pyplot = await import("./pyplot.ts");
  return registeredModule("matplotlib", {
    __version__: "3.6.3",
    ...pyplot.matplotlibAttributes(),
    pyplot: registeredModule("matplotlib.pyplot", pyplot.pyplotAttributes()),
  });
});

registerModule("safetensors", async () => {
  const safetensors = await import("./safetensors.ts");
  return registeredModule("safetensors", {
    torch: registeredModule("safetensors.torch", safetensors.safetensorsTorchAttributes()),
  });
});

registerModule("PIL", async () => (await import("./vision_image.ts")).pilModule());

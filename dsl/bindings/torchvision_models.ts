// torchvision.models: ResNet (resnet18, resnet34, resnet50) written in Python, from torchvision's own
// source (torchvision_resnet_source.ts, torchvision_weights_source.ts), evaluated into the module
// torchvision.models.resnet each time an interpreter imports torchvision. The one native the Python
// source needs from the host is torch hub's download cache (runtime/io/hub_cache.ts).

import { compileModule } from "../compile/compiler.ts";
import { parse } from "../parser.ts";
import { argStr, builtin, PyModule } from "../runtime/binding.ts";
import { EXC } from "../runtime/exceptions.ts";
import { SYS } from "../runtime/sys_state.ts";
import { cachedDownload, DownloadError } from "../../runtime/io/hub_cache.ts";
import { RESNET_SOURCE } from "./torchvision_resnet_source.ts";
import { WEIGHTS_SOURCE } from "./torchvision_weights_source.ts";
import { IMAGENET_CATEGORIES } from "./torchvision_imagenet_categories.ts";
import { libraryException, libraryExceptionClass } from "./library_exceptions.ts";

/** urllib's error class: what torch.hub's download raises when the network is unreachable. */
const T_URLError = libraryExceptionClass("urllib.error", "URLError", EXC.OSError);

const optionalStr = (x: unknown, name: string): string | undefined =>
  x === null ? undefined : argStr(x, "load_state_dict_from_url", name);

const natives = {
  _download_to_cache: builtin("_download_to_cache(url, model_dir=None, file_name=None)", async (a) => {
    try {
      return await cachedDownload(argStr(a.url, "load_state_dict_from_url", "url"), {
        modelDir: optionalStr(a.model_dir, "model_dir"),
        fileName: optionalStr(a.file_name, "file_name"),
        onDownload: (url, path) => SYS.stderr(`Downloading: "${url}" to ${path}\n`),
      });
    } catch (e) {
      if (!(e instanceof DownloadError)) throw e;
      throw libraryException(T_URLError, `<urlopen error ${e.message}>`);
    }
  }),
};

/** The names torchvision.models exports from its resnet module (its __all__, as far as tsl goes). */
const EXPORTED = [
  "ResNet",
  "ResNet18_Weights",
  "ResNet34_Weights",
  "ResNet50_Weights",
  "resnet18",
  "resnet34",
  "resnet50",
];

async function resnetModule(): Promise<PyModule> {
  const m = new PyModule("torchvision.models.resnet", "torchvision/models/resnet.py");
  m.$d.__builtins__ = null;
  Object.assign(m.$d, natives, { _IMAGENET_CATEGORIES: [...IMAGENET_CATEGORIES] });
  await compileModule(parse(RESNET_SOURCE, "torchvision/models/resnet.py")).run(m.$d);
  await compileModule(parse(WEIGHTS_SOURCE, "torchvision/models/_api.py")).run(m.$d);
  m.$d.__all__ = EXPORTED;
  return m;
}

export async function modelsAttributes(): Promise<Record<string, unknown>> {
  const resnet = await resnetModule();
  const attrs: Record<string, unknown> = { resnet };
  for (const name of EXPORTED) attrs[name] = resnet.$d[name];
  return attrs;
}

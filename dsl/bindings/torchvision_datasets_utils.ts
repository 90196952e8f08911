// torchvision.datasets.utils: the download helpers scripts call directly (download_url,
// download_and_extract_archive, extract_archive, check_integrity, calculate_md5).

import { argBool, argOptional, argStr, builtin, type PyModule } from "../runtime/binding.ts";
import { downloadAndExtractArchive, downloadUrl, extractArchive } from "../../runtime/vision/datasets/download.ts";
import { checkIntegrity, fileMd5 } from "../../runtime/vision/datasets/md5.ts";
import { log } from "./torchvision_native_dataset.ts";
import { submodule } from "../runtime/modules.ts";

const optStr = (x: any, fname: string, name: string): string | null => argOptional(x, (v) => argStr(v, fname, name));

export function datasetsUtilsModule(): PyModule {
  return submodule("torchvision.datasets.utils", {
    download_url: builtin("download_url(url, root, filename=None, md5=None, max_redirect_hops=3)", async (a) => {
      const f = "download_url";
      await downloadUrl(
        argStr(a.url, f, "url"),
        argStr(a.root, f, "root"),
        optStr(a.filename, f, "filename"),
        optStr(a.md5, f, "md5"),
        log,
      );
    }),
    download_and_extract_archive: builtin(
      "download_and_extract_archive(url, download_root, extract_root=None, filename=None, md5=None, remove_finished=False)",
      async (a) => {
        const f = "download_and_extract_archive";
        await downloadAndExtractArchive(argStr(a.url, f, "url"), argStr(a.download_root, f, "download_root"), {
          extractRoot: optStr(a.extract_root, f, "extract_root") ?? undefined,
          filename: optStr(a.filename, f, "filename") ?? undefined,
          md5: optStr(a.md5, f, "md5"),
          removeFinished: argBool(a.remove_finished, f, "remove_finished"),
          log,
        });
      },
    ),
    extract_archive: builtin("extract_archive(from_path, to_path=None, remove_finished=False)", (a) => {
      const f = "extract_archive";
      return extractArchive(
        argStr(a.from_path, f, "from_path"),
        optStr(a.to_path, f, "to_path"),
        argBool(a.remove_finished, f, "remove_finished"),
      );
    }),
    check_integrity: builtin(
      "check_integrity(fpath, md5=None)",
      (a) => checkIntegrity(argStr(a.fpath, "check_integrity", "fpath"), optStr(a.md5, "check_integrity", "md5")),
    ),
    calculate_md5: builtin(
      "calculate_md5(fpath, chunk_size=1048576)",
      (a) => fileMd5(argStr(a.fpath, "calculate_md5", "fpath")),
    ),
  });
}

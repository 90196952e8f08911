// torchvision.utils.make_grid and save_image: tsl prints what torchvision 0.14 printed for the cases
// in tests/fixtures/vision/make_grid.tsl, and the PNG it saves holds torchvision's pixel values.

import assert from "node:assert/strict";
import "../runtime/backends.ts";
import { decodeImage } from "../runtime/vision/codec.ts";
import { makeGrid } from "../runtime/vision/make_grid.ts";
import { saveImage } from "../runtime/vision/save_image.ts";
import { TorchError } from "../runtime/errors.ts";
import { arange, assertTensor } from "./helpers.ts";
import { runTsl } from "./fixtures/vision/helpers.ts";

const FIXTURES = new URL("./fixtures/vision/", import.meta.url).pathname;

Deno.test("vision utils: make_grid and save_image", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("the cases print what torchvision printed", async () => {
      const png = `${dir}/grid.png`;
      const r = await runTsl(await Deno.readTextFile(`${FIXTURES}make_grid.tsl`), ["make_grid.tsl", png]);
      assert.equal(r.stderr, "");
      assert.equal(r.stdout, await Deno.readTextFile(`${FIXTURES}make_grid.expected`));
      // The PNG torchvision saved, as PIL reads it: 12x14 RGB, these green values, this byte sum.
      const img = decodeImage(await Deno.readFile(png), png);
      assert.deepEqual([img.mode, img.height, img.width], ["RGB", 12, 14]);
      assert.equal(img.data.reduce((s, v) => s + v, 0), 13908);
      const green = (y: number) => Array.from({ length: 12 }, (_, x) => img.data[(y * 14 + x + 2) * 3 + 1]);
      assert.deepEqual([green(2), green(3), green(4)], [
        [127, 174, 214, 242, 0, 0, 4, 0, 13, 42, 0, 0],
        [255, 250, 229, 195, 0, 0, 82, 128, 175, 214, 0, 0],
        [151, 103, 60, 25, 0, 0, 242, 255, 250, 229, 0, 0],
      ]);
    });

    await t.step("the TypeScript API", async () => {
      // torchvision: make_grid(torch.arange(8.).view(2, 1, 2, 2), padding=1, pad_value=-1)[0]
      const grid = await makeGrid(arange([2, 1, 2, 2]), { padding: 1, padValue: -1 });
      const channel = [
        [-1, -1, -1, -1, -1, -1, -1],
        [-1, 0, 1, -1, 4, 5, -1],
        [-1, 2, 3, -1, 6, 7, -1],
        [-1, -1, -1, -1, -1, -1, -1],
      ].flat();
      assertTensor(grid, [...channel, ...channel, ...channel], { shape: [3, 4, 7], dtype: "float32", exact: true });
    });

    await t.step("save_image picks the format from the extension, as PIL does", async () => {
      await assert.rejects(
        saveImage(arange([3, 2, 2]), `${dir}/grid.xyz`),
        (e) => e instanceof TorchError && e.pyType === "ValueError" && e.message === "unknown file extension: .xyz",
      );
      await saveImage(arange([3, 2, 2]), `${dir}/grid.jpg`);
      const jpeg = decodeImage(await Deno.readFile(`${dir}/grid.jpg`));
      assert.deepEqual([jpeg.mode, jpeg.width, jpeg.height], ["RGB", 2, 2]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("vision codec: JPEG decoded as PIL (libjpeg-turbo) decodes it", async (t) => {
  // *_pil.png: what PIL's Image.open(jpg).convert('RGB') gave (stored losslessly). The entropy decoding
  // and IDCT are jpeg-js's, so a few pixels differ by the IDCTs' rounding; upsampling and colour
  // conversion follow libjpeg, without which 4:2:0 edges differ by tens of levels.
  for (const [name, mode] of [["photo420", "RGB"], ["photo422", "RGB"], ["photo_grey", "L"]] as const) {
    await t.step(name, async () => {
      const jpeg = decodeImage(await Deno.readFile(`${FIXTURES}${name}.jpg`));
      const pil = decodeImage(await Deno.readFile(`${FIXTURES}${name}_pil.png`));
      assert.deepEqual([jpeg.mode, jpeg.width, jpeg.height], [mode, pil.width, pil.height]);
      let max = 0, total = 0;
      for (let i = 0; i < pil.data.length; i++) {
        const d = Math.abs(jpeg.data[i] - pil.data[i]);
        max = Math.max(max, d);
        total += d;
      }
      assert.ok(max <= 3, `max difference ${max}`);
      assert.ok(total / pil.data.length < 0.3, `mean difference ${total / pil.data.length}`);
    });
  }
});

// matplotlib.pyplot: limits, ticks and the data→pixel transform against matplotlib 3.6.3 (values printed
// by /usr/bin/python3 with the Agg backend), the SVG and PNG files savefig writes, and show().

import assert from "node:assert/strict";
import { decode } from "fast-png";
import "../runtime/backends.ts";
import "../dsl/bindings/torch.ts";
import "../dsl/bindings/ecosystem.ts";
import { Figure } from "../runtime/plot/figure.ts";
import { buildScene, viewLimits } from "../runtime/plot/scene.ts";
import { parseFormat } from "../runtime/plot/colors.ts";
import { runTsl } from "./lang_harness.ts";

const root = new URL("../", import.meta.url).pathname;

/** A figure with one line over x = 0, 1, 2, ... as plt.plot(y) makes it. */
function plotted(y: number[]): Figure {
  const fig = new Figure(1);
  const x = y.map((_, i) => i);
  fig.subplot(1, 1, 1).plot({
    x,
    y,
    color: null,
    lineStyle: "-",
    lineWidth: 1.5,
    marker: null,
    markerSize: 6,
    label: null,
  });
  return fig;
}

/** Just enough XML to check well-formedness and read elements' attributes. */
function parseXml(text: string): { name: string; attrs: Record<string, string> }[] {
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, "");
  const elements: { name: string; attrs: Record<string, string> }[] = [];
  const open: string[] = [];
  const tag = /<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = tag.exec(body)) !== null) {
    consumed = tag.lastIndex;
    if (m[5] !== undefined) {
      assert.ok(!/[&<>](?!amp;|lt;|gt;|quot;)/.test(m[5].replace(/&(amp|lt|gt|quot);/g, "")), "escaped text");
      continue;
    }
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      assert.equal(open.pop(), name, `</${name}> closes the open element`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    elements.push({ name, attrs });
    if (!selfClosing) open.push(name);
  }
  assert.equal(consumed, body.length, "the whole document parses");
  assert.deepEqual(open, [], "every element is closed");
  return elements;
}

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const pixel = (img: { width: number; data: ArrayLike<number>; channels: number }, x: number, y: number) =>
  Array.from(img.data).slice((y * img.width + x) * img.channels, (y * img.width + x) * img.channels + 3);

Deno.test("pyplot", async (t) => {
  await t.step("limits and tick labels match matplotlib 3.6.3", () => {
    // [data, xlim, ylim, visible tick labels (x then y)] from ax.get_xlim()/get_ylim()/get_*ticklabels().
    const cases: [number[], [number, number], [number, number], string][] = [
      [[0, 1, 4, 9], [-0.15, 3.15], [-0.45, 9.45], "0.0 0.5 1.0 1.5 2.0 2.5 3.0 0 2 4 6 8"],
      [
        [0.001, 0.003, 0.002],
        [-0.1, 2.1],
        [0.0009, 0.0031],
        "0.00 0.25 0.50 0.75 1.00 1.25 1.50 1.75 2.00 " +
        "0.00100 0.00125 0.00150 0.00175 0.00200 0.00225 0.00250 0.00275 0.00300",
      ],
      [[-3.2, 7.9], [-0.05, 1.05], [-3.755, 8.455], "0.0 0.2 0.4 0.6 0.8 1.0 \u22122 0 2 4 6 8"],
      [
        [1000, 1001.1],
        [-0.05, 1.05],
        [999.945, 1001.155],
        "0.0 0.2 0.4 0.6 0.8 1.0 1000.0 1000.2 1000.4 1000.6 1000.8 1001.0",
      ],
      [[5, 5], [-0.05, 1.05], [4.725, 5.275], "0.0 0.2 0.4 0.6 0.8 1.0 4.8 4.9 5.0 5.1 5.2"],
      [[0, 27], [-0.05, 1.05], [-1.35, 28.35], "0.0 0.2 0.4 0.6 0.8 1.0 0 5 10 15 20 25"],
      [
        [0.5, 0.2, -0.3, 0.1],
        [-0.15, 3.15],
        [-0.34, 0.54],
        "0.0 0.5 1.0 1.5 2.0 2.5 3.0 " +
        "\u22120.3 \u22120.2 \u22120.1 0.0 0.1 0.2 0.3 0.4 0.5",
      ],
    ];
    for (const [y, xlim, ylim, labels] of cases) {
      const fig = plotted(y);
      const lim = viewLimits(fig.axes[0]);
      lim.x.forEach((v, i) => assert.ok(Math.abs(v - xlim[i]) < 1e-9, `xlim of ${y}: ${lim.x}`));
      lim.y.forEach((v, i) => assert.ok(Math.abs(v - ylim[i]) < 1e-9, `ylim of ${y}: ${lim.y}`));
      const texts = buildScene(fig).primitives.flatMap((p) => p.kind === "text" ? [p.text] : []);
      assert.equal(texts.join(" "), labels);
    }
  });

  await t.step("format strings", () => {
    assert.deepEqual(parseFormat("r-"), { color: "#ff0000", lineStyle: "-", marker: null });
    assert.deepEqual(parseFormat("b--"), { color: "#0000ff", lineStyle: "--", marker: null });
    assert.deepEqual(parseFormat("o"), { color: null, lineStyle: "none", marker: "o" });
    assert.deepEqual(parseFormat("go-"), { color: "#008000", lineStyle: "-", marker: "o" });
    assert.deepEqual(parseFormat("C1:"), { color: "#ff7f0e", lineStyle: ":", marker: null });
    assert.equal(parseFormat("qq"), null);
  });

  await t.step("savefig SVG: valid XML whose polylines are the data through matplotlib's transform", async () => {
    await inTempDir(async (dir) => {
      const r = await runTsl(`import torch
import matplotlib.pyplot as plt
plt.plot(torch.tensor([0.0, 1.0, 4.0, 9.0]), label="squares")
plt.plot([1, 2], [3, -1], 'r--', label="line")
plt.title("A & B <test>")
plt.xlabel("step")
plt.ylabel("loss")
plt.legend()
print(plt.xlim(), plt.ylim())
plt.savefig("${dir}/fig.svg")
`);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, "(-0.15000000000000002, 3.15) (-1.5, 9.5)\n");
      const elements = parseXml(await Deno.readTextFile(`${dir}/fig.svg`));
      assert.equal(elements[0].name, "svg");
      assert.equal(elements[0].attrs.width, "640");
      assert.equal(elements[0].attrs.height, "480");
      const lines = elements.filter((e) => e.name === "polyline" && e.attrs["clip-path"]);
      const points = (color: string) =>
        lines.find((e) => e.attrs.stroke === color)!.attrs.points.split(" ").map((p) => p.split(",").map(Number));
      // matplotlib: ax.transData.transform(...) with y measured from the top (480 - y).
      const expected = [[102.545, 376.8], [252.848, 343.2], [403.152, 242.4], [553.455, 74.4]];
      points("#1f77b4").forEach((p, i) => p.forEach((v, k) => assert.ok(Math.abs(v - expected[i][k]) < 0.01, `${p}`)));
      const red = points("#ff0000");
      [[252.848, 276.0], [403.152, 410.4]].forEach((e, i) =>
        e.forEach((v, k) => assert.ok(Math.abs(red[i][k] - v) < 0.01))
      );
      assert.ok(lines.find((e) => e.attrs.stroke === "#ff0000")!.attrs["stroke-dasharray"]);
      const texts = await Deno.readTextFile(`${dir}/fig.svg`);
      assert.ok(texts.includes(">A &amp; B &lt;test&gt;</text>"));
      assert.ok(texts.includes(">squares</text>") && texts.includes(">line</text>"));
    });
  });

  await t.step("savefig PNG: decodes at figsize × dpi with the line's colour along the line", async () => {
    await inTempDir(async (dir) => {
      const r = await runTsl(`import matplotlib.pyplot as plt
plt.figure(figsize=(4, 3), dpi=50)
plt.plot([0, 1], [0, 1])
plt.savefig("${dir}/small.png")
plt.savefig("${dir}/big.png", dpi=100)
plt.close()
plt.figure()
plt.imshow([[0, 255], [255, 0]], cmap="gray")
plt.savefig("${dir}/img.png")
`);
      assert.equal(r.code, 0, r.err);
      const small = decode(await Deno.readFile(`${dir}/small.png`));
      assert.equal(small.width, 200);
      assert.equal(small.height, 150);
      const big = decode(await Deno.readFile(`${dir}/big.png`));
      assert.deepEqual([big.width, big.height], [400, 300]);
      // The axes span x 50..355, y 33..264 (0.125..0.9 by 0.11..0.88 of 400×300); (0.5, 0.5) is its middle.
      const mid = [Math.floor(50 + 0.775 * 400 / 2), Math.floor(300 - 0.11 * 300 - 0.77 * 300 / 2)];
      assert.deepEqual(pixel(big, mid[0], mid[1]), [0x1f, 0x77, 0xb4], "the line passes through the centre");
      assert.deepEqual(pixel(big, mid[0], mid[1] - 40), [255, 255, 255], "background above the line");
      assert.deepEqual(pixel(big, 2, 2), [255, 255, 255]);
      const img = decode(await Deno.readFile(`${dir}/img.png`));
      // The 2×2 image fills a 369.6 px square centred in the axes: top-left pixel black, top-right white.
      const left = 80 + (496 - 369.6) / 2, top = 57.6;
      assert.deepEqual(pixel(img, Math.round(left + 90), Math.round(top + 90)), [0, 0, 0]);
      assert.deepEqual(pixel(img, Math.round(left + 280), Math.round(top + 90)), [255, 255, 255]);
    });
  });

  await t.step("show() saves tsl_plot_1.png in the current directory and prints its path on stderr", async () => {
    await inTempDir(async (dir) => {
      await Deno.writeTextFile(`${dir}/show.tsl`, "import matplotlib.pyplot as plt\nplt.plot(range(5))\nplt.show()\n");
      const r = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `${root}mod.ts`, "show.tsl"],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(new TextDecoder().decode(r.stdout), "");
      assert.equal(new TextDecoder().decode(r.stderr), "Figure saved to ./tsl_plot_1.png\n");
      const png = decode(await Deno.readFile(`${dir}/tsl_plot_1.png`));
      assert.deepEqual([png.width, png.height], [640, 480]);
    });
  });

  await t.step("errors as matplotlib raises them", async () => {
    const cases: [string, string][] = [
      ["plt.imshow([1, 2, 3, 4, 5])", "TypeError: Invalid shape (5,) for image data"],
      [
        "plt.plot([1, 2], [1, 2, 3])",
        "ValueError: x and y must have same first dimension, but have shapes (2,) and (3,)",
      ],
      ["plt.plot([1, 2]); plt.savefig('x.jpg2')", "ValueError: Format 'jpg2' is not supported"],
    ];
    for (const [code, message] of cases) {
      const r = await runTsl(`import matplotlib.pyplot as plt\n${code}\n`);
      assert.equal(r.code, 1);
      assert.ok(r.err.includes(message), r.err);
    }
  });
});

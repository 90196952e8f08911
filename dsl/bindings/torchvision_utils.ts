// torchvision.utils: make_grid and save_image over runtime/vision (argument checks and torchvision's
// error messages here, the work in runtime/vision/make_grid.ts and save_image.ts).

import { argBool, argInt, argStr, builtin, pyError, PyTuple, toArray, typeOf } from "../runtime/binding.ts";
import { SYS } from "../runtime/sys_state.ts";
import { Tensor } from "../../runtime/tensor.ts";
import type { Scalar } from "../../runtime/ops/scalar.ts";
import { makeGrid, type MakeGridOptions } from "../../runtime/vision/make_grid.ts";
import { saveImage } from "../../runtime/vision/save_image.ts";
import { argScalar } from "./convert.ts";

const classRepr = (x: any) => `<class '${typeOf(x).name}'>`;

/** The tensor argument: a tensor, or a list of tensors to stack. */
function imagesArg(x: any): Tensor | Tensor[] {
  if (x instanceof Tensor) return x;
  if (Array.isArray(x) && !(x instanceof PyTuple)) {
    for (const t of x) {
      if (!(t instanceof Tensor)) {
        throw pyError("TypeError", `tensor or list of tensors expected, got a list containing ${classRepr(t)}`);
      }
    }
    return x;
  }
  throw pyError("TypeError", `tensor or list of tensors expected, got ${classRepr(x)}`);
}

const GRID_KEYWORDS = ["nrow", "padding", "normalize", "value_range", "scale_each", "pad_value"];

async function gridOptions(a: Record<string, any>, kwargs: Map<string, any>, fname: string): Promise<MakeGridOptions> {
  for (const k of kwargs.keys()) {
    if (k !== "range") throw pyError("TypeError", `${fname}() got an unexpected keyword argument '${k}'`);
  }
  let valueRange = a.value_range;
  if (kwargs.has("range")) {
    SYS.stderr(
      "UserWarning: The parameter 'range' is deprecated since 0.12 and will be removed in 0.14. " +
        "Please use 'value_range' instead.\n",
    );
    valueRange = kwargs.get("range");
  }
  const normalize = argBool(a.normalize, fname, "normalize");
  let range: [Scalar, Scalar] | null = null;
  if (normalize && valueRange !== null) {
    if (!(valueRange instanceof PyTuple)) {
      throw pyError("TypeError", "value_range has to be a tuple (min, max) if specified. min and max are numbers");
    }
    const [low, high] = await toArray(valueRange);
    range = [argScalar(low, fname, "value_range"), argScalar(high, fname, "value_range")];
  }
  return {
    nrow: argInt(a.nrow, fname, "nrow"),
    padding: argInt(a.padding, fname, "padding"),
    normalize,
    valueRange: range,
    scaleEach: argBool(a.scale_each, fname, "scale_each"),
    padValue: argScalar(a.pad_value, fname, "pad_value"),
  };
}

const GRID_SIGNATURE = GRID_KEYWORDS.map((k) => {
  const defaults: Record<string, string> = {
    nrow: "8",
    padding: "2",
    normalize: "False",
    value_range: "None",
    scale_each: "False",
    pad_value: "0.0",
  };
  return `${k}=${defaults[k]}`;
}).join(", ");

export const make_grid = builtin(`make_grid(tensor, ${GRID_SIGNATURE}, **kwargs)`, async (a) => {
  return makeGrid(imagesArg(a.tensor), await gridOptions(a, a.kwargs, "make_grid"));
});

/** save_image passes its keyword arguments on to make_grid, so it takes make_grid's defaults. */
const GRID_DEFAULTS: Record<string, any> = {
  nrow: 8,
  padding: 2,
  normalize: false,
  value_range: null,
  scale_each: false,
  pad_value: 0,
};

export const save_image = builtin("save_image(tensor, fp, format=None, **kwargs)", async (a) => {
  const images = imagesArg(a.tensor);
  const gridArgs: Record<string, any> = { ...GRID_DEFAULTS };
  const rest = new Map<string, any>();
  for (const [k, v] of a.kwargs as Map<string, any>) {
    if (k in GRID_DEFAULTS) gridArgs[k] = v;
    else rest.set(k, v);
  }
  const opts = await gridOptions(gridArgs, rest, "make_grid");
  const format = a.format === null ? null : argStr(a.format, "save_image", "format");
  await saveImage(images, argStr(a.fp, "save_image", "fp"), format, opts);
});

export function utilsAttributes(): Record<string, unknown> {
  return { make_grid, save_image };
}

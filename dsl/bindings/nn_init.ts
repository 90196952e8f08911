// torch.nn.init bindings over runtime/nn/init.ts.

import { argFloat, argStr, builtin, pyError, PyTuple, str, typeOf } from "../runtime/binding.ts";
import { PyFloat } from "../runtime/values.ts";
import * as init from "../../runtime/nn/init.ts";
import { argTensor } from "./convert.ts";

/** calculate_gain's param: leaky_relu's slope must be an int or float (not a bool). */
function gainParam(nonlinearity: string, param: any): number | null {
  if (nonlinearity !== "leaky_relu" || param === null) return null;
  if (typeof param === "number") return param;
  if (param instanceof PyFloat) return param.v;
  const shown = str(param);
  const text = typeof shown === "string" ? shown : typeOf(param).name;
  throw pyError("ValueError", `negative_slope ${text} not a valid number`);
}

const tensorArg = (x: any, f: string) => argTensor(x, f, "tensor");
const num = (x: any, f: string, name: string) => argFloat(x, f, name);

/** The functions of torch.nn.init. */
export const initFunctions = (): Record<string, unknown> => ({
  calculate_gain: builtin("calculate_gain(nonlinearity, param=None)", (a) => {
    const nl = argStr(a.nonlinearity, "calculate_gain", "nonlinearity");
    const gain = init.calculate_gain(nl, gainParam(nl, a.param));
    // Python returns the int 1 for the linear family.
    return gain === 1 && nl !== "leaky_relu" ? 1 : new PyFloat(gain);
  }),
  uniform_: builtin(
    "uniform_(tensor, a=0.0, b=1.0)",
    (a) => init.uniform_(tensorArg(a.tensor, "uniform_"), num(a.a, "uniform_", "a"), num(a.b, "uniform_", "b")),
  ),
  normal_: builtin(
    "normal_(tensor, mean=0.0, std=1.0)",
    (a) => init.normal_(tensorArg(a.tensor, "normal_"), num(a.mean, "normal_", "mean"), num(a.std, "normal_", "std")),
  ),
  trunc_normal_: builtin(
    "trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0)",
    (a) =>
      init.trunc_normal_(
        tensorArg(a.tensor, "trunc_normal_"),
        num(a.mean, "trunc_normal_", "mean"),
        num(a.std, "trunc_normal_", "std"),
        num(a.a, "trunc_normal_", "a"),
        num(a.b, "trunc_normal_", "b"),
      ),
  ),
  constant_: builtin(
    "constant_(tensor, val)",
    (a) => init.constant_(tensorArg(a.tensor, "constant_"), num(a.val, "constant_", "val")),
  ),
  ones_: builtin("ones_(tensor)", (a) => init.ones_(tensorArg(a.tensor, "ones_"))),
  zeros_: builtin("zeros_(tensor)", (a) => init.zeros_(tensorArg(a.tensor, "zeros_"))),
  eye_: builtin("eye_(tensor)", (a) => init.eye_(tensorArg(a.tensor, "eye_"))),
  xavier_uniform_: builtin(
    "xavier_uniform_(tensor, gain=1.0)",
    (a) => init.xavier_uniform_(tensorArg(a.tensor, "xavier_uniform_"), num(a.gain, "xavier_uniform_", "gain")),
  ),
  xavier_normal_: builtin(
    "xavier_normal_(tensor, gain=1.0)",
    (a) => init.xavier_normal_(tensorArg(a.tensor, "xavier_normal_"), num(a.gain, "xavier_normal_", "gain")),
  ),
  kaiming_uniform_: builtin(
    "kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')",
    (a) => kaiming(init.kaiming_uniform_, a, "kaiming_uniform_"),
  ),
  kaiming_normal_: builtin(
    "kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')",
    (a) => kaiming(init.kaiming_normal_, a, "kaiming_normal_"),
  ),
  _calculate_fan_in_and_fan_out: builtin(
    "_calculate_fan_in_and_fan_out(tensor)",
    (a) => new PyTuple(init.calculateFanInAndFanOut(tensorArg(a.tensor, "_calculate_fan_in_and_fan_out"))),
  ),
});

function kaiming(f: typeof init.kaiming_uniform_, a: Record<string, any>, name: string) {
  const nl = argStr(a.nonlinearity, name, "nonlinearity");
  const slope = gainParam(nl, a.a) ?? (a.a instanceof PyFloat ? a.a.v : typeof a.a === "number" ? a.a : 0);
  return f(tensorArg(a.tensor, name), slope, argStr(a.mode, name, "mode"), nl);
}

// torch.nn padding module bindings over runtime/nn/padding_layers.ts (F.pad is in nn_layers.ts).

import { PyFloat } from "../runtime/values.ts";
import * as P from "../../runtime/nn/padding_layers.ts";
import { argFloatWithRepr, argIntOrTuple, layerClass } from "./nn_args.ts";

type Padding = number | number[];
const MODULE = "torch.nn.modules.padding";

function paddingClass(name: string, js: new (padding: Padding) => P.PadNd) {
  return layerClass({
    name,
    module: MODULE,
    jsClass: js,
    signature: "__init__(padding)",
    make: (a) => new js(argIntOrTuple(a.padding, name, "padding")),
    attrs: { padding: (s) => s.padding },
  });
}

/** The value as given: an int stays an int. */
const valueOf = (s: P.ConstantPad1d) => (/^-?\d+$/.test(s.valueText) ? s.value : new PyFloat(s.value));

function constantPadClass(name: string, js: typeof P.ConstantPad1d | typeof P.ConstantPad2d | typeof P.ConstantPad3d) {
  return layerClass({
    name,
    module: MODULE,
    jsClass: js,
    signature: "__init__(padding, value)",
    make: (a) => {
      const [value, text] = argFloatWithRepr(a.value, name, "value");
      return new js(argIntOrTuple(a.padding, name, "padding"), value, text);
    },
    attrs: { padding: (s) => s.padding, value: valueOf },
  });
}

/** The padding classes of torch.nn. */
export const paddingClasses = (): Record<string, unknown> => ({
  ConstantPad1d: constantPadClass("ConstantPad1d", P.ConstantPad1d),
  ConstantPad2d: constantPadClass("ConstantPad2d", P.ConstantPad2d),
  ConstantPad3d: constantPadClass("ConstantPad3d", P.ConstantPad3d),
  ZeroPad2d: paddingClass("ZeroPad2d", P.ZeroPad2d),
  ReflectionPad1d: paddingClass("ReflectionPad1d", P.ReflectionPad1d),
  ReflectionPad2d: paddingClass("ReflectionPad2d", P.ReflectionPad2d),
  ReplicationPad1d: paddingClass("ReplicationPad1d", P.ReplicationPad1d),
  ReplicationPad2d: paddingClass("ReplicationPad2d", P.ReplicationPad2d),
  ReplicationPad3d: paddingClass("ReplicationPad3d", P.ReplicationPad3d),
});

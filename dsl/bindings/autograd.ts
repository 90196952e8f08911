// torch.autograd: grad() and backward().

import { builtin, pyError, PyTuple } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { ones_like } from "../../runtime/ops/creation.ts";
import { runBackward } from "../../runtime/autograd/engine.ts";
import { argTensor } from "./convert.ts";

const list = (x: any, f: string): Tensor[] =>
  (Array.isArray(x) ? x : x instanceof PyTuple ? x.items : [x]).map((t: any) => argTensor(t, f, "tensors"));

function rootGrads(outs: Tensor[], given: any): Tensor[] {
  const gs = given === null ? outs.map(() => null) : list(given, "grad");
  return outs.map((o, i) => {
    const g = gs[i];
    if (g) return g;
    if (o.numel !== 1) throw pyError("RuntimeError", "grad can be implicitly created only for scalar outputs");
    return ones_like(o);
  });
}

export function autogradModule(): Record<string, any> {
  return {
    grad: builtin(
      "grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=False)",
      (a) => {
        const outs = list(a.outputs, "grad");
        const inputs = list(a.inputs, "grad");
        const r = runBackward(outs, rootGrads(outs, a.grad_outputs), {
          retainGraph: !!(a.retain_graph ?? a.create_graph),
          inputs,
          allowUnused: !!a.allow_unused,
        });
        return new PyTuple(r.map((g) => g ?? null));
      },
    ),
    backward: builtin("backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False)", (a) => {
      const outs = list(a.tensors, "backward");
      runBackward(outs, rootGrads(outs, a.grad_tensors), { retainGraph: !!(a.retain_graph ?? a.create_graph) });
    }),
  };
}

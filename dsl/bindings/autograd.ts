// torch.autograd: grad() and backward().

import { builtin, nativeClass, pyError, PyTuple } from "../runtime/binding.ts";
import { Tensor } from "../../runtime/tensor.ts";
import { ones_like } from "../../runtime/ops/creation.ts";
import { runBackwardAsync } from "../../runtime/autograd/engine.ts";
import { argTensor } from "./convert.ts";

export const tensorList = (x: any, f: string): Tensor[] =>
  (Array.isArray(x) ? x : x instanceof PyTuple ? x.items : [x]).map((t: any) => argTensor(t, f, "tensors"));

function rootGrads(outs: Tensor[], given: any): Tensor[] {
  const gs = given === null ? outs.map(() => null) : tensorList(given, "grad");
  return outs.map((o, i) => {
    const g = gs[i];
    if (g) return g;
    if (o.numel !== 1) throw pyError("RuntimeError", "grad can be implicitly created only for scalar outputs");
    return ones_like(o);
  });
}

/** What Tensor.register_hook returns: `handle.remove()` unregisters the hook. */
export class RemovableHandle {
  constructor(readonly remove: () => void) {}
}

export const T_RemovableHandle = nativeClass({
  name: "RemovableHandle",
  module: "torch.utils.hooks",
  jsClass: RemovableHandle,
  methods: { remove: ["remove()", (h: RemovableHandle) => void h.remove()] },
});

export function autogradModule(): Record<string, any> {
  return {
    grad: builtin(
      "grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=False)",
      async (a) => {
        const outs = tensorList(a.outputs, "grad");
        const inputs = tensorList(a.inputs, "grad");
        const r = await runBackwardAsync(outs, rootGrads(outs, a.grad_outputs), {
          retainGraph: !!(a.retain_graph ?? a.create_graph),
          createGraph: !!a.create_graph,
          inputs,
          allowUnused: !!a.allow_unused,
        });
        return new PyTuple(r.map((g) => g ?? null));
      },
    ),
    backward: builtin(
      "backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None)",
      async (a) => {
        const outs = tensorList(a.tensors, "backward");
        await runBackwardAsync(outs, rootGrads(outs, a.grad_tensors), {
          retainGraph: !!(a.retain_graph ?? a.create_graph),
          createGraph: !!a.create_graph,
          accumulateOnly: a.inputs === null ? undefined : tensorList(a.inputs, "backward"),
        });
      },
    ),
  };
}

// torch.optim bindings over runtime/optim (SGD, Adam).

import { argFloat, builtin, nativeClass, PyModule, PyTuple, registerModule, toArray } from "../runtime/binding.ts";
import { Optimizer } from "../../runtime/optim/optimizer.ts";
import { SGD } from "../../runtime/optim/sgd.ts";
import { Adam } from "../../runtime/optim/adam.ts";

const params = async (x: any) => [...await toArray(x)];
const f = (x: any, name: string) => argFloat(x, "optimizer", name);

const T_Optimizer = nativeClass({
  name: "Optimizer",
  module: "torch.optim.optimizer",
  jsClass: Optimizer,
  methods: {
    zero_grad: ["zero_grad(set_to_none=False)", (s: Optimizer<any>, a) => s.zeroGrad(!!a.set_to_none)],
    step: ["step(closure=None)", (s: Optimizer<any>) => s.step()],
  },
});

const sgd = builtin(
  "SGD(params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False)",
  async (a) =>
    new SGD(await params(a.params), {
      lr: f(a.lr, "lr"),
      momentum: f(a.momentum, "momentum"),
      dampening: f(a.dampening, "dampening"),
      weight_decay: f(a.weight_decay, "weight_decay"),
      nesterov: !!a.nesterov,
    }),
);

const adam = builtin(
  "Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False)",
  async (a) => {
    const b = a.betas instanceof PyTuple ? a.betas.items : a.betas;
    return new Adam(await params(a.params), {
      lr: f(a.lr, "lr"),
      betas: [f(b[0], "betas"), f(b[1], "betas")],
      eps: f(a.eps, "eps"),
      weight_decay: f(a.weight_decay, "weight_decay"),
      amsgrad: !!a.amsgrad,
    });
  },
);

const T_SGD = nativeClass({ name: "SGD", module: "torch.optim.sgd", jsClass: SGD, base: T_Optimizer });
const T_Adam = nativeClass({ name: "Adam", module: "torch.optim.adam", jsClass: Adam, base: T_Optimizer });

let optim: PyModule | null = null;

/** The torch.optim module, created once. */
export function optimModule(): PyModule {
  if (optim) return optim;
  optim = new PyModule("torch.optim");
  Object.assign(optim.$d, { Optimizer: T_Optimizer, SGD: sgd, Adam: adam, _SGD: T_SGD, _Adam: T_Adam });
  const m = optim;
  registerModule("torch.optim", () => m);
  return m;
}

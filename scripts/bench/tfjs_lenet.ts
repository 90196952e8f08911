// The tfjs peer of lenet.tsl: the same LeNet-5 (1 input channel, 28x28, fc1 16*4*4), batch 64,
// SGD momentum 0.9, softmax cross-entropy, random data, on tfjs-backend-webgpu. Built from
// tfjs-core ops (no tfjs-layers), as ../shared/peers/tfjs_lenet.ts measured it with layers.
// tfjs-core's npm build does not register gradients (the @tensorflow/tfjs bundle does, but it
// weighs ~100 MB), so the six this net needs are registered here with tfjs's own backward kernels.
// usage: deno run -A scripts/bench/tfjs_lenet.ts [timed_steps=20] [warm_steps=3] [batch=64]
// Prints "img/s N" (as lenet.tsl does) after "adapter ..." and "loss ...".

import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-webgpu";

registerGradients();

const [steps, warm, batch] = [20, 3, 64].map((d, i) => Number(Deno.args[i] ?? d));

if (!Deno.env.get("XDG_RUNTIME_DIR")) Deno.env.set("XDG_RUNTIME_DIR", Deno.makeTempDirSync());
if (!(await tf.setBackend("webgpu"))) {
  console.log("img/s failed: tfjs-backend-webgpu found no adapter");
  Deno.exit(1);
}
await tf.ready();
const adapter = await navigator.gpu.requestAdapter();
console.log(`adapter ${adapter?.info.description || adapter?.info.vendor || "unknown"}`);

// PyTorch's default init bound for conv and linear weights and biases: 1/sqrt(fan_in).
const param = (shape: number[], fanIn: number) =>
  tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
const w1 = param([5, 5, 1, 6], 25), b1 = param([6], 25);
const w2 = param([5, 5, 6, 16], 150), b2 = param([16], 150);
const w3 = param([256, 120], 256), b3 = param([120], 256);
const w4 = param([120, 84], 120), b4 = param([84], 120);
const w5 = param([84, 10], 84), b5 = param([10], 84);

function forward(x: tf.Tensor4D): tf.Tensor2D {
  const pool = (t: tf.Tensor4D) => tf.maxPool(t, 2, 2, "valid");
  let h = pool(tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, "valid"), b1)));
  h = pool(tf.relu(tf.add(tf.conv2d(h, w2 as tf.Tensor4D, 1, "valid"), b2)));
  const f = tf.reshape(h, [batch, 256]);
  const h3 = tf.relu(tf.add(tf.matMul(f, w3 as tf.Tensor2D), b3));
  const h4 = tf.relu(tf.add(tf.matMul(h3, w4 as tf.Tensor2D), b4));
  return tf.add(tf.matMul(h4, w5 as tf.Tensor2D), b5);
}

const x = tf.randomNormal([batch, 28, 28, 1]) as tf.Tensor4D;
const y = tf.oneHot(tf.randomUniform([batch], 0, 10, "int32") as tf.Tensor1D, 10);
/** Mean softmax cross-entropy with its gradient (softmax - y) / batch, as tfjs's own loss computes it. */
const crossEntropy = tf.customGrad(
  ((logits: tf.Tensor, labels: tf.Tensor, save: tf.GradSaveFunc) => {
    save([tf.softmax(logits as tf.Tensor2D), labels]);
    const value = tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits as tf.Tensor2D)), 1)));
    return {
      value: value as tf.Scalar,
      gradFunc: (dy: tf.Tensor, [p, t]: tf.Tensor[]) => [tf.mul(dy, tf.div(tf.sub(p, t), batch)), tf.zerosLike(t)],
    };
  }) as any,
); // tfjs types customGrad's arguments as Tensor | GradSaveFunc

const opt = tf.train.momentum(0.01, 0.9);

/** The seed's loop reads the loss every step (running_loss += loss.item()). */
async function train(n: number): Promise<number> {
  let running = 0;
  for (let i = 0; i < n; i++) {
    const loss = opt.minimize(() => crossEntropy(forward(x), y) as tf.Scalar, true)!;
    running += (await loss.data())[0];
    loss.dispose();
  }
  return running / n;
}

await train(warm); // compiles the shaders
const start = performance.now();
const avg = await train(steps);
const seconds = (performance.now() - start) / 1000;
console.log(`loss ${avg.toFixed(4)}`);
console.log(`img/s ${(batch * steps / seconds).toFixed(1)}`);

function registerGradients(): void {
  const run = (name: string, inputs: object, attrs: object = {}) =>
    tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
  const unbroadcast = (dy: tf.Tensor, shape: number[]) => {
    const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
    return axes.length ? tf.reshape(tf.sum(dy, axes), shape) : dy;
  };
  tf.registerGradient({
    kernelName: "Conv2D",
    inputsToSave: ["x", "filter"],
    gradFunc: (dy, [x, filter], a) => ({
      x: () => run("Conv2DBackpropInput", { dy, filter }, { ...a, inputShape: x.shape }),
      filter: () => run("Conv2DBackpropFilter", { x, dy }, { ...a, filterShape: filter.shape }),
    }),
  });
  tf.registerGradient({
    kernelName: "MaxPool",
    inputsToSave: ["x"],
    outputsToSave: [true],
    gradFunc: (dy, [x, y], a) => ({
      x: () => run("MaxPoolGrad", { dy, input: x, output: y }, a),
    }),
  });
  tf.registerGradient({
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.step(x)) }),
  });
  tf.registerGradient({
    kernelName: "Add",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, [a, b]) => ({
      a: () => unbroadcast(dy as tf.Tensor, a.shape),
      b: () => unbroadcast(dy as tf.Tensor, b.shape),
    }),
  });
  tf.registerGradient({
    kernelName: "BatchMatMul",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, [a, b]) => ({ // the net multiplies untransposed operands only
      a: () => tf.matMul(dy as tf.Tensor, b, false, true),
      b: () => tf.matMul(a, dy as tf.Tensor, true, false),
    }),
  });
  tf.registerGradient({
    kernelName: "Reshape",
    inputsToSave: ["x"],
    gradFunc: (dy, [x]) => ({ x: () => tf.reshape(dy as tf.Tensor, x.shape) }),
  });
}

// WebGPU kernels of the fused optimizer ops (runtime/ops/fused_optim.ts): whole SGD or Adam/AdamW
// updates in place, one invocation per element, several contiguous parameters per dispatch (as many
// as the adapter's storage-binding limit and the meta block allow: 10 for SGD on lavapipe's 32
// bindings, 14 on real GPUs). Hyperparameters travel in the meta block (f32 bits, flags as a u32),
// so one pipeline serves every step. The arithmetic is the CPU kernel's (kernels/cpu/fused_optim.ts) in f32.

import type { View } from "../backend.ts";
import { adamGroupSize, type FusedAdamParams, type FusedSgdParams } from "../../runtime/ops/fused_optim.ts";
import { isContiguous, numelOf } from "../../runtime/shape.ts";
import { storageOf, webgpuKernels } from "./backend.ts";
import { gpuDevice, isRealGpu } from "./device.ts";
import { dispatch } from "./queue.ts";
import { type KernelSource, OPAQUE_WORD } from "./pipelines.ts";
import { grid, meta, paramBase, WG, WGSL_LINEAR_ENTRY, wgslOffsets, writeStrided } from "./strided.ts";

const MAXIMIZE = 1, NESTEROV = 2, FIRST = 4, WEIGHT_DECAY = 8, AMSGRAD = 16, DECOUPLED = 32;

const sources = new Map<string, KernelSource>();

function cached(key: string, wgsl: (header: string) => string, vec4?: boolean[]): KernelSource {
  let src = sources.get(key);
  if (!src) sources.set(key, src = { key, wgsl, vec4 });
  return src;
}

/**
 * One element's SGD update of `p` and `buf` (vars) from `g`: hyperparameters lr, momentum,
 * 1 - dampening, weight_decay and the flags in meta words `at`..`at + 4`; `first` says the buffer is new.
 */
const sgdUpdate = (at: number, first: string) =>
  `let flags = mu(${at + 4}u);
  var d = g;
  if ((flags & ${MAXIMIZE}u) != 0u) { d = -d; }
  if ((flags & ${WEIGHT_DECAY}u) != 0u) { d = d + mf(${at + 3}u) * p; }
  if (${first}) { buf = d; } else { buf = buf * mf(${at + 1}u) + mf(${at + 2}u) * d; }
  if ((flags & ${NESTEROV}u) != 0u) { d = d + mf(${at + 1}u) * buf; } else { d = buf; }
  p = p + (-mf(${at}u)) * d;`;

/** One parameter with any strides: b0 param, b1 grad, b2 momentum buffer, addressed as strided.ts does. */
function sgdStridedSource(flat: boolean): KernelSource {
  const k = paramBase(3);
  return cached(`fused_sgd:${flat ? "flat" : "nd"}`, (header) =>
    `${header}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(3, flat)}
  var p = b0[o0]; let g = b1[o1]; var buf = b2[o2];
  ${sgdUpdate(k, `(mu(${k + 4}u) & ${FIRST}u) != 0u`)}
  b0[o0] = p; b2[o2] = buf;
}`);
}

// The multi-parameter kernel's meta: total invocations, the five SGD words, the FIRST bit of each
// parameter, then each parameter's end (cumulative invocation count, padded to whole workgroups),
// its element count and its three operands' offsets.
const SGD_AT = 1, FIRST_MASK = 6, ENDS = 7;
/** Parameters per multi-parameter dispatch: the meta block's room (7 + 5 words each) and a 32-bit mask. */
const SGD_META_MAX = Math.floor((OPAQUE_WORD - ENDS) / 5);

/**
 * `n` contiguous parameters in one dispatch: b{3t} param t, b{3t+1} its grad, b{3t+2} its buffer.
 * Each parameter starts on a workgroup boundary, so the parameter (and the switch that loads and
 * stores it: WGSL cannot index bindings) is uniform across a workgroup. lavapipe runs a workgroup
 * as SIMD lanes and executes every switch arm that any lane takes: with parameters packed
 * back to back, a divergent switch made this kernel ~3x slower than a dispatch per parameter.
 */
function sgdMultiSource(n: number): KernelSource {
  const counts = ENDS + n, offs = ENDS + 2 * n;
  const cases = (body: (t: number) => string) =>
    `switch t {\n${[...Array(n).keys()].map((t) => `    case ${t}u: { ${body(t)} }`).join("\n")}\n    default: {}\n  }`;
  const at = (t: number, k: number) => `mu(${offs + 3 * t + k}u) + j`;
  return cached(`fused_sgd:multi${n}`, (header) =>
    `${header}
${WGSL_LINEAR_ENTRY}
  var t = 0u;
  loop { if (t + 1u >= ${n}u || i < mu(${ENDS}u + t)) { break; } t = t + 1u; }
  var j = i;
  if (t > 0u) { j = i - mu(${ENDS - 1}u + t); }
  if (j >= mu(${counts}u + t)) { return; }
  var p = 0.0; var g = 0.0; var buf = 0.0;
  ${cases((t) => `p = b${3 * t}[${at(t, 0)}]; g = b${3 * t + 1}[${at(t, 1)}]; buf = b${3 * t + 2}[${at(t, 2)}];`)}
  ${sgdUpdate(SGD_AT, `((mu(${FIRST_MASK}u) >> t) & 1u) != 0u`)}
  ${cases((t) => `b${3 * t}[${at(t, 0)}] = p; b${3 * t + 2}[${at(t, 2)}] = buf;`)}
}`);
}

/**
 * One element's Adam update of vars p, m, v (and vmax with amsgrad) from `g`: meta words `at`..`at + 9`
 * hold -step_size, beta1, 1 - beta1, beta2, 1 - beta2, eps, sqrt(bias_correction2), weight_decay,
 * 1 - lr * weight_decay and the flags.
 */
const adamUpdate = (at: number, amsgrad: boolean) =>
  `let flags = mu(${at + 9}u);
  if ((flags & ${MAXIMIZE}u) != 0u) { g = -g; }
  if ((flags & ${DECOUPLED}u) != 0u) { p = p * mf(${at + 8}u); }
  else if ((flags & ${WEIGHT_DECAY}u) != 0u) { g = g + mf(${at + 7}u) * p; }
  m = m * mf(${at + 1}u) + mf(${at + 2}u) * g;
  v = v * mf(${at + 3}u) + (mf(${at + 4}u) * g) * g;
  ${amsgrad ? "vmax = max(vmax, v);\n  let second = vmax;" : "let second = v;"}
  let denom = sqrt(second) / mf(${at + 6}u) + mf(${at + 5}u);
  p = p + (mf(${at}u) * m) / denom;`;

/** Operand roles of one parameter's group: p, g, m, v, then vmax and the step tensor where present. */
function adamRoles(amsgrad: boolean, steps: boolean): string[] {
  return ["p", "g", "m", "v", ...(amsgrad ? ["vmax"] : []), ...(steps ? ["step"] : [])];
}

/** One parameter with any strides (its operands in adamRoles order, addressed as strided.ts does). */
function adamStridedSource(flat: boolean, amsgrad: boolean, steps: boolean): KernelSource {
  const roles = adamRoles(amsgrad, steps);
  const k = paramBase(roles.length);
  const values = roles.filter((r) => r !== "step");
  return cached(`fused_adam:${flat ? "flat" : "nd"}:${amsgrad}:${steps}`, (header) =>
    `${header}
${WGSL_LINEAR_ENTRY}
${wgslOffsets(roles.length, flat)}
  ${values.map((r, b) => `var ${r} = b${b}[o${b}];`).join(" ")}
  ${adamUpdate(k, amsgrad)}
  ${values.filter((r) => r !== "g").map((r) => `b${roles.indexOf(r)}[o${roles.indexOf(r)}] = ${r};`).join(" ")}
  ${steps ? `if (i == 0u) { b${roles.length - 1}[o${roles.length - 1}] += 1.0; }` : ""}
}`);
}

// The multi-parameter Adam kernel's meta: total elements, the ten Adam words, each parameter's end
// (cumulative element count), then its operands' offsets.
const ADAM_AT = 1, ADAM_ENDS = 11;

/** `n` contiguous parameters of equal step in one dispatch, each with its operands in adamRoles order. */
function adamMultiSource(n: number, amsgrad: boolean, steps: boolean): KernelSource {
  const roles = adamRoles(amsgrad, steps), per = roles.length;
  const offs = ADAM_ENDS + n;
  const at = (t: number, r: string) => `mu(${offs + per * t + roles.indexOf(r)}u) + j`;
  const buf = (t: number, r: string) => `b${per * t + roles.indexOf(r)}`;
  const cases = (body: (t: number) => string) =>
    `switch t {\n${[...Array(n).keys()].map((t) => `    case ${t}u: { ${body(t)} }`).join("\n")}\n    default: {}\n  }`;
  const values = roles.filter((r) => r !== "step");
  return cached(`fused_adam:multi${n}:${amsgrad}:${steps}`, (header) =>
    `${header}
${WGSL_LINEAR_ENTRY}
  var t = 0u;
  loop { if (t + 1u >= ${n}u || i < mu(${ADAM_ENDS}u + t)) { break; } t = t + 1u; }
  var j = i;
  if (t > 0u) { j = i - mu(${ADAM_ENDS - 1}u + t); }
  ${values.map((r) => `var ${r} = 0.0;`).join(" ")}
  ${cases((t) => values.map((r) => `${r} = ${buf(t, r)}[${at(t, r)}];`).join(" "))}
  ${adamUpdate(ADAM_AT, amsgrad)}
  ${
      cases((t) =>
        values.filter((r) => r !== "g").map((r) => `${buf(t, r)}[${at(t, r)}] = ${r};`).join(" ") +
        (steps ? ` if (j == 0u) { ${buf(t, "step")}[mu(${offs + per * t + per - 1}u)] += 1.0; }` : "")
      )
    }
}`);
}

function sgdFlags(o: FusedSgdParams): number {
  return (o.maximize ? MAXIMIZE : 0) | (o.nesterov ? NESTEROV : 0) | (o.weight_decay !== 0 ? WEIGHT_DECAY : 0);
}

/**
 * One contiguous parameter with numel and offsets multiples of 4, as vec4s: on lavapipe each scalar
 * load is a per-lane gather, so this quarters the loads of the large parameters that go alone.
 * Meta: vec4 count, the three offsets, then the five SGD words.
 */
const SGD_VEC4_AT = 4;
const sgdVec4Source = () =>
  cached(
    "fused_sgd:vec4",
    (header) =>
      `${header}
${WGSL_LINEAR_ENTRY}
  let o0 = mu(1u) / 4u + i; let o1 = mu(2u) / 4u + i; let o2 = mu(3u) / 4u + i;
  var p = b0[o0]; let g = b1[o1]; var buf = b2[o2];
  ${sgdUpdate(SGD_VEC4_AT, `(mu(${SGD_VEC4_AT + 4}u) & ${FIRST}u) != 0u`)}
  b0[o0] = p; b2[o2] = buf;
}`,
    [true, true, true],
  );

function sgdVec4Able(group: readonly View[]): boolean {
  return numelOf(group[0].shape) % 4 === 0 &&
    group.every((v) => v.offset % 4 === 0 && isContiguous(v.shape, v.strides));
}

function sgdVec4(group: readonly View[], o: FusedSgdParams, first: boolean): void {
  const n4 = numelOf(group[0].shape) / 4;
  meta.reset(SGD_VEC4_AT + 5);
  meta.u32.set([n4, ...group.map((v) => v.offset)], 0);
  meta.f32.set([o.lr, o.momentum, 1 - o.dampening, o.weight_decay], SGD_VEC4_AT);
  meta.u32[SGD_VEC4_AT + 4] = sgdFlags(o) | (first ? FIRST : 0);
  const [p, g, b] = group.map(storageOf);
  const bindings = [{ storage: p, write: true }, { storage: g }, { storage: b, write: true }];
  dispatch(sgdVec4Source(), bindings, meta.words(), grid(n4));
}

function sgdStrided(group: readonly View[], o: FusedSgdParams, first: boolean): void {
  if (sgdVec4Able(group)) return sgdVec4(group, o, first);
  const { flat, numel } = writeStrided(meta, group[0].shape, group, 5);
  if (numel === 0) return;
  const k = paramBase(3);
  meta.f32.set([o.lr, o.momentum, 1 - o.dampening, o.weight_decay], k);
  meta.u32[k + 4] = sgdFlags(o) | (first ? FIRST : 0);
  const [p, g, b] = group.map(storageOf);
  const bindings = [{ storage: p, write: true }, { storage: g }, { storage: b, write: true }];
  dispatch(sgdStridedSource(flat), bindings, meta.words(), grid(numel));
}

/** Contiguous parameters with distinct storages (views [p, g, buf] each) in one dispatch. */
function sgdMulti(groups: { views: readonly View[]; first: boolean }[], o: FusedSgdParams): void {
  const n = groups.length;
  meta.reset(ENDS + 5 * n);
  meta.f32.set([o.lr, o.momentum, 1 - o.dampening, o.weight_decay], SGD_AT);
  meta.u32[SGD_AT + 4] = sgdFlags(o);
  let total = 0;
  groups.forEach(({ views, first }, t) => {
    const numel = numelOf(views[0].shape);
    total += Math.ceil(numel / WG) * WG;
    meta.u32[ENDS + t] = total;
    meta.u32[ENDS + n + t] = numel;
    if (first) meta.u32[FIRST_MASK] |= 1 << t;
    views.forEach((v, k) => (meta.u32[ENDS + 2 * n + 3 * t + k] = v.offset));
  });
  meta.u32[0] = total;
  const bindings = groups.flatMap(({ views }) => views.map((v, k) => ({ storage: storageOf(v), write: k !== 1 })));
  dispatch(sgdMultiSource(n), bindings, meta.words(), grid(total));
}

let sgdBatchOverride: number | undefined;
/** Fixes how many SGD parameters share a dispatch (tests, tuning); undefined restores the choice. */
export function setFusedSgdBatch(n: number | undefined): void {
  sgdBatchOverride = n;
}

/** lavapipe: parameters of at least this many elements get a dispatch of their own. */
const SGD_ALONE = 1024;

/**
 * Real GPUs update as many SGD parameters per dispatch as the bindings and meta allow. On lavapipe
 * the multi kernel costs every element all its switch arms (run under a lane mask even when the
 * workgroup is uniform): LeNet's 10 parameters took 2.2-2.6 ms in one dispatch, 1.0 ms in ten
 * (TSL_PROFILE_KERNELS=1 scripts/bench/lenet.ts). So there large parameters go alone and only the
 * small ones (biases: a few hundred elements) share a dispatch, saving most dispatches' overhead.
 */
function sgdBatching(inputs: readonly View[]): { perDispatch: number; alone: (index: number) => boolean } {
  const most = Math.min(SGD_META_MAX, Math.floor(gpuDevice().limits.maxStorageBuffersPerShaderStage / 3));
  if (sgdBatchOverride !== undefined) return { perDispatch: Math.min(most, sgdBatchOverride), alone: () => false };
  if (isRealGpu()) return { perDispatch: most, alone: () => false };
  return { perDispatch: most, alone: (k) => numelOf(inputs[3 * k].shape) >= SGD_ALONE };
}

webgpuKernels.register("_fused_sgd", (inputs: readonly View[], _out: readonly View[], o: FusedSgdParams) => {
  const { perDispatch, alone } = sgdBatching(inputs);
  batchContiguous(inputs, 3, perDispatch, () => 0, {
    alone,
    strided: (group, k) => sgdStrided(group, o, o.first[k]),
    together: (groups, indices) => sgdMulti(groups.map((views, t) => ({ views, first: o.first[indices[t]] })), o),
  });
});

/**
 * Splits the parameter groups (`per` operands each) into dispatches: contiguous ones together, up to
 * `perDispatch` with distinct storages and the same `key` (Adam's step); strided ones (rare:
 * parameters are made contiguous) and those `alone` says one by one. Callbacks get the parameters' indices.
 */
function batchContiguous(
  inputs: readonly View[],
  per: number,
  perDispatch: number,
  key: (index: number) => number,
  run: {
    /** Parameters to dispatch one by one (through `strided`) even when contiguous. */
    alone?: (index: number) => boolean;
    strided: (group: readonly View[], index: number) => void;
    together: (groups: (readonly View[])[], indices: number[]) => void;
  },
): void {
  let batch: (readonly View[])[] = [], indices: number[] = [];
  const storages = new Set<unknown>();
  const send = () => {
    if (batch.length) run.together(batch, indices);
    batch = [];
    indices = [];
    storages.clear();
  };
  for (let k = 0; k * per < inputs.length; k++) {
    const group = inputs.slice(k * per, (k + 1) * per);
    if (numelOf(group[0].shape) === 0) continue;
    if (perDispatch < 2 || run.alone?.(k) || !group.every((v) => isContiguous(v.shape, v.strides))) {
      run.strided(group, k);
      continue;
    }
    const full = batch.length === perDispatch || (batch.length > 0 && key(k) !== key(indices[0]));
    if (full || group.some((v) => storages.has(v.storage))) send();
    for (const v of group) storages.add(v.storage);
    batch.push(group);
    indices.push(k);
  }
  send();
}

/** The ten Adam meta words for `step` from word `at`. */
function adamWords(o: FusedAdamParams, step: number, at: number): void {
  meta.f32.set([
    -o.lr / (1 - o.beta1 ** step),
    o.beta1,
    1 - o.beta1,
    o.beta2,
    1 - o.beta2,
    o.eps,
    Math.sqrt(1 - o.beta2 ** step),
    o.weight_decay,
    1 - o.lr * o.weight_decay,
  ], at);
  meta.u32[at + 9] = (o.maximize ? MAXIMIZE : 0) | (o.amsgrad ? AMSGRAD : 0) | (o.decoupled ? DECOUPLED : 0) |
    (o.weight_decay !== 0 ? WEIGHT_DECAY : 0);
}

const adamBindings = (views: readonly View[]) => views.map((v, k) => ({ storage: storageOf(v), write: k !== 1 }));

function adamStrided(group: readonly View[], o: FusedAdamParams, step: number): void {
  // A step tensor (0-d) broadcasts to the parameter's shape: stride 0, its offset for every element.
  const { flat, numel } = writeStrided(meta, group[0].shape, group, 10);
  if (numel === 0) return;
  adamWords(o, step, paramBase(group.length));
  dispatch(adamStridedSource(flat, o.amsgrad, o.withStepTensors), adamBindings(group), meta.words(), grid(numel));
}

function adamMulti(groups: (readonly View[])[], o: FusedAdamParams, step: number): void {
  const n = groups.length, per = groups[0].length;
  meta.reset(ADAM_ENDS + n * (1 + per));
  adamWords(o, step, ADAM_AT);
  let total = 0;
  groups.forEach((views, t) => {
    total += numelOf(views[0].shape);
    meta.u32[ADAM_ENDS + t] = total;
    views.forEach((v, k) => (meta.u32[ADAM_ENDS + n + per * t + k] = v.offset));
  });
  meta.u32[0] = total;
  dispatch(adamMultiSource(n, o.amsgrad, o.withStepTensors), groups.flatMap(adamBindings), meta.words(), grid(total));
}

webgpuKernels.register("_fused_adam", (inputs: readonly View[], _out: readonly View[], o: FusedAdamParams) => {
  const per = adamGroupSize(o);
  const perDispatch = Math.min(
    Math.floor((OPAQUE_WORD - ADAM_ENDS) / (1 + per)),
    Math.floor(gpuDevice().limits.maxStorageBuffersPerShaderStage / per),
  );
  batchContiguous(inputs, per, perDispatch, (k) => o.steps[k], {
    strided: (group, k) => adamStrided(group, o, o.steps[k]),
    together: (groups, indices) => adamMulti(groups, o, o.steps[indices[0]]),
  });
});

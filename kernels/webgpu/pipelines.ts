// Compute pipelines and bind groups, each created once and cached. A kernel names its WGSL by a
// key (op, compute types, variant); shapes, strides, offsets and scalars never enter the WGSL but
// travel in the per-dispatch "meta" uniform (see queue.ts), so one pipeline serves every shape.
//
// Every pipeline has the same binding scheme: storage buffers b0..b{n-1} in the order the kernel
// lists its operands, then the meta uniform at binding n with a dynamic offset.

import { gpuDevice } from "./device.ts";
import type { WgslStorageType } from "./dtypes.ts";
import type { PooledBuffer } from "./pool.ts";

/** Words in one dispatch's meta block (256 bytes: WebGPU's usual uniform offset alignment). */
export const META_WORDS = 64;
/**
 * The meta block's last word is always 0. XOR-ing a value with it (f_opaque) hides the value's
 * origin from the shader compiler, which otherwise may simplify (a * (1 / b)) * b to a and so
 * defeat the exact-residual corrections of wgsl_math.ts.
 */
export const OPAQUE_WORD = META_WORDS - 1;

export interface KernelSource {
  /** Identifies the WGSL below; the binding types and access modes are added to it. */
  readonly key: string;
  /** The shader, given the binding declarations and meta accessors to put at its top. */
  readonly wgsl: (header: string) => string;
  /** Bindings declared as arrays of vec4 (vectorised loads; pooled buffers are 16-byte sized). */
  readonly vec4?: readonly boolean[];
}

export interface Pipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly layoutKey: string;
}

const layouts = new Map<string, GPUBindGroupLayout>();
const pipelines = new Map<string, Pipeline>();
const bindGroups = new Map<string, GPUBindGroup>();
const MAX_BIND_GROUPS = 4096;

/**
 * The pipeline for `src` with bindings of `types`. `writable[i]` says whether binding i is written;
 * read-only bindings are declared `read` so drivers may cache them. When one buffer is bound as
 * both input and output (in-place ops), WebGPU forbids mixing read-only and writable uses of it, so
 * the caller passes `allWritable` and every binding is declared read_write.
 */
export function getPipeline(
  src: KernelSource,
  types: readonly WgslStorageType[],
  writable: readonly boolean[],
): Pipeline {
  const access = writable.map((w) => (w ? "w" : "r")).join("");
  const key = `${src.key}|${types.join(",")}|${access}`;
  let p = pipelines.get(key);
  if (p) return p;
  const device = gpuDevice();
  const layout = bindGroupLayout(access);
  const header = wgslHeader(types, writable, src.vec4);
  const module = device.createShaderModule({ label: key, code: src.wgsl(header) });
  const pipeline = device.createComputePipeline({
    label: key,
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: "main" },
  });
  p = { pipeline, layout, layoutKey: access };
  pipelines.set(key, p);
  return p;
}

function bindGroupLayout(access: string): GPUBindGroupLayout {
  let layout = layouts.get(access);
  if (layout) return layout;
  const entries: GPUBindGroupLayoutEntry[] = [...access].map((a, binding) => ({
    binding,
    visibility: GPUShaderStage.COMPUTE,
    buffer: { type: a === "w" ? "storage" : "read-only-storage" },
  }));
  entries.push({
    binding: access.length,
    visibility: GPUShaderStage.COMPUTE,
    buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: META_WORDS * 4 },
  });
  layout = gpuDevice().createBindGroupLayout({ entries });
  layouts.set(access, layout);
  return layout;
}

/** Binding declarations, mu/mi/mf(i) (meta word i as u32, i32 or f32) and f_opaque. */
function wgslHeader(
  types: readonly WgslStorageType[],
  writable: readonly boolean[],
  vec4?: readonly boolean[],
): string {
  const decls = types.map((t, i) =>
    `@group(0) @binding(${i}) var<storage, ${writable[i] ? "read_write" : "read"}> b${i}: array<${
      vec4?.[i] ? `vec4<${t}>` : t
    }>;`
  );
  return `${decls.join("\n")}
@group(0) @binding(${types.length}) var<uniform> params: array<vec4<u32>, ${META_WORDS / 4}>;
fn mu(i: u32) -> u32 { return params[i / 4u][i % 4u]; }
fn mi(i: u32) -> i32 { return bitcast<i32>(mu(i)); }
fn mf(i: u32) -> f32 { return bitcast<f32>(mu(i)); }
fn f_opaque(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) ^ mu(${OPAQUE_WORD}u)); }
`;
}

/** The bind group of `buffers` (plus the meta arena) for `p`, cached by buffer identity. */
export function getBindGroup(p: Pipeline, buffers: readonly PooledBuffer[], meta: GPUBuffer): GPUBindGroup {
  let key = p.layoutKey;
  for (const b of buffers) key += `,${b.id}`;
  let bg = bindGroups.get(key);
  if (bg) return bg;
  // The cache only saves creation time; dropping it all when full keeps it simple and bounded.
  if (bindGroups.size >= MAX_BIND_GROUPS) bindGroups.clear();
  const entries: GPUBindGroupEntry[] = buffers.map((b, binding) => ({ binding, resource: { buffer: b.buffer } }));
  entries.push({ binding: buffers.length, resource: { buffer: meta, offset: 0, size: META_WORDS * 4 } });
  bg = gpuDevice().createBindGroup({ layout: p.layout, entries });
  bindGroups.set(key, bg);
  return bg;
}

/** Forgets bind groups (after buffers were destroyed, or the meta arena replaced). */
export function clearBindGroups(): void {
  bindGroups.clear();
}

/** How many pipelines were compiled (tests check that shapes do not add pipelines). */
export const pipelineCount = (): number => pipelines.size;

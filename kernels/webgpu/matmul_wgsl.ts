// WGSL for batched strided matrix products C = A · B (plus addmm's epilogue). Register-blocked:
// each invocation computes TM × TN outputs, so every loaded element is used TM or TN times. No
// workgroup memory: on lavapipe (CPU threads) tiling through workgroup memory measured 2-4×
// slower than this, so the tile sizes are parameters picked per adapter (see matmul.ts).
//
// Four layouts: "nn" (A and B row-major, vec4 loads along K and N), "nt" (B column-major,
// i.e. a transposed weight, vec4 loads along K of both), "tn" (A column-major, i.e. a transposed
// activation in a weight gradient: vec4 loads along M of A and N of B, an outer product per k),
// and "any" (scalar strided loads, any strides and dtypes). Rows and columns past the edge are clamped on load and skipped on store.

/** Meta words (see matmul.ts's writeMeta). */
export const MM = {
  M: 0,
  K: 1,
  N: 2,
  B_NDIM: 3,
  B_SHAPE: 4,
  A_BATCH: 8,
  B_BATCH: 12,
  C_BATCH: 16,
  A: 20, // offset, row stride, column stride
  B: 23,
  C: 26,
  BATCH_BASE: 29,
  ALPHA: 30,
  BETA: 31,
  I: 32, // addmm's input: offset, row stride, column stride (0 where broadcast)
} as const;
export const MAX_BATCH_DIMS = 4;

export interface Tile {
  /** Output rows and columns per invocation (TN a multiple of 4). */
  tm: number;
  tn: number;
  /** Workgroup size in columns (x) and rows (y). */
  wx: number;
  wy: number;
}

export type MatmulLayout = "nn" | "nt" | "tn" | "any";

export interface MatmulShader {
  layout: MatmulLayout;
  tile: Tile;
  /** Compute type ("i32" only for the "any" layout). */
  t: "f32" | "i32";
  /** WGSL converting a stored A or B element `v` to the compute type. */
  load: (v: string) => string;
  /** WGSL converting the result `v` for C's storage. */
  store: (v: string) => string;
  addmm: boolean;
}

const range = (n: number) => [...Array(n).keys()];

const PRELUDE = `
fn batch_offsets(b: u32) -> vec3<u32> {
  var rem = b;
  var at = vec3<u32>(mu(${MM.A}u), mu(${MM.B}u), mu(${MM.C}u));
  for (var d = i32(mu(${MM.B_NDIM}u)) - 1; d >= 0; d--) {
    let ud = u32(d);
    let size = mu(${MM.B_SHAPE}u + ud);
    let q = rem / size;
    let i = rem - q * size;
    rem = q;
    at += i * vec3<u32>(mu(${MM.A_BATCH}u + ud), mu(${MM.B_BATCH}u + ud), mu(${MM.C_BATCH}u + ud));
  }
  return at;
}`;

/** The value stored at (row, col): the product, or addmm's beta * input + alpha * product. */
function epilogue(s: MatmulShader, acc: string, row: string, col: string): string {
  if (!s.addmm) return s.store(acc);
  const input = `${s.load(`b3[mu(${MM.I}u) + ${row} * mu(${MM.I + 1}u) + ${col} * mu(${MM.I + 2}u)]`)}`;
  const alpha = s.t === "f32" ? `mf(${MM.ALPHA}u)` : `mi(${MM.ALPHA}u)`;
  const beta = s.t === "f32" ? `mf(${MM.BETA}u)` : `mi(${MM.BETA}u)`;
  // beta == 0 ignores the input entirely (NaN there does not propagate), as PyTorch does.
  return s.store(`select(${beta} * ${input} + ${alpha} * ${acc}, ${alpha} * ${acc}, ${beta} == ${s.t}(0))`);
}

function stores(s: MatmulShader, value: (r: number, c: number) => string): string {
  const { tm, tn } = s.tile;
  return range(tm).flatMap((r) =>
    range(tn).map((c) => {
      const row = `(row0 + ${r}u)`, col = `(col0 + ${c}u)`;
      return `  if (${row} < M && ${col} < N) { b2[off.z + ${row} * crs + ${col} * ccs] = ${
        epilogue(s, value(r, c), row, col)
      }; }`;
    })
  ).join("\n");
}

function body(s: MatmulShader): string {
  const { tm, tn } = s.tile;
  const tn4 = tn / 4;
  const rowBase = (r: number, unit: string) => `  let ar${r} = (off.x + min(row0 + ${r}u, M - 1u) * ars)${unit};`;
  if (s.layout === "any") {
    const fma = (a: string, b: string, c: string) => (s.t === "f32" ? `fma(${a}, ${b}, ${c})` : `${c} + ${a} * ${b}`);
    return `${range(tm).map((r) => rowBase(r, "")).join("\n")}
${range(tn).map((c) => `  let bc${c} = off.y + min(col0 + ${c}u, N - 1u) * bcs;`).join("\n")}
${range(tm).flatMap((r) => range(tn).map((c) => `  var acc${r}_${c} = ${s.t}(0);`)).join("\n")}
  for (var k = 0u; k < K; k++) {
${range(tm).map((r) => `    let a${r} = ${s.load(`b0[ar${r} + k * acs]`)};`).join("\n")}
${range(tn).map((c) => `    let v${c} = ${s.load(`b1[bc${c} + k * brs]`)};`).join("\n")}
${
      range(tm).flatMap((r) => range(tn).map((c) => `    acc${r}_${c} = ${fma(`a${r}`, `v${c}`, `acc${r}_${c}`)};`))
        .join("\n")
    }
  }
${stores(s, (r, c) => `acc${r}_${c}`)}`;
  }
  if (s.layout === "nt") {
    return `${range(tm).map((r) => rowBase(r, " / 4u")).join("\n")}
${range(tn).map((c) => `  let bc${c} = (off.y + min(col0 + ${c}u, N - 1u) * bcs) / 4u;`).join("\n")}
${range(tm).flatMap((r) => range(tn).map((c) => `  var acc${r}_${c} = 0.0;`)).join("\n")}
  for (var k4 = 0u; k4 < K / 4u; k4++) {
${range(tm).map((r) => `    let a${r} = b0[ar${r} + k4];`).join("\n")}
${range(tn).map((c) => `    let v${c} = b1[bc${c} + k4];`).join("\n")}
${range(tm).flatMap((r) => range(tn).map((c) => `    acc${r}_${c} += dot(a${r}, v${c});`)).join("\n")}
  }
${stores(s, (r, c) => `acc${r}_${c}`)}`;
  }
  if (s.layout === "tn") {
    // A columns are read as vec4 along M and B rows as vec4 along N (M and N multiples of 4).
    const tm4 = tm / 4;
    return `  let aa = off.x / 4u;
  let acs4 = acs / 4u;
  let bb = off.y / 4u;
  let brs4 = brs / 4u;
${range(tm4).map((p) => `  let r${p} = min(row0 / 4u + ${p}u, M / 4u - 1u);`).join("\n")}
${range(tn4).map((q) => `  let c${q} = min(col0 / 4u + ${q}u, N / 4u - 1u);`).join("\n")}
${range(tm).flatMap((r) => range(tn4).map((q) => `  var acc${r}_${q} = vec4<f32>(0.0);`)).join("\n")}
  for (var k = 0u; k < K; k++) {
${range(tm4).map((p) => `    let a${p} = b0[aa + k * acs4 + r${p}];`).join("\n")}
${range(tn4).map((q) => `    let v${q} = b1[bb + k * brs4 + c${q}];`).join("\n")}
${
      range(tm).flatMap((r) =>
        range(tn4).map((q) =>
          `    acc${r}_${q} = fma(vec4<f32>(a${Math.floor(r / 4)}[${r % 4}]), v${q}, acc${r}_${q});`
        )
      ).join("\n")
    }
  }
${stores(s, (r, c) => `acc${r}_${Math.floor(c / 4)}[${c % 4}]`)}`;
  }
  // nn: B rows are read as vec4 along N; N is a multiple of 4, so a vec4 never straddles rows.
  return `${range(tm).map((r) => rowBase(r, " / 4u")).join("\n")}
  let bb = off.y / 4u;
  let brs4 = brs / 4u;
${range(tn4).map((q) => `  let c${q} = min(col0 / 4u + ${q}u, N / 4u - 1u);`).join("\n")}
${range(tm).flatMap((r) => range(tn4).map((q) => `  var acc${r}_${q} = vec4<f32>(0.0);`)).join("\n")}
  for (var k4 = 0u; k4 < K / 4u; k4++) {
${range(tm).map((r) => `    let a${r} = b0[ar${r} + k4];`).join("\n")}
${
    range(4).map((j) =>
      `${range(tn4).map((q) => `    let v${j}_${q} = b1[bb + (k4 * 4u + ${j}u) * brs4 + c${q}];`).join("\n")}
${
        range(tm).flatMap((r) =>
          range(tn4).map((q) => `    acc${r}_${q} = fma(vec4<f32>(a${r}[${j}]), v${j}_${q}, acc${r}_${q});`)
        ).join("\n")
      }`
    ).join("\n")
  }
  }
${stores(s, (r, c) => `acc${r}_${Math.floor(c / 4)}[${c % 4}]`)}`;
}

/**
 * The complete shader after the binding header. The workgroup is flat (wx * wy invocations along
 * x): lavapipe spreads a workgroup's x dimension over its 8 SIMD lanes and loops over y, so a
 * 2×2 or 4×4 workgroup would fill only 2 or 4 lanes.
 */
export function matmulWgsl(s: MatmulShader): string {
  return `${PRELUDE}
@compute @workgroup_size(${s.tile.wx * s.tile.wy}, 1, 1)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let M = mu(${MM.M}u); let K = mu(${MM.K}u); let N = mu(${MM.N}u);
  let gx = wg.x * ${s.tile.wx}u + li % ${s.tile.wx}u;
  let gy = wg.y * ${s.tile.wy}u + li / ${s.tile.wx}u;
  let row0 = gy * ${s.tile.tm}u;
  let col0 = gx * ${s.tile.tn}u;
  if (row0 >= M || col0 >= N) { return; }
  let off = batch_offsets(wg.z + mu(${MM.BATCH_BASE}u));
  let ars = mu(${MM.A + 1}u); let acs = mu(${MM.A + 2}u);
  let brs = mu(${MM.B + 1}u); let bcs = mu(${MM.B + 2}u);
  let crs = mu(${MM.C + 1}u); let ccs = mu(${MM.C + 2}u);
${body(s)}
}`;
}

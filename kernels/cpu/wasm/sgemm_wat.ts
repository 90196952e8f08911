// The source of the float32 matrix-product WebAssembly module, as a generator of its text format
// (WAT). scripts/build_wasm.ts assembles it into sgemm_binary.ts; nothing imports this at run time.
//
// Why generated: the micro-kernel is a fully unrolled MR × NR block of accumulators that must stay
// in V8's 16 SIMD registers; writing its MR·NR/4 multiply-adds out by hand would be hundreds of
// repetitive lines, while the generator states the shape once.
//
// The module computes C = A · B on operands already packed by sgemm_pack.ts in linear memory (which
// it imports, shared, so a worker can run it on the same data):
//   packed A: row panels of MR rows, element (i, k) at ((i / MR) · K + k) · MR + i % MR
//   packed B: column panels of NR columns, element (k, j) at ((j / NR) · K + k) · NR + j % NR
//   C: Mp × Np row-major (both dims padded to whole panels, so no tile needs edge handling)
// Products accumulate in float32 one k at a time; between blocks of KC the running sums wait in C,
// so each element is a single sequential sum, as the reference BLAS computes it.

/** The register block: MR rows × NR columns of C per micro-kernel call. */
export const MR = 3;
export const NR = 8;
/** Reduction depth per pass over C: a kc × NR panel of B (8 KiB) stays in L1. */
export const KC = 256;
/** Rows of A per pass over the B block: an MC × KC block of A (96 KiB) stays in L2. */
export const MC = 96;

/** Ways to multiply-add: `relaxed` is f32x4.relaxed_madd (one fused FMA on x86 with FMA3). */
export type MaddKind = "relaxed" | "plain";

/** The blocking a module is generated for (the exported constants, unless tuning tries others). */
export interface Blocking {
  mr: number;
  nr: number;
  kc: number;
  mc: number;
}
export const BLOCKING: Blocking = { mr: MR, nr: NR, kc: KC, mc: MC };

const acc = (r: number, v: number) => `$acc_${r}_${v}`;

function madd(kind: MaddKind, a: string, b: string, c: string): string {
  return kind === "relaxed"
    ? `(f32x4.relaxed_madd (local.get ${a}) (local.get ${b}) (local.get ${c}))`
    : `(f32x4.add (f32x4.mul (local.get ${a}) (local.get ${b})) (local.get ${c}))`;
}

/** The micro-kernel: the MR × NR tile of C at $c (row pitch $ldc bytes) = or += Σ_k A-panel · B-panel. */
function tile(name: string, kind: MaddKind, { mr: MR, nr: NR }: Blocking): string {
  const VECS = NR / 4;
  const locals: string[] = [];
  for (let r = 0; r < MR; r++) for (let v = 0; v < VECS; v++) locals.push(`(local ${acc(r, v)} v128)`);
  for (let v = 0; v < VECS; v++) locals.push(`(local $b${v} v128)`);
  const body: string[] = [];
  for (let v = 0; v < VECS; v++) body.push(`(local.set $b${v} (v128.load offset=${16 * v} (local.get $pb)))`);
  for (let r = 0; r < MR; r++) {
    body.push(`(local.set $a (v128.load32_splat offset=${4 * r} (local.get $pa)))`);
    for (let v = 0; v < VECS; v++) body.push(`(local.set ${acc(r, v)} ${madd(kind, "$a", `$b${v}`, acc(r, v))})`);
  }
  // Accumulators start from C unless this is the first K block, so every element is one
  // sequential float32 sum over k (C may also be preloaded, e.g. with addmm's beta · input).
  const load: string[] = [], store: string[] = [];
  for (let r = 0; r < MR; r++) {
    for (let v = 0; v < VECS; v++) {
      load.push(`(local.set ${acc(r, v)} (v128.load offset=${16 * v} (local.get $row)))`);
      store.push(`(v128.store offset=${16 * v} (local.get $row) (local.get ${acc(r, v)}))`);
    }
    if (r + 1 < MR) {
      load.push(`(local.set $row (i32.add (local.get $row) (local.get $ldc)))`);
      store.push(`(local.set $row (i32.add (local.get $row) (local.get $ldc)))`);
    }
  }
  return `
  (func $${name} (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32) (param $first i32)
    (local $a v128) (local $row i32)
    ${locals.join(" ")}
    (if (i32.eqz (local.get $first))
      (then
        (local.set $row (local.get $c))
        ${load.join("\n        ")}))
    (loop $k
      ${body.join("\n      ")}
      (local.set $pa (i32.add (local.get $pa) (i32.const ${4 * MR})))
      (local.set $pb (i32.add (local.get $pb) (i32.const ${4 * NR})))
      (br_if $k (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
    (local.set $row (local.get $c))
    ${store.join("\n    ")})`;
}

/**
 * name(rowPanels, K, pa, pb, c, ldc, jp0, jp1, preloaded): the column panels [jp0, jp1) of C, every
 * row panel; `preloaded` C is added to rather than overwritten. Loop order (outer to inner): K block,
 * row block of MC, column panel, row panel, so one B panel is reused across the row block from L1
 * and the A block across column panels from L2.
 */
function driver(name: string, tileName: string, { mr: MR, nr: NR, kc: KC, mc: MC }: Blocking): string {
  const mcPanels = Math.max(1, Math.floor(MC / MR));
  return `
  (func (export "${name}") (param $mp i32) (param $K i32) (param $pa i32) (param $pb i32) (param $c i32)
      (param $ldc i32) (param $jp0 i32) (param $jp1 i32) (param $preloaded i32)
    (local $k0 i32) (local $kc i32) (local $ib i32) (local $ibEnd i32) (local $jp i32) (local $ip i32)
    (local $bPanel i32) (local $aStride i32) (local $bStride i32) (local $first i32)
    (if (i32.or (i32.or (i32.eqz (local.get $K)) (i32.eqz (local.get $mp))) (i32.ge_u (local.get $jp0) (local.get $jp1)))
      (then (return)))
    ;; bytes between consecutive row (column) panels of packed A (B)
    (local.set $aStride (i32.mul (local.get $K) (i32.const ${4 * MR})))
    (local.set $bStride (i32.mul (local.get $K) (i32.const ${4 * NR})))
    (loop $kBlocks
      (local.set $kc (i32.sub (local.get $K) (local.get $k0)))
      (if (i32.gt_u (local.get $kc) (i32.const ${KC})) (then (local.set $kc (i32.const ${KC}))))
      (local.set $first (i32.and (i32.eqz (local.get $k0)) (i32.eqz (local.get $preloaded))))
      (local.set $ib (i32.const 0))
      (loop $rowBlocks
        (local.set $ibEnd (i32.add (local.get $ib) (i32.const ${mcPanels})))
        (if (i32.gt_u (local.get $ibEnd) (local.get $mp)) (then (local.set $ibEnd (local.get $mp))))
        (local.set $jp (local.get $jp0))
        (loop $colPanels
          (local.set $bPanel (i32.add (local.get $pb)
            (i32.add (i32.mul (local.get $jp) (local.get $bStride)) (i32.mul (local.get $k0) (i32.const ${4 * NR})))))
          (local.set $ip (local.get $ib))
          (loop $rowPanels
            (call $${tileName} (local.get $kc)
              (i32.add (local.get $pa)
                (i32.add (i32.mul (local.get $ip) (local.get $aStride)) (i32.mul (local.get $k0) (i32.const ${
    4 * MR
  }))))
              (local.get $bPanel)
              (i32.add (local.get $c)
                (i32.add (i32.mul (i32.mul (local.get $ip) (i32.const ${MR})) (local.get $ldc))
                  (i32.mul (local.get $jp) (i32.const ${4 * NR}))))
              (local.get $ldc) (local.get $first))
            (br_if $rowPanels (i32.lt_u (local.tee $ip (i32.add (local.get $ip) (i32.const 1))) (local.get $ibEnd))))
          (br_if $colPanels (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 1))) (local.get $jp1))))
        (br_if $rowBlocks (i32.lt_u (local.tee $ib (local.get $ibEnd)) (local.get $mp))))
      (br_if $kBlocks (i32.lt_u (local.tee $k0 (i32.add (local.get $k0) (local.get $kc))) (local.get $K)))))`;
}

/**
 * pack_a(src, rows, cols, K, panels, dst): full row panels of packed A from a matrix given by
 * offset tables (i32 element offsets from src, as in sgemm_pack.ts), MR gathers per k.
 */
function packA({ mr: MR }: Blocking): string {
  const rowLocals = Array.from({ length: MR }, (_, r) => `(local $r${r} i32)`).join(" ");
  const setRows = Array.from(
    { length: MR },
    (_, r) =>
      `(local.set $r${r} (i32.add (local.get $src) (i32.shl (i32.load offset=${
        4 * r
      } (local.get $rows)) (i32.const 2))))`,
  ).join("\n      ");
  const moves = Array.from(
    { length: MR },
    (_, r) => `(f32.store offset=${4 * r} (local.get $dst) (f32.load (i32.add (local.get $r${r}) (local.get $ck))))`,
  ).join("\n        ");
  return `
  (func (export "pack_a") (param $src i32) (param $rows i32) (param $cols i32) (param $K i32) (param $panels i32)
      (param $dst i32)
    (local $c i32) (local $k i32) (local $ck i32) ${rowLocals}
    (if (i32.or (i32.eqz (local.get $K)) (i32.eqz (local.get $panels))) (then (return)))
    (loop $p
      ${setRows}
      (local.set $c (local.get $cols))
      (local.set $k (local.get $K))
      (loop $kk
        (local.set $ck (i32.shl (i32.load (local.get $c)) (i32.const 2)))
        ${moves}
        (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * MR})))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br_if $kk (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (local.set $rows (i32.add (local.get $rows) (i32.const ${4 * MR})))
      (br_if $p (local.tee $panels (i32.sub (local.get $panels) (i32.const 1))))))`;
}

/**
 * pack_b_gather(src, rows, cols, K, panels, dst): full column panels of packed B from any column
 * offsets, NR gathers per k, except that a panel whose columns are consecutive takes NR/4 vector
 * moves per k instead. Convolution patches mix the two: a panel of output positions that crosses an
 * output row (or sample) is a gather, one inside a row is a run.
 */
function packBGather({ nr: NR }: Blocking): string {
  const colLocals = Array.from({ length: NR }, (_, c) => `(local $c${c} i32)`).join(" ");
  const setCols = Array.from(
    { length: NR },
    (_, c) =>
      `(local.set $c${c} (i32.add (local.get $src) (i32.shl (i32.load offset=${
        4 * c
      } (local.get $cols)) (i32.const 2))))`,
  ).join("\n      ");
  // Consecutive columns: each offset is the previous one plus 4 bytes.
  const isRun = Array.from(
    { length: NR - 1 },
    (_, c) => `(i32.eq (local.get $c${c + 1}) (i32.add (local.get $c${c}) (i32.const 4)))`,
  ).reduce((a, b) => `(i32.and ${a} ${b})`);
  const vectorMoves = Array.from(
    { length: NR / 4 },
    (_, v) =>
      `(v128.store offset=${16 * v} (local.get $dst) (v128.load offset=${
        16 * v
      } (i32.add (local.get $c0) (local.get $rk))))`,
  ).join("\n            ");
  const gathers = Array.from(
    { length: NR },
    (_, c) => `(f32.store offset=${4 * c} (local.get $dst) (f32.load (i32.add (local.get $c${c}) (local.get $rk))))`,
  ).join("\n            ");
  const kLoop = (label: string, moves: string) => `
        (local.set $r (local.get $rows))
        (local.set $k (local.get $K))
        (loop ${label}
          (local.set $rk (i32.shl (i32.load (local.get $r)) (i32.const 2)))
            ${moves}
          (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * NR})))
          (local.set $r (i32.add (local.get $r) (i32.const 4)))
          (br_if ${label} (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))`;
  return `
  (func (export "pack_b_gather") (param $src i32) (param $rows i32) (param $cols i32) (param $K i32)
      (param $panels i32) (param $dst i32)
    (local $r i32) (local $k i32) (local $rk i32) ${colLocals}
    (if (i32.or (i32.eqz (local.get $K)) (i32.eqz (local.get $panels))) (then (return)))
    (loop $p
      ${setCols}
      (if ${isRun}
        (then ${kLoop("$kv", vectorMoves)})
        (else ${kLoop("$kg", gathers)}))
      (local.set $cols (i32.add (local.get $cols) (i32.const ${4 * NR})))
      (br_if $p (local.tee $panels (i32.sub (local.get $panels) (i32.const 1))))))`;
}

/**
 * col2im_s1(src, dst, Cg, H, W, kH, kW, OH, OW, sH, pH, pW, dH, dW, ldc): the adjoint of im2col for a
 * width stride of 1 (conv_im2col.ts's col2im, in the same order): row (c, kh, kw) of the patch-gradient
 * matrix at src (row pitch ldc floats, OH·OW columns) is added onto the input-gradient planes at dst
 * (Cg planes of H × W), a line of output positions at a time, four lanes per add. Each element's
 * float32 sum runs in the same order as the scalar loop's, so the results are the same bits.
 */
function col2im(): string {
  const get = (n: string) => `(local.get $${n})`;
  return `
  (func (export "col2im_s1") (param $src i32) (param $dst i32) (param $Cg i32) (param $H i32) (param $W i32)
      (param $kH i32) (param $kW i32) (param $OH i32) (param $OW i32) (param $sH i32) (param $pH i32) (param $pW i32)
      (param $dH i32) (param $dW i32) (param $ldc i32)
    (local $c i32) (local $kh i32) (local $kw i32) (local $oh i32) (local $ow i32) (local $row i32)
    (local $plane i32) (local $hOff i32) (local $wOff i32) (local $lo i32) (local $hi i32) (local $ih i32)
    (local $d i32) (local $s i32) (local $end4 i32)
    (local.set $row ${get("src")})
    (local.set $plane ${get("dst")})
    (local.set $c (i32.const 0))
    (block $cDone (loop $cLoop
      (br_if $cDone (i32.ge_s ${get("c")} ${get("Cg")}))
      (local.set $kh (i32.const 0))
      (block $khDone (loop $khLoop
        (br_if $khDone (i32.ge_s ${get("kh")} ${get("kH")}))
        (local.set $hOff (i32.sub (i32.mul ${get("kh")} ${get("dH")}) ${get("pH")}))
        (local.set $kw (i32.const 0))
        (block $kwDone (loop $kwLoop
          (br_if $kwDone (i32.ge_s ${get("kw")} ${get("kW")}))
          (local.set $wOff (i32.sub (i32.mul ${get("kw")} ${get("dW")}) ${get("pW")}))
          ;; output columns whose input column ow + wOff lies in [0, W): [lo, hi)
          (local.set $lo (i32.sub (i32.const 0) ${get("wOff")}))
          (if (i32.lt_s ${get("lo")} (i32.const 0)) (then (local.set $lo (i32.const 0))))
          (if (i32.gt_s ${get("lo")} ${get("OW")}) (then (local.set $lo ${get("OW")})))
          (local.set $hi (i32.sub ${get("W")} ${get("wOff")}))
          (if (i32.gt_s ${get("hi")} ${get("OW")}) (then (local.set $hi ${get("OW")})))
          (if (i32.lt_s ${get("hi")} ${get("lo")}) (then (local.set $hi ${get("lo")})))
          (local.set $end4 (i32.sub ${get("hi")} (i32.const 3)))
          (local.set $oh (i32.const 0))
          (block $ohDone (loop $ohLoop
            (br_if $ohDone (i32.ge_s ${get("oh")} ${get("OH")}))
            (local.set $ih (i32.add (i32.mul ${get("oh")} ${get("sH")}) ${get("hOff")}))
            (if (i32.and (i32.ge_s ${get("ih")} (i32.const 0)) (i32.lt_s ${get("ih")} ${get("H")}))
              (then
                ;; d, s: byte addresses of output column 0 of this line in dst and in the row
                (local.set $d (i32.add ${get("plane")}
                  (i32.shl (i32.add (i32.mul ${get("ih")} ${get("W")}) ${get("wOff")}) (i32.const 2))))
                (local.set $s (i32.add ${get("row")} (i32.shl (i32.mul ${get("oh")} ${get("OW")}) (i32.const 2))))
                (local.set $ow ${get("lo")})
                (block $vDone (loop $vLoop
                  (br_if $vDone (i32.ge_s ${get("ow")} ${get("end4")}))
                  (v128.store (i32.add ${get("d")} (i32.shl ${get("ow")} (i32.const 2)))
                    (f32x4.add (v128.load (i32.add ${get("d")} (i32.shl ${get("ow")} (i32.const 2))))
                      (v128.load (i32.add ${get("s")} (i32.shl ${get("ow")} (i32.const 2))))))
                  (local.set $ow (i32.add ${get("ow")} (i32.const 4)))
                  (br $vLoop)))
                (block $tDone (loop $tLoop
                  (br_if $tDone (i32.ge_s ${get("ow")} ${get("hi")}))
                  (f32.store (i32.add ${get("d")} (i32.shl ${get("ow")} (i32.const 2)))
                    (f32.add (f32.load (i32.add ${get("d")} (i32.shl ${get("ow")} (i32.const 2))))
                      (f32.load (i32.add ${get("s")} (i32.shl ${get("ow")} (i32.const 2))))))
                  (local.set $ow (i32.add ${get("ow")} (i32.const 1)))
                  (br $tLoop)))))
            (local.set $oh (i32.add ${get("oh")} (i32.const 1)))
            (br $ohLoop)))
          (local.set $row (i32.add ${get("row")} (i32.shl ${get("ldc")} (i32.const 2))))
          (local.set $kw (i32.add ${get("kw")} (i32.const 1)))
          (br $kwLoop)))
        (local.set $kh (i32.add ${get("kh")} (i32.const 1)))
        (br $khLoop)))
      (local.set $plane (i32.add ${get("plane")} (i32.shl (i32.mul ${get("H")} ${get("W")}) (i32.const 2))))
      (local.set $c (i32.add ${get("c")} (i32.const 1)))
      (br $cLoop))))`;
}

/**
 * The module's text: `gemm_exact` multiplies and adds separately (each step rounded, as the
 * reference BLAS that PyTorch links here does, so results match it bit for bit); `gemm_fast` uses
 * `fast` multiply-adds. `maxPages` bounds the shared memory (64 KiB pages).
 */
export function sgemmWat(fast: MaddKind, maxPages: number, blocking = BLOCKING): string {
  return `(module
  (import "env" "memory" (memory 1 ${maxPages} shared))
  ${tile("tile_exact", "plain", blocking)}
  ${tile("tile_fast", fast, blocking)}
  ${driver("gemm_exact", "tile_exact", blocking)}
  ${driver("gemm_fast", "tile_fast", blocking)}
  ${packA(blocking)}
  ${packBGather(blocking)}
  ${col2im()})
`;
}

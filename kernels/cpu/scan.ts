// CPU kernels of the ops along one dim: softmax, log_softmax, cumsum, cumprod. Each visits every
// line of the input along the dim and writes the matching line of the output.

import type { View } from "../backend.ts";
import type { TypedArray } from "../../runtime/dtype.ts";
import type { ScanParams } from "../../runtime/ops/scan.ts";
import { arrayOf, cpuKernels } from "./backend.ts";
import { forEachReduction } from "./reduce_plan.ts";

type LineFn = (src: TypedArray, si: number, ss: number, dst: TypedArray, di: number, ds: number, n: number) => void;

function registerScan(name: string, line: LineFn): void {
  cpuKernels.register<ScanParams>(name, ([input]: readonly View[], [out]: readonly View[], { dim }) => {
    const dst = arrayOf(out);
    const dims = input.shape.length === 0 ? [] : [dim];
    const ds = input.shape.length === 0 ? 0 : out.strides[dim];
    forEachReduction(input, dims, [out], true, (src, off, n, stride, [oo]) => line(src, off, stride, dst, oo, ds, n));
  });
}

function maxOf(src: TypedArray, si: number, ss: number, n: number): number {
  let m = -Infinity;
  for (let i = 0, q = si; i < n; i++, q += ss) if (src[q] > m || src[q] !== src[q]) m = src[q];
  return m;
}

// PyTorch's CPU softmax stores exp(x - max), sums in the output dtype and multiplies by 1/sum; in
// float32 that leaves rows summing to 1 ± 1 ulp, which shows in printed sums (`1.0000` vs `1.`).
registerScan("softmax", (src, si, ss, dst, di, ds, n) => {
  const m = maxOf(src, si, ss, n);
  const round = dst instanceof Float32Array ? Math.fround : (x: number) => x;
  let sum = 0;
  for (let i = 0, q = si, o = di; i < n; i++, q += ss, o += ds) sum = round(sum + (dst[o] = Math.exp(src[q] - m)));
  const inv = round(1 / sum);
  for (let i = 0, o = di; i < n; i++, o += ds) dst[o] = dst[o] * inv;
});

registerScan("log_softmax", (src, si, ss, dst, di, ds, n) => {
  const m = maxOf(src, si, ss, n);
  let sum = 0;
  for (let i = 0, q = si; i < n; i++, q += ss) sum += Math.exp(src[q] - m);
  const logSum = Math.log(sum);
  for (let i = 0, q = si, o = di; i < n; i++, q += ss, o += ds) dst[o] = src[q] - m - logSum;
});

registerScan("cumsum", (src, si, ss, dst, di, ds, n) => {
  let acc = 0;
  for (let i = 0, q = si, o = di; i < n; i++, q += ss, o += ds) dst[o] = acc += src[q];
});

registerScan("cumprod", (src, si, ss, dst, di, ds, n) => {
  let acc = 1;
  for (let i = 0, q = si, o = di; i < n; i++, q += ss, o += ds) dst[o] = acc *= src[q];
});

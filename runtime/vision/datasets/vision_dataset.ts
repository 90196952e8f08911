// torchvision.datasets.VisionDataset: a root folder, an optional transform for the sample and one
// for the target, and the repr every torchvision dataset prints:
//
//   Dataset FashionMNIST
//       Number of datapoints: 60000
//       Root location: data
//       Split: Train
//       StandardTransform
//   Transform: ToTensor()
//
// (StandardTransform's repr is one multi-line string, so only its first line gets the indent.)

import type { Dataset, MaybePromise } from "../../data/dataset.ts";
import { expandUser } from "./files.ts";

/** A sample or target transform; it may answer asynchronously (a transform written in tsl does). */
export type Transform = (x: any) => any;

export interface VisionDatasetOptions {
  transform?: Transform | null;
  targetTransform?: Transform | null;
}

/** How a transform shows in a dataset's repr (the Python binding passes Python's repr). */
export type TransformRepr = (t: Transform) => string;

const defaultTransformRepr: TransformRepr = (t) => `${t.name || "function"}()`;

export abstract class VisionDataset<Sample = unknown> implements Dataset<[unknown, unknown]> {
  root: string | null = null;
  transform: Transform | null = null;
  targetTransform: Transform | null = null;
  /**
   * torchvision's `self.transforms`: the pair given to the constructor. The repr shows these even
   * after a script reassigns `ds.transform`, as torchvision's does.
   */
  transforms: { transform: Transform | null; targetTransform: Transform | null } | null = null;

  /** Sets the fields VisionDataset.__init__ sets (the root with `~` expanded, as torchvision does). */
  protected setupVision(root: string | null, opts: VisionDatasetOptions): void {
    this.root = root === null ? null : expandUser(root);
    this.transform = opts.transform ?? null;
    this.targetTransform = opts.targetTransform ?? null;
    const separate = this.transform !== null || this.targetTransform !== null;
    this.transforms = separate ? { transform: this.transform, targetTransform: this.targetTransform } : null;
  }

  abstract length(): number;

  /** The untransformed sample and target at `index`. */
  abstract sample(index: number): MaybePromise<[Sample, number]>;

  /** `ds[index]`: the sample and target with the transforms applied. */
  get(index: number): MaybePromise<[unknown, unknown]> {
    const raw = this.sample(index);
    return raw instanceof Promise ? raw.then(([s, t]) => this.applyTransforms(s, t)) : this.applyTransforms(...raw);
  }

  protected applyTransforms(sample: unknown, target: unknown): MaybePromise<[unknown, unknown]> {
    const s = this.transform === null ? sample : this.transform(sample);
    if (s instanceof Promise) return s.then((v) => this.applyTargetTransform(v, target));
    return this.applyTargetTransform(s, target);
  }

  private applyTargetTransform(sample: unknown, target: unknown): MaybePromise<[unknown, unknown]> {
    if (this.targetTransform === null) return [sample, target];
    const t = this.targetTransform(target);
    return t instanceof Promise ? t.then((v) => [sample, v]) : [sample, t];
  }

  /** The lines after the root in the repr ("Split: Train" for the split datasets). */
  extraRepr(): string {
    return "";
  }

  /** torchvision's repr; `className` is the Python class (a tsl subclass prints its own name). */
  repr(className: string, transformRepr: TransformRepr = defaultTransformRepr): string {
    return formatDatasetRepr(className, {
      length: this.length(),
      root: this.root,
      extra: this.extraRepr(),
      transforms: this.transforms === null ? null : this.standardTransformRepr(transformRepr),
    });
  }

  private standardTransformRepr(transformRepr: TransformRepr): string {
    const { transform, targetTransform } = this.transforms!;
    const body = ["StandardTransform"];
    if (transform !== null) body.push(...formatTransformRepr(transformRepr(transform), "Transform: "));
    if (targetTransform !== null) {
      body.push(...formatTransformRepr(transformRepr(targetTransform), "Target transform: "));
    }
    return body.join("\n");
  }
}

/** The parts of a dataset's repr, each already a string. */
export interface DatasetReprParts {
  length: number;
  root: string | null;
  /** extra_repr(): lines of its own, or "". */
  extra: string;
  /** The StandardTransform's (or a script's `transforms`) repr, or null when there is none. */
  transforms: string | null;
}

/** torchvision's VisionDataset.__repr__ from its parts. */
export function formatDatasetRepr(className: string, parts: DatasetReprParts): string {
  const body = [`Number of datapoints: ${parts.length}`];
  if (parts.root !== null) body.push(`Root location: ${parts.root}`);
  if (parts.extra !== "") body.push(...parts.extra.split("\n"));
  if (parts.transforms !== null) body.push(parts.transforms);
  return [`Dataset ${className}`, ...body.map((line) => "    " + line)].join("\n");
}

/** torchvision's _format_transform_repr: the head before the first line, later lines aligned under it. */
export function formatTransformRepr(repr: string, head: string): string[] {
  const lines = repr.split("\n");
  return [head + lines[0], ...lines.slice(1).map((line) => " ".repeat(head.length) + line)];
}

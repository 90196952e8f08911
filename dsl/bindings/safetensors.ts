// Placeholder: filled in by its owner.
export function safetensorsTorchAttributes(): Record<string, unknown> {
  return {};
}

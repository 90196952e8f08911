// Placeholder: filled in by its owner.
export function transformsAttributes(): Record<string, unknown> {
  return {};
}

// Placeholder: filled in by its owner.
export function utilsAttributes(): Record<string, unknown> {
  return {};
}

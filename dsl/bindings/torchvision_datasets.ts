// Placeholder: filled in by its owner.
export function datasetsAttributes(): Record<string, unknown> {
  return {};
}

// Placeholder: filled in by its owner.
export function pyplotAttributes(): Record<string, unknown> {
  return {};
}

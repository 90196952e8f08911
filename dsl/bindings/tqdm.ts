// Placeholder: filled in by its owner.
export function tqdmAttributes(): Record<string, unknown> {
  return {};
}

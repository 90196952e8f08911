// Placeholder: filled in by its owner.
// deno-lint-ignore require-await
export async function modelsAttributes(): Promise<Record<string, unknown>> {
  return {};
}

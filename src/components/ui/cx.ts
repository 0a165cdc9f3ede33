// Joins class names, skipping falsy ones. Callers' className is appended last, so keep it to
// layout (margins, width): without a merge step, two conflicting utilities resolve by CSS order.
export function cx(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ');
}

// The one error class hidden suites throw for a learner-visible failure: its message is the
// feedback (expected, received, what to check), so the report shows it without a stack.

export class LabFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabFailure';
  }
}

/** Shortens a response body or output for a message, keeping its start. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty)';
  return flat.length <= max ? flat : `${flat.slice(0, max)}... (${flat.length - max} more characters)`;
}

/**
 * A prompt that cannot be compiled: bad frontmatter, a misplaced tag, an expression the
 * language does not support. The caller's mistake: `handlers/errors.ts` answers it with a 400.
 */
export class PromptError extends Error {
  override readonly name = "PromptError";

  constructor(message: string) {
    super(message);
  }
}

/** Appends where the problem is (`<User> > <If condition>`) to a reference message. */
export function located(message: string, trail: readonly string[]): string {
  return trail.length === 0 ? message : `${message} (at ${trail.join(" > ")})`;
}

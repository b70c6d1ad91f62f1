/**
 * A prompt that cannot be compiled: bad frontmatter, a misplaced tag, an expression the
 * language does not support. The handler turns it into a 400 `{message}`.
 */
export class PromptError extends Error {
  override readonly name = "PromptError";
  readonly status = 400 as const;

  constructor(message: string) {
    super(message);
  }
}

/** Appends where the problem is (`<User> > <If condition>`) to a reference message. */
export function located(message: string, trail: readonly string[]): string {
  return trail.length === 0 ? message : `${message} (at ${trail.join(" > ")})`;
}

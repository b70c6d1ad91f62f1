/**
 * A prompt that cannot be compiled: bad frontmatter, a misplaced tag, an expression the
 * language does not support, a compile limit exceeded. The caller's mistake: `handlers/errors.ts`
 * answers it with a 400.
 */
import type { CompileLimitName } from "./limits";

/** Messages quote parts of the prompt; none of them may make an error large. */
const MAX_MESSAGE = 2_000;

export class PromptError extends Error {
  override readonly name = "PromptError";

  constructor(message: string) {
    super(clip(message, MAX_MESSAGE));
  }
}

/** A compile limit was reached: `limit` names the setting (`limits.compile.<limit>`). */
export class CompileLimitError extends PromptError {
  constructor(
    message: string,
    readonly limit: CompileLimitName,
  ) {
    super(message);
  }
}

/** A problem in an expression; the renderer adds where the expression is. */
export class ExpressionError extends Error {}

/** Appends where the problem is (`<User> > <If condition>`) to a reference message; a deep trail is shortened. */
export function located(message: string, trail: readonly string[]): string {
  if (trail.length === 0) return message;
  const shown = trail.length <= 8 ? trail : [...trail.slice(0, 3), `… ${trail.length - 6} more …`, ...trail.slice(-3)];
  return `${message} (at ${shown.join(" > ")})`;
}

/** Prompt text quoted in a message, cut to `max` characters. */
export function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/**
 * Errors that cross the HTTP boundary: a status and a message the caller can act on.
 * Everything the handler answers with on failure is `{"message": ...}` (webhook-http.json).
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 413 | 500 | 501,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The human-readable text of anything thrown or yielded as an error
 * (AgentMark's `normalize-error.json` rules).
 */
export function normalizeError(err: unknown): string {
  if (err === null || err === undefined || err === "") return "Unknown error";
  if (typeof err === "string") return err;
  if (typeof err === "object") {
    const e = err as { message?: unknown; error?: { message?: unknown }; data?: { error?: { message?: unknown } } };
    const message = e.message ?? e.error?.message ?? e.data?.error?.message;
    if (typeof message === "string" && message !== "") return message;
    try {
      return JSON.stringify(err);
    } catch {
      return String(err);
    }
  }
  return String(err);
}

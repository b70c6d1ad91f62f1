/**
 * Failures the protocol layer detects. Which HTTP status each becomes is decided once, in
 * `handlers/errors.ts`; everything the webhook answers on failure is `{"message": ...}`
 * (webhook-http.json).
 */

/** The (verified) job is not a valid AgentMark job: the caller's mistake. */
export class InvalidJobError extends Error {
  override readonly name = "InvalidJobError";
}

/** A run that is answered in one piece (JSON envelope, dataset row) ended with an error event. */
export class RunFailedError extends Error {
  override readonly name = "RunFailedError";
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

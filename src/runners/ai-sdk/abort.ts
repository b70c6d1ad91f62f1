import { anySignal } from "../../runtime/any-signal";

/** Links the caller's signal to a local controller so a stopped consumer also cancels upstream. */
export interface LinkedAbort {
  signal: AbortSignal;
  /** Cancel the SDK call (consumer went away or the run ended). */
  abort(): void;
}

export function linkAbort(callerSignal: AbortSignal): LinkedAbort {
  const local = new AbortController();
  return { signal: anySignal([callerSignal, local.signal]), abort: () => local.abort() };
}

/** Message for an `abort` stream part or an AbortError: caller disconnect vs. timeout. */
export function abortMessage(callerSignal: AbortSignal, reason?: unknown): string {
  if (callerSignal.aborted) return "The run was aborted: the caller disconnected.";
  const detail = typeof reason === "string" && reason ? ` (${reason})` : "";
  return `The model call was aborted before it finished, likely a timeout${detail}.`;
}

export function isAbortError(err: unknown): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    ((err as { name?: unknown }).name === "AbortError" || (err as { name?: unknown }).name === "TimeoutError")
  );
}

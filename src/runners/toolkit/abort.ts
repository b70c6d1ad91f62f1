/**
 * Abort plumbing every runner needs: the caller's signal linked to the SDK call (a consumer
 * that stops reading cancels upstream too), and one wording for an aborted run.
 */
import { anySignal } from "../../core/any-signal";
import type { EnvVars } from "../../core/env";
import { TimeoutExceededError } from "../../core/limits";
import type { AgentEvent } from "../../protocol/agent-events";
import { errorEvent, safeErrorMessage } from "./errors";

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

export const CALLER_DISCONNECTED = "The run was aborted: the caller disconnected.";

/** Message for an aborted run: one of the deployment's timeouts (it names its setting), a caller disconnect, or an SDK timeout. */
export function abortMessage(callerSignal: AbortSignal, reason?: unknown): string {
  if (callerSignal.reason instanceof TimeoutExceededError) return callerSignal.reason.message;
  if (callerSignal.aborted) return CALLER_DISCONNECTED;
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

/** What ends a run that threw: the abort message when it was aborted, else the provider's (redacted) error. */
export function terminalEvent(err: unknown, run: { signal: AbortSignal; env: EnvVars }): AgentEvent {
  return isAbortError(err) || run.signal.aborted ? { type: "error", error: abortMessage(run.signal) } : errorEvent(err, run.env);
}

/** The same for runs that return a value (image, speech): an Error to throw. */
export function terminalError(err: unknown, run: { signal: AbortSignal; env: EnvVars }): Error {
  return new Error(isAbortError(err) || run.signal.aborted ? abortMessage(run.signal) : safeErrorMessage(err, run.env));
}

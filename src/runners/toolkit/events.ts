import type { AgentEvent } from "../../protocol/agent-events";
import { finalizeUsage } from "../../protocol/usage";

/**
 * The AI SDK's finish reason for a provider stream that ended without its completion signal:
 * a stream cut short, or an answer that was no event stream at all (an HTML page from a proxy
 * with status 200 parses as an empty stream).
 */
const INTERRUPTED = "interrupted";

export const INTERRUPTED_STREAM =
  "The model's answer ended without a completion signal: the stream was cut short, or the provider did not answer with an event stream (e.g. an HTML page from a proxy or gateway).";

/**
 * The run's `finish` event: the SDK's finish reason (else "other") and its usage, finalized
 * (`finalize-usage.json`); a stream that ended without completing is a terminal error instead.
 */
export function finishEvent(reason: string | undefined, usage: Parameters<typeof finalizeUsage>[0]): AgentEvent {
  if (reason === INTERRUPTED) return { type: "error", error: INTERRUPTED_STREAM };
  const finalized = finalizeUsage(usage);
  return { type: "finish", reason: reason ?? "other", ...(finalized ? { usage: finalized } : {}) };
}

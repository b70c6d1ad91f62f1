import type { AgentEvent } from "../../protocol/agent-events";
import { finalizeUsage } from "../../protocol/usage";

/** The run's `finish` event: the SDK's finish reason (else "other") and its usage, finalized (`finalize-usage.json`). */
export function finishEvent(reason: string | undefined, usage: Parameters<typeof finalizeUsage>[0]): AgentEvent {
  const finalized = finalizeUsage(usage);
  return { type: "finish", reason: reason ?? "other", ...(finalized ? { usage: finalized } : {}) };
}

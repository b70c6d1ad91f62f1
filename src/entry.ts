/**
 * A bundle's default export for a configuration: the embeddable webhook handler
 * (`fetch`, `webhook`, `runPrompt`, `runExperiment`; see webhook-handler.ts), which is a Fetch
 * handler (`export default { fetch }`) for every runtime, plus `drain()` for long-lived servers
 * (Node, Bun): on shutdown they wait for the work that outlives responses (alert delivery,
 * batched trace export). Workers ignore it.
 */
import type { AgentmarkConfig } from "./config";
import { drainBackgroundWork } from "./runtime/wait-until";
import { flushSharedTracing } from "./telemetry";
import { createWebhookHandler } from "./webhook-handler";

async function drain(): Promise<void> {
  await drainBackgroundWork();
  await flushSharedTracing();
}

export function webhookEntry(config: AgentmarkConfig) {
  return Object.assign(createWebhookHandler(config), { drain });
}

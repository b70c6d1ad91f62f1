/**
 * The one bundle's entry: a Fetch handler (`export default { fetch }`) for every runtime,
 * which is also the embeddable handler (`webhook`, `runPrompt`, `runExperiment`; see
 * src/webhook-handler.ts). `drain()` is for long-lived servers (Node, Bun): on shutdown they
 * wait for the work that outlives responses (alert delivery, batched trace export). Workers
 * ignore it.
 */
import config from "./agentmark.config";
import { drainBackgroundWork } from "./runtime/wait-until";
import { flushSharedTracing } from "./telemetry";
import { createWebhookHandler } from "./webhook-handler";

async function drain(): Promise<void> {
  await drainBackgroundWork();
  await flushSharedTracing();
}

export default Object.assign(createWebhookHandler(config), { drain });

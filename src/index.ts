/**
 * The one bundle's entry: a Fetch handler (`export default { fetch }`) for every runtime.
 * `drain()` is for long-lived servers (Node, Bun): on shutdown they wait for the work that
 * outlives responses (alert delivery, batched trace export). Workers ignore it.
 */
import config from "./agentmark.config";
import { createApp } from "./app";
import { drainBackgroundWork } from "./runtime/wait-until";
import { flushSharedTracing } from "./telemetry";

async function drain(): Promise<void> {
  await drainBackgroundWork();
  await flushSharedTracing();
}

export default Object.assign(createApp(config), { drain });

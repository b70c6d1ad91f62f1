/**
 * What an entry exports: the app's Fetch handler, plus `drain()` for long-lived servers
 * (Node, Bun), which on shutdown wait for the work that outlives responses (alert delivery,
 * batched trace export). Workers ignore it.
 */
import type { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { drainBackgroundWork } from "./runtime/wait-until";
import { flushSharedTracing } from "./telemetry";

async function drain(): Promise<void> {
  await drainBackgroundWork();
  await flushSharedTracing();
}

export function servable(app: Hono<AppEnv>): Hono<AppEnv> & { drain: () => Promise<void> } {
  return Object.assign(app, { drain });
}

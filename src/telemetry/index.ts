/**
 * OpenTelemetry tracing of runs (spec §8), per request: `tracingFor(env, waitUntil, log)` is
 * undefined when tracing is off (then no spans exist and no traceId goes on the wire).
 *
 * The OpenTelemetry SDK (tracer providers, the OTLP serializer: `./tracing`) is loaded by the
 * first request with tracing on, so a deployment without telemetry never evaluates it.
 */
import type { Logger } from "../runtime/log";
import type { WaitUntil } from "../runtime/wait-until";
import type { EnvVars } from "../core/env";
import { readTelemetrySettings } from "./settings";
import type { Tracing } from "./tracing";

export { RunSpan, observeEvents, CLIENT_DISCONNECTED_EVENT } from "./run-span";
export { startPromptSpan, promptSpanName, type StartedRun } from "./prompt-span";
export { startRowSpan, rowSpanName, type RowSpanArgs } from "./row-span";
export { datasetItemName } from "./item-name";
export { OpenSpans } from "./open-spans";
export { readTelemetrySettings, type TelemetrySettings } from "./settings";
export type { Tracing } from "./tracing";

let sdk: typeof import("./tracing") | undefined;

/** `exportTimeoutMs`: `limits.timeouts.traceExportMs` (default 10 s). */
export async function tracingFor(env: EnvVars, waitUntil: WaitUntil, log?: Logger, exportTimeoutMs?: number): Promise<Tracing | undefined> {
  const settings = readTelemetrySettings(env);
  if (!settings) return undefined;
  sdk ??= await import("./tracing");
  return sdk.startTracing(settings, waitUntil, log, exportTimeoutMs);
}

/** Exports what the shared (long-lived process) tracer providers still hold; nothing to do when tracing never started. */
export async function flushSharedTracing(): Promise<void> {
  if (sdk) await sdk.flushSharedTracing();
}

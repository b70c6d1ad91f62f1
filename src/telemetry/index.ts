/**
 * OpenTelemetry tracing of runs (spec §8), per request: `tracingFor(env, waitUntil, log)` is
 * undefined when tracing is off (then no spans exist and no traceId goes on the wire).
 */
import type { Logger } from "../runtime/log";
import { isLongLivedProcess, type WaitUntil } from "../runtime/wait-until";
import type { EnvVars } from "../core/env";
import { exporterFor } from "./exporter";
import { readTelemetrySettings, type TelemetrySettings } from "./settings";
import { sharedTracing, startRequestTracing, type RequestTracing } from "./tracer";

export { RunSpan, observeEvents, CLIENT_DISCONNECTED_EVENT } from "./run-span";
export { startPromptSpan, promptSpanName, type StartedRun } from "./prompt-span";
export { startRowSpan, rowSpanName, type RowSpanArgs } from "./row-span";
export { datasetItemName } from "./item-name";
export { OpenSpans } from "./open-spans";
export { readTelemetrySettings, type TelemetrySettings } from "./settings";
export { flushSharedTracing } from "./tracer";

export interface Tracing extends RequestTracing {
  readonly settings: TelemetrySettings;
  /** Once `work` settles (a run's span ended), export this request's spans after the response. */
  exportAfter(work: Promise<unknown>): void;
}

const reporting = new WeakSet<object>();

/** `exportTimeoutMs`: `limits.timeouts.traceExportMs` (default 10 s). */
export function tracingFor(env: EnvVars, waitUntil: WaitUntil, log?: Logger, exportTimeoutMs?: number): Tracing | undefined {
  const settings = readTelemetrySettings(env);
  if (!settings) return undefined;
  const exporter = exporterFor(settings, exportTimeoutMs);
  if (isLongLivedProcess(waitUntil)) {
    // Spans of many requests leave together; the exporter reports failures as they happen.
    if (log && !reporting.has(exporter)) {
      reporting.add(exporter);
      exporter.onFailure((outcome) => log.error("telemetry_export_failed", { endpoint: settings.endpoint, spans: outcome.spans, error: outcome.error }));
    }
    return { ...sharedTracing(exporter, settings.appId), settings, exportAfter: () => {} };
  }
  const request = startRequestTracing(exporter, settings.appId);
  const exportAfter = (work: Promise<unknown>) =>
    waitUntil(
      work
        .catch(() => undefined)
        .then(() => request.flush())
        .then((outcomes) => {
          for (const outcome of outcomes) {
            if (!outcome.ok) log?.error("telemetry_export_failed", { endpoint: settings.endpoint, spans: outcome.spans, error: outcome.error });
          }
        }),
    );
  return { ...request, settings, exportAfter };
}

/**
 * Tracing with the OpenTelemetry SDK, for `tracingFor` (./index.ts), which loads this module
 * with the first request that has tracing on.
 */
import type { Logger } from "../runtime/log";
import { isLongLivedProcess, type WaitUntil } from "../runtime/wait-until";
import { exporterFor } from "./exporter";
import type { TelemetrySettings } from "./settings";
import { sharedTracing, startRequestTracing, type RequestTracing } from "./tracer";

export { flushSharedTracing } from "./tracer";

export interface Tracing extends RequestTracing {
  readonly settings: TelemetrySettings;
  /** Once `work` settles (a run's span ended), export this request's spans after the response. */
  exportAfter(work: Promise<unknown>): void;
}

const reporting = new WeakSet<object>();

/** A request's tracing with these (enabled) settings. */
export function startTracing(settings: TelemetrySettings, waitUntil: WaitUntil, log?: Logger, exportTimeoutMs?: number): Tracing {
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

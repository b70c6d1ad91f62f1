/**
 * OTLP/HTTP (JSON over `fetch`) exporters, one per endpoint + headers, kept in a small cache:
 * an exporter holds no request state (each `export` is its own fetch), so reusing it across
 * requests is safe on Workers. `exportSpans` never rejects: a collector that is down, slow
 * or refusing costs a log line at most, never the response.
 */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { TelemetrySettings } from "./settings";

/** Export timeout; Workers keep `waitUntil` work alive for 30 s after the response. */
export const EXPORT_TIMEOUT_MS = 10_000;
const MAX_CACHED = 16;

export interface SpanExport {
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void;
}

const cache = new Map<string, SpanExport>();

function cacheKey(settings: TelemetrySettings): string {
  const headers = Object.entries(settings.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([settings.endpoint, headers]);
}

export function exporterFor(settings: TelemetrySettings): SpanExport {
  const key = cacheKey(settings);
  let exporter = cache.get(key);
  if (!exporter) {
    exporter = new OTLPTraceExporter({
      url: settings.endpoint,
      headers: { ...settings.headers },
      timeoutMillis: EXPORT_TIMEOUT_MS,
    });
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, exporter);
  }
  return exporter;
}

export interface ExportOutcome {
  ok: boolean;
  spans: number;
  error?: string;
}

export function exportSpans(exporter: SpanExport, spans: ReadableSpan[]): Promise<ExportOutcome> {
  if (spans.length === 0) return Promise.resolve({ ok: true, spans: 0 });
  return new Promise<ExportOutcome>((resolve) => {
    try {
      exporter.export(spans, (result) =>
        resolve(result.code === 0 ? { ok: true, spans: spans.length } : { ok: false, spans: spans.length, error: result.error?.message ?? "export failed" }),
      );
    } catch (err) {
      resolve({ ok: false, spans: spans.length, error: err instanceof Error ? err.message : String(err) });
    }
  });
}

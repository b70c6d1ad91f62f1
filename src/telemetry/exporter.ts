/**
 * OTLP/HTTP JSON export with `fetch`: the official serializer
 * (`@opentelemetry/otlp-transformer`) and the runtime's own `fetch`, so the same code runs
 * on Workers, Deno, Bun, Node and Vercel (the official HTTP exporter drags Node's `http` into
 * portable bundles). One exporter per endpoint + headers, kept in a small cache: it holds no
 * request state, so reusing it across requests is safe on Workers. An export never rejects:
 * a collector that is down, slow or refusing costs a log line at most, never the response.
 */
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { DEFAULT_TIMEOUTS } from "../core/limits";
import { maskSpans, type TraceMasking } from "./masking";
import type { TelemetrySettings } from "./settings";

/** Default export timeout (`limits.timeouts.traceExportMs`); Workers keep `waitUntil` work alive for 30 s after the response. */
export const EXPORT_TIMEOUT_MS = DEFAULT_TIMEOUTS.traceExportMs;
const MAX_CACHED = 16;

export interface ExportOutcome {
  ok: boolean;
  spans: number;
  error?: string;
}

export type ExportFailureListener = (outcome: ExportOutcome) => void;

export class FetchOtlpExporter implements SpanExporter {
  private readonly listeners = new Set<ExportFailureListener>();

  constructor(
    private readonly url: string,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly masking: TraceMasking = { inputs: false, outputs: false },
    private readonly timeoutMs: number = EXPORT_TIMEOUT_MS,
  ) {}

  /** Failures of exports not awaited by a request (batched across requests) are reported here. */
  onFailure(listener: ExportFailureListener): void {
    this.listeners.add(listener);
  }

  async send(spans: ReadableSpan[]): Promise<ExportOutcome> {
    if (spans.length === 0) return { ok: true, spans: 0 };
    try {
      const serialized = JsonTraceSerializer.serializeRequest(maskSpans(spans, this.masking));
      if (!serialized) return { ok: false, spans: spans.length, error: "the spans could not be serialised" };
      const body = new Uint8Array(serialized); // an ArrayBuffer-backed copy, as BodyInit wants
      const res = await fetch(this.url, {
        method: "POST",
        headers: { ...this.headers, "Content-Type": "application/json" },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const detail = res.ok ? "" : (await res.text().catch(() => "")).slice(0, 200);
      if (res.ok) await res.body?.cancel();
      return res.ok
        ? { ok: true, spans: spans.length }
        : { ok: false, spans: spans.length, error: `the collector answered ${res.status}${detail ? `: ${detail}` : ""}` };
    } catch (err) {
      return { ok: false, spans: spans.length, error: err instanceof Error ? err.message : String(err) };
    }
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    void this.send(spans).then((outcome) => {
      if (!outcome.ok) for (const listener of this.listeners) listener(outcome);
      done(outcome.ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: new Error(outcome.error) });
    });
  }

  async shutdown(): Promise<void> {}
}

const cache = new Map<string, FetchOtlpExporter>();

function cacheKey(settings: TelemetrySettings, timeoutMs: number): string {
  const headers = Object.entries(settings.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([settings.endpoint, headers, settings.masking, timeoutMs]);
}

export function exporterFor(settings: TelemetrySettings, timeoutMs = EXPORT_TIMEOUT_MS): FetchOtlpExporter {
  const key = cacheKey(settings, timeoutMs);
  let exporter = cache.get(key);
  if (!exporter) {
    exporter = new FetchOtlpExporter(settings.endpoint, settings.headers, settings.masking, timeoutMs);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, exporter);
  }
  return exporter;
}

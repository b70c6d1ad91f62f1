/**
 * Tracer providers (never the global one), with tracer name "agentmark" and resource
 * `service.name = "agentmark-client"` (+ `agentmark.app_id`), as the platform's SDK does
 * (spec §8.1). Two shapes:
 * - per request (Workers, Vercel): a provider of its own whose processor keeps the ended
 *   spans of this request and exports them in batches (a long experiment sends as it goes)
 *   and on `flush()`, inside the request's waitUntil;
 * - shared (Node, Bun, Deno servers): one provider per exporter and app id with the official
 *   `BatchSpanProcessor`, so spans of many requests leave in one export every half second.
 * Nothing here runs at module load: Workers forbid I/O and randomness there.
 */
import type { Tracer } from "@opentelemetry/api";
import { resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { ExportOutcome } from "./exporter";

/** One export as a promise that never rejects. */
function send(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportOutcome> {
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

export const TRACER_NAME = "agentmark";
export const SERVICE_NAME = "agentmark-client";
/** Spans buffered before an export is started mid-request. */
export const EXPORT_BATCH_SIZE = 256;

export interface RequestTracing {
  /** The request's "agentmark" tracer. */
  readonly tracer: Tracer;
  /** Exports every span ended so far and waits for exports in flight; never rejects. */
  flush(): Promise<ExportOutcome[]>;
}

const resources = new Map<string, Resource>();

function resourceFor(appId: string | undefined): Resource {
  const key = appId ?? "";
  let resource = resources.get(key);
  if (!resource) {
    resource = resourceFromAttributes({ "service.name": SERVICE_NAME, ...(appId ? { "agentmark.app_id": appId } : {}) });
    if (resources.size >= 64) resources.clear();
    resources.set(key, resource);
  }
  return resource;
}

class RequestSpanProcessor implements SpanProcessor {
  private buffer: ReadableSpan[] = [];
  private readonly inFlight = new Set<Promise<ExportOutcome>>();
  private readonly outcomes: ExportOutcome[] = [];

  constructor(private readonly exporter: SpanExporter) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    this.buffer.push(span);
    if (this.buffer.length >= EXPORT_BATCH_SIZE) this.sendBuffer();
  }

  private sendBuffer(): void {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const sending = send(this.exporter, batch).then((outcome) => {
      this.outcomes.push(outcome);
      this.inFlight.delete(sending);
      return outcome;
    });
    this.inFlight.add(sending);
  }

  async forceFlush(): Promise<void> {
    this.sendBuffer();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async drain(): Promise<ExportOutcome[]> {
    await this.forceFlush();
    return this.outcomes.splice(0);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}

export function startRequestTracing(exporter: SpanExporter, appId?: string): RequestTracing {
  const processor = new RequestSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource: resourceFor(appId), spanProcessors: [processor] });
  return {
    tracer: provider.getTracer(TRACER_NAME),
    flush: () => processor.drain().catch(() => []),
  };
}

/** How long spans of a long-lived server wait to be exported together. */
export const SHARED_EXPORT_DELAY_MS = 500;
const shared = new Map<SpanExporter, Map<string, RequestTracing>>();

export function sharedTracing(exporter: SpanExporter, appId?: string): RequestTracing {
  let byApp = shared.get(exporter);
  if (!byApp) shared.set(exporter, (byApp = new Map()));
  let tracing = byApp.get(appId ?? "");
  if (!tracing) {
    const processor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: SHARED_EXPORT_DELAY_MS, maxExportBatchSize: 512, maxQueueSize: 8192 });
    const provider = new BasicTracerProvider({ resource: resourceFor(appId), spanProcessors: [processor] });
    tracing = {
      tracer: provider.getTracer(TRACER_NAME),
      // Failures are reported through the exporter's listener; nothing to wait for per request.
      flush: () => processor.forceFlush().then(() => []),
    };
    byApp.set(appId ?? "", tracing);
  }
  return tracing;
}

/** Exports every span the shared providers still hold (graceful shutdown, benchmarks, tests). */
export async function flushSharedTracing(): Promise<void> {
  await Promise.all([...shared.values()].flatMap((byApp) => [...byApp.values()].map((t) => t.flush())));
}

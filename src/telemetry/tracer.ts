/**
 * Request-scoped tracing: a `BasicTracerProvider` of its own per request (never the global
 * one), with tracer name "agentmark" and resource `service.name = "agentmark-client"` (+
 * `agentmark.app_id`), as the platform's SDK does (spec §8.1). Its processor keeps the ended
 * spans of this request and exports them in batches (a long experiment sends as it goes)
 * and on `flush()`. Nothing here runs at module load: Workers forbid I/O and randomness there.
 */
import type { Tracer } from "@opentelemetry/api";
import { resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { exportSpans, type ExportOutcome, type SpanExport } from "./exporter";

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

  constructor(private readonly exporter: SpanExport) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    this.buffer.push(span);
    if (this.buffer.length >= EXPORT_BATCH_SIZE) this.sendBuffer();
  }

  private sendBuffer(): void {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const sending = exportSpans(this.exporter, batch).then((outcome) => {
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

export function startRequestTracing(exporter: SpanExport, appId?: string): RequestTracing {
  const processor = new RequestSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource: resourceFor(appId), spanProcessors: [processor] });
  return {
    tracer: provider.getTracer(TRACER_NAME),
    flush: () => processor.drain().catch(() => []),
  };
}

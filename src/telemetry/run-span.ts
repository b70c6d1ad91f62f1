/**
 * The span of one run (a prompt-run or one experiment row): a root span of its own trace,
 * whose 32-hex trace id goes on the wire. It records input, output, usage and the outcome,
 * and ends exactly once; `ended` settles then, so export can wait for it.
 */
import { ROOT_CONTEXT, SpanStatusCode, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
import type { AgentEvent, AgentUsage } from "../protocol/agent-events";
import { normalizeError } from "../protocol/errors";
import { EventFold } from "../protocol/event-fold";
import type { RunTelemetry } from "../core/run-telemetry";
import { ATTR, outputValue, usageAttributes } from "./attributes";
import { childTracer } from "./child-tracer";
import type { TraceMasking } from "./masking";

/** Event added when the caller went away before the run finished (the span ends with ERROR). */
export const CLIENT_DISCONNECTED_EVENT = "agentmark.client_disconnected";
export const CLIENT_DISCONNECTED_MESSAGE = "The client disconnected before the run finished";

export class RunSpan {
  readonly traceId: string;
  readonly ended: Promise<void>;
  private markEnded!: () => void;
  private done = false;
  private failed = false;

  constructor(
    private readonly tracer: Tracer,
    readonly span: Span,
  ) {
    this.traceId = span.spanContext().traceId;
    this.ended = new Promise<void>((resolve) => (this.markEnded = resolve));
  }

  static start(tracer: Tracer, name: string, attributes: Attributes): RunSpan {
    // ROOT_CONTEXT: every run is a trace of its own, whatever context the host has active.
    return new RunSpan(tracer, tracer.startSpan(name, { attributes, root: true }, ROOT_CONTEXT));
  }

  get isEnded(): boolean {
    return this.done;
  }

  /**
   * What a runner forwards to its SDK so the SDK's spans nest under this one. Built on first
   * use: runners without their own instrumentation (the local model) never pay for it.
   */
  runTelemetry(metadata: () => Record<string, string>, masking?: TraceMasking): RunTelemetry {
    let built: { metadata: Record<string, string>; tracer: Tracer } | undefined;
    const build = () => {
      if (!built) {
        const values = metadata();
        built = { metadata: values, tracer: childTracer(this.tracer, this.span, values) };
      }
      return built;
    };
    return {
      get metadata() {
        return build().metadata;
      },
      get tracer() {
        return build().tracer;
      },
      recordInputs: !masking?.inputs,
      recordOutputs: !masking?.outputs,
    };
  }

  set(attributes: Attributes): void {
    if (this.done) return;
    try {
      this.span.setAttributes(attributes);
    } catch {
      // a span attribute never breaks a run
    }
  }

  setOutput(output: unknown): void {
    if (output !== undefined) this.set({ [ATTR.output]: outputValue(output) });
  }

  setUsage(usage: AgentUsage | undefined): void {
    if (usage) this.set(usageAttributes(usage));
  }

  /** Marks the run failed (ERROR with the message); does not end the span. */
  fail(error: unknown): void {
    if (this.done || this.failed) return;
    this.failed = true;
    const message = typeof error === "string" ? error : normalizeError(error);
    try {
      if (error instanceof Error) this.span.recordException(error);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
    } catch {
      // ignore
    }
  }

  disconnected(): void {
    if (this.done) return;
    this.span.addEvent(CLIENT_DISCONNECTED_EVENT);
    this.fail(CLIENT_DISCONNECTED_MESSAGE);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.span.end();
    } finally {
      this.markEnded();
    }
  }
}

export interface ObserveOptions {
  kind: "text" | "object";
  /** Streaming runs record the partial output of a failed run (span-io.json); one-shot runs record none. */
  recordPartialOnError: boolean;
  /** The run's signal: a run that ends after it fired was cut short by a disconnect. */
  signal?: AbortSignal;
  /** End the span when the events are over (default). Rows keep it open for their evals. */
  end?: boolean;
}

/**
 * Passes a runner's events through unchanged while recording output, usage and errors on the
 * span, and ends the span when the events are drained, abandoned (the consumer stopped early:
 * a client disconnect, or a one-shot run that failed) or throw.
 */
export async function* observeEvents(
  events: AsyncIterable<AgentEvent>,
  span: RunSpan,
  options: ObserveOptions,
): AsyncGenerator<AgentEvent> {
  const folded = new EventFold();
  let failed = false;
  let finished = false;
  const output = () => folded.output(options.kind);
  try {
    for await (const event of events) {
      folded.add(event);
      if (event.type === "error") {
        failed = true;
        span.fail(event.error);
        if (options.recordPartialOnError) span.setOutput(output());
      }
      yield event;
      if (failed) {
        finished = true;
        return;
      }
    }
    finished = true;
    span.setOutput(output());
    span.setUsage(folded.usage);
    if (options.signal?.aborted) span.disconnected();
  } catch (err) {
    finished = true;
    failed = true;
    span.fail(err);
    if (options.recordPartialOnError) span.setOutput(output());
    throw err;
  } finally {
    if (!finished && !failed) {
      // The consumer stopped reading before the run finished: the client went away.
      if (options.recordPartialOnError) span.setOutput(output());
      span.disconnected();
    }
    if (options.end !== false) span.end();
  }
}

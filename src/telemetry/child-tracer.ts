/**
 * A tracer for a model SDK's own instrumentation whose spans nest under a run's span.
 * Workers have no async context manager (that needs AsyncLocalStorage and nodejs_compat),
 * so `context.active()` is empty there: a span started without an explicit parent gets the
 * run's span as parent instead. Explicit parents (the SDK's own step/tool spans) are kept.
 * Every span also gets the run's metadata as `ai.telemetry.metadata.*` (spec §8.2).
 */
import { context as otelContext, ROOT_CONTEXT, trace, type Attributes, type Context, type Span, type SpanOptions, type Tracer } from "@opentelemetry/api";
import { SDK_METADATA_PREFIX } from "./attributes";

export function sdkMetadataAttributes(metadata: Readonly<Record<string, string>>): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(metadata)) attributes[`${SDK_METADATA_PREFIX}${key}`] = value;
  return attributes;
}

class ChildTracer implements Tracer {
  constructor(
    private readonly inner: Tracer,
    private readonly parent: Context,
    private readonly attributes: Attributes,
  ) {}

  startSpan(name: string, options: SpanOptions = {}, ctx?: Context): Span {
    const parent = ctx && trace.getSpanContext(ctx) ? ctx : this.parent;
    return this.inner.startSpan(name, { ...options, root: false, attributes: { ...this.attributes, ...options.attributes } }, parent);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, ctx: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...args: [F] | [SpanOptions, F] | [SpanOptions, Context, F]): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    const options = args.length >= 2 ? (args[0] as SpanOptions) : {};
    const ctx = args.length === 3 ? args[1] : undefined;
    const span = this.startSpan(name, options, ctx);
    const parent = ctx && trace.getSpanContext(ctx) ? ctx : this.parent;
    return otelContext.with(trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
}

export function childTracer(inner: Tracer, parentSpan: Span, metadata: Readonly<Record<string, string>>): Tracer {
  return new ChildTracer(inner, trace.setSpan(ROOT_CONTEXT, parentSpan), sdkMetadataAttributes(metadata));
}

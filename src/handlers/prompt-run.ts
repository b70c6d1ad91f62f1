/**
 * `prompt-run`: compile the AST with its props, hand it to the runner that serves its
 * model, answer with an NDJSON stream (text/object, `shouldStream` defaults to true) or
 * one JSON envelope (image and speech are never streamed).
 * An invalid prompt or bad input is a 4xx before anything runs. Once the prompt compiled, a
 * streamed run that fails (no runner serves the model, a key is missing, the provider refuses)
 * is answered in-band like AgentMark's own runner: 200, one `{"type":"error"}` line with the
 * real (redacted) message, then `done` when traced. A one-shot run that fails is `500 {message}`.
 * With tracing on, the run is one root span (spec §8.2) whose trace id goes on the wire
 * (envelope `traceId`, or the stream's closing `done` line); the span ends when the run has
 * drained, failed or been abandoned by the client, and is exported after the response.
 */
import type { AgentmarkConfig } from "../config";
import { childController } from "../core/any-signal";
import type { EnvVars } from "../core/env";
import { resolveRunLimits, resolveTimeouts } from "../core/limits";
import type { AgentEvent } from "../protocol/agent-events";
import { collectObject, collectText } from "../protocol/collect";
import type { PromptRunData } from "../protocol/events";
import { mediaEnvelope, objectEnvelope, objectEventToWire, textEnvelope, textEventToWire } from "../protocol/wire";
import { compile } from "../prompt";
import { modelNameOf, type CompiledObjectPrompt, type CompiledTextPrompt } from "../prompt/types";
import { startRun } from "../runners/dispatch";
import { selectRunner } from "../runners/select";
import { errorMessage } from "../runners/toolkit";
import type { RunContext } from "../runners/types";
import type { Logger } from "../runtime/log";
import type { RequestSummary } from "../runtime/request-summary";
import { observeEvents, startPromptSpan, type RunSpan, type Tracing } from "../telemetry";
import { isCallerError } from "./errors";
import { streamEvents } from "./event-stream";

export interface PromptRunDeps {
  config: AgentmarkConfig;
  env: EnvVars;
  /** The request's signal: fires when the caller disconnects. */
  signal: AbortSignal;
  /** Present when tracing is on for this request. */
  tracing?: Tracing;
  log?: Logger;
  /** Removes secret values from in-band error lines. */
  redactError?: (text: string) => string;
  /** The request's summary: told the prompt and model, and shown every streamed line. */
  summary?: RequestSummary;
}

/** A streamed run that could not start: its one terminal error, as the stream's only event. */
async function* failedToStart(err: unknown): AsyncGenerator<AgentEvent> {
  yield { type: "error", error: errorMessage(err) };
}

export async function handlePromptRun(data: PromptRunData, deps: PromptRunDeps): Promise<Response> {
  const prompt = compile(data.ast, data.customProps, deps.config.limits?.compile);
  deps.summary?.describe({ prompt: prompt.name, model: modelNameOf(prompt) });
  const stream = data.options?.shouldStream ?? true;
  // The run stops when the caller disconnects or the response stream is cancelled.
  const cancel = childController(deps.signal);
  const signal = cancel.signal;
  const traced = deps.tracing
    ? startPromptSpan(deps.tracing.tracer, {
        prompt,
        promptPath: data.promptPath,
        customProps: data.customProps,
        masking: deps.tracing.settings.masking,
      })
    : undefined;
  const span: RunSpan | undefined = traced?.span;
  if (span) deps.tracing!.exportAfter(span.ended);
  const traceId = span?.traceId;
  const timeouts = resolveTimeouts(deps.config.limits?.timeouts);
  const ctx: RunContext = {
    signal,
    stream,
    env: deps.env,
    limits: resolveRunLimits(deps.config.limits?.run),
    timeouts,
    ...(traced ? { telemetry: traced.telemetry } : {}),
  };

  if (stream && (prompt.kind === "text" || prompt.kind === "object")) {
    const streamed: CompiledTextPrompt | CompiledObjectPrompt = prompt;
    let events: AsyncIterable<AgentEvent>;
    try {
      events = startRun(selectRunner(deps.config.runners, streamed, deps.config), streamed, ctx, cancel);
    } catch (err) {
      if (isCallerError(err)) {
        span?.fail(err);
        span?.end();
        throw err;
      }
      events = failedToStart(err);
    }
    const cancelRun = (reason: unknown) => {
      deps.log?.info("stream_cancelled", { job: "prompt-run", prompt: prompt.name });
      cancel.abort(reason);
    };
    // Observed event by event: the span ends when the stream drains, fails or is cancelled.
    const observed = span ? observeEvents(events, span, { kind: streamed.kind, recordPartialOnError: true, signal }) : events;
    return streamEvents(observed, streamed.kind === "text" ? textEventToWire : objectEventToWire, {
      cancelRun,
      traceId,
      redactError: deps.redactError,
      describeError: errorMessage,
      heartbeatMs: timeouts.heartbeatMs,
      ...(deps.summary ? { watcher: deps.summary } : {}),
    });
  }

  try {
    const runner = selectRunner(deps.config.runners, prompt, deps.config);
    // One-shot runs record what `collect*` gathered, without another async layer per event.
    switch (prompt.kind) {
      case "text": {
        const collected = await collectText(startRun(runner, prompt, ctx, cancel));
        span?.setOutput(collected.result);
        span?.setUsage(collected.usage);
        return Response.json(textEnvelope({ ...collected, traceId }));
      }
      case "object": {
        const collected = await collectObject(startRun(runner, prompt, ctx, cancel));
        span?.setOutput(collected.result);
        span?.setUsage(collected.usage);
        return Response.json(objectEnvelope({ ...collected, traceId }));
      }
      case "image": {
        const images = await startRun(runner, prompt, ctx, cancel);
        span?.setOutput(images);
        return Response.json(mediaEnvelope("image", images, traceId));
      }
      case "speech": {
        const speech = await startRun(runner, prompt, ctx, cancel);
        span?.setOutput(speech);
        return Response.json(mediaEnvelope("speech", speech, traceId));
      }
      default:
        throw new Error("Unknown prompt kind");
    }
  } catch (err) {
    span?.fail(err);
    throw err;
  } finally {
    span?.end();
  }
}

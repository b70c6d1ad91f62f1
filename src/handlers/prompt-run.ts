/**
 * `prompt-run`: compile the AST with its props, hand it to the runner that serves its
 * model, answer with an NDJSON stream (text/object, `shouldStream` defaults to true) or
 * one JSON envelope (image and speech are never streamed).
 * With tracing on, the run is one root span (spec §8.2) whose trace id goes on the wire
 * (envelope `traceId`, or the stream's closing `done` line); the span ends when the run has
 * drained, failed or been abandoned by the client, and is exported after the response.
 */
import { childController } from "../runtime/any-signal";
import type { AgentmarkConfig } from "../config";
import type { AgentEvent } from "../protocol/agent-events";
import { collectObject, collectText } from "../protocol/collect";
import type { PromptRunData } from "../protocol/events";
import { mediaEnvelope, objectEnvelope, objectEventToWire, textEnvelope, textEventToWire } from "../protocol/wire";
import { compile } from "../prompt";
import { selectRunner } from "../runners/select";
import type { Logger } from "../runtime/log";
import type { EnvVars, RunContext } from "../runners/types";
import { observeEvents, startPromptSpan, type RunSpan, type Tracing } from "../telemetry";
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
}

function missing(runner: string, kind: string): never {
  throw new Error(`Runner "${runner}" declares ${kind} prompts but does not implement them.`);
}

export async function handlePromptRun(data: PromptRunData, deps: PromptRunDeps): Promise<Response> {
  const prompt = compile(data.ast, data.customProps);
  const runner = selectRunner(deps.config.runners, prompt);
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
  const ctx: RunContext = {
    signal,
    stream,
    env: deps.env,
    ...(traced ? { telemetry: traced.telemetry } : {}),
  };
  const cancelRun = (reason: unknown) => {
    deps.log?.info("stream_cancelled", { job: "prompt-run", prompt: prompt.name });
    cancel.abort(reason);
  };
  // Streams are observed event by event (the span ends when they drain); one-shot runs record
  // what `collect*` gathered, without another async layer per event.
  const observe = (events: AsyncIterable<AgentEvent>, kind: "text" | "object") =>
    span ? observeEvents(events, span, { kind, recordPartialOnError: true, signal }) : events;

  try {
    switch (prompt.kind) {
      case "text": {
        const events = runner.runText ? runner.runText(prompt, ctx) : missing(runner.name, "text");
        if (stream) return await streamEvents(observe(events, "text"), textEventToWire, { cancelRun, traceId, redactError: deps.redactError });
        const collected = await collectText(events);
        span?.setOutput(collected.result);
        span?.setUsage(collected.usage);
        return Response.json(textEnvelope({ ...collected, traceId }));
      }
      case "object": {
        const events = runner.runObject ? runner.runObject(prompt, ctx) : missing(runner.name, "object");
        if (stream) return await streamEvents(observe(events, "object"), objectEventToWire, { cancelRun, traceId, redactError: deps.redactError });
        const collected = await collectObject(events);
        span?.setOutput(collected.result);
        span?.setUsage(collected.usage);
        return Response.json(objectEnvelope({ ...collected, traceId }));
      }
      case "image": {
        const images = await (runner.runImage ? runner.runImage(prompt, ctx) : missing(runner.name, "image"));
        span?.setOutput(images);
        return Response.json(mediaEnvelope("image", images, traceId));
      }
      case "speech": {
        const speech = await (runner.runSpeech ? runner.runSpeech(prompt, ctx) : missing(runner.name, "speech"));
        span?.setOutput(speech);
        return Response.json(mediaEnvelope("speech", speech, traceId));
      }
      default:
        throw new Error("Unknown prompt kind");
    }
  } catch (err) {
    span?.fail(err);
    span?.end();
    throw err;
  } finally {
    // A stream ends its span when it drains (or is cancelled); a one-shot run is over by now.
    if (span && !(stream && (prompt.kind === "text" || prompt.kind === "object"))) span.end();
  }
}

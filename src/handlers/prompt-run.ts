/**
 * `prompt-run`: compile the AST with its props, hand it to the runner that serves its
 * model, answer with an NDJSON stream (text/object, `shouldStream` defaults to true) or
 * one JSON envelope (image and speech are never streamed).
 */
import type { AgentmarkConfig } from "../config";
import { collectObject, collectText } from "../protocol/collect";
import type { PromptRunData } from "../protocol/events";
import { mediaEnvelope, objectEnvelope, objectEventToWire, textEnvelope, textEventToWire } from "../protocol/wire";
import { compile } from "../prompt";
import { selectRunner } from "../runners/select";
import type { EnvVars, RunContext } from "../runners/types";
import { streamEvents } from "./event-stream";

export interface PromptRunDeps {
  config: AgentmarkConfig;
  env: EnvVars;
  /** The request's signal: fires when the caller disconnects. */
  signal: AbortSignal;
}

function missing(runner: string, kind: string): never {
  throw new Error(`Runner "${runner}" declares ${kind} prompts but does not implement them.`);
}

export async function handlePromptRun(data: PromptRunData, deps: PromptRunDeps): Promise<Response> {
  const prompt = compile(data.ast, data.customProps);
  const runner = selectRunner(deps.config.runners, prompt);
  const stream = data.options?.shouldStream ?? true;
  const cancel = new AbortController();
  const ctx: RunContext = {
    signal: AbortSignal.any([deps.signal, cancel.signal]),
    stream,
    env: deps.env,
  };
  const cancelRun = (reason: unknown) => cancel.abort(reason);

  switch (prompt.kind) {
    case "text": {
      const events = (runner.runText ?? missing(runner.name, "text"))(prompt, ctx);
      if (stream) return streamEvents(events, textEventToWire, cancelRun);
      return Response.json(textEnvelope(await collectText(events)));
    }
    case "object": {
      const events = (runner.runObject ?? missing(runner.name, "object"))(prompt, ctx);
      if (stream) return streamEvents(events, objectEventToWire, cancelRun);
      return Response.json(objectEnvelope(await collectObject(events)));
    }
    case "image": {
      const images = await (runner.runImage ?? missing(runner.name, "image"))(prompt, ctx);
      return Response.json(mediaEnvelope("image", images));
    }
    case "speech": {
      const speech = await (runner.runSpeech ?? missing(runner.name, "speech"))(prompt, ctx);
      return Response.json(mediaEnvelope("speech", speech));
    }
  }
}

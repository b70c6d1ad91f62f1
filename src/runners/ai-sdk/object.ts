/**
 * Object prompts through the SDK's structured output (`Output.object` with the prompt's JSON
 * schema; `generateObject`/`streamObject` are deprecated in v7). Tools work too: tool events
 * stream as they happen, partial objects as `object-delta`, the validated value as
 * `object-final`.
 */
import { generateText, isDeepEqualData, jsonSchema, Output, parsePartialJson, streamText } from "ai";
import type { AgentEvent } from "../../protocol/agent-events";
import type { ObjectConfig } from "../../prompt/types";
import { abortMessage, linkAbort, terminalEvent } from "../toolkit/abort";
import { finishEvent } from "../toolkit/events";
import { contentToEvents, streamPartToEvent } from "./events";
import { languageCallParams, type LanguageCallInput } from "./settings";

export interface ObjectCallInput extends LanguageCallInput {
  config: ObjectConfig;
}

function outputSpec(config: ObjectConfig) {
  return Output.object({
    schema: jsonSchema<unknown>(config.schema as Parameters<typeof jsonSchema>[0]),
    ...(config.schema_name ? { name: config.schema_name } : {}),
    ...(config.schema_description ? { description: config.schema_description } : {}),
  });
}

function isObjectLike(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

export async function* runObjectCall(input: ObjectCallInput): AsyncGenerator<AgentEvent> {
  const { ctx } = input;
  const abort = linkAbort(ctx.signal);
  try {
    const params = { ...languageCallParams(input), output: outputSpec(input.config) };
    if (ctx.stream) {
      const result = streamText({ ...params, abortSignal: abort.signal, onError: () => {} });
      let text = "";
      let last: unknown = undefined;
      let finish: AgentEvent | undefined;
      for await (const part of result.stream) {
        switch (part.type) {
          case "error":
            yield terminalEvent(part.error, ctx);
            return;
          case "abort":
            yield { type: "error", error: abortMessage(ctx.signal, part.reason) };
            return;
          case "start-step":
            text = "";
            break;
          case "text-delta": {
            text += part.text;
            const { value, state } = await parsePartialJson(text);
            if ((state === "successful-parse" || state === "repaired-parse") && isObjectLike(value) && !isDeepEqualData(last, value)) {
              last = value;
              yield { type: "object-delta", partial: value };
            }
            break;
          }
          case "finish":
            finish = finishEvent(part.finishReason, part.totalUsage);
            break;
          default: {
            const event = streamPartToEvent(part, { text: false, env: ctx.env });
            if (event) yield event;
          }
        }
      }
      yield { type: "object-final", value: await result.output };
      if (finish) yield finish;
      return;
    }
    const result = await generateText({ ...params, abortSignal: abort.signal });
    for (const step of result.steps) yield* contentToEvents(step.content, { text: false, env: ctx.env });
    yield { type: "object-final", value: result.output };
    yield finishEvent(result.finishReason, result.totalUsage);
  } catch (err) {
    yield terminalEvent(err, ctx);
  } finally {
    abort.abort();
  }
}

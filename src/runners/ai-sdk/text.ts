/** Text prompts: `streamText` (caller streams) or `generateText` (one JSON answer). */
import { generateText, streamText } from "ai";
import type { AgentEvent } from "../../protocol/agent-events";
import { abortMessage, linkAbort, terminalEvent } from "../toolkit/abort";
import { finishEvent } from "../toolkit/events";
import { contentToEvents, streamPartToEvent } from "./events";
import { languageCallParams, type LanguageCallInput } from "./settings";

export async function* runTextCall(input: LanguageCallInput): AsyncGenerator<AgentEvent> {
  const { ctx } = input;
  const abort = linkAbort(ctx.signal);
  try {
    const params = languageCallParams(input);
    if (ctx.stream) {
      const result = streamText({ ...params, abortSignal: abort.signal, onError: () => {} });
      for await (const part of result.stream) {
        if (part.type === "error") {
          yield terminalEvent(part.error, ctx);
          return;
        }
        if (part.type === "abort") {
          yield { type: "error", error: abortMessage(ctx.signal, part.reason) };
          return;
        }
        if (part.type === "finish") {
          yield finishEvent(part.finishReason, part.totalUsage);
          continue;
        }
        const event = streamPartToEvent(part, { text: true, env: ctx.env });
        if (event) yield event;
      }
      return;
    }
    const result = await generateText({ ...params, abortSignal: abort.signal });
    for (const step of result.steps) yield* contentToEvents(step.content, { text: true, env: ctx.env });
    yield finishEvent(result.finishReason, result.totalUsage);
  } catch (err) {
    yield terminalEvent(err, ctx);
  } finally {
    abort.abort();
  }
}

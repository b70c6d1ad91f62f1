/**
 * Folds a runner's event stream into the non-streaming envelopes (spec §5.2):
 * text = all deltas joined, tools collected; object = the final value, else the last
 * partial. An `error` event (or a throw) fails the run: the caller answers 500.
 */
import type { AgentEvent, AgentUsage } from "./agent-events";
import { HttpError } from "./errors";
import type { ObjectEnvelopeArgs, TextEnvelopeArgs, WireToolCall, WireToolResult } from "./wire";

export async function collectText(events: AsyncIterable<AgentEvent>): Promise<TextEnvelopeArgs> {
  let result = "";
  let usage: AgentUsage | undefined;
  let finishReason: string | undefined;
  const toolCalls: WireToolCall[] = [];
  const toolResults: WireToolResult[] = [];
  for await (const event of events) {
    switch (event.type) {
      case "text-delta":
        result += event.text;
        break;
      case "tool-call":
        toolCalls.push({ toolCallId: event.id, toolName: event.name, args: event.args });
        break;
      case "tool-result":
        toolResults.push({ toolCallId: event.id, toolName: event.name, result: event.result });
        break;
      case "finish":
        finishReason = event.reason;
        usage = event.usage;
        break;
      case "error":
        throw new HttpError(500, event.error);
    }
  }
  return { result, usage, finishReason, toolCalls, toolResults };
}

export async function collectObject(events: AsyncIterable<AgentEvent>): Promise<ObjectEnvelopeArgs> {
  let final: { value: unknown } | undefined;
  let lastPartial: unknown;
  let usage: AgentUsage | undefined;
  let finishReason: string | undefined;
  for await (const event of events) {
    switch (event.type) {
      case "object-delta":
        lastPartial = event.partial;
        break;
      case "object-final":
        final = { value: event.value };
        break;
      case "finish":
        finishReason = event.reason;
        usage = event.usage;
        break;
      case "error":
        throw new HttpError(500, event.error);
    }
  }
  return { result: final ? final.value : lastPartial, usage, finishReason };
}
